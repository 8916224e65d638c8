// Options keywords and the rule that +/- and bare keywords cannot be mixed.

import type { Rule } from './lib/types';
import { OPTIONS_KEYWORDS } from '../data/vocabulary';
import { useAtFinding } from './lib/edits';
import { processedUses, wordSpan } from './lib/util';

const KEYWORDS = new Set(Object.keys(OPTIONS_KEYWORDS).map((k) => k.toLowerCase()));

export function optionsError(args: string[]): { message: string; index: number } | undefined {
  let signed = false;
  let bare = false;
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    const hasSign = word.startsWith('+') || word.startsWith('-');
    if (hasSign) signed = true;
    else bare = true;
    if (signed && bare) return { message: 'Either all Options must start with + or -, or no Option may.', index: i };
    const keyword = hasSign ? word.slice(1) : word;
    if (!KEYWORDS.has(keyword.toLowerCase())) return { message: `Illegal option ${keyword}`, index: i };
  }
  return undefined;
}

export const optionsSyntax: Rule = {
  id: 'options-syntax',
  category: 'arguments',
  defaultSeverity: 'error',
  summary: 'Options with an unknown keyword, or +/- keywords mixed with bare ones.',
  scope: 'file',
  check(ctx) {
    const uses = processedUses(ctx.model);
    // Indexed: for-of makes an iterator result per line until the loop is optimized, which a CLI run rarely reaches.
    for (let ui = 0; ui < uses.length; ui++) {
      const use = uses[ui];
      if (use.key !== 'options' || use.isSection) continue;
      const error = optionsError(use.args);
      if (!error) continue;
      // A "#" here is a trailing comment; that rule explains it.
      if (use.args[error.index]?.startsWith('#')) continue;
      const word = use.words[error.index] ?? use.words[0];
      ctx.report({ ...wordSpan(use, word), message: error.message, data: { fixSigns: error.message.startsWith('Either') } });
    }
  },
  fixes(finding, ctx) {
    if (!finding.data?.fixSigns) return [];
    const use = useAtFinding(ctx, finding, 'options');
    if (!use || use.words.length !== use.args.length) return [];
    const edits = use.words
      .filter((w) => w.quote === null && !/^[+-]/.test(w.value))
      .map((w) => ({ file: use.file, start: w.start, end: w.start, newText: '+' }));
    return [{ title: 'Prefix the bare keywords with +', edits, preferred: true }];
  },
};
