// After a rule without conditions whose pattern matches every path and that ends the pass
// ([L] or [END], no [C], [S] or [N]), the following rules of the same scope never run. A rule
// chained to the one before it ([C] there) or that an earlier [S=n] may skip runs only sometimes.

import type { Rule } from './lib/types';
import type { DirectiveUse } from '../model';
import { checkContainers, containerSlot, flagNames, hasFlag, type ContainerCheck } from './lib/rewrite-scopes';

/** Patterns that match any subject, the empty one included. */
const CATCH_ALL = new Set(['^', '.*', '^.*', '^.*$', '^(.*)$', '(.*)', '^(.*)', '.*$', '(.*)$']);

/** The rules of a container after its first unconditional catch-all rule that ends the pass. */
const unreachableOf: ContainerCheck = (c, report) => {
  let blocker: DirectiveUse | undefined;
  let conds = 0;
  let chained = false;
  let rule = 0;
  let skippableUpTo = -1;
  for (const use of c.uses) {
    if (use.key === 'rewritecond') {
      conds++;
      continue;
    }
    if (use.key !== 'rewriterule') continue;
    if (blocker) {
      report({
        file: use.file, line: use.line.line, start: use.line.contentStart, end: use.line.contentEnd,
        message: `Never runs: the rule at line ${blocker.line.line + 1} matches every path without conditions and ends the pass.`,
        tags: ['unnecessary'],
        related: [{ file: blocker.file, line: blocker.line.line, start: blocker.line.contentStart, end: blocker.line.contentEnd, message: 'the catch-all rule' }],
      });
      continue;
    }
    const flags = flagNames(use.args[2]);
    const always = conds === 0 && !chained && rule > skippableUpTo;
    if (always && CATCH_ALL.has(use.args[0] ?? '') && hasFlag(flags, 'l', 'last', 'end') && !hasFlag(flags, 'c', 'chain', 's', 'skip', 'n', 'next', 'ns', 'nosubreq')) blocker = use;
    chained = hasFlag(flags, 'c', 'chain');
    skippableUpTo = Math.max(skippableUpTo, rule + skipCount(use.args[2]));
    conds = 0;
    rule++;
  }
};

/** How many following rules an [S=n] (skip=n) flag skips; 0 without one. */
function skipCount(field: string | undefined): number {
  const m = /[[,]\s*(?:s|skip)\s*=\s*(\d+)/i.exec(field ?? '');
  return m ? Number(m[1]) : 0;
}

export const unreachable = containerSlot(unreachableOf);

export const rewriteUnreachable: Rule = {
  id: 'rewrite-unreachable',
  category: 'hygiene',
  defaultSeverity: 'warning',
  summary: 'RewriteRules after an unconditional catch-all rule with [L] or [END] in the same scope never run.',
  check(ctx) {
    checkContainers(ctx, unreachable, unreachableOf);
  },
};
