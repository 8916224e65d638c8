// mod_wsgi in embedded mode under prefork: every prefork child loads Python and the whole
// application, and keeps it while serving static files or idling on keep-alive. Daemon mode runs
// the application in a few dedicated processes instead.

import { activeUses, type ConfigModel, type DirectiveUse } from '../model';
import type { Rule } from './lib/types';
import { vhostOf } from './lib/advisor-util';
import { insertLineAfter, useAtFinding } from './lib/edits';
import { lineSpan } from './lib/util';

const EMBEDDED_GROUP = '%{global}';

/** True when requests for this WSGIScriptAlias go to a daemon process group. */
function usesDaemon(model: ConfigModel, alias: DirectiveUse): boolean {
  const option = alias.args.find((a) => /^process-group=/i.test(a));
  if (option) return option.slice('process-group='.length).toLowerCase() !== EMBEDDED_GROUP;
  const host = vhostOf(alias);
  return activeUses(model, 'WSGIProcessGroup').some((g) => (g.args[0] ?? '').toLowerCase() !== EMBEDDED_GROUP && (vhostOf(g) === host || vhostOf(g) === undefined));
}

/**
 * A daemon group name no WSGIDaemonProcess in the tree uses yet. With several aliases in the
 * tree the alias's line number is part of it, so fixing them all at once gives distinct names.
 */
function freeGroupName(model: ConfigModel, alias: DirectiveUse): string {
  const taken = new Set(model.uses.filter((u) => u.key === 'wsgidaemonprocess').map((u) => u.args[0]));
  const several = model.uses.filter((u) => u.key === 'wsgiscriptalias').length > 1;
  const base = several ? `app${alias.line.line + 1}` : 'app';
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
  return name;
}

export const wsgiEmbeddedPrefork: Rule = {
  id: 'wsgi-embedded-prefork',
  category: 'performance',
  defaultSeverity: 'warning',
  summary: 'mod_wsgi runs the Python application inside every prefork child (embedded mode).',
  check(ctx) {
    const model = ctx.model;
    const wsgi = model.languageModules.find((l) => l.kind === 'wsgi');
    if (!wsgi || model.mpm !== 'prefork') return;
    // One finding per block: further embedded aliases of the same block are related lines.
    const byBlock = new Map<unknown, DirectiveUse[]>();
    for (const alias of activeUses(model, 'WSGIScriptAlias')) {
      if (usesDaemon(model, alias)) continue;
      const block = byBlock.get(alias.parents);
      if (block) block.push(alias);
      else byBlock.set(alias.parents, [alias]);
    }
    for (const [alias, ...more] of byBlock.values()) {
      ctx.report({
        ...lineSpan(alias),
        related: more.length ? more.map((u) => ({ ...lineSpan(u), message: 'another WSGIScriptAlias of this block, also embedded' })) : undefined,
        message: `This WSGIScriptAlias${more.length ? ` (and ${more.length} more here)` : ''} runs the application inside every prefork child, even those serving static files. Use daemon mode.`,
      });
    }
  },
  fixes(finding, ctx) {
    const alias = useAtFinding(ctx, finding, 'wsgiscriptalias');
    // WSGIDaemonProcess is only allowed at server level and in <VirtualHost>.
    if (!alias || alias.parents.some((p) => p.key !== 'virtualhost')) return [];
    const name = freeGroupName(ctx.model, alias);
    const daemon = insertLineAfter(alias, `WSGIDaemonProcess ${name} processes=2 threads=15`, ctx);
    const group = insertLineAfter(alias, `WSGIProcessGroup ${name}`, ctx);
    if (!daemon || !group) return [];
    return [{ title: `Run the application in a mod_wsgi daemon process group (${name})`, preferred: true, edits: [{ ...daemon, newText: daemon.newText + group.newText.replace(/^\r?\n/, '') }] }];
  },
};
