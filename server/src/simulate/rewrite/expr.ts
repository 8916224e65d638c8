// `RewriteCond expr "…"`: the shared ap_expr evaluator (simulate/expr) over mod_rewrite's view of
// the request. The groups of the expression's last match become the condition's %N.

import { ipMatches } from '../trace/access';
import { conditionTree, evaluateCondition, matchPattern, type ExprEnvironment } from '../expr';
import type { RewriteCtx } from './context';
import type { Captures } from './regex';
import { lookupVariable } from './variables';

export interface ExprResult {
  value: boolean;
  captures?: Captures;
}

/** The condition's value and groups; undefined when the simulator cannot know them. */
export function evaluateExpr(text: string, ctx: RewriteCtx): ExprResult | undefined {
  const tree = conditionTree(text);
  if (!tree) return undefined;
  const outcome = evaluateCondition(tree, environment(ctx));
  if (outcome.value === undefined || outcome.capturesUncertain) return undefined;
  return { value: outcome.value, captures: outcome.captures };
}

function environment(ctx: RewriteCtx): ExprEnvironment {
  return {
    // ap_expr's request variables share their names with mod_rewrite's for the ones simulated.
    variable: (name) => (/^[A-Z_]+$/.test(name) ? lookupVariable(name, ctx) : undefined),
    header: (name) => lookupVariable(`HTTP:${name}`, ctx),
    environment: (name) => lookupVariable(`ENV:${name}`, ctx),
    stat: (path) => {
      const info = ctx.world.stat(path);
      if (!info) return null;
      return { type: info.type === 'dir' ? 'directory' : 'file', size: info.size, executable: info.executable, symlink: info.symlink };
    },
    ipMatches,
    match: matchPattern,
  };
}
