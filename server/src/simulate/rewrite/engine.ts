// Applies a rule list as apply_rewrite_list/apply_rewrite_rule do: prefix strip in
// directory context, pattern, conditions (with [OR] and %N), substitution, query string
// split, [C] [S] [N] [L] [END] [PT] [P] [R] [F] [G], recording one trace step per rule tried.

import { applyCondition } from './conditions';
import type { Backrefs, RewriteCtx } from './context';
import { absoluteUriScheme } from './escape';
import { execPattern } from './regex';
import { expand } from './substitution';
import type { RewriteStep } from './trace';
import type { RewriteRequest, RewriteRuleDef, RewriteWorld, MapDef } from './types';

export type ListAction = 'none' | 'normal' | 'noescape' | 'status' | 'status-set';

export interface ListResult {
  action: ListAction;
  /** Status for 'status'/'status-set' and redirects (R=code). */
  status?: number;
  /** The last rule that substituted (prefix_stat's lastsub). */
  lastsub?: RewriteRuleDef;
  /** [END] was hit: no more rewriting for this request. */
  ended: boolean;
  /** Set when the self-reduction stripped our own scheme://host. */
  uriReduced: boolean;
  forcedType?: string;
  forcedHandler?: string;
  cookies: string[];
}

/** httpd's LimitRequestLine default; results longer than twice this are a 500. */
const LIMIT_REQ_LINE = 8190;

/** The flag words of a rule's field, kept per field text (the steps of a trace share them). */
const flagWordsOf = new Map<string, string[]>();

function flagNames(rule: RewriteRuleDef): string[] {
  if (!rule.flagField) return [];
  let words = flagWordsOf.get(rule.flagField);
  if (!words) {
    if (flagWordsOf.size >= 4000) flagWordsOf.clear();
    words = rule.flagField.slice(1, -1).split(',').map((s) => s.trim()).filter(Boolean);
    flagWordsOf.set(rule.flagField, words);
  }
  return words;
}

export interface ListEnv {
  req: RewriteRequest;
  world: RewriteWorld;
  perdir: string | null;
  maps: Map<string, MapDef>;
  pass: number;
  steps: RewriteStep[];
  unknown: string[];
  /** Host names and port of this virtual host, for the self-reduction. */
}

export function applyRewriteList(rules: RewriteRuleDef[], env: ListEnv): ListResult {
  const { req, perdir } = env;
  const result: ListResult = { action: 'none', ended: false, uriReduced: false, cookies: [] };
  let changed: ListAction = 'none';
  let round = 1;
  let restart = true;
  let guard = 0;
  while (restart) {
    restart = false;
    for (let i = 0; i < rules.length; i++) {
      if (++guard > 100000) {
        env.unknown.push('rule loop stopped by the simulator');
        return { ...result, action: 'status', status: 500 };
      }
      const p = rules[i];
      if (req.isSubrequest && (p.flags.nosubreq || p.flags.redirect)) continue;
      const ctx: RewriteCtx = { req, world: env.world, perdir, uri: req.filename ?? req.uri, briRR: null, briRC: null, maps: env.maps, unknown: [], vary: [] };
      const step: RewriteStep = {
        context: perdir ? 'directory' : 'server', directory: perdir, pass: env.pass, file: p.file, line: p.line,
        pattern: (p.negate ? '!' : '') + p.pattern, input: '', matched: false, conditions: [], result: null, flags: flagNames(p), stop: null,
      };
      env.steps.push(step);
      const rc = applyRule(p, ctx, step);
      if (ctx.unknown.length) {
        step.unknown = ctx.unknown;
        env.unknown.push(...ctx.unknown);
      }
      if (rc.kind !== 'nomatch') {
        step.matched = true;
        if (!p.flags.nosub) result.lastsub = p;
        if (rc.uriReduced) result.uriReduced = true;
        if (rc.type) result.forcedType = rc.type;
        if (rc.handler) result.forcedHandler = rc.handler;
        result.cookies.push(...rc.cookies);
        if ((req.filename ?? '').length > 2 * LIMIT_REQ_LINE) {
          step.stop = 'length';
          return { ...result, action: 'status', status: 500 };
        }
        if (rc.kind === 'status-set') {
          step.stop = String(rc.status);
          return { ...result, action: 'status-set', status: rc.status };
        }
        if (p.flags.statusOnly) {
          step.stop = p.flags.code === 403 ? 'F' : p.flags.code === 410 ? 'G' : `R=${p.flags.code}`;
          return { ...result, action: 'status', status: p.flags.code };
        }
        if (rc.kind !== 'nosub') changed = p.flags.noescape ? 'noescape' : 'normal';
        if (rc.kind === 'match' && rc.status) result.status = rc.status;
        if (p.flags.passthrough) {
          req.filename = 'passthrough:' + req.filename;
          step.stop = 'PT';
          return { ...result, action: 'normal' };
        }
        if (p.flags.end) {
          step.stop = 'END';
          result.ended = true;
          break;
        }
        if (p.flags.proxy || p.flags.last) {
          step.stop = p.flags.proxy ? 'P' : 'L';
          break;
        }
        if (p.flags.redirect && rc.status) {
          // [R] without [L] keeps going with the rules (the redirect is decided at the end).
        }
        if (p.flags.next) {
          if (++round >= p.flags.maxRounds) {
            step.stop = 'N';
            env.unknown.push(`RewriteRule ${p.pattern}: more than ${p.flags.maxRounds} rounds via [N] (httpd answers 500)`);
            return { ...result, action: 'status', status: 500 };
          }
          step.stop = 'N';
          restart = true;
          break;
        }
        if (p.flags.skip > 0) i += p.flags.skip;
      } else {
        while (i < rules.length && rules[i].flags.chain) i++;
      }
    }
  }
  result.action = changed;
  return result;
}

