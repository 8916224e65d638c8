// Server variables written %{NAME}: which mod_rewrite expands (RewriteCond test strings,
// RewriteRule substitutions) and which ap_expr knows (<If>, Require expr, SetEnvIfExpr, expr=…).
// One table for completion, hover and the rules. Names are httpd's (mod_rewrite's
// lookup_variable, util_expr_eval.c's variable tables, mod_ssl's variables), the texts our own;
// test/unit/data/server-variables.test.ts has the real apache2 parse every ap_expr name.

export type VariableUse = 'rewrite' | 'expr';

export interface ServerVariable {
  doc: string;
  /** Where %{NAME} is understood. */
  in: VariableUse[];
}

const BOTH: VariableUse[] = ['rewrite', 'expr'];
const REWRITE: VariableUse[] = ['rewrite'];
const EXPR: VariableUse[] = ['expr'];

export const SERVER_VARIABLES: Record<string, ServerVariable> = {
  HTTP_HOST: { doc: 'The Host request header (name and port as the client sent them).', in: BOTH },
  HTTP_USER_AGENT: { doc: 'The User-Agent request header.', in: BOTH },
  HTTP_REFERER: { doc: 'The Referer request header.', in: BOTH },
  HTTP_COOKIE: { doc: 'The Cookie request header.', in: BOTH },
  HTTP_ACCEPT: { doc: 'The Accept request header.', in: BOTH },
  HTTP_FORWARDED: { doc: 'The Forwarded request header.', in: BOTH },
  HTTP_PROXY_CONNECTION: { doc: 'The Proxy-Connection request header.', in: BOTH },
  REQUEST_URI: { doc: 'The URL-path of the request, decoded, without the query string.', in: BOTH },
  REQUEST_FILENAME: { doc: 'The file-system path the request maps to so far (in server context: the URL-path).', in: BOTH },
  SCRIPT_FILENAME: { doc: 'Same as REQUEST_FILENAME.', in: BOTH },
  QUERY_STRING: { doc: 'The query string, without the question mark.', in: BOTH },
  THE_REQUEST: { doc: 'The request line as the client sent it, e.g. "GET /a?b HTTP/1.1" (not decoded).', in: BOTH },
  REQUEST_METHOD: { doc: 'GET, POST, HEAD…', in: BOTH },
  REQUEST_SCHEME: { doc: 'http or https.', in: BOTH },
  HTTPS: { doc: '"on" for a TLS connection, else "off".', in: BOTH },
  SERVER_NAME: { doc: 'The server name used for self-referencing URLs.', in: BOTH },
  SERVER_PORT: { doc: 'The port of the server the request came to.', in: BOTH },
  SERVER_ADDR: { doc: 'The local address of the connection.', in: REWRITE },
  SERVER_ADMIN: { doc: 'ServerAdmin of the serving host.', in: BOTH },
  SERVER_PROTOCOL: { doc: 'HTTP/1.1, HTTP/2.0…', in: BOTH },
  SERVER_SOFTWARE: { doc: 'The server banner.', in: BOTH },
  REMOTE_ADDR: { doc: 'The client address (after mod_remoteip, if loaded).', in: BOTH },
  CONN_REMOTE_ADDR: { doc: 'The address of the peer of the TCP connection.', in: BOTH },
  REMOTE_HOST: { doc: 'The client host name (a DNS lookup if HostnameLookups is on, else the address).', in: BOTH },
  REMOTE_PORT: { doc: 'The client port.', in: BOTH },
  REMOTE_USER: { doc: 'The authenticated user, when authentication ran before.', in: BOTH },
  REMOTE_IDENT: { doc: 'The ident user name (mod_ident).', in: BOTH },
  AUTH_TYPE: { doc: 'The authentication type, when known.', in: BOTH },
  DOCUMENT_ROOT: { doc: 'DocumentRoot of the serving host.', in: BOTH },
  CONTEXT_PREFIX: { doc: 'The URL prefix of the current context (an Alias or UserDir).', in: BOTH },
  CONTEXT_DOCUMENT_ROOT: { doc: 'The directory that prefix maps to.', in: BOTH },
  PATH_INFO: { doc: 'The extra path after the file that was found.', in: BOTH },
  IS_SUBREQ: { doc: '"true" inside a sub-request, else "false".', in: BOTH },
  IPV6: { doc: '"on" when the client connected over IPv6.', in: BOTH },
  API_VERSION: { doc: 'httpd module API version.', in: BOTH },
  SCRIPT_USER: { doc: 'Owner of the requested file.', in: BOTH },
  SCRIPT_GROUP: { doc: 'Group of the requested file.', in: BOTH },
  TIME: { doc: 'Local time as YYYYMMDDhhmmss.', in: BOTH },
  TIME_YEAR: { doc: 'Four-digit year.', in: BOTH },
  TIME_MON: { doc: 'Month, 01-12.', in: BOTH },
  TIME_DAY: { doc: 'Day of the month, 01-31.', in: BOTH },
  TIME_HOUR: { doc: 'Hour, 00-23.', in: BOTH },
  TIME_MIN: { doc: 'Minute, 00-59.', in: BOTH },
  TIME_SEC: { doc: 'Second, 00-59.', in: BOTH },
  TIME_WDAY: { doc: 'Day of the week, 0 (Sunday) to 6.', in: BOTH },
  CONTENT_TYPE: { doc: 'The content type of the response as far as it is known.', in: EXPR },
  HANDLER: { doc: 'The handler chosen for the request (e.g. a SetHandler value).', in: EXPR },
  DOCUMENT_URI: { doc: 'The URL-path of the document (differs from REQUEST_URI in sub-requests).', in: EXPR },
  LAST_MODIFIED: { doc: 'The modification time of the file, as YYYYMMDDhhmmss.', in: EXPR },
  REQUEST_STATUS: { doc: 'The status code of the response (useful in Header expr= conditions).', in: EXPR },
  REQUEST_LOG_ID: { doc: 'The request\'s id in the error log.', in: EXPR },
  CONN_LOG_ID: { doc: 'The connection\'s id in the error log.', in: EXPR },
  HTTP2: { doc: '"on" when the request came over HTTP/2, else "off".', in: EXPR },
};

