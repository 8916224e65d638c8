// The two places httpd runs mod_rewrite: server context while translating the URL
// (hook_uri2file) and directory context in the fixups after the directory walk (hook_fixup),
// with what each decides for the request.

import { applyRewriteList, type ListResult } from './engine';
import { absoluteUriScheme, escapeAbsoluteUri, escapeUri, hasCtlOrSpace } from './escape';
import type { RewriteStep } from './trace';
import type { MapDef, RewriteRequest, RewriteScope, RewriteWorld } from './types';

export type PhaseOutcome =
  | { kind: 'declined'; reason?: string }
  | { kind: 'status'; status: number; reason: string }
  | { kind: 'redirect'; status: number; location: string }
  | { kind: 'proxy'; url: string }
  /** Server context [PT]: URL mapping continues with this URL-path. */
  | { kind: 'passthrough'; uri: string }
  /** Server context local result: a file path, or a URL-path the document root is prefixed to. */
  | { kind: 'local'; filename: string; prefixDocroot: boolean }
  /** Directory context: a new request cycle for this URL (path and query). */
  | { kind: 'internal-redirect'; url: string }
  /** Directory context: the result equals the input; served as it is. */
  | { kind: 'unchanged' };

export interface PhaseResult {
  outcome: PhaseOutcome;
  list?: ListResult;
  /** [END] was hit: later passes do not rewrite. */
  ended: boolean;
}

export interface PhaseEnv {
  world: RewriteWorld;
  maps: Map<string, MapDef>;
  pass: number;
  steps: RewriteStep[];
  unknown: string[];
  /** [END] seen earlier for this request. */
  ended: boolean;
}

/** Server context: `scope` is the (merged) server configuration, `engineOn` the per-dir default state. */
export function runServerPhase(req: RewriteRequest, scope: RewriteScope, ownConfig: boolean, env: PhaseEnv, unparsedUri: string): PhaseResult {
  const none = (reason?: string): PhaseResult => ({ outcome: { kind: 'declined', reason }, ended: env.ended });
  if (!scope.engine) return none('RewriteEngine is not On for this server');
  if (!ownConfig) return none('this virtual host has no mod_rewrite directives of its own');
  if (env.ended) return none('an earlier [END] stopped rewriting for this request');
  if (!scope.options.allowAnyUri && (unparsedUri === '*' || req.uri[0] !== '/')) return none('the request target is not a URL-path');
  const oargs = req.args;
  if (req.filename === undefined) req.filename = req.uri;
  const list = applyRewriteList(scope.rules, { req, world: env.world, perdir: null, maps: env.maps, pass: env.pass, steps: env.steps, unknown: env.unknown });
  const ended = env.ended || list.ended;
  if (list.action === 'none') return { outcome: { kind: 'declined' }, list, ended };
  return { outcome: finishServer(req, scope, list, oargs, env), list, ended };
}

function finishServer(req: RewriteRequest, scope: RewriteScope, list: ListResult, oargs: string | undefined, env: PhaseEnv): PhaseOutcome {
  const filename = req.filename ?? '';
  const abs = absoluteUriScheme(filename).len;
  const toProxy = filename.length > 6 && filename.startsWith('proxy:');
  const willEscape = abs > 0 && list.action !== 'noescape';
  if (req.args !== undefined && !willEscape && hasCtlOrSpace(req.args)) return { kind: 'status', status: 403, reason: 'the rewritten query string holds control characters or spaces' };
  if (list.action === 'status' || list.action === 'status-set') return { kind: 'status', status: list.status ?? 500, reason: 'a rule set the status' };
  if (toProxy) return { kind: 'proxy', url: filename.slice(6) + (req.pathInfo ?? '') };
  if (abs > 0) return redirect(req, filename, abs, list, oargs);
  if (filename.length > 12 && filename.startsWith('passthrough:')) return { kind: 'passthrough', uri: filename.slice(12) };
  if (filename[0] !== '/') return { kind: 'status', status: 400, reason: 'the result is neither a path nor a URL' };
  const reduced = list.uriReduced && !scope.options.legacyPrefixDocroot;
  const stat = prefixStat(req, filename, env, scope.options.unsafePrefixStat ? undefined : list.lastsub);
  return { kind: 'local', filename, prefixDocroot: !stat || reduced };
}

function redirect(req: RewriteRequest, filename: string, abs: number, list: ListResult, oargs: string | undefined): PhaseOutcome {
  let location = list.action === 'noescape' ? filename : escapeAbsoluteUri(filename, abs);
  if (req.args !== undefined) {
    const noescape = list.action === 'noescape' || (oargs !== undefined && req.args === oargs);
    location += '?' + (noescape ? req.args : escapeUri(req.args));
  }
  const s = list.status;
  const status = s !== undefined && s >= 300 && s < 400 ? s : 302;
  return { kind: 'redirect', status, location };
}

