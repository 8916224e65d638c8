// Who may enter: mod_authz_core's Require trees (the last section that has any wins, unless
// AuthMerging says otherwise), mod_access_compat's Order/Allow/Deny and Satisfy, and
// authentication (AuthType + a user requirement → 401). Evaluated for the client address.

import type { DirectiveUse, SectionUse } from '../../model';
import { authzChildren } from './children';
import { evaluateExpr, type ExprContext } from './expr';

export type AccessVerdict = 'granted' | 'denied' | 'auth' | 'unknown';

export interface AccessResult {
  verdict: AccessVerdict;
  reason: string;
  use?: DirectiveUse;
  unknown: string[];
}

/** One section's contribution, in merge order. */
export interface AccessLayer {
  uses: DirectiveUse[];
  /**
   * An .htaccess whose Order/Allow/Deny/Satisfy line was refused under Nonfatal=Override: httpd
   * still created mod_access_compat's configuration for it, fresh, before refusing the line.
   */
  compatReset?: boolean;
}

const COMPAT_KEYS = new Set(['order', 'allow', 'deny', 'satisfy']);

const REQUIRE_KEYS = new Set(['require', 'requireall', 'requireany', 'requirenone']);

export interface AccessInput {
  layers: AccessLayer[];
  method: string;
  client: string;
  expr: ExprContext;
  authType: string | undefined;
  compatLoaded: boolean;
}

type Tri = 'granted' | 'denied' | 'neutral' | 'auth' | 'unknown';

export function checkAccess(input: AccessInput): AccessResult {
  const unknown: string[] = [];
  // Require: the last layer with any authz directive replaces the earlier ones (AuthMerging Off),
  // or combines with them (AuthMerging And / Or).
  let authz: { uses: DirectiveUse[]; merge: 'off' | 'and' | 'or' }[] = [];
  let satisfy = 'all';
  let order = 'deny,allow';
  let allows: DirectiveUse[] = [];
  let denies: DirectiveUse[] = [];
  for (const layer of input.layers) {
    const requires = layer.uses.filter((u) => REQUIRE_KEYS.has(u.key));
    const merging = layer.uses.filter((u) => u.key === 'authmerging').pop()?.args[0]?.toLowerCase();
    if (requires.length) {
      const mode = merging === 'and' || merging === 'or' ? merging : 'off';
      authz = mode === 'off' ? [{ uses: requires, merge: 'off' }] : [...authz, { uses: requires, merge: mode }];
    }
    // mod_access_compat has no merger: a layer with any of its directives replaces the whole
    // configuration (Order, Allow, Deny and Satisfy) with its own, defaults included.
    if (layer.compatReset || layer.uses.some((u) => COMPAT_KEYS.has(u.key))) {
      satisfy = (layer.uses.filter((u) => u.key === 'satisfy').pop()?.args[0] ?? 'all').toLowerCase();
      order = (layer.uses.filter((u) => u.key === 'order').pop()?.args[0] ?? 'deny,allow').toLowerCase().replace(/\s/g, '');
      allows = layer.uses.filter((u) => u.key === 'allow');
      denies = layer.uses.filter((u) => u.key === 'deny');
    }
  }
  // mod_access_compat always runs when loaded: with no Allow/Deny it lets everyone in, which
  // with Satisfy Any is enough.
  const hasCompat = input.compatLoaded;
  let compat: Tri = 'granted';
  let compatUse: DirectiveUse | undefined;
  if (hasCompat) {
    const matchList = (list: DirectiveUse[]): { hit: boolean | undefined; use?: DirectiveUse } => {
      let sawUnknown = false;
      for (const use of list) {
        const words = use.args.slice(use.args[0]?.toLowerCase() === 'from' ? 1 : 0);
        for (const w of words) {
          const m = hostMatch(w, input.client);
          if (m === true) return { hit: true, use };
          if (m === undefined) {
            sawUnknown = true;
            unknown.push(`${use.name} from ${w} needs DNS or the environment of the request`);
          }
        }
      }
      return { hit: sawUnknown ? undefined : false };
    };
    const allow = matchList(allows);
    const deny = matchList(denies);
    if (allow.hit === undefined || deny.hit === undefined) compat = 'unknown';
    else if (order === 'allow,deny') {
      compat = allow.hit && !deny.hit ? 'granted' : 'denied';
      compatUse = deny.hit ? deny.use : allow.use ?? allows[0];
    } else if (order === 'mutual-failure') {
      compat = allow.hit && !deny.hit ? 'granted' : 'denied';
      compatUse = deny.use ?? allows[0];
    } else {
      compat = deny.hit && !allow.hit ? 'denied' : 'granted';
      compatUse = deny.use;
    }
  }
  // Require.
  let authzResult: Tri = 'granted';
  let authzUse: DirectiveUse | undefined;
  if (authz.length) {
    let combined: Tri | undefined;
    for (const layer of authz) {
      const r = evaluateList(layer.uses, 'any', input, unknown);
      authzUse = layer.uses[0];
      if (combined === undefined) combined = r;
      else combined = layer.merge === 'and' ? allOf([combined, r]) : anyOf([combined, r]);
    }
    authzResult = combined === 'neutral' ? 'denied' : combined!;
  }
  if (hasCompat && satisfy === 'any' && compat === 'granted') return { verdict: 'granted', reason: 'Allow grants access and Satisfy Any skips the Require checks', unknown };
  if (hasCompat && satisfy !== 'any' && compat === 'denied') return { verdict: 'denied', reason: `Order ${order} with the Allow/Deny lines refuses ${input.client}`, use: compatUse, unknown };
  if (hasCompat && compat === 'unknown' && authzResult !== 'denied') return { verdict: 'unknown', reason: 'Allow/Deny depends on DNS or the environment', unknown };
  if (authzResult === 'auth') {
    if (!input.authType) return { verdict: 'denied', reason: 'a user is required but no AuthType is set (httpd answers 500)', use: authzUse, unknown };
    return { verdict: 'auth', reason: `AuthType ${input.authType}: the client must log in`, use: authzUse, unknown };
  }
  if (authzResult === 'denied') return { verdict: 'denied', reason: `Require refuses ${input.client}`, use: authzUse, unknown };
  if (authzResult === 'unknown') return { verdict: 'unknown', reason: 'the Require rules depend on something only the live request knows', use: authzUse, unknown };
  return { verdict: 'granted', reason: authz.length ? 'Require grants access' : 'no Require applies: access is granted', use: authzUse, unknown };
}

