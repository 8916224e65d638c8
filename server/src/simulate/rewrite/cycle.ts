// A request cycle for one site, reduced to what decides where mod_rewrite sends a request:
// URL decoding, server-context rules, the document root, the directory walk (filename and
// path_info), directory-context rules with their internal redirects and httpd's recursion
// limit, mod_dir's trailing slash and DirectoryIndex sub-requests. The full request trace
// plugs the same phases (hooks.ts) into its own pipeline; this cycle serves the rewrite
// command-line check and the live-httpd oracle.

import { unescapeUrl } from './escape';
import { hasRewriteConfig, mergePerDir, serverDirDefaults } from './merge';
import { runDirectoryPhase, runServerPhase, type PhaseEnv, type PhaseOutcome } from './hooks';
import type { RewriteStep } from './trace';
import { emptyScope, type FileInfo, type RewriteRequest, type RewriteScope, type RewriteWorld } from './types';
import { escapeUri } from './escape';
import { trimTrailingSlashes } from '../../parser';

export interface SiteDirectory {
  /** Absolute directory path without trailing slash. */
  path: string;
  /** mod_rewrite directives of this section (a <Directory> or the .htaccess of that directory). */
  scope: RewriteScope;
  /** Whether this section sets Options with FollowSymLinks (undefined: not set here). */
  followSymLinks?: boolean;
  /** True for an .htaccess file: a directive error there answers 500 at request time. */
  htaccess?: boolean;
}

export interface Site {
  serverName: string;
  port: number;
  https: boolean;
  documentRoot: string;
  /** The server's (or virtual host's merged) rewrite configuration. */
  server: RewriteScope;
  /** False for a virtual host without any mod_rewrite directive of its own. */
  serverOwnConfig: boolean;
  /** Directory sections and .htaccess files, in httpd's merge order (shortest path first). */
  directories: SiteDirectory[];
  directoryIndex: string[];
  directorySlash: boolean;
  acceptPathInfo: boolean;
  proxyAvailable: boolean;
  /** LimitInternalRecursion. */
  maxRedirects: number;
}

export interface CycleRequest {
  method: string;
  /** Request target as sent: "/path?query". */
  target: string;
  headers: Map<string, string>;
  remoteAddr: string;
}

export interface CycleOutcome {
  status: number;
  location: string | null;
  /** The file served (200), null otherwise. */
  file: string | null;
  /** The final URL-path and query the request ended on. */
  url: string;
  steps: RewriteStep[];
  unknown: string[];
  /** Why the outcome is what it is, in words. */
  reason: string;
}

interface Pass {
  uri: string;
  args?: string;
  sub: boolean;
  /** A file sub-request (-F): the filename is given, URL translation is skipped. */
  file?: string;
  env?: Map<string, string>;
}

