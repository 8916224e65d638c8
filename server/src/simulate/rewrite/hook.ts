// The rewrite engine in the request trace's slot (trace/types.ts RewriteHook): reads the
// Rewrite* uses the pipeline hands over, merges them as mod_rewrite does, runs the server or
// directory phase and translates the phase's outcome into the pipeline's decision.

import * as path from 'path';
import type { DirectiveUse } from '../../model';
import type { RewriteDecision, RewriteDirectiveUse, RewriteHook, RewriteInput, TraceFileView } from '../trace/types';
import { readRewriteScope, type RewriteDirective } from './directives';
import { runDirectoryPhase, runServerPhase, type PhaseEnv, type PhaseOutcome } from './hooks';
import { hasRewriteConfig, mergePerDir, mergeServer, serverDirDefaults } from './merge';
import { unescapeUrl } from './escape';
import type { RewriteStep } from './trace';
import type { RewriteRequest, RewriteScope, RewriteWorld } from './types';

/** httpd's version whose rewrite behaviour is simulated (the 2.4.60+ '?' and prefix checks). */
export const DEFAULT_REWRITE_VERSION = '2.4.71';

/** The argument text httpd hands to RewriteRule/RewriteCond: words re-quoted where they hold blanks. */
function rawOf(use: DirectiveUse): string {
  return use.args.map((a) => (/[\s"]/.test(a) || a === '' ? `'${a}'` : a)).join(' ');
}

function directivesOf(uses: DirectiveUse[]): RewriteDirective[] {
  return uses.map((u) => ({ name: u.name, raw: rawOf(u), file: u.file, line: u.line.line + 1 }));
}

const inVhost = (u: DirectiveUse): boolean => u.parents.some((p) => p.key === 'virtualhost');
const inSection = (u: DirectiveUse): boolean => u.parents.some((p) => p.key !== 'virtualhost');

/** The server-level scopes: the main server's and the chosen virtual host's rewrite directives. */
function serverScopes(input: RewriteInput): { merged: RewriteScope; own: boolean } {
  const all = input.model.uses.filter((u) => u.active && u.key.startsWith('rewrite') && !u.isSection && !inSection(u));
  const main = readRewriteScope(directivesOf(all.filter((u) => !inVhost(u))), null);
  if (!input.vhost) return { merged: main, own: hasRewriteConfig(main) };
  const vh = readRewriteScope(directivesOf(all.filter((u) => u.parents.includes(input.vhost as never))), null);
  return { merged: mergeServer(main, vh), own: hasRewriteConfig(vh) };
}

/** Groups directory-context uses by the section (or .htaccess) they come from, in merge order. */
function directoryScopes(uses: RewriteDirectiveUse[]): { scope: RewriteScope; kind: string }[] {
  const groups: { key: string; dir: string; kind: string; uses: DirectiveUse[] }[] = [];
  for (const u of uses) {
    const from = u.from;
    const key = from ? `${from.kind} ${from.file}:${from.line} ${from.argument}` : 'server';
    let g = groups[groups.length - 1];
    if (!g || g.key !== key) {
      const dir = from ? (from.kind === 'htaccess' ? from.argument : from.argument.replace(/^"(.*)"$/, '$1')) : '/';
      g = { key, dir, kind: from?.kind ?? 'server', uses: [] };
      groups.push(g);
    }
    g.uses.push(u.use);
  }
  return groups.map((g) => ({ scope: readRewriteScope(directivesOf(g.uses), g.dir), kind: g.kind }));
}

function worldOf(files: TraceFileView | undefined, input: RewriteInput): RewriteWorld {
  return {
    stat(p) {
      const k = files?.stat(p);
      return k === 'file' ? { type: 'file', size: 1 } : k === 'directory' ? { type: 'dir', size: 4096 } : undefined;
    },
    readMap: (p) => files?.readFile(p),
    now: () => new Date(),
    matchesVhost: (host, port) => host.toLowerCase() === input.request.host.toLowerCase() && port === input.request.port,
    version: DEFAULT_REWRITE_VERSION,
  };
}

/** [END] seen for a traced request: it holds for its internal redirects too. */
const ended = new WeakMap<object, boolean>();

export interface RewriteHookOptions {
  files?: TraceFileView;
  documentRoot?: (input: RewriteInput) => string;
  now?: () => Date;
}

/** The mod_rewrite engine for the request trace. Never throws; bounded work. */
export function createRewriteHook(options: RewriteHookOptions = {}): RewriteHook {
  return (input) => {
    const steps: RewriteStep[] = [];
    const unknown: string[] = [];
    try {
      const ext = input as RewriteInput & { files?: TraceFileView; documentRoot?: string; pathInfo?: string };
      const world = worldOf(ext.files ?? options.files, input);
      if (options.now) world.now = options.now;
      const server = serverScopes(input);
      const https = /^https:/i.test(input.request.url);
      const env = new Map(Object.entries(input.env));
      if (input.round > 0) env.set('REDIRECT_STATUS', env.get('REDIRECT_STATUS') ?? '200');
      const req: RewriteRequest = {
        method: input.request.method, protocol: 'HTTP/1.1', theRequest: `${input.request.method} ${input.uri}${input.query ? '?' + input.query : ''} HTTP/1.1`,
        uri: input.uri, args: input.query === '' ? undefined : input.query, filename: input.context === 'directory' ? input.filename : undefined,
        pathInfo: ext.pathInfo || undefined, headers: new Map(Object.entries(input.headers)), remoteAddr: input.request.clientAddress, remotePort: 40000,
        serverName: input.request.host, serverPort: input.request.port, serverAddr: '127.0.0.1', https,
        documentRoot: ext.documentRoot ?? options.documentRoot?.(input) ?? '/var/www/html', env, isSubrequest: false,
      };
      const phase: PhaseEnv = { world, maps: server.merged.maps, pass: input.round + 1, steps, unknown, ended: ended.get(input.request) ?? false };
      let outcome: PhaseOutcome;
      if (input.context === 'server') {
        const r = runServerPhase(req, server.merged, server.own, phase, input.uri);
        if (r.ended) ended.set(input.request, true);
        outcome = r.outcome;
      } else {
        let scope = serverDirDefaults(server.merged);
        let sawLocation = false;
        for (const s of directoryScopes(input.uses)) {
          if (/location/i.test(s.kind)) sawLocation = true;
          if (hasRewriteConfig(s.scope)) scope = mergePerDir(scope, s.scope);
        }
        if (sawLocation) unknown.push('Rewrite rules inside <Location> are not simulated (httpd applies them against a path prefix that is not a directory)');
        const r = runDirectoryPhase(req, { scope, followSymLinks: true }, phase);
        if (r.ended) ended.set(input.request, true);
        outcome = r.outcome;
      }
      return { decision: decisionOf(outcome, unknown), steps, env: Object.fromEntries(req.env) };
    } catch (e) {
      return { decision: { kind: 'unknown', reason: `the rewrite engine stopped: ${(e as Error)?.message ?? e}` }, steps };
    }
  };
}

function decisionOf(o: PhaseOutcome, unknown: string[]): RewriteDecision {
  if (unknown.length && o.kind === 'declined') return { kind: 'unknown', reason: [...new Set(unknown)].join('; ') };
  switch (o.kind) {
    case 'declined':
    case 'unchanged':
      return { kind: 'none' };
    case 'status':
      return o.status === 403 ? { kind: 'forbidden' } : o.status === 410 ? { kind: 'gone' } : { kind: 'status', status: o.status };
    case 'redirect':
      return { kind: 'redirect', status: o.status, location: o.location };
    case 'proxy':
      return { kind: 'proxy', url: o.url };
    case 'passthrough':
      return { kind: 'uri', uri: o.uri };
    case 'local':
      return o.prefixDocroot ? { kind: 'uri', uri: o.filename } : { kind: 'file', filename: path.normalize(o.filename) };
    case 'internal-redirect': {
      const hash = o.url.indexOf('#');
      const q = o.url.indexOf('?');
      const cut = hash >= 0 && (q < 0 || hash < q) ? hash : q;
      const rawPath = cut < 0 ? o.url : o.url.slice(0, cut);
      const query = q >= 0 && cut === q ? o.url.slice(q + 1, hash > q ? hash : undefined) : undefined;
      return { kind: 'internal-redirect', uri: unescapeUrl(rawPath) ?? rawPath, query };
    }
  }
}

/** The default engine of the trace: the real disk unless the trace passes its file view. */
export const rewriteEngine: RewriteHook = createRewriteHook();
