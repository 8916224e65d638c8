// A redirect whose target is redirected again to itself: the browser follows it until it gives
// up ("too many redirects"). Found by simulation with the rewrite engine (simulate/rewrite/
// redirect-loop.ts); reported only where every later hop is decided by the URL alone.

import * as path from 'path';
import type { ConfigModel, DirectiveUse } from '../model';
import { readRewriteScope, type RewriteDirective } from '../simulate/rewrite/directives';
import { findRedirectLoops, SIMULATED_ROOT, type LoopContext } from '../simulate/rewrite/redirect-loop';
import type { Rule } from './lib/types';
import { rewriteContainers, type RewriteContainer } from './lib/rewrite-scopes';

/** The argument text httpd hands to the Rewrite* directive: words re-quoted where they hold blanks. */
function directivesOf(uses: DirectiveUse[]): RewriteDirective[] {
  return uses.map((u) => ({ name: u.name, raw: u.args.map((a) => (/[\s"]/.test(a) || a === '' ? `'${a}'` : a)).join(' '), file: u.file, line: u.line.line + 1 }));
}

const trimSlash = (p: string): string => p.replace(/\/+$/, '');

/** The host names, scheme and port of the virtual host (or main server) a use belongs to. */
function serverOf(model: ConfigModel, use: DirectiveUse): { names: string[]; https: boolean; port: number } {
  const vhost = use.parents.find((p) => p.key === 'virtualhost');
  const inScope = (u: DirectiveUse): boolean => u.active && (vhost ? u.parents.includes(vhost) : !u.parents.some((p) => p.key === 'virtualhost'));
  const names: string[] = [];
  for (const u of model.uses) {
    if (!inScope(u)) continue;
    if (u.key === 'servername' && u.args[0]) names.unshift(u.args[0].replace(/^[a-z]+:\/\//i, '').replace(/:\d+$/, '').toLowerCase());
    if (u.key === 'serveralias') names.push(...u.args.filter((a) => !/[*?]/.test(a)).map((a) => a.toLowerCase()));
  }
  const port = vhost ? Number(/:(\d+)$/.exec(vhost.args[0] ?? '')?.[1] ?? 80) : 80;
  const ssl = model.uses.some((u) => inScope(u) && u.key === 'sslengine' && /^on$/i.test(u.args[0] ?? ''));
  return { names, https: ssl || port === 443, port };
}

/** The directory a per-directory container applies to (filesystem path), or undefined. */
function directoryOf(c: RewriteContainer): string | undefined {
  const use = c.uses[0];
  if (use.scope === 'htaccess') return path.dirname(use.file);
  const owner = [...use.parents].reverse().find((p) => p.key === 'directory' && p.args[0] !== '~');
  return owner?.args[0] ? trimSlash(owner.args[0]) : undefined;
}

/** The URL-path of a directory: RewriteBase, or its place under a DocumentRoot of the tree. */
function urlPrefixOf(model: ConfigModel, dir: string | undefined, base: string | undefined): string | undefined {
  if (base) return base.endsWith('/') ? base : base + '/';
  if (!dir) return undefined;
  const roots = model.uses.filter((u) => u.active && u.key === 'documentroot' && u.args[0]).map((u) => trimSlash(u.args[0]));
  for (const root of roots) {
    if (dir === root) return '/';
    if (dir.startsWith(root + '/')) return dir.slice(root.length) + '/';
  }
  return undefined;
}

function contextsOf(model: ConfigModel): LoopContext[] {
  const containers = rewriteContainers(model);
  // Server-context rules run before any directory's: a directory scope is simulated alone only
  // when no server or virtual host rewrites.
  const serverRules = containers.some((c) => c.context === 'server' && c.uses.some((u) => u.key === 'rewriterule'));
  const dirs = containers.filter((c) => c.context === 'directory' && !c.location).map(directoryOf);
  const out: LoopContext[] = [];
  for (const c of containers) {
    if (c.location || !c.uses.some((u) => u.key === 'rewriterule')) continue;
    const server = serverOf(model, c.uses[0]);
    if (c.context === 'server') {
      const scope = readRewriteScope(directivesOf(c.uses), null);
      if (scope.options.inherit || scope.options.inheritBefore || scope.errors.length) continue;
      out.push({ context: 'server', scope, ...server });
      continue;
    }
    if (serverRules) continue;
    const dir = directoryOf(c);
    // A deeper directory with its own rules would take over part of this one's URLs.
    if (dir === undefined || dirs.some((d) => d === undefined || (d !== dir && d.startsWith(dir + '/')))) continue;
    const probe = readRewriteScope(directivesOf(c.uses), '/');
    const prefix = urlPrefixOf(model, dir, probe.base);
    const scope = readRewriteScope(directivesOf(c.uses), SIMULATED_ROOT + (prefix ?? '/~httpd-lint-unknown-directory~/'));
    if (scope.options.inherit || scope.options.inheritBefore || scope.errors.length) continue;
    out.push({ context: 'directory', scope, urlPrefix: prefix, ...server });
  }
  return out;
}

export const rewriteRedirectLoop: Rule = {
  id: 'rewrite-redirect-loop',
  category: 'hygiene',
  defaultSeverity: 'warning',
  summary: 'A RewriteRule redirect whose target the same rules redirect again to the same URL (or round a cycle back to it): an endless redirect loop.',
  check(ctx) {
    for (const c of contextsOf(ctx.model)) {
      for (const loop of findRedirectLoops(c)) {
        const use = ctx.model.uses.find((u) => u.key === 'rewriterule' && u.file === loop.rule.file && u.line.line + 1 === loop.rule.line);
        const word = use?.words[1] ?? use?.words[0];
        if (!use || !word) continue;
        const hops = loop.chain.length - 1;
        ctx.report({
          file: use.file, line: use.line.line, start: word.start, end: word.end,
          message: hops === 1
            ? `Redirect loop: a request for ${loop.chain[0]} is redirected to ${loop.chain[0]} again by these rules. Add a condition that excludes the target, or change the target.`
            : `Redirect loop: ${loop.chain.join(' -> ')} (${hops} redirects back to the start). Add a condition that excludes the target, or change the target.`,
        });
      }
    }
  },
};
