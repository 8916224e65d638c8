// An HTTPS virtual host without Strict-Transport-Security: browsers keep trying plain HTTP
// first, where a network attacker can intercept the redirect.

import { activeUses, type DirectiveUse, type SectionUse } from '../model';
import type { Rule } from './lib/types';
import { insertLineAfter, useAtFinding } from './lib/edits';
import { descendants, inGroup, nameSpan } from './lib/util';

const HSTS = 'Header always set Strict-Transport-Security "max-age=63072000"';

function setsHsts(use: { key: string; args: string[] }): boolean {
  return (use.key === 'header' && use.args.some((a) => a.toLowerCase() === 'strict-transport-security')) || use.key === 'mdrequirehttps';
}

export const hstsMissing: Rule = {
  id: 'hsts-missing',
  category: 'security',
  defaultSeverity: 'information',
  summary: 'An HTTPS virtual host (SSLEngine on) sends no Strict-Transport-Security header.',
  check(ctx) {
    const model = ctx.model;
    // Only a host holding an active SSLEngine on can be reported: the hosts are found from the
    // engines (a host is a parent of every use inside it), not by reading every host's uses.
    const hosts = new Set<DirectiveUse>();
    const engines = activeUses(model, 'SSLEngine');
    for (let i = 0; i < engines.length; i++) {
      if (engines[i].args[0]?.toLowerCase() !== 'on') continue;
      const parents = engines[i].parents;
      for (let k = 0; k < parents.length; k++) if (parents[k].key === 'virtualhost') hosts.add(parents[k]);
    }
    if (hosts.size === 0) return;
    if (activeUses(model, 'Header').some((h) => h.parents.length === 0 && setsHsts(h))) return;
    for (const vhost of activeUses(model, 'VirtualHost') as SectionUse[]) {
      if (!hosts.has(vhost)) continue;
      // The host section is the group: a replayed file's section keeps its whole subtree.
      inGroup(ctx, [vhost], '', () => {
        // One pass over the host's uses: its first SSLEngine on, and whether any sets the header.
        const inside = descendants(vhost);
        let engine: DirectiveUse | undefined;
        for (let i = 0; i < inside.length; i++) {
          const u = inside[i];
          if (!u.active) continue;
          if (setsHsts(u)) return;
          if (!engine && u.key === 'sslengine' && u.args[0]?.toLowerCase() === 'on') engine = u;
        }
        if (!engine) return;
        ctx.report({
          ...nameSpan(vhost),
          message: `This HTTPS host sends no Strict-Transport-Security, so browsers try plain HTTP first. Add a Strict-Transport-Security header once HTTPS covers the name.`,
          data: { engineFile: engine.file, engineLine: engine.line.line },
        });
      });
    }
  },
  fixes(finding, ctx) {
    const file = finding.data?.engineFile as string | undefined;
    const line = finding.data?.engineLine as number | undefined;
    const model = ctx.model;
    if (file === undefined || line === undefined || (model.moduleStateKnown && !model.modules.has('headers_module'))) return [];
    const engine = useAtFinding(ctx, { file, line }, 'sslengine');
    const edit = engine ? insertLineAfter(engine, HSTS, ctx) : undefined;
    return edit ? [{ title: 'Add a Strict-Transport-Security header (two years)', edits: [edit] }] : [];
  },
};
