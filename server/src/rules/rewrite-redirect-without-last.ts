// [R] marks the request for redirection but the rule set goes on: later rules still rewrite the
// target before the redirect is sent, which is rarely intended. [R,L] (or END) stops there.

import type { Rule } from './lib/types';
import { replaceWord, useAtFinding } from './lib/edits';
import { flagNames, hasFlag } from './lib/rewrite-scopes';
import { rewriteFlagWords } from '../model';

export const rewriteRedirectWithoutLast: Rule = {
  id: 'rewrite-redirect-without-last',
  category: 'hygiene',
  defaultSeverity: 'information',
  summary: 'RewriteRule with [R] but without [L] or [END]: the following rules keep rewriting the redirect target.',
  // Each rule line on its own: the findings of a file follow from its uses.
  scope: 'file',
  check(ctx) {
    const uses = ctx.model.uses;
    // Indexed: for-of makes an iterator result per line until the loop is optimized, which a CLI run rarely reaches.
    for (let ui = 0; ui < uses.length; ui++) {
      const use = uses[ui];
      if (!use.active || use.isSection || use.key !== 'rewriterule') continue;
      if (!redirectsWithoutLast(use.args[2] ?? '')) continue;
      const word = use.words[2];
      if (!word) continue;
      ctx.report({
        file: use.file, line: use.line.line, start: word.start, end: word.end,
        message: 'Redirect without [L]: the rules after this one still run and may change the target before the redirect is sent. Add L to stop here.',
      });
    }
  },
  fixes(finding, ctx) {
    const use = useAtFinding(ctx, finding, 'rewriterule');
    const word = use?.words[2];
    if (!use || !word || word.quote || !/^\[.*\]$/.test(word.value)) return [];
    return [{ title: 'Add the L flag', preferred: true, edits: [replaceWord(use, word, word.value.replace(/\]$/, ',L]'))] }];
  },
};

/** Verdicts by flag field: a tree repeats the same few fields thousands of times. */
const verdicts = new Map<string, boolean>();
const VERDICTS_LIMIT = 2000;

/** The field redirects (3xx or a non-numeric R value) and neither L, last nor END stops the rules. */
function redirectsWithoutLast(field: string): boolean {
  let verdict = verdicts.get(field);
  if (verdict !== undefined) return verdict;
  // The last R wins, as mod_rewrite applies the flags in order.
  const r = (rewriteFlagWords(field) ?? []).filter((w) => /^r(edirect)?$/i.test(w.key)).pop();
  if (!r || hasFlag(flagNames(field), 'l', 'last', 'end')) verdict = false;
  else {
    const code = r.val ? Number(r.val) : 302;
    verdict = !(r.val && /^\d+$/.test(r.val) && (code < 300 || code > 399));
  }
  if (verdicts.size >= VERDICTS_LIMIT) verdicts.clear();
  if (field.length <= 256) verdicts.set(field, verdict);
  return verdict;
}
