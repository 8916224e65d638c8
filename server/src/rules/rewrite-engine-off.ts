// Rewrite rules only run where RewriteEngine is On: in the same scope, or inherited from the
// server level or an enclosing directory. Rules in a scope that says Off, or in a configuration
// that never turns the engine on, are dead.

import type { Rule } from './lib/types';
import { isWholeServer } from './lib/advisor-util';
import { insertLinesBefore, useAtFinding } from './lib/edits';
import { rewriteContainers } from './lib/rewrite-scopes';
import { inGroup } from './lib/util';

export const rewriteEngineOff: Rule = {
  id: 'rewrite-engine-off',
  category: 'hygiene',
  defaultSeverity: 'warning',
  summary: 'RewriteRules where RewriteEngine is Off, or a whole configuration with rules that never turns RewriteEngine On.',
  check(ctx) {
    const containers = rewriteContainers(ctx.model);
    const isOn = (c: (typeof containers)[number]): boolean => c.uses.some((u) => u.key === 'rewriteengine' && (u.args[0] ?? '').toLowerCase() === 'on');
    const anyOn = containers.some(isOn);
    // Server level: a virtual host without its own RewriteEngine takes the main server's.
    const main = containers.find((c) => c.context === 'server' && c.uses[0]?.scope === 'server');
    const mainOn = main ? isOn(main) : false;
    // What a scope's findings read beyond its own uses.
    const extra = `${anyOn} ${mainOn} ${isWholeServer(ctx.model)}`;
    for (const c of containers) {
      inGroup(ctx, c.uses, extra, () => {
        const engine = c.uses.filter((u) => u.key === 'rewriteengine').pop();
        const rules = c.uses.filter((u) => u.key === 'rewriterule');
        if (!rules.length) return;
        const inherited = c.context === 'server' ? c.uses[0]?.scope === 'vhost' && mainOn : anyOn;
        if (engine && (engine.args[0] ?? '').toLowerCase() === 'off') {
          ctx.report({
            file: engine.file, line: engine.line.line, start: engine.line.contentStart, end: engine.line.contentEnd,
            message: `RewriteEngine Off: the ${rules.length} RewriteRule(s) of this scope never run.`,
            data: { kind: 'off' },
          });
        } else if (!engine && !inherited && isWholeServer(ctx.model)) {
          const first = rules[0];
          ctx.report({
            file: first.file, line: first.line.line, start: first.line.contentStart, end: first.line.contentEnd,
            message: c.context === 'server'
              ? 'RewriteEngine is not On for this server or virtual host, so its rules never run (the engine is off by default).'
              : 'RewriteEngine is never turned On in this configuration, so this rule never runs (the engine is off by default).',
            data: { kind: 'missing' },
          });
        }
      });
    }
  },
  fixes(finding, ctx) {
    if (finding.data?.kind !== 'missing') return [];
    const use = useAtFinding(ctx, finding, 'rewriterule');
    const edit = use ? insertLinesBefore(use, ['RewriteEngine On'], ctx) : undefined;
    return edit ? [{ title: 'Add RewriteEngine On before the rule', preferred: true, edits: [edit] }] : [];
  },
};
