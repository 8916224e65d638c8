// OpenSSL cipher-string words for SSLCipherSuite / SSLProxyCipherSuite: the aliases OpenSSL's
// ciphers(1) documents (names are OpenSSL's, texts our own), which of them select a weak family
// (the weak-tls-ciphers rule reads that), and the TLS 1.3 suite names.

export type WeakFamily = 'RC4' | 'DES' | 'MD5' | 'EXPORT' | 'LOW' | 'NULL' | 'anonymous';

export const CIPHER_KEYWORDS: Record<string, { doc: string; weak?: WeakFamily }> = {
  HIGH: { doc: 'Suites with keys of more than 128 bits (and some 128-bit AES ones).' },
  MEDIUM: { doc: 'Suites with 128-bit keys.' },
  DEFAULT: { doc: 'OpenSSL\'s default list; only valid as the first word.' },
  COMPLEMENTOFDEFAULT: { doc: 'Suites enabled but not in DEFAULT (anonymous ones).' },
  ALL: { doc: 'Every suite except the eNULL ones.' },
  ECDHE: { doc: 'Ephemeral elliptic-curve key exchange (forward secrecy).' },
  EECDH: { doc: 'Same as ECDHE.' },
  DHE: { doc: 'Ephemeral finite-field Diffie-Hellman key exchange (forward secrecy, slower).' },
  EDH: { doc: 'Same as DHE.' },
  kRSA: { doc: 'Plain RSA key exchange: no forward secrecy.' },
  RSA: { doc: 'RSA key exchange or RSA authentication.' },
  aRSA: { doc: 'RSA authentication (certificate with an RSA key).' },
  aECDSA: { doc: 'ECDSA authentication (certificate with an EC key).' },
  ECDSA: { doc: 'Same as aECDSA.' },
  AESGCM: { doc: 'AES in GCM mode (authenticated encryption).' },
  AES: { doc: 'Every AES suite.' },
  AES128: { doc: 'AES with 128-bit keys.' },
  AES256: { doc: 'AES with 256-bit keys.' },
  CHACHA20: { doc: 'ChaCha20-Poly1305, fast without AES hardware.' },
  CAMELLIA: { doc: 'Camellia suites.' },
  ARIA: { doc: 'ARIA suites.' },
  SHA256: { doc: 'Suites with SHA-256 for the MAC or PRF.' },
  SHA384: { doc: 'Suites with SHA-384 for the MAC or PRF.' },
  SHA1: { doc: 'Suites with SHA-1 MACs (CBC suites of TLS 1.0-1.2).' },
  SHA: { doc: 'Same as SHA1.' },
  PSK: { doc: 'Pre-shared-key suites.' },
  SRP: { doc: 'Secure Remote Password suites.' },
  aNULL: { doc: 'Suites without authentication: open to man-in-the-middle attacks.', weak: 'anonymous' },
  ADH: { doc: 'Anonymous Diffie-Hellman: no authentication.', weak: 'anonymous' },
  AECDH: { doc: 'Anonymous elliptic-curve Diffie-Hellman: no authentication.', weak: 'anonymous' },
  eNULL: { doc: 'Suites without encryption.', weak: 'NULL' },
  NULL: { doc: 'Same as eNULL.', weak: 'NULL' },
  RC4: { doc: 'RC4 stream cipher: broken.', weak: 'RC4' },
  DES: { doc: 'Single DES: broken.', weak: 'DES' },
  '3DES': { doc: 'Triple DES: 64-bit blocks (Sweet32), slow.', weak: 'DES' },
  MD5: { doc: 'MD5 MACs: broken.', weak: 'MD5' },
  EXPORT: { doc: 'Export-grade suites: broken on purpose.', weak: 'EXPORT' },
  EXP: { doc: 'Same as EXPORT.', weak: 'EXPORT' },
  EXPORT40: { doc: '40-bit export suites.', weak: 'EXPORT' },
  EXPORT56: { doc: '56-bit export suites.', weak: 'EXPORT' },
  LOW: { doc: 'Low-strength suites (56/64-bit keys).', weak: 'LOW' },
  SSLv3: { doc: 'Suites defined for SSLv3 (also usable with TLS 1.0-1.2).' },
  TLSv1: { doc: 'Suites defined for TLS 1.0.' },
  'TLSv1.2': { doc: 'Suites defined for TLS 1.2.' },
  '@STRENGTH': { doc: 'Sort the list so far by key length.' },
  '@SECLEVEL=2': { doc: 'OpenSSL security level 2 (112-bit security minimum).' },
};

/** The first word of a two-argument SSLCipherSuite: which protocol the list is for. */
export const CIPHER_PROTOCOL_WORDS: Record<string, string> = {
  SSL: 'The list that follows is for TLS 1.2 and older (the same as no protocol word).',
  'TLSv1.3': 'The list that follows names TLS 1.3 suites.',
};

/** TLS 1.3 suite names (OpenSSL's spelling). */
export const TLS13_SUITES: Record<string, string> = {
  TLS_AES_256_GCM_SHA384: 'AES-256 in GCM mode.',
  TLS_AES_128_GCM_SHA256: 'AES-128 in GCM mode.',
  TLS_CHACHA20_POLY1305_SHA256: 'ChaCha20-Poly1305.',
  TLS_AES_128_CCM_SHA256: 'AES-128 in CCM mode (not enabled by default).',
  TLS_AES_128_CCM_8_SHA256: 'AES-128 CCM with a short tag (not enabled by default).',
};

/** Weak families and the words that select each. */
export function weakCipherFamilies(): Record<WeakFamily, string[]> {
  const order: WeakFamily[] = ['RC4', 'DES', 'MD5', 'EXPORT', 'LOW', 'NULL', 'anonymous'];
  const out = Object.fromEntries(order.map((f) => [f, [] as string[]])) as Record<WeakFamily, string[]>;
  for (const [word, k] of Object.entries(CIPHER_KEYWORDS)) if (k.weak) out[k.weak].push(word);
  return out;
}