/** Prefix forms "%{NAME:argument}": the lookups each syntax offers. */
export const VARIABLE_LOOKUPS: Record<string, { doc: string; in: VariableUse[]; argument: 'request-header' | 'response-header' | 'env' | 'ssl' | 'other' }> = {
  'HTTP:': { doc: 'Any request header: %{HTTP:Authorization}.', in: REWRITE, argument: 'request-header' },
  'ENV:': { doc: 'An environment variable (SetEnv, [E=], earlier rules): %{ENV:REDIRECT_STATUS}.', in: REWRITE, argument: 'env' },
  'SSL:': { doc: 'A mod_ssl variable: %{SSL:SSL_PROTOCOL}.', in: REWRITE, argument: 'ssl' },
  'LA-U:': { doc: 'Look-ahead through a URL sub-request: %{LA-U:REMOTE_USER}.', in: REWRITE, argument: 'other' },
  'LA-F:': { doc: 'Look-ahead through a file sub-request.', in: REWRITE, argument: 'other' },
  'req:': { doc: 'A request header, added to Vary: %{req:Accept-Language}.', in: EXPR, argument: 'request-header' },
  'http:': { doc: 'Same as req:.', in: EXPR, argument: 'request-header' },
  'req_novary:': { doc: 'A request header, not added to Vary.', in: EXPR, argument: 'request-header' },
  'resp:': { doc: 'A response header (as far as it is set when the expression runs).', in: EXPR, argument: 'response-header' },
  'reqenv:': { doc: 'A request environment variable (SetEnv, SetEnvIf, RewriteRule [E=]).', in: EXPR, argument: 'env' },
  'env:': { doc: 'A request note, then a request environment variable, then a process environment variable.', in: EXPR, argument: 'env' },
  'osenv:': { doc: 'A variable of the httpd process environment.', in: EXPR, argument: 'env' },
  'note:': { doc: 'A request note set by a module.', in: EXPR, argument: 'other' },
  'tolower:': { doc: 'The argument in lower case.', in: EXPR, argument: 'other' },
  'toupper:': { doc: 'The argument in upper case.', in: EXPR, argument: 'other' },
  'escape:': { doc: 'The argument URL-escaped.', in: EXPR, argument: 'other' },
  'unescape:': { doc: 'The argument URL-unescaped.', in: EXPR, argument: 'other' },
  'base64:': { doc: 'The argument base64-encoded.', in: EXPR, argument: 'other' },
  'unbase64:': { doc: 'The argument base64-decoded.', in: EXPR, argument: 'other' },
  'md5:': { doc: 'The MD5 hash of the argument, in hex.', in: EXPR, argument: 'other' },
  'sha1:': { doc: 'The SHA-1 hash of the argument, in hex.', in: EXPR, argument: 'other' },
  'file:': { doc: 'The contents of the file the argument names, read at each request.', in: EXPR, argument: 'other' },
  'filesize:': { doc: 'The size in bytes of the file the argument names (0 when it is not a regular file).', in: EXPR, argument: 'other' },
  'ldap:': { doc: 'The argument escaped for an LDAP filter.', in: EXPR, argument: 'other' },
};

