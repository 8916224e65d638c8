// httpd compiles RewriteRule/RewriteCond patterns with PCRE (DOTALL, '$' at the very end only,
// caseless with NC). We run them on RE2 (re2js, linear time) after translating the PCRE spellings
// RE2 writes differently; what RE2 cannot express is reported as "cannot be simulated faithfully"
// instead of being run on a backtracking engine.

import { RE2JS } from 're2js';
import { lookaroundMatches, planLookaround, type LookaroundPlan } from './lookaround';

export type CompiledPattern =
  | { ok: true; regex: RE2JS; groups: number; note?: string; lookaround?: undefined }
  /** Lookaround patterns: decided by segment positions; no captures beyond an empty $0. */
  | { ok: true; regex?: undefined; groups: number; note: string; lookaround: Extract<LookaroundPlan, { ok: true }> }
  | { ok: false; reason: string };

/** Captures of one match: index n holds group n, or undefined when it did not take part. */
export type Captures = (string | undefined)[];

const MAX_PATTERN = 8 * 1024;
const MAX_SUBJECT = 64 * 1024;
const cache = new Map<string, CompiledPattern>();

/** PCRE features RE2 has no equivalent for, with the words the trace uses. */
function unsupportedFeature(p: string): string | undefined {
  if (/\\[1-9]|\\g[{\d-]|\\k[<{']|\(\?P=/.test(p)) return 'a backreference';
  if (/\(\?<?[=!]/.test(p)) return 'a lookahead or lookbehind';
  if (/\(\?>/.test(p)) return 'an atomic group';
  if (/(?:[*+?}])\+/.test(stripClassesAndEscapes(p))) return 'a possessive quantifier';
  if (/\(\?(?:R|\d|[+-]\d|&|\|)/.test(p)) return 'recursion or a branch-reset group';
  if (/\\[GKRXhHvVNC]/.test(p)) return `the PCRE escape ${/\\[GKRXhHvVNC]/.exec(p)![0]}`;
  if (/\(\*[A-Z]/.test(p)) return 'a PCRE verb';
  return undefined;
}

/** The pattern with escapes and character classes blanked, so quantifier checks see only operators. */
function stripClassesAndEscapes(p: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      out += '__';
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += '_';
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += '_';
      if (p[i + 1] === '^') { out += '_'; i++; }
      if (p[i + 1] === ']') { out += '_'; i++; }
      continue;
    }
    out += c;
  }
  return out;
}

/** Rewrites PCRE spellings into RE2 ones with the same meaning. */
function translate(p: string): { source: string; note?: string } {
  let out = '';
  let note: string | undefined;
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\' && i + 1 < p.length) {
      const n = p[i + 1];
      i++;
      if (n === 'Z') {
        out += '\\z';
        note = '\\Z is read as the end of the subject (PCRE also allows a final newline before it)';
      } else if (n === 'e') out += '\\x1B';
      else if (n === 'Q') {
        // \Q…\E: quote literally.
        const end = p.indexOf('\\E', i + 1);
        const lit = end < 0 ? p.slice(i + 1) : p.slice(i + 1, end);
        out += [...lit].map(quoteChar).join('');
        i = end < 0 ? p.length : end + 1;
      } else if (n === 'E') {
        // A stray \E is ignored by PCRE.
      } else if (/[A-Za-z0-9]/.test(n)) out += '\\' + n;
      else out += quoteChar(n);
      continue;
    }
    if (inClass) {
      if (c === '[' && p[i + 1] === ':') {
        const end = p.indexOf(':]', i + 2);
        if (end > 0) {
          out += p.slice(i, end + 2);
          i = end + 1;
          continue;
        }
      }
      if (c === ']') inClass = false;
      out += c === '[' ? '\\[' : c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (p[i + 1] === '^') out += p[++i];
      // A ']' first in a class is a literal in PCRE.
      if (p[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(' && p[i + 1] === '?' && p[i + 2] === '<' && /[A-Za-z_]/.test(p[i + 3] ?? '')) {
      out += '(?P<';
      i += 2;
      continue;
    }
    if (c === '(' && p[i + 1] === '?' && p[i + 2] === "'") {
      const end = p.indexOf("'", i + 3);
      if (end > 0) {
        out += `(?P<${p.slice(i + 3, end)}>`;
        i = end;
        continue;
      }
    }
    out += c;
  }
  return { source: out, note };
}

function quoteChar(ch: string): string {
  if (/[A-Za-z0-9]/.test(ch)) return ch;
  const code = ch.charCodeAt(0);
  if (/[!-/:-@[-`{-~]/.test(ch)) return '\\' + ch;
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\x{${code.toString(16)}}`;
}

/** Compiles a mod_rewrite pattern (without its leading '!') as httpd would; never throws. */
export function compileRewritePattern(pattern: string, nocase: boolean): CompiledPattern {
  const key = (nocase ? 'i:' : 's:') + pattern;
  const hit = cache.get(key);
  if (hit) return hit;
  let result: CompiledPattern;
  const feature = unsupportedFeature(pattern);
  if (pattern.length > MAX_PATTERN) result = { ok: false, reason: `the pattern is longer than ${MAX_PATTERN} characters` };
  else if (feature === 'a lookahead or lookbehind' && !/\\[1-9]|\(\?>|\(\?P=|\\[gk]/.test(pattern) && !unsupportedFeature(pattern.replace(/\(\?<?[=!]/g, '(?:'))) {
    const plan = planLookaround(pattern, nocase);
    result = plan.ok
      ? { ok: true, groups: 0, lookaround: plan, note: plan.hasGroups ? 'captures of a pattern with lookaround are not simulated' : 'lookaround evaluated by segments' }
      : { ok: false, reason: `it uses ${feature} (${plan.reason}), which the linear-time engine cannot run` };
  } else if (feature) result = { ok: false, reason: `it uses ${feature}, which the linear-time engine cannot run` };
  else {
    const { source, note } = translate(pattern);
    try {
      const regex = RE2JS.compile(source, RE2JS.DOTALL | (nocase ? RE2JS.CASE_INSENSITIVE : 0));
      result = { ok: true, regex, groups: regex.groupCount(), note };
    } catch (e) {
      const detail = /error parsing regexp: (.*)/.exec((e as Error)?.message ?? '')?.[1];
      result = { ok: false, reason: detail ? `the linear-time engine rejects it (${detail})` : 'the linear-time engine rejects it' };
    }
  }
  if (cache.size > 4000) cache.clear();
  cache.set(key, result);
  return result;
}

/** Runs a compiled pattern: captures ($0..$9) when it matches, null when not, undefined when it cannot say. */
export function execPattern(compiled: CompiledPattern, subject: string): Captures | null | undefined {
  if (!compiled.ok || subject.length > MAX_SUBJECT) return undefined;
  if (compiled.lookaround) {
    const hit = lookaroundMatches(compiled.lookaround, subject);
    return hit === undefined ? undefined : hit ? [''] : null;
  }
  try {
    const m = compiled.regex.matcher(subject);
    if (!m.find()) return null;
    const caps: Captures = [];
    for (let g = 0; g <= Math.min(9, compiled.groups); g++) {
      const v = m.group(g);
      caps.push(v === null || v === undefined ? undefined : v);
    }
    return caps;
  } catch {
    return undefined;
  }
}
