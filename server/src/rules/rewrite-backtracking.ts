// Nested quantifiers such as (a+)+ or (.*)* make PCRE, which httpd uses, try exponentially many
// ways to match a subject that almost matches: one request can keep a worker busy for seconds.

import type { Rule } from './lib/types';

export const rewriteBacktracking: Rule = {
  id: 'rewrite-backtracking',
  category: 'performance',
  defaultSeverity: 'information',
  summary: 'A RewriteRule or RewriteCond pattern with nested unbounded quantifiers such as (a+)+, prone to catastrophic backtracking in PCRE.',
  // Each pattern on its own: the findings of a file follow from its uses.
  scope: 'file',
  check(ctx) {
    const uses = ctx.model.uses;
    // Indexed: for-of makes an iterator result per line until the loop is optimized, which a CLI run rarely reaches.
    for (let ui = 0; ui < uses.length; ui++) {
      const use = uses[ui];
      if (!use.active || (use.key !== 'rewriterule' && use.key !== 'rewritecond')) continue;
      const index = use.key === 'rewriterule' ? 0 : 1;
      // The pattern first: nearly every one is fine, and its verdict is remembered.
      if (!nestedRepetition(use.args[index] ?? '')) continue;
      if (use.key === 'rewritecond' && /^!?(-[a-zA-Z]|[<>=])/.test(use.args[1] ?? '')) continue;
      if (use.key === 'rewritecond' && (use.args[0] ?? '').toLowerCase() === 'expr') continue;
      const word = use.words[index];
      if (!word) continue;
      ctx.report({
        file: use.file, line: use.line.line, start: word.start, end: word.end,
        message: 'Nested repetition such as (a+)+: PCRE may backtrack exponentially on a subject that almost matches. Drop the inner or outer repetition.',
      });
    }
  },
};

/** Verdicts by pattern text: a tree repeats the same patterns thousands of times. */
const verdicts = new Map<string, boolean>();
const VERDICTS_LIMIT = 4000;

function nestedRepetition(pattern: string): boolean {
  let verdict = verdicts.get(pattern);
  if (verdict !== undefined) return verdict;
  // Escaped characters are plain characters here.
  verdict = repeatsRepetition(pattern.replace(/\\./g, '_'));
  if (verdicts.size >= VERDICTS_LIMIT) verdicts.clear();
  if (pattern.length <= 1024) verdicts.set(pattern, verdict);
  return verdict;
}

/** A group without groups inside that holds an unbounded quantifier (*, +, {n,}) and is itself repeated without bound; one pass. */
function repeatsRepetition(pattern: string): boolean {
  let open = -1;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '(') open = i;
    else if (c === ')') {
      if (open !== -1 && unboundedAt(pattern, i + 1) && hasUnbounded(pattern, open + 1, i)) return true;
      open = -1;
    }
  }
  return false;
}

function hasUnbounded(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (unboundedAt(text, i)) return true;
  return false;
}

/** `*`, `+` or `{n,}` starts at `i`. */
function unboundedAt(text: string, i: number): boolean {
  const c = text[i];
  if (c === '*' || c === '+') return true;
  if (c !== '{') return false;
  let j = i + 1;
  while (j < text.length && text[j] >= '0' && text[j] <= '9') j++;
  return j > i + 1 && text[j] === ',' && text[j + 1] === '}';
}
