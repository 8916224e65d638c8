// httpd's vocabulary: every keyword list the checker, the rules, completion and hover need, kept
// once so they cannot disagree. Each word list is the set the real httpd accepts (probed on
// Debian's apache2, see test/unit/data/vocabulary.test.ts); the explanations are our own words.
// (Durations and numbers: ./numbers.ts.)

/** Section kinds, by lower-case name. */
export const SECTIONS = {
  /** Sections whose body is read or skipped at start-up by a condition. */
  conditional: new Set(['ifmodule', 'ifdefine', 'ifversion', 'iffile', 'ifdirective', 'ifsection']),
  /** Sections that open a per-directory context. */
  directoryLike: new Set(['directory', 'directorymatch', 'files', 'filesmatch', 'location', 'locationmatch', 'if', 'elseif', 'else', 'proxy', 'proxymatch']),
  directory: new Set(['directory', 'directorymatch']),
  location: new Set(['location', 'locationmatch']),
  files: new Set(['files', 'filesmatch']),
  /** Sections whose argument is a regular expression. */
  regex: new Set(['directorymatch', 'filesmatch', 'locationmatch', 'proxymatch']),
  /** Sections limited to HTTP methods. */
  method: new Set(['limit', 'limitexcept']),
  /** Authorization containers. */
  require: new Set(['requireany', 'requireall', 'requirenone']),
  /** Sections httpd refuses without an argument. */
  needsArgument: new Set(['ifmodule', 'ifdefine', 'iffile', 'ifdirective', 'ifsection', 'ifversion', 'directory', 'directorymatch', 'files', 'filesmatch', 'location', 'locationmatch', 'virtualhost', 'proxy', 'proxymatch', 'if', 'elseif', 'limit', 'limitexcept']),
};

/** Options keywords (canonical spelling) and what each allows. */
export const OPTIONS_KEYWORDS: Record<string, string> = {
  All: 'Every option except MultiViews. This is what a directory gets when Options is never set.',
  None: 'Switches every extra feature off for the directory.',
  Indexes: 'Lets mod_autoindex list the directory when no DirectoryIndex file exists — often an information leak.',
  Includes: 'Turns on server-side includes (mod_include), including `#exec` to run commands.',
  IncludesNOEXEC: 'Server-side includes without `#exec cmd` and `#exec cgi`.',
  FollowSymLinks: 'Follows symbolic links when mapping URLs to files. Cheaper than SymLinksIfOwnerMatch because no extra lstat calls are made.',
  SymLinksIfOwnerMatch: 'Follows a symbolic link only when the link and its target have the same owner; costs an extra lstat per path component.',
  ExecCGI: 'Allows CGI scripts (handled by mod_cgi/mod_cgid) to run from this directory.',
  MultiViews: 'Content negotiation (mod_negotiation): a request for /page may be answered by page.en.html or page.html.',
  RunScripts: 'Old spelling kept by httpd for Includes.',
};

/** AllowOverride classes. */
export const OVERRIDE_CLASSES: Record<string, string> = {
  All: 'Every directive allowed in .htaccess may be used there.',
  None: '.htaccess files are not even read — the fastest and safest choice.',
  AuthConfig: 'Authentication and authorization: AuthType, AuthName, AuthUserFile, Require…',
  FileInfo: 'Document types and metadata: AddType, SetHandler, Header, ErrorDocument, Rewrite*, Redirect…',
  Indexes: 'Directory listing controls: DirectoryIndex, IndexOptions, AddIcon…',
  Limit: 'Host-based access with the old Order/Allow/Deny directives.',
  Options: 'The Options and XBitHack directives (optionally limited with Options=…).',
  Nonfatal: 'Modifier: an .htaccess directive that is not allowed is skipped with a warning instead of a 500 error (Nonfatal=Override, =Unknown or =All).',
};

