// A configuration regex the checker does not evaluate: it needs a feature RE2 lacks
// (backreference, lookaround, possessive quantifier), so matching it could take unbounded time.
// Checks that depend on what it matches treat it as unknown; this says so where it is written.

import { compilePattern, type DirectiveUse } from '../model';
import type { Rule } from './lib/types';

/** Sections whose argument is always a regex, and those that take one after `~`. */
const REGEX_SECTIONS = new Set(['directorymatch', 'locationmatch', 'filesmatch', 'proxymatch']);
const TILDE_SECTIONS = new Set(['directory', 'location', 'files', 'proxy']);

function patternOf(use: DirectiveUse): { pattern: string; word: number } | undefined {
  if (!use.isSection) return undefined;
  if (REGEX_SECTIONS.has(use.key)) return use.args[0] !== undefined ? { pattern: use.args[0], word: 0 } : undefined;
  if (TILDE_SECTIONS.has(use.key) && use.args[0] === '~' && use.args[1] !== undefined) return { pattern: use.args[1], word: 1 };
  if (use.key === 'ifversion') {
    const [op, wanted] = use.args.length >= 2 ? [use.args[0], use.args[1]] : ['=', use.args[0] ?? ''];
    const bare = op.replace(/^!/, '');
    if (bare === '~') return { pattern: wanted, word: 1 };
    if (wanted.length > 1 && wanted.startsWith('/') && wanted.endsWith('/')) return { pattern: wanted.slice(1, -1), word: use.args.length >= 2 ? 1 : 0 };
  }
  return undefined;
}

export const regexUnsupported: Rule = {
  id: 'regex-unsupported',
  category: 'hygiene',
  defaultSeverity: 'information',
  summary: 'A section regex uses a feature the checker does not evaluate (backreference, lookaround); checks depending on it are skipped.',
  scope: 'file',
  check(ctx) {
    const uses = ctx.model.uses;
    // Indexed: for-of makes an iterator result per line until the loop is optimized, which a CLI run rarely reaches.
    for (let ui = 0; ui < uses.length; ui++) {
      const use = uses[ui];
      if (!use.active) continue;
      const found = patternOf(use);
      if (!found) continue;
      const verdict = compilePattern(found.pattern);
      if (verdict.ok) continue;
      const word = use.words[found.word] ?? use.words[0];
      ctx.report({
        file: use.file,
        line: use.line.line,
        start: word ? word.start : use.line.contentStart,
        end: word ? word.end : use.line.contentEnd,
        message: `Pattern not evaluated (${verdict.reason}): checks that depend on what <${use.name}> matches treat it as unknown.`,
      });
    }
  },
};
