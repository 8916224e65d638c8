// In directory context (<Directory>, .htaccess) mod_rewrite removes the directory prefix, slash
// included, before matching: a pattern that starts with ^/ can never match there.

import type { Rule } from './lib/types';
import { replaceWord, useAtFinding } from './lib/edits';
import { rewriteContainers } from './lib/rewrite-scopes';
import { inGroup } from './lib/util';

/** The message, naming the corrected pattern when it fits in one line. */
function fitted(fixed: string): string {
  const base = 'Never matches: in directory context the prefix and its slash are removed before matching.';
  return fixed.length <= 60 ? `${base} Write ${fixed}.` : `${base} Drop the slash after ^.`;
}

export const rewriteLeadingSlash: Rule = {
  id: 'rewrite-leading-slash',
  category: 'hygiene',
  defaultSeverity: 'warning',
  summary: 'A RewriteRule pattern starting with ^/ in <Directory> or .htaccess: the subject never starts with a slash there, so it never matches.',
  check(ctx) {
    for (const c of rewriteContainers(ctx.model)) {
      if (c.context !== 'directory' || c.location) continue;
      inGroup(ctx, c.uses, '', () => {
        for (const use of c.uses) {
          if (use.key !== 'rewriterule' || !/^!?\^\//.test(use.args[0] ?? '')) continue;
          const word = use.words[0];
          if (!word) continue;
          ctx.report({
            file: use.file, line: use.line.line, start: word.start, end: word.end,
            message: fitted(use.args[0].replace(/^(!?\^)\//, '$1')),
          });
        }
      });
    }
  },
  fixes(finding, ctx) {
    const use = useAtFinding(ctx, finding, 'rewriterule');
    const word = use?.words[0];
    if (!use || !word || word.quote || !/^!?\^\//.test(word.value)) return [];
    return [{ title: 'Remove the leading slash from the pattern', preferred: true, edits: [replaceWord(use, word, word.value.replace(/^(!?\^)\//, '$1'))] }];
  },
};