/** How AllowOverride's values are written: Nonfatal needs "=Override", "=Unknown" or "=All". */
export const OVERRIDE_FORMS: Record<string, string> = {
  ...Object.fromEntries(Object.entries(OVERRIDE_CLASSES).filter(([k]) => k !== 'Nonfatal')),
  'Nonfatal=Override': 'A directive the AllowOverride classes forbid is skipped with a warning instead of a 500 error.',
  'Nonfatal=Unknown': 'An unknown directive (a typo, a module not loaded) is skipped with a warning instead of a 500 error.',
  'Nonfatal=All': 'Both: forbidden and unknown directives are skipped with a warning.',
};

/** LogLevel levels, most severe first. */
export const LOG_LEVELS: Record<string, string> = {
  emerg: 'Only messages about a server that is unusable.',
  alert: 'Problems that need action at once.',
  crit: 'Critical conditions.',
  error: 'Errors, such as failed requests for scripts.',
  warn: 'Warnings and everything more serious — the usual production level.',
  notice: 'Normal but significant events (start-up, shutdown).',
  info: 'Informational messages.',
  debug: 'Debugging output, very verbose.',
  trace1: 'Tracing, level 1 — only for troubleshooting.',
  trace2: 'Tracing, level 2.',
  trace3: 'Tracing, level 3.',
  trace4: 'Tracing, level 4.',
  trace5: 'Tracing, level 5.',
  trace6: 'Tracing, level 6.',
  trace7: 'Tracing, level 7 (dumps large amounts of data).',
  trace8: 'Tracing, level 8 (dumps everything).',
};

export interface RequireProvider {
  /** The module that registers the provider. */
  module: string;
  doc: string;
}

/**
 * Shared-object cache providers (the name before ':' in SSLSessionCache, SSLStaplingCache,
 * CacheSocache, AuthnCacheSOCache) and the module that registers each; names are case-sensitive.
 */
export const SOCACHE_PROVIDERS: Record<string, string> = {
  shmcb: 'socache_shmcb_module',
  default: 'socache_shmcb_module',
  dbm: 'socache_dbm_module',
  memcache: 'socache_memcache_module',
  redis: 'socache_redis_module',
  dc: 'socache_dc_module',
};

/** Authorization providers `Require` accepts, with the module that registers each. */
export const REQUIRE_PROVIDERS: Record<string, RequireProvider> = {
  all: { module: 'authz_core_module', doc: '`all granted` lets everyone in; `all denied` nobody.' },
  env: { module: 'authz_core_module', doc: 'Requests for which the named environment variable is set.' },
  method: { module: 'authz_core_module', doc: 'Requests using the listed HTTP methods.' },
  expr: { module: 'authz_core_module', doc: 'Requests for which an ap_expr expression is true.' },
  user: { module: 'authz_user_module', doc: 'Only the listed user names.' },
  'valid-user': { module: 'authz_user_module', doc: 'Any user who authenticated successfully.' },
  ip: { module: 'authz_host_module', doc: 'Clients from the listed addresses or networks.' },
  host: { module: 'authz_host_module', doc: 'Clients whose reverse DNS name ends in the listed domains; costs DNS lookups.' },
  'forward-dns': { module: 'authz_host_module', doc: 'Clients whose address is among those the listed names resolve to (forward DNS only).' },
  local: { module: 'authz_host_module', doc: 'Clients connecting from the server itself (loopback or the server address).' },
  group: { module: 'authz_groupfile_module', doc: 'Members of the listed groups in the AuthGroupFile.' },
  'file-owner': { module: 'authz_owner_module', doc: 'The authenticated user owns the requested file.' },
  'file-group': { module: 'authz_owner_module', doc: 'The authenticated user is in the group owning the requested file.' },
  'dbm-group': { module: 'authz_dbm_module', doc: 'Members of the listed groups in the AuthDBMGroupFile.' },
  'dbm-file-group': { module: 'authz_dbm_module', doc: 'The user is in the DBM group that owns the requested file.' },
  'dbd-group': { module: 'authz_dbd_module', doc: 'Members of the listed groups, looked up with an SQL query.' },
  'dbd-login': { module: 'authz_dbd_module', doc: 'Logs the user in through an SQL query (for form logins).' },
  'dbd-logout': { module: 'authz_dbd_module', doc: 'Logs the user out through an SQL query.' },
  'ldap-user': { module: 'authnz_ldap_module', doc: 'The listed LDAP users.' },
  'ldap-group': { module: 'authnz_ldap_module', doc: 'Members of the listed LDAP group.' },
  'ldap-dn': { module: 'authnz_ldap_module', doc: 'The user with the listed LDAP distinguished name.' },
  'ldap-attribute': { module: 'authnz_ldap_module', doc: 'Users whose LDAP entry has the listed attribute values.' },
  'ldap-filter': { module: 'authnz_ldap_module', doc: 'Users matched by an LDAP search filter.' },
  'ldap-search': { module: 'authnz_ldap_module', doc: 'Requests for which an LDAP search returns exactly one entry.' },
  ssl: { module: 'ssl_module', doc: 'Requests made over TLS.' },
  'ssl-verify-client': { module: 'ssl_module', doc: 'Clients that presented a certificate that verified.' },
};

