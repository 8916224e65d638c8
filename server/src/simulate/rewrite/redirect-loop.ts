// External redirect loops found by simulation: a request the redirect rule answers is built
// from its pattern, its Location is requested again through the same rules in the same context,
// and so on for a few hops. A loop is reported only when every hop after the first was decided
// from the URL alone (path, query, host, scheme, port): a condition on a header, a file, the
// environment or an expression, or a target outside this context, means no finding.

import { unescapeUrl } from './escape';
import { runDirectoryPhase, runServerPhase, type PhaseEnv } from './hooks';
import { mayRedirectAgain } from './loop-precheck';
import { execPattern } from './regex';
import type { RewriteStep } from './trace';
import type { RewriteCondDef, RewriteRequest, RewriteRuleDef, RewriteScope, RewriteWorld } from './types';
import { witnessFor } from './witness';
import { bracedNames } from '../../parser';

export interface LoopContext {
  context: 'server' | 'directory';
  /** This scope's rules; a directory scope's `directory` is the physical directory used below. */
  scope: RewriteScope;
  /** Directory context: the URL-path of the directory ('/' or '/sub/'); undefined when unknown. */
  urlPrefix?: string;
  /** Host names this context answers (ServerName, ServerAlias); the first is used for requests. */
  names: string[];
  https: boolean;
  port: number;
}

export interface RedirectLoop {
  rule: RewriteRuleDef;
  /** The Locations in order; the last equals the first. */
  chain: string[];
}

/** Physical directory the simulation gives a directory scope (only its prefix role matters). */
export const SIMULATED_ROOT = '/srv/httpd-lint-simulated-root';
/** URL prefix standing for a directory whose URL is not known: never written by a user. */
const UNKNOWN_PREFIX = '/~httpd-lint-unknown-directory~/';
const MAX_HOPS = 5;

/** Variables whose value a redirected request's URL decides. */
const DECIDABLE = new Set(['REQUEST_URI', 'QUERY_STRING', 'HTTP_HOST', 'HTTP:HOST', 'HTTPS', 'SERVER_PORT', 'REQUEST_SCHEME', 'THE_REQUEST', 'REQUEST_METHOD']);