export function simulateRequest(site: Site, request: CycleRequest, world: RewriteWorld): CycleOutcome {
  const steps: RewriteStep[] = [];
  const unknown: string[] = [];
  const state = { ended: false, pass: 0 };
  const q = request.target.indexOf('?');
  const rawPath = q < 0 ? request.target : request.target.slice(0, q);
  let args = q < 0 ? undefined : request.target.slice(q + 1);
  const finish = (status: number, reason: string, extra: Partial<CycleOutcome> = {}): CycleOutcome => ({
    status, location: null, file: null, url: request.target, steps, unknown, reason, ...extra,
  });
  const wrapped: RewriteWorld = {
    ...world,
    subrequestStatus: (kind, target) => {
      const qi = target.indexOf('?');
      let sub: Pass = { uri: target, sub: true, file: target };
      if (kind === 'url') {
        const d = decodePath(qi < 0 ? target : target.slice(0, qi), true);
        if (typeof d === 'number') return d;
        sub = { uri: d, args: qi < 0 ? undefined : target.slice(qi + 1), sub: true };
      }
      const r = runSubrequest(site, request, wrapped, sub, `${request.method} ${request.target} HTTP/1.1`, state, steps, unknown);
      if (kind === 'file') return r.status < 300 && r.filename !== undefined && world.stat(r.filename) ? 200 : 404;
      return r.status;
    },
  };
  world = wrapped;
  if (/[\x00-\x20\x7f]/.test(request.target)) return finish(400, 'the request line holds a space or a control character');
  const decoded = decodePath(rawPath);
  if (typeof decoded === 'number') return finish(decoded, 'the URL-path cannot be decoded');
  let uri = decoded;
  let env = new Map<string, string>();
  const theRequest = `${request.method} ${request.target} HTTP/1.1`;
  for (let redirects = 0; ; redirects++) {
    if (redirects > site.maxRedirects) return finish(500, `more than ${site.maxRedirects} internal redirects (LimitInternalRecursion)`);
    state.pass = redirects + 1;
    const r = runPass(site, request, world, { uri, args, sub: false, env }, theRequest, state, steps, unknown);
    if (r.kind === 'final') return methodOutcome(request.method, { ...r.outcome, steps, unknown });
    // The internal redirect's request: REDIRECT_ copies of the environment (rename_original_env).
    const next = new Map<string, string>();
    for (const [k, v] of r.env) next.set('REDIRECT_' + k, v);
    next.set('REDIRECT_URL', uri);
    if (args !== undefined) next.set('REDIRECT_QUERY_STRING', args);
    next.set('REDIRECT_STATUS', '200');
    env = next;
    // The URL is parsed again: a '#' ends the path (and the query), a '?' starts the query.
    const hash = r.url.indexOf('#');
    const nq = r.url.indexOf('?');
    const cut = hash >= 0 && (nq < 0 || hash < nq) ? hash : nq;
    const path = cut < 0 ? r.url : r.url.slice(0, cut);
    args = nq >= 0 && cut === nq ? r.url.slice(nq + 1, hash > nq ? hash : undefined) : undefined;
    const d = decodePath(path, true);
    if (typeof d === 'number') return finish(d, 'the internal redirect target cannot be decoded');
    uri = d;
  }
}

/** Methods httpd's core knows; the static handler answers others with 501. */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH', 'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK']);

/** What the handler makes of a request that reached it: unknown methods get 501 from the static handler. */
function methodOutcome(method: string, o: CycleOutcome): CycleOutcome {
  if (!KNOWN_METHODS.has(method) && (o.reason === 'static file' || o.reason === 'no such file' || o.reason.startsWith('DirectoryIndex') || o.reason.startsWith('a directory without index')))
    return { ...o, status: 501, file: null, reason: `${method} is not implemented by the static handler` };
  return o;
}

type PassResult = { kind: 'final'; outcome: CycleOutcome } | { kind: 'redirect'; url: string; env: Map<string, string> };

function decodePath(raw: string, redirect = false): string | number {
  if (!redirect && raw[0] !== '/') return 400;
  const d = unescapeUrl(raw);
  if (d === undefined) return 400;
  if (/%2f/i.test(raw) || d.includes('\0')) return 404;
  return normalize(d);
}

/** ap_getparents and merged slashes. */
function normalize(p: string): string {
  const merged = p.replace(/\/{2,}/g, '/');
  const out: string[] = [];
  const parts = merged.split('/');
  for (let i = 0; i < parts.length; i++) {
    const s = parts[i];
    if (s === '.') {
      if (i === parts.length - 1) out.push('');
      continue;
    }
    if (s === '..') {
      if (out.length > 1) out.pop();
      if (i === parts.length - 1) out.push('');
      continue;
    }
    out.push(s);
  }
  return out.join('/') || '/';
}

function newRequest(site: Site, request: CycleRequest, pass: Pass, theRequest: string): RewriteRequest {
  return {
    method: request.method, protocol: 'HTTP/1.1', theRequest, uri: pass.uri, args: pass.args, headers: request.headers,
    remoteAddr: request.remoteAddr, remotePort: 40000, serverName: site.serverName, serverPort: site.port, serverAddr: '127.0.0.1',
    https: site.https, documentRoot: site.documentRoot, env: new Map(pass.env ?? []), isSubrequest: pass.sub,
  };
}

interface Walk {
  filename: string;
  pathInfo: string;
  info: FileInfo | undefined;
}