type RuleRc =
  | { kind: 'nomatch' }
  | { kind: 'match' | 'nosub'; status?: number; uriReduced?: boolean; type?: string; handler?: string; cookies: string[] }
  | { kind: 'status-set'; status: number; cookies: string[]; uriReduced?: boolean; type?: string; handler?: string };

function applyRule(p: RewriteRuleDef, ctx: RewriteCtx, step: RewriteStep): RuleRc {
  const req = ctx.req;
  let uri = req.filename ?? req.uri;
  if (ctx.perdir) {
    const isProxy = uri.startsWith('proxy:');
    if (req.pathInfo) uri += req.pathInfo;
    if (!isProxy && uri.length >= ctx.perdir.length && uri.startsWith(ctx.perdir)) uri = uri.slice(ctx.perdir.length);
  }
  ctx.uri = uri;
  step.input = uri;
  ctx.world.events?.push({ kind: 'apply', text: `${ctx.perdir ?? 'server'} ${p.pattern} <- ${uri}` });
  const caps = execPattern(p.compiled, uri);
  if (caps === undefined) {
    ctx.unknown.push(p.compiled.ok ? 'the subject is too long to match' : `the pattern cannot be simulated faithfully: ${p.compiled.reason}`);
    return { kind: 'nomatch' };
  }
  const hit = caps !== null;
  if (hit === p.negate) return { kind: 'nomatch' };
  ctx.briRC = null;
  ctx.briRR = p.negate ? null : ({ source: uri, caps: caps! } as Backrefs);

  for (let i = 0; i < p.conds.length; i++) {
    let c = p.conds[i];
    const out = applyCondition(c, ctx);
    step.conditions.push({ test: out.test, pattern: c.written, matched: out.matched, file: c.file, line: c.line });
    if (c.ornext) {
      if (!out.matched) continue;
      while (i < p.conds.length && c.ornext) c = p.conds[++i];
    } else if (!out.matched) return { kind: 'nomatch' };
  }

  let newuri = '';
  if (!p.flags.nosub) {
    const e = expand(p.output, ctx, p.flags, !p.flags.unsafeAllow3F && versionAtLeast(ctx.world.version, '2.4.60'));
    newuri = e.text;
    step.result = newuri;
    step.substitution = newuri;
    ctx.world.events?.push({ kind: 'rewrite', text: newuri });
    if (e.unsafeQmark > 0) {
      step.stop = '403 (unsafe ?)';
      return { kind: 'status-set', status: 403, cookies: [] };
    }
  }
  for (const e of p.flags.env) {
    const name = expand(e, ctx).text;
    if (name.startsWith('!')) req.env.delete(name.slice(1));
    else {
      const colon = name.indexOf(':');
      if (colon >= 0) req.env.set(name.slice(0, colon), name.slice(colon + 1));
      else req.env.set(name, '');
    }
  }
  const cookies = p.flags.cookies.map((c) => expand(c, ctx).text);
  const type = p.flags.type ? expand(p.flags.type, ctx).text.toLowerCase() || undefined : undefined;
  const handler = p.flags.handler ? expand(p.flags.handler, ctx).text.toLowerCase() || undefined : undefined;

  if (p.flags.nosub) {
    step.result = null;
    return { kind: 'nosub', status: p.flags.statusOnly ? p.flags.code : undefined, cookies, type, handler };
  }

  let prefixAdded = false;
  const isProxyReq = (req.filename ?? '').startsWith('proxy:') && !!ctx.perdir;
  if (!isProxyReq && newuri[0] !== '/' && !absoluteUriScheme(newuri).len) {
    if (ctx.perdir) {
      newuri = ctx.perdir + newuri;
      prefixAdded = true;
    } else if (!(p.flags.proxy || p.flags.redirect)) {
      newuri = '/' + newuri;
      prefixAdded = true;
    }
  }
  req.filename = newuri;
  if (ctx.perdir && p.flags.discardPathInfo) req.pathInfo = undefined;
  splitoutQueryArgs(req, p);
  step.result = req.filename + (req.args !== undefined ? '?' + req.args : '');

  if (p.flags.proxy) {
    req.filename = 'proxy:' + fullyQualify(req, req.filename!);
    step.result = req.filename.slice(6);
    return { kind: 'match', cookies, type, handler };
  }
  if (p.flags.redirect) {
    req.filename = fullyQualify(req, req.filename!);
    step.result = req.filename;
    return { kind: 'match', status: p.flags.code, cookies, type, handler };
  }
  let uriReduced = false;
  const reduced = reduceUri(req, ctx.world);
  if (reduced !== undefined) {
    req.filename = reduced;
    uriReduced = true;
  }
  if (absoluteUriScheme(req.filename!).len) {
    step.result = req.filename!;
    return { kind: 'match', status: p.flags.code, cookies, type, handler, uriReduced };
  }
  if (!(p.flags.unc || prefixAdded)) {
    if (!(p.output[0] === '/' && p.output[1] === '/')) req.filename = req.filename!.replace(/^\/+(?=\/)/, '');
  }
  step.result = req.filename! + (req.args !== undefined ? '?' + req.args : '');
  return { kind: 'match', cookies, type, handler, uriReduced };
}

