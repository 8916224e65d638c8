// HTTP header names for Header, RequestHeader, %{HTTP:…} and req()/resp() lookups, and the
// actions mod_headers accepts. A selection written by us from the IANA HTTP Field Name Registry
// (RFC 9110 and the specifications it lists) plus de-facto headers in common use; texts our own.

export type HeaderDirection = 'request' | 'response' | 'both';

export const HTTP_HEADERS: Record<string, { doc: string; direction: HeaderDirection }> = {
  Accept: { doc: 'Media types the client prefers.', direction: 'request' },
  'Accept-Encoding': { doc: 'Content codings the client understands (gzip, br…).', direction: 'request' },
  'Accept-Language': { doc: 'Languages the client prefers.', direction: 'request' },
  'Accept-Ranges': { doc: 'Whether the server serves byte ranges.', direction: 'response' },
  'Access-Control-Allow-Credentials': { doc: 'CORS: the response may be shared with credentials.', direction: 'response' },
  'Access-Control-Allow-Headers': { doc: 'CORS: request headers a cross-origin request may send.', direction: 'response' },
  'Access-Control-Allow-Methods': { doc: 'CORS: methods a cross-origin request may use.', direction: 'response' },
  'Access-Control-Allow-Origin': { doc: 'CORS: the origin (or *) that may read the response.', direction: 'response' },
  'Access-Control-Expose-Headers': { doc: 'CORS: response headers scripts may read.', direction: 'response' },
  'Access-Control-Max-Age': { doc: 'CORS: how long a preflight answer may be cached.', direction: 'response' },
  Age: { doc: 'Seconds the response has spent in a cache.', direction: 'response' },
  Allow: { doc: 'Methods the resource supports.', direction: 'response' },
  'Alt-Svc': { doc: 'Other protocols or endpoints that serve the same origin (HTTP/3).', direction: 'response' },
  Authorization: { doc: 'Credentials for the origin server.', direction: 'request' },
  'Cache-Control': { doc: 'Caching directives (max-age, no-store, immutable…).', direction: 'both' },
  Connection: { doc: 'Options for this hop only (keep-alive, close, upgrade).', direction: 'both' },
  'Content-Disposition': { doc: 'Whether the body is shown inline or downloaded, and its file name.', direction: 'response' },
  'Content-Encoding': { doc: 'Coding applied to the body (gzip, br).', direction: 'both' },
  'Content-Language': { doc: 'Language of the body.', direction: 'response' },
  'Content-Length': { doc: 'Size of the body in bytes.', direction: 'both' },
  'Content-Security-Policy': { doc: 'Where the page may load scripts, styles, frames… from.', direction: 'response' },
  'Content-Security-Policy-Report-Only': { doc: 'A policy that is reported on but not enforced.', direction: 'response' },
  'Content-Type': { doc: 'Media type of the body.', direction: 'both' },
  Cookie: { doc: 'Cookies the client sends back.', direction: 'request' },
  'Cross-Origin-Embedder-Policy': { doc: 'Which cross-origin resources the document may embed.', direction: 'response' },
  'Cross-Origin-Opener-Policy': { doc: 'Whether cross-origin windows share a browsing context group.', direction: 'response' },
  'Cross-Origin-Resource-Policy': { doc: 'Which origins may load this resource.', direction: 'response' },
  Date: { doc: 'When the message was sent.', direction: 'both' },
  ETag: { doc: 'Version tag of the representation, for conditional requests.', direction: 'response' },
  Expect: { doc: 'Expectations the server must meet (100-continue).', direction: 'request' },
  Expires: { doc: 'Date after which the response is stale.', direction: 'response' },
  Forwarded: { doc: 'Standard form of the proxy information in X-Forwarded-*.', direction: 'request' },
  Host: { doc: 'The host and port the request is for.', direction: 'request' },
  'If-Match': { doc: 'Only act if the ETag matches.', direction: 'request' },
  'If-Modified-Since': { doc: 'Only send the body if it changed since this date.', direction: 'request' },
  'If-None-Match': { doc: 'Only send the body if no listed ETag matches.', direction: 'request' },
  'If-Range': { doc: 'Send the range only if the representation is unchanged.', direction: 'request' },
  'If-Unmodified-Since': { doc: 'Only act if unchanged since this date.', direction: 'request' },
  'Keep-Alive': { doc: 'Parameters of a persistent connection (timeout, max).', direction: 'both' },
  'Last-Modified': { doc: 'When the representation last changed.', direction: 'response' },
  Link: { doc: 'Typed links (preload, canonical…).', direction: 'both' },
  Location: { doc: 'Target of a redirect or of a created resource.', direction: 'response' },
  Origin: { doc: 'Origin that caused the request (CORS, CSRF checks).', direction: 'request' },
  'Permissions-Policy': { doc: 'Which browser features (camera, geolocation…) the page may use.', direction: 'response' },
  Pragma: { doc: 'HTTP/1.0 caching hint (no-cache).', direction: 'both' },
  'Proxy-Authorization': { doc: 'Credentials for a proxy.', direction: 'request' },
  Range: { doc: 'Byte ranges the client asks for.', direction: 'request' },
  Referer: { doc: 'The page the request came from.', direction: 'request' },
  'Referrer-Policy': { doc: 'How much of the address browsers send as Referer.', direction: 'response' },
  'Retry-After': { doc: 'When to retry after 503 or 429.', direction: 'response' },
  Server: { doc: 'Software of the origin server (ServerTokens sets what httpd sends).', direction: 'response' },
  'Set-Cookie': { doc: 'A cookie for the client to store.', direction: 'response' },
  'Strict-Transport-Security': { doc: 'HSTS: the browser uses only HTTPS for the host for max-age seconds.', direction: 'response' },
  TE: { doc: 'Transfer codings the client accepts (trailers).', direction: 'request' },
  Upgrade: { doc: 'Switch protocols on this connection (websocket, h2c).', direction: 'both' },
  'User-Agent': { doc: 'The client software.', direction: 'request' },
  Vary: { doc: 'Request headers the response depends on (for caches).', direction: 'response' },
  Via: { doc: 'Proxies the message passed through.', direction: 'both' },
  'WWW-Authenticate': { doc: 'Authentication scheme the server asks for.', direction: 'response' },
  'X-Content-Type-Options': { doc: '"nosniff": browsers keep to the declared Content-Type.', direction: 'response' },
  'X-Forwarded-For': { doc: 'Client addresses as seen by proxies (de facto).', direction: 'request' },
  'X-Forwarded-Host': { doc: 'The Host the client sent to the proxy (de facto).', direction: 'request' },
  'X-Forwarded-Proto': { doc: 'The scheme the client used at the proxy (de facto).', direction: 'request' },
  'X-Frame-Options': { doc: 'Whether other sites may frame the page (DENY, SAMEORIGIN); superseded by CSP frame-ancestors.', direction: 'response' },
  'X-Real-IP': { doc: 'Client address set by some proxies (de facto).', direction: 'request' },
  'X-Requested-With': { doc: 'Set by some script libraries (XMLHttpRequest).', direction: 'request' },
  'X-Robots-Tag': { doc: 'Indexing instructions for search engines.', direction: 'response' },
};

