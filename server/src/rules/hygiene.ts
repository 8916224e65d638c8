// Duplicates: the same Listen twice (httpd refuses), two virtual hosts claiming the same name on
// the same address, and single-value directives set twice where the later one silently wins.

import { getDirective } from '../data';
import { activeUses, type DirectiveUse, type SectionUse } from '../model';
import type { Rule } from './types';
import { deleteLine, useAtFinding } from './edits';
import { descendants, describeLocation, lineSpan, nameSpan, processedUses } from './util';

function listenKey(arg: string): string {
  const m = /^(?:(\[[^\]]+\]|[^:]+):)?(\d+)$/.exec(arg);
  return m ? `${(m[1] ?? '*').toLowerCase()}:${m[2]}` : arg;
}

export const duplicateListen: Rule = {
  id: 'duplicate-listen',
  category: 'hygiene',
  defaultSeverity: 'error',
  summary: 'The same address and port is given to Listen twice; httpd refuses to start.',
  check(ctx) {
    const seen = new Map<string, DirectiveUse>();
    for (const use of activeUses(ctx.model, 'Listen')) {
      const key = listenKey(use.args[0] ?? '');
      const first = seen.get(key);
      if (!first) {
        seen.set(key, use);
        continue;
      }
      ctx.report({ ...lineSpan(use), message: `Cannot define multiple Listeners on the same IP:port (also at ${describeLocation(ctx.model, { file: first.file, line: first.line.line })})`, related: [{ ...lineSpan(first), message: 'first Listen' }] });
    }
  },
  fixes(finding, ctx) {
    const use = useAtFinding(ctx, finding, 'listen');
    return use ? [{ title: 'Remove the duplicate Listen', preferred: true, edits: [deleteLine(use)] }] : [];
  },
};

function vhostNames(vhost: SectionUse): string[] {
  return descendants(vhost)
    .filter((u) => u.active && u.key === 'servername' && u.parents[u.parents.length - 1] === vhost)
    .map((u) => u.args[0]?.toLowerCase().replace(/:\d+$/, '') ?? '');
}

export const duplicateVhostServerName: Rule = {
  id: 'duplicate-vhost-servername',
  category: 'hygiene',
  defaultSeverity: 'warning',
  summary: 'Two virtual hosts on the same address and port use the same ServerName.',
  check(ctx) {
    const seen = new Map<string, SectionUse>();
    for (const vhost of activeUses(ctx.model, 'VirtualHost') as SectionUse[]) {
      for (const name of vhostNames(vhost)) {
        for (const addr of vhost.args) {
          const key = `${addr.toLowerCase()}|${name}`;
          const first = seen.get(key);
          if (!first) {
            seen.set(key, vhost);
            continue;
          }
          if (first === vhost) continue;
          ctx.report({ ...nameSpan(vhost), message: `ServerName ${name} on ${addr} is already used by the virtual host at ${describeLocation(ctx.model, { file: first.file, line: first.line.line })}; requests always go to the first one, so this one is unreachable by that name.`, related: [{ ...nameSpan(first), message: 'first virtual host with this name' }] });
        }
      }
    }
  },
};

/** Directives where a second setting in the same scope replaces the first. */
function isSingleValued(use: DirectiveUse): boolean {
  const info = getDirective(use.name);
  return !!info && !info.isSection && ['TAKE1', 'FLAG'].includes(info.args.how) && !/^(include|includeoptional|loadmodule|listen|define|undefine|serveralias|require|header|alias|redirect|errordocument|addtype|addhandler|setenv|setenvif|customlog|directoryindex|rewriterule|rewritecond)$/.test(use.key);
}

export const directiveOverridden: Rule = {
  id: 'directive-overridden',
  category: 'hygiene',
  defaultSeverity: 'information',
  summary: 'A directive is set twice in the same scope; the later one silently wins.',
  check(ctx) {
    const last = new Map<string, DirectiveUse>();
    for (const use of processedUses(ctx.model)) {
      if (use.isSection || !isSingleValued(use)) continue;
      const key = `${use.key}|${use.parents.length ? use.parents[use.parents.length - 1].index : 'top'}|${use.scope}`;
      const earlier = last.get(key);
      last.set(key, use);
      if (!earlier || earlier.parents !== use.parents) continue;
      ctx.report({
        ...lineSpan(earlier),
        message: `${earlier.name} is set again at ${describeLocation(ctx.model, { file: use.file, line: use.line.line })}, which wins: this setting has no effect.`,
        related: [{ ...lineSpan(use), message: 'the setting that wins' }],
        tags: ['unnecessary'],
      });
    }
  },
};
