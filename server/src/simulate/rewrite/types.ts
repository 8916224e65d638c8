// Data shapes of the mod_rewrite simulator: the configuration it reads (rules, conditions,
// maps, per scope) and the request state it reads and changes, mirroring httpd's request_rec.

import type { CompiledPattern } from './regex';

export type CondKind =
  | 'regex' | 'expr'
  | 'file' | 'size' | 'link' | 'dir' | 'exec' | 'url-lookup' | 'file-lookup'
  | 'str-lt' | 'str-le' | 'str-eq' | 'str-gt' | 'str-ge'
  | 'int-lt' | 'int-le' | 'int-eq' | 'int-gt' | 'int-ge';

export interface Located {
  file: string;
  /** 1-based line. */
  line: number;
}

export interface RewriteCondDef extends Located {
  /** The test string as written (expanded per request). */
  input: string;
  /** The pattern as written, with '!' and the operator. */
  written: string;
  /** The operand after '!' and the operator. */
  pattern: string;
  kind: CondKind;
  negate: boolean;
  nocase: boolean;
  ornext: boolean;
  novary: boolean;
  compiled?: CompiledPattern;
}

export interface RuleFlags {
  chain: boolean;
  cookies: string[];
  discardPathInfo: boolean;
  env: string[];
  end: boolean;
  handler?: string;
  type?: string;
  last: boolean;
  noescape: boolean;
  next: boolean;
  maxRounds: number;
  nosubreq: boolean;
  nocase: boolean;
  proxy: boolean;
  passthrough: boolean;
  qsappend: boolean;
  qsdiscard: boolean;
  qslast: boolean;
  /** A trailing '?' (or QSD without '?'): no query string from the substitution. */
  qsnone: boolean;
  redirect: boolean;
  /** F, G or R with a non-redirect code: answer with `code`, no substitution. */
  statusOnly: boolean;
  code: number;
  skip: number;
  unsafePrefixStat: boolean;
  unsafeAllow3F: boolean;
  unc: boolean;
  escapeBackrefs: boolean;
  escapes?: string;
  noescapes?: string;
  escapeNoPlus: boolean;
  escapeCtls: boolean;
  /** Substitution '-'. */
  nosub: boolean;
}

export interface RewriteRuleDef extends Located {
  pattern: string;
  negate: boolean;
  output: string;
  /** The flag field as written, or ''. */
  flagField: string;
  flags: RuleFlags;
  conds: RewriteCondDef[];
  compiled: CompiledPattern;
}

export type MapDef =
  | ({ name: string; kind: 'txt' | 'rnd'; path: string } & Located)
  | ({ name: string; kind: 'int'; fn: string } & Located)
  | ({ name: string; kind: 'prg' | 'dbm' | 'dbd' | 'fastdbd'; source: string } & Located);

export interface RewriteOptionsSet {
  inherit: boolean;
  inheritBefore: boolean;
  inheritDown: boolean;
  inheritDownBefore: boolean;
  ignoreInherit: boolean;
  allowNoSlash: boolean;
  allowAnyUri: boolean;
  mergeBase: boolean;
  ignoreContextInfo: boolean;
  legacyPrefixDocroot: boolean;
  unsafePrefixStat: boolean;
}

/** The mod_rewrite configuration of one server or one directory section/.htaccess, before merging. */
export interface RewriteScope {
  /** Directory with a trailing slash for per-directory scopes, null for a server. */
  directory: string | null;
  engine?: boolean;
  /** Where RewriteEngine was set (for messages). */
  engineAt?: Located;
  options: RewriteOptionsSet;
  optionsSet: boolean;
  base?: string;
  baseSet: boolean;
  rules: RewriteRuleDef[];
  maps: Map<string, MapDef>;
  /** Directive errors httpd would report at startup (or as a 500 in .htaccess). */
  errors: (Located & { message: string })[];
  /** RewriteCond lines not followed by a RewriteRule in this scope. */
  danglingConds: RewriteCondDef[];
}

export function emptyOptions(): RewriteOptionsSet {
  return {
    inherit: false, inheritBefore: false, inheritDown: false, inheritDownBefore: false, ignoreInherit: false,
    allowNoSlash: false, allowAnyUri: false, mergeBase: false, ignoreContextInfo: false, legacyPrefixDocroot: false, unsafePrefixStat: false,
  };
}

export function emptyScope(directory: string | null): RewriteScope {
  return { directory, options: emptyOptions(), optionsSet: false, baseSet: false, rules: [], maps: new Map(), errors: [], danglingConds: [] };
}

export interface FileInfo {
  type: 'file' | 'dir';
  size: number;
  executable?: boolean;
  symlink?: boolean;
}

/** What the engine may ask of the world around the request. */
export interface RewriteWorld {
  stat(path: string): FileInfo | undefined;
  /** Text of a RewriteMap txt/rnd file, undefined when unreadable. */
  readMap?(path: string): string | undefined;
  /** Current time (for %{TIME*}); the trace makes it settable. */
  now(): Date;
  /** Random pick in [1, n] for rnd maps (httpd uses ap_random_pick). */
  pick?(n: number): number;
  /** Status a sub-request for a URL (-U) or file (-F) would get; undefined when unknown. */
  subrequestStatus?(kind: 'url' | 'file', target: string): number | undefined;
  /** Whether host:port names this virtual host (reduce_uri's ap_matches_request_vhost). */
  matchesVhost(host: string, port: number): boolean;
  /** The httpd version whose behaviour is simulated ("2.4.71"). */
  version: string;
  /** When set, receives httpd's rewrite-log steps in execution order (for comparison with the real log). */
  events?: { kind: 'apply' | 'cond' | 'rewrite'; text: string }[];
}

/** The request state mod_rewrite reads and changes (after httpd's request_rec). */
export interface RewriteRequest {
  method: string;
  protocol: string;
  theRequest: string;
  /** Decoded URL-path. */
  uri: string;
  /** Query string, undefined when there is none. */
  args?: string;
  filename?: string;
  pathInfo?: string;
  headers: Map<string, string>;
  remoteAddr: string;
  remotePort: number;
  serverName: string;
  serverPort: number;
  serverAddr: string;
  https: boolean;
  documentRoot: string;
  contextPrefix?: string;
  contextDocumentRoot?: string;
  serverAdmin?: string;
  /** Environment variables (subprocess_env and notes). */
  env: Map<string, string>;
  /** True for a sub-request (DirectoryIndex look-ups, -U/-F). */
  isSubrequest: boolean;
  remoteUser?: string;
  authType?: string;
}