/** ap_directory_walk's split of a path into the existing file (or first missing segment) and path_info. */
function directoryWalk(filename: string, world: RewriteWorld): Walk {
  const full = world.stat(filename);
  if (full) return { filename, pathInfo: '', info: full };
  const segs = filename.split('/');
  let cur = '';
  for (let i = 1; i < segs.length; i++) {
    cur += '/' + segs[i];
    const st = world.stat(cur);
    const rest = segs.slice(i + 1).join('/');
    if (!st) return { filename: cur, pathInfo: rest || segs.length > i + 1 ? '/' + rest : '', info: undefined };
    if (st.type === 'file') return { filename: cur, pathInfo: segs.length > i + 1 ? '/' + rest : '', info: st };
  }
  return { filename, pathInfo: '', info: undefined };
}

/** The merged per-directory rewrite configuration for a walked filename. */
function dirConfig(site: Site, walk: Walk): { scope: RewriteScope; followSymLinks: boolean; error?: string } {
  const dirOf = walk.info?.type === 'dir' ? trimTrailingSlashes(walk.filename) : walk.filename.slice(0, walk.filename.lastIndexOf('/'));
  let scope = serverDirDefaults(site.server);
  let follow = true;
  for (const d of site.directories) {
    const p = trimTrailingSlashes(d.path);
    if (!(dirOf === p || dirOf.startsWith(p + '/') || p === '')) continue;
    if (d.followSymLinks !== undefined) follow = d.followSymLinks;
    if (d.htaccess && d.scope.errors.length) return { scope, followSymLinks: follow, error: `${d.scope.errors[0].file}:${d.scope.errors[0].line}: ${d.scope.errors[0].message}` };
    if (hasRewriteConfig(d.scope)) scope = mergePerDir(scope, d.scope);
  }
  return { scope, followSymLinks: follow };
}

function runPass(site: Site, request: CycleRequest, world: RewriteWorld, pass: Pass, theRequest: string, state: { ended: boolean; pass: number }, steps: RewriteStep[], unknown: string[]): PassResult {
  const req = newRequest(site, request, pass, theRequest);
  const url = pass.uri + (pass.args !== undefined ? '?' + pass.args : '');
  const final = (status: number, reason: string, extra: Partial<CycleOutcome> = {}): PassResult => ({
    kind: 'final', outcome: { status, location: null, file: null, url, steps, unknown, reason, ...extra },
  });
  const env: PhaseEnv = { world, maps: site.server.maps, pass: state.pass, steps, unknown, ended: state.ended };
  // Server context.
  const sp = runServerPhase(req, site.server, site.serverOwnConfig, env, pass.uri);
  state.ended = env.ended = sp.ended;
  let filename: string;
  const o = sp.outcome;
  switch (o.kind) {
    case 'status':
      return final(o.status, o.reason);
    case 'redirect':
      return final(o.status, 'redirected by a server-context rule', { location: o.location });
    case 'proxy':
      return site.proxyAvailable ? final(200, `proxied to ${o.url}`) : final(403, 'a [P] rule without mod_proxy loaded');
    case 'passthrough':
      req.uri = o.uri;
      filename = site.documentRoot.replace(/\/$/, '') + o.uri;
      break;
    case 'local':
      filename = o.prefixDocroot ? site.documentRoot.replace(/\/$/, '') + o.filename : o.filename;
      break;
    default:
      filename = site.documentRoot.replace(/\/$/, '') + req.uri;
  }
  // TRACE is answered while mapping to storage (TraceEnable on), before the directory walk.
  if (request.method === 'TRACE' && !pass.sub) return final(200, 'TRACE is echoed by the core');
  // Directory walk, then directory-context rules (fixups).
  const walk = directoryWalk(filename, world);
  req.filename = walk.filename;
  req.pathInfo = walk.pathInfo || undefined;
  const dir = dirConfig(site, walk);
  if (dir.error) return final(500, `.htaccess error: ${dir.error}`);
  const dp = runDirectoryPhase(req, dir, env);
  state.ended = env.ended = dp.ended;
  const d = dp.outcome;
  let rewriteRedirect: string | undefined;
  switch (d.kind) {
    case 'status':
      return final(d.status, d.reason);
    case 'redirect':
      return final(d.status, 'redirected by a directory rule', { location: d.location });
    case 'proxy':
      return site.proxyAvailable ? final(200, `proxied to ${d.url}`) : final(403, 'a [P] rule without mod_proxy loaded');
    case 'internal-redirect':
      rewriteRedirect = d.url;
      break;
  }
  // mod_dir.
  if (walk.info?.type === 'dir' && !req.pathInfo) {
    if (!req.uri.endsWith('/')) {
      if (!site.directorySlash) return final(rewriteRedirect ? 0 : 404, 'a directory without trailing slash');
      const scheme = site.https ? 'https' : 'http';
      const port = site.port === (site.https ? 443 : 80) ? '' : `:${site.port}`;
      const loc = `${scheme}://${site.serverName}${port}${escapeUri(req.uri)}/${req.args !== undefined ? '?' + req.args : ''}`;
      return final(301, 'mod_dir adds the trailing slash', { location: loc });
    }
    if (rewriteRedirect !== undefined) return { kind: 'redirect', url: rewriteRedirect, env: req.env };
    if (pass.sub) return final(200, 'directory');
    let lastError = 0;
    for (const name of site.directoryIndex) {
      const sub: Pass = { uri: req.uri + name, args: req.args, sub: true };
      const sr = runSubrequest(site, request, world, sub, theRequest, state, steps, unknown);
      if (sr.status === 200 && sr.regular) {
        if (sr.redirectTo !== undefined) return { kind: 'redirect', url: sr.redirectTo, env: req.env };
        return final(200, `DirectoryIndex ${name}`, { file: sr.filename ?? null, url: sub.uri });
      }
      if (sr.status >= 300 && sr.status < 400) return final(sr.status, 'the index sub-request redirected', { location: sr.location ?? null });
      if (sr.status && sr.status !== 404 && sr.status !== 200) lastError = sr.status;
    }
    if (lastError) return final(lastError, 'the index sub-request failed');
    return final(404, 'a directory without index file (and no mod_autoindex)');
  }
  if (rewriteRedirect !== undefined) return { kind: 'redirect', url: rewriteRedirect, env: req.env };
  if (!walk.info) return final(404, 'no such file');
  if (walk.info.type === 'dir') return final(404, 'a directory with path info');
  if (req.pathInfo && !site.acceptPathInfo) return final(404, 'path info on a static file');
  return final(200, 'static file', { file: walk.filename });
}

