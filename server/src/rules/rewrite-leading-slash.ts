// In directory context (<Directory>, .htaccess) mod_rewrite removes the directory prefix, slash
// included, before matching: a pattern that demands a slash after ^ can never match there.

import type { Rule } from './lib/types';
import { replaceWord, useAtFinding } from './lib/edits';
import { checkContainers, containerSlot, type ContainerCheck } from './lib/rewrite-scopes';
import { demandsLeadingSlash, withoutLeadingSlash } from '../simulate/rewrite/leading-slash';

/** The message, naming the corrected pattern when it fits in one line. */
function fitted(fixed: string): string {
  const base = 'Never matches: in directory context the prefix and its slash are removed before matching.';
  return fixed.length <= 60 ? `${base} Write ${fixed}.` : `${base} Drop the slash after ^.`;
}

/** A directory-context container's rules whose pattern starts with ^/. */
const leadingSlashesOf: ContainerCheck = (c, report) => {
  if (c.context !== 'directory' || c.location) return;
  for (const use of c.uses) {
    if (use.key !== 'rewriterule' || !demandsLeadingSlash(use.args[0] ?? '')) continue;
    const word = use.words[0];
    if (!word) continue;
    report({
      file: use.file, line: use.line.line, start: word.start, end: word.end,
      message: fitted(withoutLeadingSlash(use.args[0])),
    });
  }
};

export const leadingSlashes = containerSlot(leadingSlashesOf);

export const rewriteLeadingSlash: Rule = {
  id: 'rewrite-leading-slash',
  category: 'hygiene',
  defaultSeverity: 'warning',
  summary: 'A RewriteRule pattern starting with ^/ in <Directory> or .htaccess: the subject never starts with a slash there, so it never matches.',
  check(ctx) {
    checkContainers(ctx, leadingSlashes, leadingSlashesOf);
  },
  fixes(finding, ctx) {
    const use = useAtFinding(ctx, finding, 'rewriterule');
    const word = use?.words[0];
    if (!use || !word || word.quote || !demandsLeadingSlash(word.value)) return [];
    return [{ title: 'Remove the leading slash from the pattern', preferred: true, edits: [replaceWord(use, word, withoutLeadingSlash(word.value))] }];
  },
};
