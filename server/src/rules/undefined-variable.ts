// A ${NAME} that nothing defines (httpd's AH00111). One finding per name and file: a tree whose
// names come from a start script uses each many times, and one warning per use buried the rest.
// The other uses of the name in the file are the finding's related locations.

import type { ModelProblem } from '../model';
import { fitMessage } from './lib/message';
import type { RelatedLocation, Rule } from './lib/types';

/** Lines listed in the message for the uses after the first (the rest are only counted). */
const LINES_NAMED = 3;

export const undefinedVariable: Rule = {
  id: 'undefined-variable',
  category: 'syntax',
  defaultSeverity: 'warning',
  summary: 'A ${VAR} is neither defined nor in the environment; httpd keeps the literal text (one finding per name and file).',
  scope: 'file',
  fromModelProblems: true,
  check(ctx) {
    // file -> name -> its uses in reading order, suppressed lines left out (a suppressed use is not reported).
    const groups = new Map<string, Map<string, ModelProblem[]>>();
    for (const problem of ctx.model.problems) {
      if (problem.code !== 'undefined-variable') continue;
      if (ctx.suppressed?.(problem.file, problem.line)) continue;
      const name = String(problem.data?.name ?? problem.message);
      let byName = groups.get(problem.file);
      if (!byName) groups.set(problem.file, (byName = new Map()));
      const uses = byName.get(name);
      if (uses) uses.push(problem);
      else byName.set(name, [problem]);
    }
    for (const byName of groups.values()) {
      for (const [name, uses] of byName) {
        const [first, ...others] = uses;
        const related: RelatedLocation[] = others.map((p) => ({ file: p.file, line: p.line, start: p.start, end: p.end, message: `\${${name}} is used here too` }));
        const message = others.length ? fitMessage(withUses(first, name, alsoUsed(others)), withUses(first, name, ` (${others.length} more uses here)`)) : first.message;
        ctx.report({ file: first.file, line: first.line, start: first.start, end: first.end, severity: first.severity, message, related, data: first.data });
      }
    }
  },
};

/**
 * httpd's AH00111 wording with where else the name is used; a lone fragment's message keeps its
 * reason last ("... in this file (also on line 3): fine if the configuration that includes it defines it.").
 */
function withUses(first: ModelProblem, name: string, uses: string): string {
  const head = `Config variable \${${name}} is not defined`;
  return first.data?.lone ? `${head} in this file${uses}: fine if the configuration that includes it defines it.` : head + uses;
}

/** " (also on lines 12, 40, 41 and 3 more)": where the other uses are, for outputs that show no related locations. */
function alsoUsed(others: ModelProblem[]): string {
  const lines = [...new Set(others.map((p) => p.line + 1))];
  const named = lines.slice(0, LINES_NAMED);
  const rest = lines.length - named.length;
  if (named.length === 1) return ` (also on line ${named[0]})`;
  const list = rest ? `${named.join(', ')} and ${rest} more` : `${named.slice(0, -1).join(', ')} and ${named[named.length - 1]}`;
  return ` (also on lines ${list})`;
}
