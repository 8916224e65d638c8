// A static test run before the redirect-loop simulation: a redirect can only start a loop when
// the request for its Location is redirected again, and that needs some rule of the same scope
// whose pattern matches the new request's subject (when no pattern matches, no rule changes
// anything). From the substitution's literal start we know how the next subject starts; a rule
// anchored with `^` and a literal start that disagrees with it can never match. The test says
// "cannot loop" only then, so skipping the simulation never loses a finding.

import type { LoopContext } from './redirect-loop';
import type { RewriteRuleDef } from './types';
import { trimTrailingSlashes } from '../../parser';

/** Characters escaping, unescaping and query splitting leave as they are. */
const SAFE = /^[A-Za-z0-9/._~-]*$/;
const SAFE_CHAR = /[A-Za-z0-9/._~-]/;
/** Characters that stand for themselves in a pattern (outside classes, no extended mode). */
const PATTERN_LITERAL = /[A-Za-z0-9/_~=:;,!@#%&<>'" -]/;
const QUANTIFIER = new Set(['?', '*', '{']);

/** The start of a substitution that is the same text in every expansion. */
function literalStart(output: string): string {
  let i = 0;
  while (i < output.length && SAFE_CHAR.test(output[i])) i++;
  return output.slice(0, i);
}

/**
 * The text every subject a pattern matches starts with: its literal start after `^`, or
 * undefined when the pattern is not anchored that simply (no `^`, or an alternative).
 */
export function anchoredLiteralPrefix(pattern: string): string | undefined {
  if (pattern[0] !== '^' || pattern.includes('|')) return undefined;
  let out = '';
  for (let i = 1; i < pattern.length;) {
    let ch: string;
    let next: number;
    if (pattern[i] === '\\') {
      const n = pattern[i + 1];
      // An escaped letter or digit is a class, an anchor or a backreference.
      if (n === undefined || /[A-Za-z0-9]/.test(n)) break;
      ch = n;
      next = i + 2;
    } else if (PATTERN_LITERAL.test(pattern[i])) {
      ch = pattern[i];
      next = i + 1;
    } else break;
    // A quantifier makes the character optional; `+` keeps it but may repeat it.
    if (QUANTIFIER.has(pattern[next])) break;
    out += ch;
    if (pattern[next] === '+') break;
    i = next;
  }
  return out;
}

/**
 * How the URL-path of the redirect's Location starts, the same for every request the rule
 * answers; undefined when its start depends on the request.
 */
export function locationPathStart(ctx: LoopContext, rule: RewriteRuleDef): string | undefined {
  const out = rule.output;
  const dir = ctx.context === 'directory' ? ctx.scope.directory : null;
  let start: string;
  const absolute = /^https?:\/\/[A-Za-z0-9.-]+(?::[0-9]+)?(?=\/)/i.exec(out);
  if (absolute) start = literalStart(out.slice(absolute[0].length));
  else if (out[0] === '/') start = literalStart(out);
  else {
    // Relative: server context makes it '/…'; a directory prepends its path, which RewriteBase
    // then replaces. Only when the literal start cannot begin a URL scheme ("http:").
    const lit = literalStart(out);
    if (!/[^A-Za-z0-9]/.test(lit)) return undefined;
    if (dir === null) start = '/' + lit;
    else if (!dir) return undefined;
    else start = (ctx.scope.base === undefined ? dir : ctx.scope.base.endsWith('/') ? ctx.scope.base : ctx.scope.base + '/') + lit;
    return SAFE.test(start) ? start : undefined;
  }
  // A directory with RewriteBase rewrites a Location under its own physical path.
  if (dir && ctx.scope.base !== undefined && overlaps(start, trimTrailingSlashes(dir))) return undefined;
  return SAFE.test(start) ? start : undefined;
}

/** Whether one string starts with the other. */
function overlaps(a: string, b: string): boolean {
  return a.startsWith(b) || b.startsWith(a);
}

/** Literal starts by pattern text: many scopes repeat the same patterns. */
const prefixes = new Map<string, string | undefined>();

function cachedPrefix(pattern: string): string | undefined {
  if (prefixes.has(pattern)) return prefixes.get(pattern);
  if (prefixes.size >= 4000) prefixes.clear();
  const prefix = anchoredLiteralPrefix(pattern);
  prefixes.set(pattern, prefix);
  return prefix;
}

/**
 * Whether a rule's pattern can match some subject that starts with `start`. Read from the text
 * alone (no compile): a pattern the simulator cannot run matches nothing there either, and one
 * with a group construct (lookaround…) is left to the simulation.
 */
function mayMatch(rule: RewriteRuleDef, start: string): boolean {
  if (rule.negate || rule.pattern.includes('(?')) return true;
  const prefix = cachedPrefix(rule.pattern);
  if (prefix === undefined) return true;
  return rule.flags.nocase ? overlaps(start.toLowerCase(), prefix.toLowerCase()) : overlaps(start, prefix);
}

/**
 * False when the Location of `rule` is certainly not redirected again by the scope's rules (so
 * no loop can start from it); true when it may be, and simulation decides.
 */
export function mayRedirectAgain(ctx: LoopContext, rule: RewriteRuleDef, simulatedRoot: string, unknownPrefix: string): boolean {
  const path = locationPathStart(ctx, rule);
  if (path === undefined) return true;
  let subject = path;
  if (ctx.context === 'directory') {
    // The request is served here only under the directory's URL-path…
    if (!overlaps(path, ctx.urlPrefix ?? unknownPrefix)) return false;
    // …and the rules see its file path with the directory stripped.
    const filename = simulatedRoot + path;
    const perdir = ctx.scope.directory ?? '';
    if (filename.startsWith(perdir)) subject = filename.slice(perdir.length);
    else if (perdir.startsWith(filename)) subject = '';
    else subject = filename;
  }
  return ctx.scope.rules.some((q) => mayMatch(q, subject));
}