interface SubResult {
  status: number;
  regular: boolean;
  filename?: string;
  location?: string;
  redirectTo?: string;
}

/** A DirectoryIndex look-up (ap_sub_req_lookup_uri): both rewrite phases, no handler. */
function runSubrequest(
  site: Site, request: CycleRequest, world: RewriteWorld, pass: Pass, theRequest: string, state: { ended: boolean; pass: number }, steps: RewriteStep[], unknown: string[],
): SubResult {
  const req = newRequest(site, request, pass, theRequest);
  const env: PhaseEnv = { world, maps: site.server.maps, pass: state.pass, steps, unknown, ended: false };
  const sp = pass.file !== undefined ? { outcome: { kind: 'declined' } as const } : runServerPhase(req, site.server, site.serverOwnConfig, env, pass.uri);
  const o: PhaseOutcome = sp.outcome;
  if (o.kind === 'status') return { status: o.status, regular: false };
  if (o.kind === 'redirect') return { status: o.status, regular: false, location: o.location };
  if (o.kind === 'proxy') return { status: site.proxyAvailable ? 200 : 403, regular: false };
  const root = site.documentRoot.replace(/\/$/, '');
  const filename = pass.file !== undefined ? pass.file
    : o.kind === 'passthrough' ? root + o.uri
    : o.kind === 'local' ? (o.prefixDocroot ? root + o.filename : o.filename)
    : root + req.uri;
  const walk = directoryWalk(filename, world);
  req.filename = walk.filename;
  req.pathInfo = walk.pathInfo || undefined;
  const dir = dirConfig(site, walk);
  if (dir.error) return { status: 500, regular: false };
  const dp = runDirectoryPhase(req, dir, env);
  const d = dp.outcome;
  if (d.kind === 'status') return { status: d.status, regular: false };
  if (d.kind === 'redirect') return { status: d.status, regular: false, location: d.location };
  if (d.kind === 'proxy') return { status: site.proxyAvailable ? 200 : 403, regular: false };
  const regular = walk.info?.type === 'file';
  if (d.kind === 'internal-redirect') return { status: 200, regular, redirectTo: d.url };
  return { status: 200, regular, filename: walk.filename };
}

export { emptyScope };
