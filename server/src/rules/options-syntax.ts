// Options keywords and the rule that +/- and bare keywords cannot be mixed.

import type { Rule } from './lib/types';
import { OPTIONS_KEYWORDS } from '../data/vocabulary';
import { useAtFinding } from './lib/edits';
import { processedUses, wordSpan } from './lib/util';

const KEYWORDS = new Set(Object.keys(OPTIONS_KEYWORDS).map((k) => k.toLowerCase()));
const ALL_OR_NONE = /^(all|none)$/i;

export function optionsError(args: string[]): { message: string; index: number } | undefined {
  // httpd's order of checks (probed): signs first, then the keyword; All and None only as the
  // first, unsigned word, after which signed keywords may follow ("Options All -Indexes").
  let signed = false;
  let allOrNone = false;
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    const hasSign = word.startsWith('+') || word.startsWith('-');
    if (hasSign ? !signed && i > 0 && !allOrNone : signed) return { message: 'Either all Options must start with + or -, or no Option may.', index: i };
    if (hasSign) signed = true;
    const keyword = hasSign ? word.slice(1) : word;
    const lower = keyword.toLowerCase();
    if (lower === 'all' || lower === 'none') {
      const name = lower === 'all' ? 'All' : 'None';
      // httpd spells the two messages differently ("option" / "Option").
      if (i > 0) return { message: name === 'All' ? "'Options All' must be the first option given." : "'Options None' must be the first Option given.", index: i };
      if (hasSign) return { message: `You may not use 'Options +${name}' or 'Options -${name}'.`, index: i };
      allOrNone = true;
      continue;
    }
    if (!KEYWORDS.has(lower)) return { message: `Illegal option ${keyword}`, index: i };
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
    // All and None take no sign: a leading one stays bare, a later one leaves no fix to offer.
    const bare = use.words.filter((w, i) => w.quote === null && !/^[+-]/.test(w.value) && !(i === 0 && ALL_OR_NONE.test(w.value)));
    if (bare.some((w) => ALL_OR_NONE.test(w.value))) return [];
    const edits = bare.map((w) => ({ file: use.file, start: w.start, end: w.start, newText: '+' }));
    return [{ title: 'Prefix the bare keywords with +', edits, preferred: true }];
  },
};
