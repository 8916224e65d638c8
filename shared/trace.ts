// The documented shape of a request trace (`"version": 1`): the CLI prints it
// (`httpd-lint trace --format json`), the language server answers `apache/traceRequest` with it and
// the client renders it. Scripts rely on it: add fields, never rename or remove them. Types only;
// both processes import this file and it imports neither (see docs/ARCHITECTURE.md).
//
// Lines in this shape are 1-based (what people and editors show); files are absolute paths.

export interface TraceRequest {
  method: string;
  /** The URL as given (absolute form). */
  url: string;
  /** Host the request names (Host header or the URL's host), without port. */
  host: string;
  port: number;
  clientAddress: string;
}

export interface TraceVhost {
  /** The <VirtualHost> address that matched ("*:80", "127.0.0.2:8080", "_default_:80"). */
  address: string;
  serverName: string | null;
  file: string;
  line: number;
  /** True when no ServerName/ServerAlias matched and the host won as the first for its address. */
  default: boolean;
}

export type SectionKind =
  | 'Directory'
  | 'DirectoryMatch'
  | 'Files'
  | 'FilesMatch'
  | 'Location'
  | 'LocationMatch'
  | 'If'
  | 'ElseIf'
  | 'Else'
  | 'Proxy'
  | 'ProxyMatch'
  | 'htaccess';

export interface TraceSection {
  kind: SectionKind;
  /** The section's argument as written ("/var/www", "\\.php$"), or the .htaccess file's directory. */
  argument: string;
  file: string;
  line: number;
}

export type Handler =
  | 'static'
  | 'directory-listing'
  | 'php-module'
  | 'php-fpm'
  | 'cgi'
  | 'proxy'
  | 'redirect'
  | 'forbidden'
  | 'unauthorized'
  | 'not-found'
  | 'server-error'
  | 'method-not-allowed'
  | 'server-status'
  | 'server-info'
  | 'error-document'
  | 'other';

export interface TraceOutcome {
  status: number;
  location: string | null;
  /** The file that would be served (absolute), or null. */
  file: string | null;
  /** Content type from AddType/TypesConfig/ForceType, when a file is served. */
  contentType: string | null;
  handler: Handler;
  /** Backend URL for proxied requests (ProxyPass, proxy_fcgi), else null. */
  backend: string | null;
  /** What answering costs the server: a heavy in-process interpreter, or a light response. */
  cost: 'heavy' | 'light';
  /** ErrorDocument that shapes the error response, when one applies. */
  errorDocument?: { value: string; file: string; line: number } | null;
}

export interface EffectiveDirective {
  directive: string;
  /** The value after merging (Options after +/- arithmetic), as text. */
  value: string;
  /** Where the winning setting was made. */
  file: string;
  line: number;
  /** Earlier settings this one shadows or merged with. */
  shadows?: { value: string; file: string; line: number }[];
}

export type TracePhase =
  | 'connection'
  | 'vhost'
  | 'rewrite'
  | 'url-mapping'
  | 'sections'
  | 'htaccess'
  | 'access'
  | 'handler'
  | 'outcome';

export interface TraceStep {
  phase: TracePhase;
  message: string;
  file: string | null;
  line: number | null;
}

export interface TraceResult {
  version: 1;
  request: TraceRequest;
  vhost: TraceVhost | null;
  sections: TraceSection[];
  rewrite: RewriteStep[];
  outcome: TraceOutcome;
  effective: EffectiveDirective[];
  steps: TraceStep[];
  /** Reasons something could not be decided statically (needs DNS, a live connection…). */
  unknown: string[];
}

/** One rule the rewrite engine tried: an entry of the trace's `rewrite` list. */
export interface RewriteCondStep {
  /** The test string after expansion (the expression for expr). */
  test: string;
  pattern: string;
  matched: boolean;
  file: string;
  line: number;
}

export interface RewriteStep {
  context: 'server' | 'directory';
  directory: string | null;
  /** 1 for the request, 2… for each internal redirect that re-runs the rules. */
  pass: number;
  file: string;
  line: number;
  pattern: string;
  /** What the pattern was matched against (after the per-directory prefix strip). */
  input: string;
  matched: boolean;
  conditions: RewriteCondStep[];
  /** The URL (or path) after this rule, null when it did not change it. */
  result: string | null;
  flags: string[];
  /** The substitution after expansion, before the prefix and query string handling. */
  substitution?: string;
  /** The flag that ended the pass (L, END, F, G, R, P, PT, status…), or null. */
  stop: string | null;
  /** Set when this step may differ from httpd (unsupported regex feature, unknown value…). */
  unknown?: string[];
}
