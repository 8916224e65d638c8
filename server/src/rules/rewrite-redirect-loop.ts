// A redirect whose target is redirected again to itself: the browser follows it until it gives
// up ("too many redirects"). Found by simulation with the rewrite engine (simulate/rewrite/
// redirect-loop.ts); reported only where every later hop is decided by the URL alone.

import * as path from 'path';
import { activeUses, gatheredOnce, perRun, runSlot, type ConfigModel, type DirectiveUse } from '../model';
import { readRewriteScope, type RewriteDirective } from '../simulate/rewrite/directives';
import { findRedirectLoops, redirectsMayLoop, SIMULATED_ROOT, type LoopContext } from '../simulate/rewrite/redirect-loop';
import type { Rule, RuleContext } from './lib/types';
import { forEachSpanningContainer, rewriteContainers, runContainers, type ContainerKey, type RewriteContainer } from './lib/rewrite-scopes';
import { containedSections } from './lib/run-local';
import { descendants, inGroup } from './lib/util';
import { trimTrailingSlashes } from '../parser';

/** Whether a word needs quotes to stay one word: a blank (as /\s/ reads it) or a '"'. */
function needsQuotes(word: string): boolean {
  if (word === '') return true;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c === 0x20 || c === 0x22 || (c >= 0x09 && c <= 0x0d)) return true;
    if (c > 0x7f && /\s/.test(word[i])) return true;
  }
  return false;
}

/** The argument text httpd hands to the Rewrite* directive: words re-quoted where they hold blanks. */
function directivesOf(uses: readonly DirectiveUse[]): RewriteDirective[] {
  const out: RewriteDirective[] = new Array(uses.length);
  for (let i = 0; i < uses.length; i++) {
    const u = uses[i];
    let raw = '';
    for (let j = 0; j < u.args.length; j++) {
      const a = u.args[j];
      raw += (j ? ' ' : '') + (needsQuotes(a) ? `'${a}'` : a);
    }
    out[i] = { name: u.name, raw, file: u.file, line: u.line.line + 1 };
  }
  return out;
}

const trimSlash = trimTrailingSlashes;

interface ServerFacts {
  names: string[];
  https: boolean;
  port: number;
}

/** A server's facts and the same as a string, the scopes' `extra` (one string per server: compared by identity while kept). */
interface KeyedFacts {
  facts: ServerFacts;
  key: string;
}

const keyed = (facts: ServerFacts): KeyedFacts => ({ facts, key: JSON.stringify(facts) });

/** A virtual host without ServerName, ServerAlias or SSLEngine lines: port 80 whatever its address says. */
const NO_FACTS = keyed({ names: [], https: false, port: 80 });

const FACT_KEYS = new Set(['servername', 'serveralias', 'sslengine']);

/**
 * The host names, scheme and port of a server from its uses in read order: the last ServerName
 * first, then the earlier ones, then each ServerAlias.
 */
