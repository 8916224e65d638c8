// One readable line for a rewrite step of a trace: the CLI's text output and the client's trace
// panel print the same words. A pure function over shared/trace.ts; imports neither process.

import type { RewriteStep } from './trace';

/** One readable line for a step. */
export function describeStep(s: RewriteStep): string {
  const where = s.context === 'server' ? 'server' : `dir ${s.directory ?? ''}`;
  const conds = s.conditions.map((c) => `${c.matched ? 'yes' : 'no'}: '${c.test}' ${c.pattern}`).join('; ');
  const head = `pass ${s.pass} ${where}: '${s.pattern}' on '${s.input}'`;
  if (!s.matched) {
    const failed = s.conditions.find((c) => !c.matched);
    return failed ? `${head} matched, but a condition failed (${conds})` : `${head} did not match`;
  }
  const result = s.result === null ? 'no substitution' : `-> ${s.result}`;
  return `${head} ${result}${conds ? ` [${conds}]` : ''}${s.stop ? ` (stop: ${s.stop})` : ''}${s.unknown?.length ? ` (not certain: ${s.unknown.join('; ')})` : ''}`;
}
