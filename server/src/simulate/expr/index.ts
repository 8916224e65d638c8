// ap_expr for the request simulators: the tree model/expr.ts reads, kept per text, and one
// evaluator for <If>, Require expr and RewriteCond expr.

import { parseExpression, type ExprCondition } from '../../model';
import { compileRewritePattern, execPattern } from '../rewrite/regex';
import type { ExprCaptures } from './evaluate';

export { evaluateCondition, type ExprCaptures, type ExprEnvironment, type ExprOutcome } from './evaluate';

const CACHE_LIMIT = 2000;
/** Longer texts are parsed each time rather than kept (the cache holds trees, not megabytes). */
const CACHED_TEXT_LIMIT = 4096;
const trees = new Map<string, ExprCondition | null>();
/** Names are not judged here (expr-invalid reports them): any name httpd might know is read. */
const ANY_NAME = { names: { ssl: true, open: true }, regexError: () => undefined };

/** The tree of a boolean expression, or undefined when it does not parse. */
export function conditionTree(text: string): ExprCondition | undefined {
  if (text.length > CACHED_TEXT_LIMIT) return parseExpression(text, ANY_NAME).tree;
  let tree = trees.get(text);
  if (tree === undefined) {
    tree = parseExpression(text, ANY_NAME).tree ?? null;
    if (trees.size >= CACHE_LIMIT) trees.clear();
    trees.set(text, tree);
  }
  return tree ?? undefined;
}

/** A PCRE match as the simulators run it (linear time; unknown for what RE2 cannot run). */
export function matchPattern(pattern: string, caseless: boolean, subject: string): ExprCaptures | null | undefined {
  return execPattern(compileRewritePattern(pattern, caseless), subject);
}