function splitoutQueryArgs(req: RewriteRequest, p: RewriteRuleDef): void {
  const f = p.flags;
  if (f.qsnone) {
    req.args = undefined;
    return;
  }
  const abs = absoluteUriScheme(req.filename!);
  if (abs.len && !abs.query) {
    req.args = undefined;
    return;
  }
  if (f.qsdiscard) req.args = undefined;
  const name = req.filename!;
  const q = f.qslast ? name.lastIndexOf('?') : name.indexOf('?', abs.len);
  if (q >= abs.len && q >= 0) {
    const after = name.slice(q + 1);
    req.filename = name.slice(0, q);
    if (f.qsappend) {
      if (after) req.args = req.args !== undefined ? `${after}&${req.args}` : `${after}&`;
    } else req.args = after;
    if (req.args !== undefined) {
      if (req.args === '') req.args = undefined;
      else if (req.args.endsWith('&')) req.args = req.args.slice(0, -1);
    }
  }
}

export function fullyQualify(req: RewriteRequest, filename: string): string {
  if (absoluteUriScheme(filename).len || req.method === 'CONNECT') return filename;
  const scheme = req.https ? 'https' : 'http';
  const port = req.serverPort === (req.https ? 443 : 80) ? '' : `:${req.serverPort}`;
  return `${scheme}://${req.serverName}${port}${filename[0] === '/' ? '' : '/'}${filename}`;
}

/** reduce_uri: http(s)://ourhost[:port]/path becomes /path. */
function reduceUri(req: RewriteRequest, world: RewriteWorld): string | undefined {
  const scheme = req.https ? 'https' : 'http';
  const f = req.filename!;
  if (!(f.length > scheme.length + 3 && f.slice(0, scheme.length).toLowerCase() === scheme && f.slice(scheme.length, scheme.length + 3) === '://')) return undefined;
  const rest = f.slice(scheme.length + 3);
  const m = /^([^/:]*)(?::([^/]*))?(.*)$/s.exec(rest)!;
  const host = m[1];
  const port = m[2] !== undefined ? parseInt(m[2], 10) || 0 : req.https ? 443 : 80;
  const url = m[3] || '/';
  return world.matchesVhost(host, port) ? url : undefined;
}

export function versionAtLeast(version: string, wanted: string): boolean {
  const a = version.split('.').map((n) => parseInt(n, 10) || 0);
  const b = wanted.split('.').map((n) => parseInt(n, 10) || 0);
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}
