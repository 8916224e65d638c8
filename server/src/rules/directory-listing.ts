// Options Indexes (or All) where requests are served: mod_autoindex lists any folder without an
// index file, so backups, uploads and stray files become browsable.

import { activeUses, type SectionUse } from '../model';
import type { CodeFix, Rule } from './lib/types';
import { deniesAll, grantsOnlyLocal } from './lib/protected-paths';
import { replaceWord, useAtFinding } from './lib/edits';
import { wordSpan } from './lib/util';

/** What `All` stands for: every option except MultiViews. */
const ALL_WITHOUT_INDEXES = 'ExecCGI FollowSymLinks Includes SymLinksIfOwnerMatch';

/**
 * The word that leaves Indexes on once the line is read (-1 when it ends off): the words apply in
 * order, so `All -Indexes` and `Indexes None` end without it.
 */
function indexesTurnedOnBy(args: string[]): number {
  let on = -1;
  for (let i = 0; i < args.length; i++) {
    const lower = args[i].toLowerCase();
    if (lower === 'all' || lower === 'indexes' || lower === '+indexes') on = i;
    else if (lower === 'none' || lower === '-indexes') on = -1;
  }
  return on;
}

export const directoryListing: Rule = {
  id: 'directory-listing',
  category: 'security',
  defaultSeverity: 'warning',
  summary: 'Options turns on automatic directory listings (Indexes, or All) where requests are served.',
  check(ctx) {
    const model = ctx.model;
    if (model.moduleStateKnown && !model.modules.has('autoindex_module')) return;
    for (const use of activeUses(model, 'Options')) {
      const index = indexesTurnedOnBy(use.args);
      if (index === -1 || !use.words[index]) continue;
      const section = use.parents[use.parents.length - 1] as SectionUse | undefined;
      if (section && deniesAll(section)) continue;
      const all = /all$/i.test(use.args[index]);
      const option = `Options ${use.args[index]}${all ? ' (includes Indexes)' : ''}`;
      // Debian's documentation packages list folders to the machine itself (Require local): intended, and seen by no one else.
      if (section && grantsOnlyLocal(section)) {
        ctx.report({
          ...wordSpan(use, use.words[index]),
          severity: 'information',
          message: `${option}: folders without an index file are listed, but only to this machine (Require local). Turn Indexes off if access widens.`,
          data: { index },
        });
        continue;
      }
      ctx.report({
        ...wordSpan(use, use.words[index]),
        message: `${option}: any folder here without an index file is listed, backups and uploads included. Turn Indexes off unless intended.`,
        data: { index },
      });
    }
  },
  fixes(finding, ctx) {
    const use = useAtFinding(ctx, finding, 'options');
    const index = finding.data?.index as number | undefined;
    const word = index === undefined ? undefined : use?.words[index];
    if (!use || index === undefined || !word) return [];
    const current = use.args[index];
    const signed = use.args.some((a) => /^[+-]/.test(a));
    const fix = (title: string, start: number, end: number, newText: string): CodeFix[] => [{ title, preferred: true, edits: [{ file: use.file, start, end, newText }] }];
    if (/all$/i.test(current)) return signed ? fix('Add -Indexes after All', word.end, word.end, ' -Indexes') : fix(`Replace All with ${ALL_WITHOUT_INDEXES}`, word.start, word.end, ALL_WITHOUT_INDEXES);
    if (signed) return [{ title: 'Change to -Indexes', preferred: true, edits: [replaceWord(use, word, '-Indexes')] }];
    if (use.args.length === 1) return fix('Change to Options None', word.start, word.end, 'None');
    // Remove the bare keyword together with the blanks before it (or after it, when it comes first).
    const text = ctx.text(use.file) ?? '';
    if (index === 0) {
      let end = word.end;
      while (text[end] === ' ' || text[end] === '\t') end++;
      return fix('Remove Indexes', word.start, end, '');
    }
    let start = word.start;
    while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
    return fix('Remove Indexes', start, word.end, '');
  },
};
