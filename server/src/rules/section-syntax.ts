// Section headers httpd's handlers refuse: a missing '>', a conditional without its argument,
// and <Else>/<ElseIf> that follow no <If>.

import type { DirectiveUse } from '../model';
import type { Rule } from './lib/types';
import { directiveInfo, nameSpan } from './lib/util';
import { fileRuns, perRun, runSlot } from '../model';
import { SECTIONS } from '../data/vocabulary';
import { pcreSyntaxError } from '../simulate/rewrite/pcre-syntax';

const NEEDS_ARGUMENT = SECTIONS.needsArgument;
const REGEX_SECTIONS = SECTIONS.regex;

/** httpd's complaint about a section header read on its own (the <Else> order aside), if any. */
function headerProblem(use: DirectiveUse): string | undefined {
  if (!directiveInfo(use)) return undefined;
  const open = use.line;
  // mod_authz_core's Require* containers do not check for the '>' (seen with the real httpd).
  if (open.kind === 'open' && !open.hasClosingBracket && !/^require(all|any|none)$/.test(use.key)) return `<${use.name}> directive missing closing '>'`;
  if (NEEDS_ARGUMENT.has(use.key) && (use.args.length === 0 || use.args[0] === '')) return `<${use.name}> directive requires additional arguments`;
  if (REGEX_SECTIONS.has(use.key) || (['directory', 'files', 'location', 'proxy'].includes(use.key) && use.args[0] === '~')) {
    const pattern = REGEX_SECTIONS.has(use.key) ? use.args[0] : use.args[1];
    if (pattern !== undefined && pcreSyntaxError(pattern) !== undefined) return 'Regex could not be compiled';
  }
  return undefined;
}

/** The active sections of a file's run with their header problems, derived once per run. */
const sectionsOfRun = runSlot((run) => run.filter((u) => u.active && u.isSection).map((use) => ({ use, problem: headerProblem(use) })));

export const sectionSyntax: Rule = {
  id: 'section-syntax',
  category: 'syntax',
  defaultSeverity: 'error',
  summary: "A section header httpd refuses: missing '>', missing argument, or <Else> without <If>.",
  check(ctx) {
    // The previous active section among each set of siblings (siblings share their parents array).
    const previous = new Map<readonly DirectiveUse[], DirectiveUse>();
    for (const run of fileRuns(ctx.model)) {
      for (const { use, problem } of perRun(ctx.model, sectionsOfRun, run)) {
        const before = previous.get(use.parents);
        previous.set(use.parents, use);
        if (problem) ctx.report({ ...nameSpan(use), message: problem });
        else if ((use.key === 'else' || use.key === 'elseif') && directiveInfo(use) && !(before && (before.key === 'if' || before.key === 'elseif'))) {
          ctx.report({ ...nameSpan(use), message: '<Else> or <ElseIf> section without previous <If> or <ElseIf> section in same scope' });
        }
      }
    }
  },
};
