// fnmatch(3) as httpd's apr_fnmatch applies it to Include wildcards and <Files> patterns, with
// FNM_PERIOD: `*`, `?`, `[...]`/`[!...]`/`[^...]`, backslash escapes; a leading '.' must be
// matched explicitly and '/' is only matched by '/'. Iterative with one backtrack point per
// path segment, so the time is O(pattern × name) whatever the pattern: no regex is built.

/** Whether `name` matches the wildcard `pattern`. Never throws (a bad range matches nothing). */
export function fnmatch(pattern: string, name: string): boolean {
  if (!pattern.includes('/') && !name.includes('/')) return matchSegment(pattern, name);
  const patternParts = pattern.split('/');
  const nameParts = name.split('/');
  if (patternParts.length !== nameParts.length) return false;
  return patternParts.every((p, i) => matchSegment(p, nameParts[i]));
}

export interface FnmatchFlags {
  /** APR_FNM_PATHNAME: '/' only matched by '/'. */
  pathname?: boolean;
  /** APR_FNM_PERIOD: a leading '.' (of each segment, with pathname) matched explicitly. */
  period?: boolean;
  /** APR_FNM_CASE_BLIND. */
  caseBlind?: boolean;
}

/** apr_fnmatch with the flags given (ap_expr's -strmatch, -strcmatch and -fnmatch choose them). */
export function fnmatchWith(pattern: string, name: string, flags: FnmatchFlags): boolean {
  if (flags.caseBlind) {
    pattern = pattern.toLowerCase();
    name = name.toLowerCase();
  }
  const period = flags.period ?? false;
  if (!flags.pathname) return matchSegment(pattern, name, period);
  const patternParts = pattern.split('/');
  const nameParts = name.split('/');
  return patternParts.length === nameParts.length && patternParts.every((p, i) => matchSegment(p, nameParts[i], period));
}

function matchSegment(pattern: string, name: string, period = true): boolean {
  if (period && name.startsWith('.') && !pattern.startsWith('.') && !pattern.startsWith('\\.')) return false;
  let p = 0;
  let n = 0;
  // Where to resume after the last '*': the pattern just past it, and the next name position.
  let starP = -1;
  let starN = 0;
  while (n < name.length) {
    if (p < pattern.length) {
      const ch = pattern[p];
      if (ch === '*') {
        while (pattern[p] === '*') p++;
        starP = p;
        starN = n;
        continue;
      }
      const step = matchOne(pattern, p, name[n]);
      if (step > 0) {
        p += step;
        n++;
        continue;
      }
    }
    if (starP === -1) return false;
    // Let the last '*' swallow one more character and retry from there.
    starN++;
    n = starN;
    p = starP;
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/**
 * Tries the pattern element at `p` (a literal, '?', an escape or a bracket expression) on one
 * character: the length of the element when it matches, 0 when it does not.
 */
function matchOne(pattern: string, p: number, ch: string): number {
  const c = pattern[p];
  if (c === '?') return 1;
  if (c === '\\' && p + 1 < pattern.length) return pattern[p + 1] === ch ? 2 : 0;
  if (c === '[') {
    const bracket = matchBracket(pattern, p, ch);
    if (bracket !== undefined) return bracket.matched ? bracket.length : 0;
    // No closing ']': the '[' is an ordinary character.
  }
  return c === ch ? 1 : 0;
}

/** A bracket expression at `p`: its length and whether `ch` is in it; undefined when unclosed. */
function matchBracket(pattern: string, p: number, ch: string): { matched: boolean; length: number } | undefined {
  let i = p + 1;
  const negate = pattern[i] === '!' || pattern[i] === '^';
  if (negate) i++;
  let matched = false;
  let first = true;
  while (i < pattern.length && (first || pattern[i] !== ']')) {
    first = false;
    let low = pattern[i];
    if (low === '\\' && i + 1 < pattern.length) low = pattern[++i];
    i++;
    if (pattern[i] === '-' && i + 1 < pattern.length && pattern[i + 1] !== ']') {
      let high = pattern[i + 1];
      i += 2;
      if (high === '\\' && i < pattern.length) high = pattern[i++];
      // A reversed range such as z-a contains nothing, as in apr_fnmatch.
      if (ch >= low && ch <= high) matched = true;
    } else if (ch === low) matched = true;
  }
  if (i >= pattern.length) return undefined;
  return { matched: matched !== negate, length: i + 1 - p };
}
