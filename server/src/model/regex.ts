// The one matcher for regular expressions taken from a configuration (<DirectoryMatch>,
// <LocationMatch>, <FilesMatch>, `~` sections, <IfVersion ~>, RedirectMatch, RewriteRule…).
// It runs on RE2 (re2js), whose time is linear in the input, so no pattern can hang an
// analysis. Patterns RE2 cannot run (backreferences, lookaround, possessive quantifiers) are
// not evaluated at all: the answer is "unknown" and callers say so instead of guessing.

import { RE2JS } from 're2js';

export type PatternVerdict = { ok: true; regex: RE2JS } | { ok: false; reason: string };

/** Longest subject matched; a longer one is unknown (nothing in a configuration comes close). */
export const MAX_SUBJECT_LENGTH = 64 * 1024;
const MAX_PATTERN_LENGTH = 8 * 1024;
const CACHE_LIMIT = 2000;

const cache = new Map<string, PatternVerdict>();

/** Compiles a configuration regex once (cached); never throws. */
export function compilePattern(pattern: string): PatternVerdict {
  const cached = cache.get(pattern);
  if (cached) return cached;
  let verdict: PatternVerdict;
  if (pattern.length > MAX_PATTERN_LENGTH) verdict = { ok: false, reason: `the pattern is longer than ${MAX_PATTERN_LENGTH} characters` };
  else {
    try {
      verdict = { ok: true, regex: RE2JS.compile(pattern) };
    } catch (e) {
      verdict = { ok: false, reason: describeUnsupported(pattern, e) };
    }
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(pattern, verdict);
  return verdict;
}

/** Whether the pattern matches somewhere in the subject; undefined when it cannot be evaluated. */
export function regexMatches(pattern: string, subject: string): boolean | undefined {
  const verdict = compilePattern(pattern);
  if (!verdict.ok || subject.length > MAX_SUBJECT_LENGTH) return undefined;
  try {
    return verdict.regex.matcher(subject).find();
  } catch {
    return undefined;
  }
}

/** Why RE2 refuses a pattern, in words a user can act on. */
function describeUnsupported(pattern: string, error: unknown): string {
  if (/\\[1-9]/.test(pattern)) return 'it uses a backreference';
  if (/\(\?<?[=!]/.test(pattern)) return 'it uses a lookahead or lookbehind';
  if (/\(\?>/.test(pattern) || /[*+?}]\+/.test(pattern)) return 'it uses an atomic group or a possessive quantifier';
  const message = (error as Error)?.message ?? '';
  const detail = /error parsing regexp: (.*)/.exec(message)?.[1];
  return detail ? `the linear-time engine rejects it (${detail})` : 'the linear-time engine rejects it';
}