function factsOf(vhost: DirectiveUse | null, uses: Iterable<DirectiveUse>): KeyedFacts {
  const port = vhost ? Number(/:(\d+)$/.exec(vhost.args[0] ?? '')?.[1] ?? 80) : 80;
  const names: string[] = [];
  const aliases: string[] = [];
  let https = false;
  let any = !vhost;
  for (const u of uses) {
    if (!u.active || !FACT_KEYS.has(u.key)) continue;
    if (u.key === 'servername') {
      if (!u.args[0]) continue;
      names.push(u.args[0].replace(/^[a-z]+:\/\//i, '').replace(/:\d+$/, '').toLowerCase());
    } else if (u.key === 'serveralias') {
      for (const a of u.args) if (!/[*?]/.test(a)) aliases.push(a.toLowerCase());
    } else if (/^on$/i.test(u.args[0] ?? '')) https = true;
    any = true;
  }
  if (!any) return NO_FACTS;
  names.reverse();
  for (const a of aliases) names.push(a);
  return keyed({ names, https: https || port === 443, port });
}

/** Per outermost virtual host read from one file alone (nothing included in it): its facts, kept while it is the same section. */
const vhostFacts = new WeakMap<DirectiveUse, KeyedFacts>();

/** Whether nothing under a section was read from another file (then its subtree is fixed while the section object is). */
function readFromOneFile(section: DirectiveUse, subtree: readonly DirectiveUse[]): boolean {
  for (let i = 0; i < subtree.length; i++) if (subtree[i].file !== section.file) return false;
  return true;
}

/**
 * The host names, scheme and port of the server a rewrite scope belongs to (its outermost
 * virtual host, or null for the main server), asked per scope: a virtual host's from its own
 * lines (kept with it), the main server's from the lines outside every virtual host.
 */
function serverFacts(model: ConfigModel): (vhost: DirectiveUse | null) => KeyedFacts {
  let main: KeyedFacts | undefined;
  return (vhost) => {
    if (!vhost) {
      const outside = (u: DirectiveUse): boolean => !u.parents.some((p) => p.key === 'virtualhost');
      return (main ??= factsOf(null, [...activeUses(model, 'servername'), ...activeUses(model, 'serveralias'), ...activeUses(model, 'sslengine')].filter(outside)));
    }
    return hostFacts(vhost);
  };
}

/** A virtual host's facts from its own lines, kept with it while nothing under it comes from another file. */
function hostFacts(vhost: DirectiveUse): KeyedFacts {
  let f = vhostFacts.get(vhost);
  if (f) return f;
  const subtree = descendants(vhost);
  f = factsOf(vhost, subtree);
  if (readFromOneFile(vhost, subtree)) vhostFacts.set(vhost, f);
  return f;
}

/** The directory a per-directory container applies to (filesystem path), or undefined. */
function directoryOf(c: RewriteContainer): string | undefined {
  const use = c.uses[0];
  if (use.scope === 'htaccess') return path.dirname(use.file);
  const owner = [...use.parents].reverse().find((p) => p.key === 'directory' && p.args[0] !== '~');
  return owner?.args[0] ? trimSlash(owner.args[0]) : undefined;
}

/** The URL-path of a directory: RewriteBase, or its place under a DocumentRoot of the tree. */
function urlPrefixOf(roots: string[], dir: string | undefined, base: string | undefined): string | undefined {
  if (base) return base.endsWith('/') ? base : base + '/';
  if (!dir) return undefined;
  for (const root of roots) {
    if (dir === root) return '/';
    if (dir.startsWith(root + '/')) return dir.slice(root.length) + '/';
  }
  return undefined;
}

/**
 * Each rewrite scope that can be simulated alone, with what its simulation reads beyond its own
 * uses (`extra`), so an unchanged scope with unchanged surroundings replays its findings.
 */
interface LoopScope {
  container: RewriteContainer;
  extra: string;
  /** What the pre-check's verdict depends on: the context, the directory's URL and the lines. */
  texts: () => string;
  context: () => LoopContext | undefined;
}

/** The rewrite lines of a container, read once per scope. */
function linesOf(uses: readonly DirectiveUse[]): () => RewriteDirective[] {
  let directives: RewriteDirective[] | undefined;
  return () => (directives ??= directivesOf(uses));
}

const textsOf = (head: string, directives: RewriteDirective[]): string => head + '\n' + directives.map((d) => d.name + ' ' + d.raw).join('\n');

/** Whether a container has a RewriteRule (containers are kept with their run, and so is this). */
const hasRule = new WeakMap<RewriteContainer, boolean>();

function withRule(c: RewriteContainer): boolean {
  let has = hasRule.get(c);
  if (has === undefined) hasRule.set(c, (has = c.uses.some((u) => u.key === 'rewriterule')));
  return has;
}

/** A server or virtual host container's scope. */
function serverScope(c: RewriteContainer, server: KeyedFacts): LoopScope {
  const lines = linesOf(c.uses);
  return {
    container: c,
    extra: server.key,
    texts: () => textsOf('server', lines()),
    context: () => {
      const scope = readRewriteScope(lines(), null);
      return scope.options.inherit || scope.options.inheritBefore || scope.errors.length ? undefined : { context: 'server', scope, ...server.facts };
    },
  };
}

/** What a container's scope reads of the rest of the tree, asked only when some container needs it. */
interface TreeFacts {
  facts: (vhost: DirectiveUse | null) => KeyedFacts;
  /** Server-context rules run before any directory's: a directory scope is simulated alone only when no server or virtual host rewrites. */
  serverRules: () => boolean;
  directories: () => { shadowed: Set<string>; unknownDir: boolean; roots: string[] };
}

function treeFacts(model: ConfigModel): TreeFacts {
  let serverRules: boolean | undefined;
  let directories: ReturnType<TreeFacts['directories']> | undefined;
  return {
    facts: serverFacts(model),
    serverRules: () => (serverRules ??= rewriteContainers(model).some((c) => c.context === 'server' && withRule(c))),
    directories: () => (directories ??= directoryFacts(model, rewriteContainers(model))),
  };
}

const vhostOf = (c: RewriteContainer): DirectiveUse | null => c.uses[0].parents.find((p) => p.key === 'virtualhost') ?? null;

/** The scope a container is simulated as, or undefined when it is not simulated alone. */
function scopeOf(c: RewriteContainer, tree: TreeFacts): LoopScope | undefined {
  if (c.location || !withRule(c)) return undefined;
  const server = tree.facts(vhostOf(c));
  if (c.context === 'server') return serverScope(c, server);
  if (tree.serverRules()) return undefined;
  const directories = tree.directories();
  const dir = directoryOf(c);
  if (dir === undefined || directories.unknownDir || directories.shadowed.has(dir)) return undefined;
  const lines = linesOf(c.uses);
  // Read once: the directory only names the scope (its RewriteBase decides the URL prefix).
  const scope = readRewriteScope(lines(), SIMULATED_ROOT + '/');
  const prefix = urlPrefixOf(directories.roots, dir, scope.base);
  scope.directory = SIMULATED_ROOT + (prefix ?? '/~httpd-lint-unknown-directory~/');
  return {
    container: c,
    extra: JSON.stringify([server.facts, prefix]),
    texts: () => textsOf(`directory ${prefix ?? ''}`, lines()),
    context: () => {
      return scope.options.inherit || scope.options.inheritBefore || scope.errors.length ? undefined : { context: 'directory', scope, urlPrefix: prefix, ...server.facts };
    },
  };
}

type Report = Parameters<RuleContext['report']>[0];

/** The redirect loops of one scope. */
function checkScope({ container, texts, context }: LoopScope, report: (finding: Report) => void): void {
  const key = texts();
  if (cleared.has(key)) return;
  const c = context();
  if (!c) return;
  if (!redirectsMayLoop(c)) {
    if (cleared.size >= 4000) cleared.clear();
    cleared.add(key);
    return;
  }
  const search = findRedirectLoops(c);
  if (search.stoppedAt) {
    const at = search.stoppedAt;
    const use = container.uses.find((u) => u.key === 'rewriterule' && u.file === at.file && u.line.line + 1 === at.line);
    if (use) {
      report({
        file: use.file, line: use.line.line, start: use.line.contentStart, end: use.line.contentEnd, severity: 'information',
        message: `Redirect loops were not searched from here on: following the redirects of this scope's ${c.scope.rules.length} rules needs more than the search's budget of rule runs.`,
      });
    }
  }
  for (const loop of search.loops) {
    const use = container.uses.find((u) => u.key === 'rewriterule' && u.file === loop.rule.file && u.line.line + 1 === loop.rule.line);
    const word = use?.words[1] ?? use?.words[0];
    if (!use || !word) continue;
    const hops = loop.chain.length - 1;
    report({
      file: use.file, line: use.line.line, start: word.start, end: word.end,
      message: hops === 1
        ? `Redirect loop: a request for ${loop.chain[0]} is redirected to ${loop.chain[0]} again by these rules. Add a condition that excludes the target, or change the target.`
        : `Redirect loop: ${loop.chain.join(' -> ')} (${hops} redirects back to the start). Add a condition that excludes the target, or change the target.`,
    });
  }
}

/**
 * A run's findings in container order, made once per run: a server-context scope that lies in
 * the run with its virtual host reads nothing else (its host's facts come from the host's own
 * lines), so its loops are found with the run; every other container is marked by its key and
 * simulated at the tree level.
 */
export const loopEvents = runSlot((run, model) => {
  const { keys, containers, local } = perRun(model, runContainers, run);
  const events: ({ report: Report; key?: undefined } | { key: ContainerKey; report?: undefined })[] = [];
  let contained: Set<DirectiveUse> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const c = containers[i];
    if (local[i]) {
      if (c.location || !withRule(c)) continue;
      const vhost = c.context === 'server' ? vhostOf(c) : null;
      if (vhost && (contained ??= containedSections(run)).has(vhost)) {
        checkScope(serverScope(c, hostFacts(vhost)), (finding) => void events.push({ report: finding }));
        continue;
      }
    }
    events.push({ key: keys[i] });
  }
  return events;
});

/** What directory scopes read beyond their own lines: deeper directories with rules, and the DocumentRoots. */
function directoryFacts(model: ConfigModel, containers: readonly RewriteContainer[]): { shadowed: Set<string>; unknownDir: boolean; roots: string[] } {
  const dirs = containers.filter((c) => c.context === 'directory' && !c.location).map(directoryOf);
  // A deeper directory with its own rules takes over part of a shallower one's URLs.
  const shadowed = new Set<string>();
  for (const d of dirs) for (let p = d === undefined ? '' : path.posix.dirname(d); d !== undefined && p !== '/' && p !== '.' && !shadowed.has(p); p = path.posix.dirname(p)) shadowed.add(p);
  const roots = activeUses(model, 'documentroot').filter((u) => u.args[0]).map((u) => trimSlash(u.args[0]));
  return { shadowed, unknownDir: dirs.includes(undefined), roots };
}

/**
 * Scopes (by their lines and place) whose every redirect the pre-check ruled out: a tree of many
 * virtual hosts repeats the same rewrite block, which is then not read again.
 */
const cleared = new Set<string>();

export const rewriteRedirectLoop: Rule = {
  id: 'rewrite-redirect-loop',
  category: 'hygiene',
  defaultSeverity: 'warning',
  summary: 'A RewriteRule redirect whose target the same rules redirect again to the same URL (or round a cycle back to it): an endless redirect loop.',
  check(ctx) {
    let tree: TreeFacts | undefined;
    forEachSpanningContainer(ctx, gatheredOnce(ctx.model, loopEvents), (container) => {
      const scope = scopeOf(container, (tree ??= treeFacts(ctx.model)));
      if (scope) inGroup(ctx, scope.container.uses, scope.extra, () => checkScope(scope, (finding) => ctx.report(finding)));
    });
  },
};