function allOf(results: Tri[]): Tri {
  const r = results.filter((x) => x !== 'neutral');
  if (r.includes('denied')) return 'denied';
  if (r.includes('unknown')) return 'unknown';
  if (r.includes('auth')) return 'auth';
  return r.length ? 'granted' : 'neutral';
}

function anyOf(results: Tri[]): Tri {
  const r = results.filter((x) => x !== 'neutral');
  if (r.includes('granted')) return 'granted';
  if (r.includes('unknown')) return 'unknown';
  if (r.includes('auth')) return 'auth';
  return r.length ? 'denied' : 'neutral';
}

/** Evaluates a list of Require lines and containers, iteratively for nested containers. */
function evaluateList(uses: DirectiveUse[], mode: 'any' | 'all' | 'none', input: AccessInput, unknown: string[]): Tri {
  // Post-order evaluation with an explicit stack (the nesting depth comes from the input).
  type Frame = { uses: DirectiveUse[]; mode: 'any' | 'all' | 'none'; at: number; results: Tri[] };
  const stack: Frame[] = [{ uses, mode, at: 0, results: [] }];
  let last: Tri = 'neutral';
  while (stack.length) {
    const f = stack[stack.length - 1];
    if (f.at >= f.uses.length) {
      stack.pop();
      let r = f.mode === 'all' ? allOf(f.results) : anyOf(f.results);
      if (f.mode === 'none') r = r === 'granted' ? 'denied' : r === 'denied' ? 'neutral' : r;
      if (stack.length) stack[stack.length - 1].results.push(r);
      else last = r;
      continue;
    }
    const use = f.uses[f.at++];
    if (use.isSection) {
      const m = use.key === 'requireall' ? 'all' : use.key === 'requirenone' ? 'none' : 'any';
      stack.push({ uses: authzChildren(use as SectionUse, input.method), mode: m, at: 0, results: [] });
      continue;
    }
    if (use.key !== 'require') continue;
    f.results.push(requireLine(use, input, unknown));
  }
  return last;
}

