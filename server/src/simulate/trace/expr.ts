// <If>/<ElseIf> and Require expr in the request trace: the shared ap_expr evaluator
// (simulate/expr) over what the trace knows of the request.

import { conditionTree, evaluateCondition, type ExprEnvironment } from '../expr';

export type ExprContext = ExprEnvironment;

/** true/false, or undefined when the expression needs something the simulator cannot know. */
export function evaluateExpr(text: string, ctx: ExprContext): boolean | undefined {
  const tree = conditionTree(text);
  return tree ? evaluateCondition(tree, ctx).value : undefined;
}