/** Header names for a direction ("both" headers in either). */
export function headerNames(direction: 'request' | 'response'): string[] {
  return Object.entries(HTTP_HEADERS).filter(([, h]) => h.direction === direction || h.direction === 'both').map(([name]) => name);
}

/** The registry entry of a header name, any case. */
export function headerInfo(name: string): { name: string; doc: string; direction: HeaderDirection } | undefined {
  const lower = name.toLowerCase();
  const key = Object.keys(HTTP_HEADERS).find((k) => k.toLowerCase() === lower);
  return key ? { name: key, ...HTTP_HEADERS[key] } : undefined;
}

/** mod_headers actions; RequestHeader has no echo or note. */
export const HEADER_ACTIONS: Record<string, { doc: string; requestHeader: boolean }> = {
  set: { doc: 'Replace the header (every earlier value) with this value.', requestHeader: true },
  setifempty: { doc: 'Set the header only when it is not already there.', requestHeader: true },
  append: { doc: 'Add the value to an existing header, comma-separated.', requestHeader: true },
  merge: { doc: 'Append, unless the value is already in the header.', requestHeader: true },
  add: { doc: 'Add another header line with this name, even if one exists.', requestHeader: true },
  unset: { doc: 'Remove every header with this name.', requestHeader: true },
  edit: { doc: 'Replace the first match of a regular expression in the header\'s value.', requestHeader: true },
  'edit*': { doc: 'Replace every match of a regular expression in the header\'s value.', requestHeader: true },
  echo: { doc: 'Copy request headers whose name matches a regular expression into the response.', requestHeader: false },
  note: { doc: 'Copy the header\'s value into a request note (for logging), then act on nothing else.', requestHeader: false },
};

/** Header's optional first word: which response header table it acts on. */
export const HEADER_CONDITIONS: Record<string, string> = {
  onsuccess: 'The default: act on headers of successful (2xx) responses only.',
  always: 'Act on the headers httpd sends with every response, errors and redirects included.',
};