function requireLine(use: DirectiveUse, input: AccessInput, unknown: string[]): Tri {
  let args = use.args;
  let negate = false;
  if (args[0]?.toLowerCase() === 'not') {
    negate = true;
    args = args.slice(1);
  }
  const provider = args[0]?.toLowerCase() ?? '';
  const rest = args.slice(1);
  let r: boolean | 'auth' | undefined;
  switch (provider) {
    case 'all':
      r = rest[0]?.toLowerCase() === 'granted';
      break;
    case 'ip':
      r = rest.some((spec) => ipMatches(input.client, spec) === true) ? true : rest.some((spec) => ipMatches(input.client, spec) === undefined) ? undefined : false;
      break;
    case 'local':
      r = input.client === '127.0.0.1' || input.client === '::1' || input.client.startsWith('127.');
      break;
    case 'method':
      r = rest.map((m) => m.toUpperCase()).includes(input.method);
      break;
    case 'host':
    case 'forward-dns':
      unknown.push(`Require ${provider} ${rest.join(' ')} needs DNS lookups of the client address`);
      r = undefined;
      break;
    case 'expr':
      r = evaluateExpr(rest.join(' '), input.expr);
      if (r === undefined) unknown.push(`Require expr ${rest.join(' ')} depends on the live request`);
      break;
    case 'valid-user':
    case 'user':
    case 'group':
    case 'file-owner':
    case 'file-group':
      r = 'auth';
      break;
    case 'env':
      unknown.push(`Require env ${rest.join(' ')} depends on variables set at request time`);
      r = undefined;
      break;
    default:
      unknown.push(`Require ${provider}: the provider cannot be evaluated statically`);
      r = undefined;
  }
  if (r === 'auth') return negate ? 'neutral' : 'auth';
  if (r === undefined) return 'unknown';
  if (negate) return r ? 'denied' : 'neutral';
  return r ? 'granted' : 'denied';
}

/** Require ip / Allow from: full or partial addresses, a.b.c.d/nn, a.b.c.d/m.m.m.m; IPv6 literally. */
export function ipMatches(client: string, spec: string): boolean | undefined {
  const v4 = (s: string): number[] | undefined => {
    const parts = s.split('.');
    if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p))) return undefined;
    return parts.map(Number);
  };
  const c = v4(client);
  if (spec.includes(':') || client.includes(':')) return spec.toLowerCase() === client.toLowerCase() || (spec === '::1' && client === '::1') ? true : spec.includes('/') ? undefined : false;
  if (!c) return undefined;
  const [addr, mask] = spec.split('/');
  if (mask === undefined) {
    const parts = addr.replace(/\.$/, '').split('.');
    if (parts.some((p) => !/^\d{1,3}$/.test(p))) return undefined;
    return parts.every((p, i) => Number(p) === c[i]);
  }
  const a = v4(addr);
  if (!a) return undefined;
  let bits: number;
  if (/^\d+$/.test(mask)) bits = Number(mask);
  else {
    const m = v4(mask);
    if (!m) return undefined;
    bits = m.reduce((n, o) => n + o.toString(2).replace(/0/g, '').length, 0);
  }
  const toNum = (x: number[]) => ((x[0] << 24) >>> 0) + (x[1] << 16) + (x[2] << 8) + x[3];
  const maskNum = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return ((toNum(a) & maskNum) >>> 0) === ((toNum(c) & maskNum) >>> 0);
}

/** Allow/Deny from: all, env=, an address spec, else a host name (needs DNS). */
function hostMatch(word: string, client: string): boolean | undefined {
  if (word.toLowerCase() === 'all') return true;
  if (/^env=/i.test(word)) return undefined;
  if (/^[\d./]+$/.test(word) || word.includes(':')) return ipMatches(client, word);
  return undefined;
}