/** ServerTokens values httpd accepts (case-insensitive). */
export const SERVER_TOKENS: Record<string, string> = {
  Full: 'Server header shows version, OS and module versions. The default, and the most revealing.',
  OS: 'Server header shows the httpd version and the OS.',
  Minimal: 'Server header shows the full httpd version.',
  Min: 'Same as Minimal.',
  Minor: 'Server header shows major.minor version.',
  Major: 'Server header shows only the major version.',
  Prod: 'Server header says only "Apache" — the usual hardened choice.',
  ProductOnly: 'Same as Prod.',
};

export interface RewriteFlag {
  /** Short form, as usually written: "L", "QSA". */
  flag: string;
  /** Every spelling mod_rewrite accepts, lower case. */
  names: string[];
  doc: string;
  /** mod_rewrite refuses the flag without "=value". */
  needsValue?: boolean;
}

/** RewriteRule flags, with every spelling mod_rewrite accepts (its parser looks at the first letter, then the rest). */
export const REWRITE_FLAGS: RewriteFlag[] = [
  { flag: 'B', names: ['b', 'backrefescaping'], doc: 'Escape backreferences before substituting them (optionally only the listed characters: B=…).' },
  { flag: 'BNP', names: ['bnp'], doc: 'With B: escape a space as %20 rather than +.' },
  { flag: 'BCTLS', names: ['bctls'], doc: 'Escape only control characters and spaces in backreferences.' },
  { flag: 'BNE', names: ['bne'], doc: 'Characters B must not escape: BNE=….', needsValue: true },
  { flag: 'C', names: ['c', 'chain'], doc: 'chain — the next rule only applies when this one matched.' },
  { flag: 'CO', names: ['co', 'cookie'], doc: 'cookie — set a cookie: CO=name:value:domain.' },
  { flag: 'DPI', names: ['d', 'dpi', 'discardpath'], doc: 'discardpath — drop the PATH_INFO part of the rewritten URI.' },
  { flag: 'E', names: ['e', 'env'], doc: 'env — set an environment variable: E=NAME:value.' },
  { flag: 'END', names: ['end'], doc: 'Stop rewriting entirely, also for the internal redirect pass that follows in per-directory context.' },
  { flag: 'F', names: ['f', 'forbidden'], doc: 'forbidden — answer 403.' },
  { flag: 'G', names: ['g', 'gone'], doc: 'gone — answer 410.' },
  { flag: 'H', names: ['h', 'handler'], doc: 'handler — force a handler for the result.' },
  { flag: 'L', names: ['l', 'last'], doc: 'last — stop processing the rule set for this pass.' },
  { flag: 'N', names: ['n', 'next'], doc: 'next — run the rule set again from the top (beware loops; N=limit caps the rounds).' },
  { flag: 'NC', names: ['nc', 'nocase'], doc: 'nocase — match the pattern without regard to case.' },
  { flag: 'NE', names: ['ne', 'noescape'], doc: 'noescape — do not percent-encode special characters in the result.' },
  { flag: 'NS', names: ['ns', 'nosubreq'], doc: 'nosubreq — skip the rule for internal sub-requests.' },
  { flag: 'P', names: ['p', 'proxy'], doc: 'proxy — hand the result to mod_proxy (needs mod_proxy loaded).' },
  { flag: 'PT', names: ['pt', 'passthrough'], doc: 'passthrough — pass the result back to URL mapping so Alias and friends apply.' },
  { flag: 'QSA', names: ['qsa', 'qsappend'], doc: 'qsappend — keep the original query string and append it to the new one.' },
  { flag: 'QSD', names: ['qsd', 'qsdiscard'], doc: 'qsdiscard — drop the original query string.' },
  { flag: 'QSL', names: ['qsl', 'qslast'], doc: 'qslast — split the query string at the last question mark instead of the first.' },
  { flag: 'R', names: ['r', 'redirect'], doc: 'redirect — send an external redirect (302 unless a code is given: R=301).' },
  { flag: 'S', names: ['s', 'skip'], doc: 'skip — skip the next N rules: S=N.' },
  { flag: 'T', names: ['t', 'type'], doc: 'type — force the MIME type of the result.' },
  { flag: 'UnsafeAllow3F', names: ['unsafeallow3f'], doc: 'Allow a rewrite whose result contains an encoded question mark (needed since 2.4.60 when that is intended).' },
  { flag: 'UnsafePrefixStat', names: ['unsafeprefixstat'], doc: 'Allow a per-server substitution that starts with a variable to be treated as a file path (2.4.60+).' },
];

