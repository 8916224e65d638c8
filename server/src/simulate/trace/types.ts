// What the request trace takes and its options; the shape of its result (`"version": 1`) lives in
// shared/trace.ts, where the client reads it too.

import type { ConfigModel, DirectiveUse } from '../../model';
import type { RewriteStep, TraceRequest, TraceSection } from '../../../../shared/trace';
import type { HomeLookup } from './homes';

/** What the user asks: a request as a client would send it. */
export interface TraceRequestInput {
  /** Absolute URL ("http://shop.example.com:8080/img/logo.png?x=1") or a path ("/img/logo.png"). */
  url: string;
  /** Default GET. */
  method?: string;
  /** Extra request headers; a Host header here wins over the URL's host. */
  headers?: Record<string, string>;
  /** The client's address (Require ip, Allow from). Default 127.0.0.1. */
  clientAddress?: string;
  /**
   * The local address the connection arrives at (IP-based virtual hosts). Default: the URL's
   * host when it is an IP address, else the first Listen address for the port, else 127.0.0.1.
   */
  localAddress?: string;
}

/** How the simulator sees files and directories. */
export interface TraceFileView {
  /** 'file', 'directory' or undefined (does not exist). */
  stat(path: string): 'file' | 'directory' | undefined;
  /** A file's text (for .htaccess), or undefined when unreadable. */
  readFile(path: string): string | undefined;
  /** Whether a file has an execute bit (CGI scripts); undefined when the view cannot tell. */
  executable?(path: string): boolean | undefined;
}

export interface TraceOptions {
  /**
   * The file system the request meets. Default: the real disk. `declaredFileView` builds one from
   * a list of existing files (the CLI's --exists).
   */
  files?: TraceFileView;
  /** The mod_rewrite engine; default: no rewriting (see RewriteHook). */
  rewrite?: RewriteHook;
  /**
   * Users' home directories for UserDir's relative form. Default: this machine's /etc/passwd
   * (read only). `tableHomes` builds one from a table (the CLI's --home).
   */
  homes?: HomeLookup;
}

export type { TraceRequest, TraceVhost, SectionKind, TraceSection, Handler, TraceOutcome, EffectiveDirective, TracePhase, TraceStep, TraceResult, RewriteStep } from '../../../../shared/trace';

// ---------------------------------------------------------------------------------------------
// The rewrite slot.
//
// The pipeline calls the hook twice per request cycle, where httpd's mod_rewrite runs:
//  1. context 'server': after the virtual host is chosen, before URL mapping (Alias,
//     DocumentRoot…), with the server's and the chosen virtual host's Rewrite* directives.
//     (mod_rewrite's translate_name hook.)
//  2. context 'directory': after the directory walk and the section merge (mod_rewrite's fixup
//     hook), with the Rewrite* directives of the merged per-directory configuration: `uses`
//     holds them in merge order, each tagged with the section (or .htaccess) it came from.
//
// The hook returns what the engine decided; the pipeline acts on it (serves the new file,
// re-runs the request cycle for an internal redirect, answers a redirect, 403, 410, proxies).
// An internal redirect restarts the cycle at most 10 times (httpd's LimitInternalRecursion).
// No hook, or a hook that returns { kind: 'none' }, means "no rewriting".
// ---------------------------------------------------------------------------------------------

export interface RewriteDirectiveUse {
  use: DirectiveUse;
  /** Where the directive applies from: the server/vhost level, or one merged section. */
  from: TraceSection | null;
}

export interface RewriteInput {
  context: 'server' | 'directory';
  model: ConfigModel;
  request: TraceRequest;
  /** The chosen virtual host's <VirtualHost> use, or undefined for the main server. */
  vhost: DirectiveUse | undefined;
  /** URL-path being served (decoded, without query string). */
  uri: string;
  /** Query string without '?', '' when none. */
  query: string;
  /** Directory context: the file path mapped so far (r->filename). */
  filename?: string;
  /** Directory context: the directory of the section whose rules apply (per-dir prefix). */
  directory?: string;
  /** Rewrite* directives that apply in this context, in order. */
  uses: RewriteDirectiveUse[];
  /** Request headers, lower-cased names. */
  headers: Record<string, string>;
  /** Environment variables set so far (SetEnvIf…), for %{ENV:…}. */
  env: Record<string, string>;
  /** 0 for the first pass, n for the n-th internal redirect. */
  round: number;
  /** The file view of the trace (declared files or the disk), for -f/-d tests and prefix checks. */
  files?: TraceFileView;
  /** The DocumentRoot in effect (for %{DOCUMENT_ROOT} and the local-path decision). */
  documentRoot?: string;
  /** Directory context: the path info the directory walk left (appended to the matched path). */
  pathInfo?: string;
}

export type RewriteDecision =
  | { kind: 'none' }
  /** Server context: the URL now maps to this path (a file-system path when it exists as one, else a URL-path). */
  | { kind: 'uri'; uri: string; query?: string }
  /** Server context: the request maps straight to this file (substitution is a file-system path). */
  | { kind: 'file'; filename: string; query?: string }
  /** Directory context: an internal redirect; the cycle restarts with this URL-path. */
  | { kind: 'internal-redirect'; uri: string; query?: string }
  | { kind: 'redirect'; status: number; location: string }
  | { kind: 'forbidden' }
  | { kind: 'gone' }
  | { kind: 'status'; status: number }
  | { kind: 'proxy'; url: string }
  /** The engine could not decide (a condition needs a live connection…). */
  | { kind: 'unknown'; reason: string };

export interface RewriteOutput {
  decision: RewriteDecision;
  steps: RewriteStep[];
  /** Content type / handler forced by [T=]/[H=] flags, env set by [E=]. */
  forcedType?: string;
  forcedHandler?: string;
  env?: Record<string, string>;
}

/** The mod_rewrite engine as the pipeline sees it. Must never throw; bounded work. */
export type RewriteHook = (input: RewriteInput) => RewriteOutput;

/** The default: no rewriting. */
export const noRewriting: RewriteHook = () => ({ decision: { kind: 'none' }, steps: [] });
