// Section headers httpd's handlers refuse: a missing '>', a conditional without its argument,
// and <Else>/<ElseIf> that follow no <If>.

import type { DirectiveUse } from '../model';
import type { Rule } from './lib/types';
import { directiveInfo, nameSpan } from './lib/util';
import { gatheredOnce, runSlot } from '../model';
import { localParents, type RunEvent } from './lib/run-local';
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

type Report = { file: string; line: number; start: number; end: number; message: string };

const ELSE_MESSAGE = '<Else> or <ElseIf> section without previous <If> or <ElseIf> section in same scope';

/** An <Else>/<ElseIf> httpd refuses because the section before it (if any) is no <If>/<ElseIf>. */
const orphanElse = (use: DirectiveUse, before: DirectiveUse | undefined): boolean =>
  (use.key === 'else' || use.key === 'elseif') && !!directiveInfo(use) && !(before && (before.key === 'if' || before.key === 'elseif'));

/**
 * A run's active sections in read order, derived once per run: the findings among siblings that
 * lie wholly in the run, and the sections whose siblings continue in other runs (compared at the
 * tree level).
 */
export const sectionEvents = runSlot((run) => {
  const local = localParents(run);
  const previous = new Map<readonly DirectiveUse[], DirectiveUse>();
  const events: RunEvent<Report, { use: DirectiveUse; problem: string | undefined }>[] = [];
  for (let i = 0; i < run.length; i++) {
    const use = run[i];
    if (!use.active || !use.isSection) continue;
    const problem = headerProblem(use);
    if (!local(use.parents)) {
      events.push({ use: { use, problem } });
      continue;
    }
    const before = previous.get(use.parents);
    previous.set(use.parents, use);
    if (problem) events.push({ report: { ...nameSpan(use), message: problem } });
    else if (orphanElse(use, before)) events.push({ report: { ...nameSpan(use), message: ELSE_MESSAGE } });
  }
  return events;
});

export const sectionSyntax: Rule = {
  id: 'section-syntax',
  category: 'syntax',
  defaultSeverity: 'error',
  summary: "A section header httpd refuses: missing '>', missing argument, or <Else> without <If>.",
  check(ctx) {
    // The previous active section among each set of siblings that spans runs (siblings share their parents array).
    const previous = new Map<readonly DirectiveUse[], DirectiveUse>();
    const events = gatheredOnce(ctx.model, sectionEvents);
    for (let i = 0; i < events.length; i++) {
      const event = events[i];
      if (event.report) {
        ctx.report(event.report);
        continue;
      }
      const { use, problem } = event.use;
      const before = previous.get(use.parents);
      previous.set(use.parents, use);
      if (problem) ctx.report({ ...nameSpan(use), message: problem });
      else if (orphanElse(use, before)) ctx.report({ ...nameSpan(use), message: ELSE_MESSAGE });
    }
  },
};