export { REWRITE_VARIABLES } from './server-variables';

/** The RewriteRule flag a spelling names (case-insensitive), as mod_rewrite reads it. */
export function rewriteFlag(name: string): RewriteFlag | undefined {
  const lower = name.toLowerCase();
  // mod_rewrite takes every word that starts with "d" as DPI.
  if (lower.startsWith('d')) return REWRITE_FLAGS.find((f) => f.flag === 'DPI');
  return REWRITE_FLAGS.find((f) => f.names.includes(lower));
}

/** The words of a RewriteRule flag field "[L,R=301]" with their names and values. */
export function rewriteFlagWords(field: string): { name: string; value?: string }[] {
  return field
    .replace(/^\[|\]$/g, '')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean)
    .map((f) => (f.includes('=') ? { name: f.slice(0, f.indexOf('=')).trim(), value: f.slice(f.indexOf('=') + 1) } : { name: f }));
}

/** Protocol words of SSLProtocol/SSLProxyProtocol, with what each is. */
export const SSL_PROTOCOLS: Record<string, string> = {
  all: 'Every protocol this OpenSSL supports (TLSv1 and newer on current builds); combine with minus signs.',
  SSLv3: 'Broken (POODLE) and not built into current OpenSSL: httpd accepts it only as `-SSLv3`.',
  TLSv1: 'Obsolete since RFC 8996; disable.',
  'TLSv1.1': 'Obsolete since RFC 8996; disable.',
  'TLSv1.2': 'Widely supported and still safe with good ciphers.',
  'TLSv1.3': 'The current protocol; fastest handshake, only strong ciphers.',
};
/** SSLv2 is gone from mod_ssl: only "-SSLv2" is still accepted. */
export const REMOVED_SSL_PROTOCOLS = ['SSLv2'];
/** What `all` enables with current OpenSSL builds (no SSLv3). */
export const SSL_PROTOCOLS_IN_ALL = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

export interface SslProtocolReading {
  /** Protocols the line leaves enabled. */
  enabled: Set<string>;
  /** httpd's error, if it refuses the line. */
  error?: { message: string; index: number };
  /** httpd's AH02532 warnings: a bare protocol after others replaces them. */
  warnings: { message: string; index: number }[];
}

/**
 * mod_ssl's ssl_cmd_protocol_parse, word by word: "+x" adds, "-x" removes, a bare word replaces
 * the set. SSLv2 and SSLv3 (absent from current OpenSSL) are accepted only after "-".
 */