/** prefix_stat: whether the first path segment exists (and, 2.4.60+, the rule wrote it literally). */
function prefixStat(req: RewriteRequest, path: string, env: PhaseEnv, lastsub: ListResult['lastsub']): boolean {
  const first = '/' + path.slice(1).split('/')[0];
  if (!env.world.stat(first)) return false;
  if (!lastsub) return true;
  if (lastsub.flags.unsafePrefixStat) return true;
  const docroot = req.documentRoot;
  const cdr = req.contextDocumentRoot ?? docroot;
  return lastsub.output.startsWith(first) || path.startsWith(docroot) || (cdr !== docroot && path.startsWith(cdr));
}

export interface DirConfig {
  /** The merged per-directory configuration; `directory` null when no section had rewrite directives. */
  scope: RewriteScope;
  /** Options FollowSymLinks or SymLinksIfOwnerMatch in effect. */
  followSymLinks: boolean;
}

/** Directory context (hook_fixup) on a request whose filename and path_info the directory walk set. */
export function runDirectoryPhase(req: RewriteRequest, dir: DirConfig, env: PhaseEnv): PhaseResult {
  const none = (reason?: string): PhaseResult => ({ outcome: { kind: 'declined', reason }, ended: env.ended });
  const scope = dir.scope;
  if (!scope.engine) return none('RewriteEngine is not On for this directory');
  if (scope.directory === null) return none('no directory section or .htaccess with rewrite rules applies');
  const isProxy = (req.filename ?? '').startsWith('proxy:');
  if (!isProxy && !scope.options.allowNoSlash) {
    const l = scope.directory.length - 1;
    if (req.filename !== undefined && req.filename.length === l && scope.directory.startsWith(req.filename)) return none('the URL names the directory without its trailing slash (mod_dir redirects first)');
  }
  if (env.ended) return none('an earlier [END] stopped rewriting for this request');
  if (!dir.followSymLinks) return { outcome: { kind: 'status', status: 403, reason: 'Options FollowSymLinks and SymLinksIfOwnerMatch are both off, so RewriteRule is forbidden here' }, ended: env.ended };
  const ofilename = req.filename;
  const oargs = req.args;
  if (req.filename === undefined) req.filename = req.uri;
  const list = applyRewriteList(scope.rules, { req, world: env.world, perdir: scope.directory, maps: env.maps, pass: env.pass, steps: env.steps, unknown: env.unknown });
  const ended = env.ended || list.ended;
  if (list.action === 'none') {
    req.filename = ofilename;
    return { outcome: { kind: 'declined' }, list, ended };
  }
  const filename = req.filename ?? '';
  const abs = absoluteUriScheme(filename).len;
  const willEscape = abs > 0 && list.action !== 'noescape';
  const done = (outcome: PhaseOutcome): PhaseResult => ({ outcome, list, ended });
  if (req.args !== undefined && !willEscape && hasCtlOrSpace(req.args)) return done({ kind: 'status', status: 403, reason: 'the rewritten query string holds control characters or spaces' });
  if (list.action === 'status' || list.action === 'status-set') return done({ kind: 'status', status: list.status ?? 500, reason: 'a rule set the status' });
  if (filename.length > 6 && filename.startsWith('proxy:')) return done({ kind: 'proxy', url: filename.slice(6) });
  if (abs > 0) {
    let f = filename;
    if (scope.base !== undefined) {
      const slash = f.indexOf('/', abs);
      if (slash >= 0 && slash + 1 < f.length) {
        const cp = f.slice(slash + 1);
        const dirNoLead = scope.directory[0] === '/' ? scope.directory.slice(1) : scope.directory;
        const replaced = substPrefixPath(cp, dirNoLead, scope.base.slice(1));
        if (replaced !== cp) f = f.slice(0, slash + 1) + replaced;
      }
    }
    return done(redirect(req, f, abs, list, oargs));
  }
  let f = filename;
  if (f.length > 12 && f.startsWith('passthrough:')) f = f.slice(12);
  if (f[0] !== '/') return done({ kind: 'status', status: 400, reason: 'the result is neither a path nor a URL' });
  if (ofilename !== undefined && f === ofilename) return done({ kind: 'unchanged' });
  const tmp = f;
  if (scope.base !== undefined) f = substPrefixPath(f, scope.directory, scope.base);
  else {
    let root = req.documentRoot;
    if (root.endsWith('/')) root = root.slice(0, -1);
    if (f.startsWith(root) && f[root.length] === '/') f = f.slice(root.length);
  }
  if (f === tmp && !scope.options.ignoreContextInfo && req.contextDocumentRoot !== undefined && req.contextPrefix !== undefined) {
    f = substPrefixPath(f, req.contextDocumentRoot, req.contextPrefix);
  }
  return done({ kind: 'internal-redirect', url: f + (req.args !== undefined ? '?' + req.args : '') });
}

/** subst_prefix_path: replaces the directory prefix `match` of `input` by `subst` (RewriteBase). */
export function substPrefixPath(input: string, match: string, subst: string): string {
  let len = match.length;
  if (len && match[len - 1] === '/') len--;
  if (input.startsWith(match.slice(0, len)) && input[len] === '/') {
    const rest = input.slice(len + 1);
    const prefix = subst.length && subst[subst.length - 1] !== '/' ? subst + '/' : subst;
    return prefix + rest;
  }
  return input;
}
