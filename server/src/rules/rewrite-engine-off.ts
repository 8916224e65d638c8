// Rewrite rules only run where RewriteEngine is On: in the same scope, or inherited from the
// server level or an enclosing directory. Rules in a scope that says Off, or in a configuration
// that never turns the engine on, are dead.

import type { Rule } from './lib/types';
import { isWholeServer } from './lib/advisor-util';
import { insertLinesBefore, useAtFinding } from './lib/edits';
import { activeUses, gatheredOnce, runSlot } from '../model';
import { checkContainers, containerOf, containerSlot, type ContainerCheck, type RewriteContainer } from './lib/rewrite-scopes';

const isOn = (c: RewriteContainer): boolean => c.uses.some((u) => u.key === 'rewriteengine' && (u.args[0] ?? '').toLowerCase() === 'on');

/** A run's first active Rewrite* line read at server scope (outside virtual hosts and directories). */
const firstServerLine = runSlot((run) => {
  for (let i = 0; i < run.length; i++) {
    const u = run[i];
    if (u.active && !u.isSection && u.scope === 'server' && u.key.startsWith('rewrite')) return [u];
  }
  return [];
});

/** A container whose rules never run: its engine is Off, or it has none and inherits none (`extra`: any On, main server On, whole server). */
const engineOffOf: ContainerCheck = (c, report, extra) => {
  const [anyOn, mainOn, wholeServer] = extra.split(' ').map((w) => w === 'true');
  const engine = c.uses.filter((u) => u.key === 'rewriteengine').pop();
  const rules = c.uses.filter((u) => u.key === 'rewriterule');
  if (!rules.length) return;
  const inherited = c.context === 'server' ? c.uses[0]?.scope === 'vhost' && mainOn : anyOn;
  if (engine && (engine.args[0] ?? '').toLowerCase() === 'off') {
    report({
      file: engine.file, line: engine.line.line, start: engine.line.contentStart, end: engine.line.contentEnd,
      message: `RewriteEngine Off: the ${rules.length} RewriteRule(s) of this scope never run.`,
      data: { kind: 'off' },
    });
  } else if (!engine && !inherited && wholeServer) {
    const first = rules[0];
    report({
      file: first.file, line: first.line.line, start: first.line.contentStart, end: first.line.contentEnd,
      message: c.context === 'server'
        ? 'RewriteEngine is not On for this server or virtual host, so its rules never run (the engine is off by default).'
        : 'RewriteEngine is never turned On in this configuration, so this rule never runs (the engine is off by default).',
      data: { kind: 'missing' },
    });
  }
};

export const engineOff = containerSlot(engineOffOf);

export const rewriteEngineOff: Rule = {
  id: 'rewrite-engine-off',
  category: 'hygiene',
  defaultSeverity: 'warning',
  summary: 'RewriteRules where RewriteEngine is Off, or a whole configuration with rules that never turns RewriteEngine On.',
  check(ctx) {
    const model = ctx.model;
    // Every active RewriteEngine line is in some container: one that says On anywhere.
    const anyOn = activeUses(model, 'rewriteengine').some((u) => !u.isSection && (u.args[0] ?? '').toLowerCase() === 'on');
    // Server level: a virtual host without its own RewriteEngine takes the main server's, the
    // container of the first Rewrite* line read at server scope.
    const first = gatheredOnce(model, firstServerLine)[0];
    const main = first ? containerOf(model, first) : undefined;
    const mainOn = main ? isOn(main) : false;
    // What a scope's findings read beyond its own uses.
    checkContainers(ctx, engineOff, engineOffOf, `${anyOn} ${mainOn} ${isWholeServer(model)}`);
  },
  fixes(finding, ctx) {
    if (finding.data?.kind !== 'missing') return [];
    const use = useAtFinding(ctx, finding, 'rewriterule');
    const edit = use ? insertLinesBefore(use, ['RewriteEngine On'], ctx) : undefined;
    return edit ? [{ title: 'Add RewriteEngine On before the rule', preferred: true, edits: [edit] }] : [];
  },
};