export function readSslProtocol(directive: string, args: string[]): SslProtocolReading {
  let enabled = new Set<string>();
  const warnings: SslProtocolReading['warnings'] = [];
  for (let index = 0; index < args.length; index++) {
    const raw = args[index];
    const action = raw[0] === '+' || raw[0] === '-' ? raw[0] : '';
    const word = action ? raw.slice(1) : raw;
    const lower = word.toLowerCase();
    if (lower === 'sslv2') {
      if (action === '-') continue;
      return { enabled, warnings, error: { message: 'SSLProtocol: SSLv2 is no longer supported', index } };
    }
    if (lower === 'sslv3') {
      if (action === '-') continue;
      return { enabled, warnings, error: { message: 'SSLv3 not supported by this version of OpenSSL', index } };
    }
    const named = lower === 'all' ? SSL_PROTOCOLS_IN_ALL : SSL_PROTOCOLS_IN_ALL.filter((p) => p.toLowerCase() === lower);
    if (!named.length) return { enabled, warnings, error: { message: `${directive}: Illegal protocol '${word}'`, index } };
    if (action === '-') for (const p of named) enabled.delete(p);
    else if (action === '+') for (const p of named) enabled.add(p);
    else {
      if (enabled.size) warnings.push({ message: `${directive}: Protocol '${word}' overrides already set parameter(s). Check if a +/- prefix is missing.`, index });
      enabled = new Set(named);
    }
  }
  return { enabled, warnings };
}

/** Directives 2.4 still accepts although renamed or without effect (deprecated-directive reports them). */
export const DEPRECATED_IN_24 = {
  maxclients: { successor: 'MaxRequestWorkers', note: 'The 2.2 name of MaxRequestWorkers, still accepted by 2.4.' },
  maxrequestsperchild: { successor: 'MaxConnectionsPerChild', note: 'The 2.2 name of MaxConnectionsPerChild, still accepted by 2.4.' },
  namevirtualhost: { note: 'Has no effect since 2.4 (name-based virtual hosts are automatic); httpd logs AH00548 about it.' },
  defaulttype: { note: 'Ignored since 2.4 except for `none`; ForceType or AddType set a type.' },
  sslcertificatechainfile: { successor: 'SSLCertificateFile', note: 'Deprecated since 2.4.8: the chain goes into the SSLCertificateFile file, after the server certificate.' },
} satisfies Record<string, { successor?: string; note: string }>;

/** What makes a directive deprecated: the knowledge base's note, else the 2.4 list above. */
export function deprecationOf(info: { name: string; deprecated?: { successor?: string; note: string } }): { successor?: string; note: string } | undefined {
  return info.deprecated ?? (DEPRECATED_IN_24 as Record<string, { successor?: string; note: string }>)[info.name.toLowerCase()];
}

/** 2.2 directives that 2.4 no longer knows, with what replaces them. */
export const REMOVED_IN_24: Record<string, string> = {
  rewritelog: 'use `LogLevel rewrite:trace3` (rewrite tracing goes to the error log).',
  rewriteloglevel: 'use `LogLevel rewrite:traceN` (N from 1 to 8).',
  lockfile: 'use `Mutex file:/path/to/dir default`.',
  acceptmutex: 'use `Mutex <mechanism> mpm-accept`.',
  sslmutex: 'use `Mutex <mechanism> ssl-cache`.',
  rewritelock: 'use `Mutex <mechanism> rewrite-map`.',
  authzldapauthoritative: 'use AuthLDAPBindAuthoritative or Require rules.',
  authzuserauthoritative: 'authorization providers are combined with <RequireAll>/<RequireAny> instead.',
  authzgroupfileauthoritative: 'authorization providers are combined with <RequireAll>/<RequireAny> instead.',
  authzdefaultauthoritative: 'authorization providers are combined with <RequireAll>/<RequireAny> instead.',
  authzdbmauthoritative: 'authorization providers are combined with <RequireAll>/<RequireAny> instead.',
  authzownerauthoritative: 'authorization providers are combined with <RequireAll>/<RequireAny> instead.',
  servername2: 'there is no such directive; use ServerAlias.',
};

/** The table key matching a word without regard to case. */
export function keyOf(table: Record<string, unknown>, word: string): string | undefined {
  const lower = word.toLowerCase();
  return Object.keys(table).find((k) => k.toLowerCase() === lower);
}
