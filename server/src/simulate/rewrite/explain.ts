// Words for the rewrite steps of a trace: one line per rule tried, and the answer to "why did
// this rule not match?" for a rule the user points at.

import { demandsLeadingSlash } from './leading-slash';
import type { RewriteStep } from './trace';

export { describeStep } from '../../../../shared/rewrite-step-text';

/**
 * Why the rule at file:line did or did not apply to the traced request: never tried (and what
 * ended the pass before it), its pattern did not match the input it saw (with the leading-slash
 * hint in directory context), a condition failed, or it matched.
 */
export function explainRule(steps: RewriteStep[], file: string, line: number): string {
  const mine = steps.filter((s) => s.file === file && s.line === line);
  if (mine.length === 0) {
    const stopper = steps.find((s) => s.stop);
    if (stopper) return `The rule was never tried: the pass ended earlier at ${stopper.file}:${stopper.line} with [${stopper.stop}].`;
    if (steps.length === 0) return 'The rule was never tried: no rewrite rules ran for this request (engine off, another scope, or the request never reached this directory).';
    return 'The rule was never tried: it is not in a scope that applies to this request (another virtual host or directory, or skipped by [C]/[S]).';
  }
  const lines = mine.map((s) => {
    if (s.matched) return `Pass ${s.pass}: it matched '${s.input}'${s.result !== null ? ` and produced ${s.result}` : ''}${s.stop ? `; [${s.stop}] ended the pass` : ''}.`;
    const failed = s.conditions.find((c) => !c.matched);
    if (failed) return `Pass ${s.pass}: the pattern matched '${s.input}', but the condition at line ${failed.line} failed: '${failed.test}' against ${failed.pattern}.`;
    const slash = s.context === 'directory' && demandsLeadingSlash(s.pattern)
      ? ` In directory context the prefix ${s.directory} is removed first, so the subject never starts with '/': drop the leading slash.`
      : '';
    return `Pass ${s.pass}: the pattern ${s.pattern} does not match '${s.input}'.${slash}`;
  });
  return lines.join(' ');
}