/** mod_ssl's variables: %{SSL:NAME} in mod_rewrite, %{NAME} in ap_expr, %{NAME}s in Header values. */
export const SSL_VARIABLES: Record<string, string> = {
  SSL_PROTOCOL: 'The TLS version of the connection (TLSv1.2, TLSv1.3…).',
  SSL_CIPHER: 'The name of the cipher suite in use.',
  SSL_CIPHER_USEKEYSIZE: 'Bits of the key the cipher actually uses.',
  SSL_SESSION_ID: 'The TLS session id in hex.',
  SSL_SESSION_RESUMED: '"Initial" or "Resumed".',
  SSL_TLS_SNI: 'The host name the client sent in SNI.',
  SSL_SERVER_S_DN: 'Subject DN of the server certificate.',
  SSL_SERVER_I_DN: 'Issuer DN of the server certificate.',
  SSL_SERVER_V_END: 'Expiry date of the server certificate.',
  SSL_CLIENT_VERIFY: 'NONE, SUCCESS, GENEROUS or FAILED:reason: how the client certificate verified.',
  SSL_CLIENT_S_DN: 'Subject DN of the client certificate.',
  SSL_CLIENT_S_DN_CN: 'Common name in the client certificate subject.',
  SSL_CLIENT_I_DN: 'Issuer DN of the client certificate.',
  SSL_CLIENT_M_SERIAL: 'Serial number of the client certificate.',
  SSL_CLIENT_V_END: 'Expiry date of the client certificate.',
  SSL_CLIENT_CERT: 'The client certificate, PEM-encoded.',
  SSL_VERSION_LIBRARY: 'The OpenSSL version.',
};

/** The variables a syntax understands, with their texts. */
export function variablesFor(use: VariableUse): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, v] of Object.entries(SERVER_VARIABLES)) if (v.in.includes(use)) out[name] = v.doc;
  return out;
}

/** %{NAME} texts as mod_rewrite reads them, lookups ("HTTP:") included. */
export const REWRITE_VARIABLES: Record<string, string> = {
  ...variablesFor('rewrite'),
  ...Object.fromEntries(Object.entries(VARIABLE_LOOKUPS).filter(([, l]) => l.in.includes('rewrite')).map(([k, l]) => [k, l.doc])),
};

/** What %{NAME} (or a lookup "NAME:") means in a syntax, or undefined. */
export function describeVariable(name: string, use: VariableUse): string | undefined {
  const colon = name.indexOf(':');
  if (colon >= 0) {
    const key = Object.keys(VARIABLE_LOOKUPS).find((k) => k.toLowerCase() === name.slice(0, colon + 1).toLowerCase());
    return key && VARIABLE_LOOKUPS[key].in.includes(use) ? VARIABLE_LOOKUPS[key].doc : undefined;
  }
  const v = SERVER_VARIABLES[name.toUpperCase()];
  if (v?.in.includes(use)) return v.doc;
  return use === 'expr' ? SSL_VARIABLES[name.toUpperCase()] : undefined;
}