function decidableText(text: string): boolean {
  if (/\$\{/.test(text)) return false;
  for (const v of bracedNames(text, '%{')) if (!DECIDABLE.has(v.name.toUpperCase())) return false;
  return true;
}

function decidableCond(c: RewriteCondDef): boolean {
  return (c.kind === 'regex' || c.kind.startsWith('str-') || c.kind.startsWith('int-')) && decidableText(c.input) && (c.kind !== 'regex' || !!c.compiled?.ok);
}

interface Url {
  https: boolean;
  host: string;
  port: number;
  path: string;
  query?: string;
}

function parseLocation(location: string): Url | undefined {
  const m = /^(https?):\/\/([^/:?#]+)(?::(\d+))?([^?#]*)(?:\?([^#]*))?/i.exec(location);
  if (!m) return undefined;
  const https = m[1].toLowerCase() === 'https';
  return { https, host: m[2].toLowerCase(), port: m[3] ? Number(m[3]) : https ? 443 : 80, path: m[4] || '/', query: m[5] };
}

const world = (url: Url): RewriteWorld => ({
  stat: () => undefined,
  now: () => new Date(0),
  matchesVhost: (host, port) => host.toLowerCase() === url.host && port === url.port,
  version: '2.4.71',
});

interface Hop {
  location?: string;
  steps: RewriteStep[];
  unknown: string[];
}

/** One request through this context's rules. */
function requestOnce(ctx: LoopContext, url: Url): Hop {
  const steps: RewriteStep[] = [];
  const unknown: string[] = [];
  const uri = unescapeUrl(url.path);
  if (uri === undefined) return { steps, unknown: ['undecodable path'] };
  const req: RewriteRequest = {
    method: 'GET', protocol: 'HTTP/1.1', theRequest: `GET ${url.path}${url.query !== undefined ? '?' + url.query : ''} HTTP/1.1`,
    uri, args: url.query, headers: new Map([['Host', url.host + (url.port === (url.https ? 443 : 80) ? '' : `:${url.port}`)]]),
    remoteAddr: '192.0.2.1', remotePort: 40000, serverName: url.host, serverPort: url.port, serverAddr: '127.0.0.1', https: url.https,
    documentRoot: SIMULATED_ROOT, env: new Map(), isSubrequest: false,
  };
  const env: PhaseEnv = { world: world(url), maps: ctx.scope.maps, pass: 1, steps, unknown, ended: false };
  if (ctx.context === 'server') {
    const r = runServerPhase(req, ctx.scope, true, env, url.path);
    return { location: r.outcome.kind === 'redirect' ? r.outcome.location : undefined, steps, unknown };
  }
  const prefix = ctx.urlPrefix ?? UNKNOWN_PREFIX;
  if (!uri.startsWith(prefix)) return { steps, unknown: ['outside the directory'] };
  req.filename = SIMULATED_ROOT + uri;
  const r = runDirectoryPhase(req, { scope: ctx.scope, followSymLinks: true }, env);
  return { location: r.outcome.kind === 'redirect' ? r.outcome.location : undefined, steps, unknown };
}

/** The scope's rules and conditions by file:line, made once per search. */
interface RuleIndex {
  rules: Map<string, RewriteRuleDef>;
  conds: Map<string, RewriteCondDef>;
}

function indexRules(rules: RewriteRuleDef[]): RuleIndex {
  const index: RuleIndex = { rules: new Map(), conds: new Map() };
  for (const r of rules) {
    index.rules.set(`${r.file}:${r.line}`, r);
    for (const c of r.conds) index.conds.set(`${c.file}:${c.line}`, c);
  }
  return index;
}

/** Whether a hop was decided by the URL alone: every condition tried and every result written. */
function decided(hop: Hop, index: RuleIndex): boolean {
  if (hop.unknown.length) return false;
  for (const s of hop.steps) {
    if (s.unknown?.length) return false;
    for (const c of s.conditions) {
      const def = index.conds.get(`${c.file}:${c.line}`);
      if (!def || !decidableCond(def)) return false;
    }
    const rule = index.rules.get(`${s.file}:${s.line}`);
    if (!rule) return false;
    if (s.matched && (!decidableText(rule.output) || rule.flags.env.length || rule.flags.next)) return false;
  }
  return true;
}

/** Whether a Location is served by this same context. */
function sameContext(ctx: LoopContext, from: Url, to: Url): boolean {
  const sameHost = to.host === from.host || ctx.names.includes(to.host);
  if (!sameHost) return false;
  // A virtual host answers one scheme and port; a directory serves both schemes of its host.
  if (ctx.context === 'server') return to.https === ctx.https && to.port === ctx.port;
  return to.port === (to.https ? 443 : 80) || to.port === ctx.port;
}

/** Example requests for a redirect rule: subjects its pattern matches, as URLs of this context. */
function witnesses(ctx: LoopContext, rule: RewriteRuleDef): Url[] {
  const subjects = new Set<string>();
  if (rule.negate) ['x', 'index.html', '/x'].forEach((s) => subjects.add(s));
  else for (const mode of [1, 0] as const) {
    const w = witnessFor(rule.pattern, mode);
    if (w !== undefined) subjects.add(w);
  }
  const urls: Url[] = [];
  const host = ctx.names[0] ?? 'example.test';
  const hosts = host.startsWith('www.') ? [host, host.slice(4)] : [host, 'www.' + host];
  const schemes = ctx.context === 'server' ? [ctx.https] : [ctx.https, !ctx.https];
  for (const subject of subjects) {
    if (/[\s?#%]/.test(subject)) continue;
    let path: string;
    if (ctx.context === 'server') path = subject.startsWith('/') ? subject : '/' + subject;
    else path = (ctx.urlPrefix ?? UNKNOWN_PREFIX) + subject.replace(/^\/+/, '');
    const matched = execPattern(rule.compiled, ctx.context === 'server' ? path : subject.replace(/^\/+/, ''));
    if (matched === undefined || (matched !== null) === rule.negate) continue;
    for (const https of schemes) for (const h of hosts) urls.push({ https, host: h, port: https ? 443 : 80, path });
  }
  if (ctx.context === 'server') for (const u of urls) u.port = ctx.port;
  return urls.slice(0, 12);
}

/** A rule findRedirectLoops starts from: a redirect that substitutes. */
const startsRedirect = (rule: RewriteRuleDef): boolean => rule.flags.redirect && !rule.flags.statusOnly && !rule.flags.nosub;

/**
 * Whether some redirect of the scope passes the pre-check; false means findRedirectLoops finds
 * nothing, from the rules' texts, the context kind and the directory's URL alone.
 */
export function redirectsMayLoop(ctx: LoopContext): boolean {
  return ctx.scope.rules.some((rule) => startsRedirect(rule) && mayRedirectAgain(ctx, rule, SIMULATED_ROOT, UNKNOWN_PREFIX));
}

/**
 * Rule evaluations one search may make. Each request runs the scope's rules in order, and each
 * redirect is followed for a few hops, so the work grows with the square of the rules: a
 * migration's 1,000-line redirect list took 20 s before requests were shared, and 20,000 lines
 * would take minutes even so. Past the budget the search stops and says so.
 */
export const LOOP_SEARCH_BUDGET = 500_000;

/** What a search keeps of one request: its Location, the last rule that matched, whether the URL alone decided it. */
interface Answer {
  location?: string;
  lastMatch?: string;
  decided: boolean;
}

export interface LoopSearch {
  loops: RedirectLoop[];
  /** Set when the budget ran out before every redirect rule was followed: the rule that was next. */
  stoppedAt?: RewriteRuleDef;
}

/**
 * The redirect rules of the scope whose Location, requested again, comes back to itself.
 * `precheck` false simulates every redirect rule (tests compare both ways).
 */
export function findRedirectLoops(ctx: LoopContext, precheck = true, budget = LOOP_SEARCH_BUDGET): LoopSearch {
  const found: RedirectLoop[] = [];
  const index = indexRules(ctx.scope.rules);
  // The same URL comes up again and again (rule i's chain is rule i+1's): each is requested once.
  // Only what the search reads of each answer is kept: a request's steps are one per rule.
  const answers = new Map<string, Answer>();
  let work = 0;
  const request = (url: Url): Answer => {
    const key = `${url.https ? 's' : ''}|${url.host}|${url.port}|${url.path}|${url.query ?? '\u0000'}`;
    let answer = answers.get(key);
    if (!answer) {
      const hop = requestOnce(ctx, url);
      const last = hop.location === undefined ? undefined : hop.steps.filter((s) => s.matched).pop();
      answer = { location: hop.location, lastMatch: last && `${last.file}:${last.line}`, decided: hop.location !== undefined && decided(hop, index) };
      answers.set(key, answer);
      work += hop.steps.length + 1;
    }
    return answer;
  };
  for (const rule of ctx.scope.rules) {
    if (!startsRedirect(rule)) continue;
    // Before the compiled pattern is asked for: the pre-check reads text only.
    if (precheck && !mayRedirectAgain(ctx, rule, SIMULATED_ROOT, UNKNOWN_PREFIX)) continue;
    if (!rule.compiled.ok) continue;
    if (work > budget) return { loops: found, stoppedAt: rule };
    for (const start of witnesses(ctx, rule)) {
      const first = request(start);
      if (first.location === undefined || first.lastMatch !== `${rule.file}:${rule.line}`) continue;
      const chain = [first.location];
      let from = start;
      let loop = false;
      for (let hop = 0; hop < MAX_HOPS; hop++) {
        const to = parseLocation(chain[chain.length - 1]);
        if (!to || !sameContext(ctx, from, to)) break;
        const next = request(to);
        if (next.location === undefined || !next.decided) break;
        chain.push(next.location);
        if (next.location === chain[0]) {
          loop = true;
          break;
        }
        if (chain.indexOf(next.location) < chain.length - 1) break;
        from = to;
      }
      if (loop) {
        found.push({ rule, chain });
        break;
      }
    }
  }
  return { loops: found };
}
