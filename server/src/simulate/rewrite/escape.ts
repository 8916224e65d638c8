// httpd's URL escaping as mod_rewrite uses it. Strings hold one byte per character (latin1),
// as httpd works on bytes.

const PATH_SAFE = "$-_.+!*'(),:;@&=/~";
const isAlnum = (c: string): boolean => /[A-Za-z0-9]/.test(c);
const hex = (code: number): string => '%' + code.toString(16).padStart(2, '0');

/** ap_escape_uri (ap_os_escape_path with partial): escapes everything outside the path-safe set. */
export function escapeUri(s: string): string {
  let out = '';
  for (const c of s) out += isAlnum(c) || PATH_SAFE.includes(c) ? c : hex(c.charCodeAt(0) & 0xff);
  return out;
}

/** mod_rewrite's escape_absolute_uri: keeps scheme and host, escapes the rest (ldap: per part). */
export function escapeAbsoluteUri(uri: string, schemeLen: number): string {
  let cp = schemeLen;
  if (uri[cp - 1] === '/') {
    while (cp < uri.length && uri[cp] !== '/') cp++;
    if (cp >= uri.length || cp + 1 >= uri.length) return uri;
    cp++;
    if (uri.slice(0, 4).toLowerCase() === 'ldap') {
      const parts = uri.slice(cp).split('?');
      const head = parts.slice(0, 4);
      if (parts.length > 5) head.push(parts.slice(4).join('?'));
      else if (parts.length === 5) head.push(parts[4]);
      return uri.slice(0, cp) + head.map(escapeUri).join('?');
    }
  }
  return uri.slice(0, cp) + escapeUri(uri.slice(cp));
}

/** Visible characters and obs-text: what a query string may hold raw. */
export function hasCtlOrSpace(s: string): boolean {
  for (const c of s) {
    const code = c.charCodeAt(0);
    if (code <= 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** mod_rewrite's escape_backref ([B], [B=chars], [BNP], [BCTLS], [BNE=chars]). */
export function escapeBackref(s: string, escapes: string | undefined, noescapes: string | undefined, noPlus: boolean, ctls: boolean): string {
  let out = '';
  for (const c of s) {
    const code = c.charCodeAt(0) & 0xff;
    const visible = code > 0x20 && code !== 0x7f;
    const chosen = (ctls ? !visible : !escapes) || (escapes !== undefined && escapes.includes(c));
    if (chosen && !(noescapes && noescapes.includes(c))) {
      if (isAlnum(c) || c === '_') out += c;
      else if (c === ' ' && !noPlus) out += '+';
      else out += hex(code);
    } else out += c;
  }
  return out;
}

/** ap_unescape_url without the slash checks: %XX decoded; undefined when a % is malformed. */
export function unescapeUrl(s: string): string | undefined {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '%') {
      out += s[i];
      continue;
    }
    const h = s.slice(i + 1, i + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(h)) return undefined;
    out += String.fromCharCode(parseInt(h, 16));
    i += 2;
  }
  return out;
}

/** mod_rewrite's is_absolute_uri: length of "scheme://" (or "scheme:"), 0 when not a URL; and whether a query string makes sense. */
export function absoluteUriScheme(uri: string): { len: number; query: boolean } {
  if (uri[0] === '/' || uri.length <= 5) return { len: 0, query: false };
  const lower = uri.toLowerCase();
  const table: [string, boolean][] = [
    ['ajp://', true], ['balancer://', true], ['ftp://', false], ['fcgi://', true], ['gopher://', false], ['http://', true], ['https://', true],
    ['h2://', true], ['h2c://', true], ['ldap://', false], ['mailto:', true], ['news:', false], ['nntp://', false], ['scgi://', true],
    ['ws://', true], ['wss://', true],
  ];
  for (const [prefix, query] of table) if (lower.startsWith(prefix)) return { len: prefix.length, query };
  if (lower.startsWith('unix:')) return { len: uri[5] === '/' && uri[6] === '/' ? 7 : 5, query: true };
  return { len: 0, query: false };
}
