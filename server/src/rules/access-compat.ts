// 2.2-style access control (Order/Allow/Deny/Satisfy), accepted by 2.4 only through
// mod_access_compat. The quick fix writes the Require lines a section's own lines mean, and only
// when that is exact (see legacy-access.ts); everything else is reported without a fix.

import type { ConfigModel } from '../model';
import type { CodeFix, Rule } from './lib/types';
import { inheritanceRisk, legacyGroups, repeatedRequire, translate } from './lib/legacy-access';
import { deleteLine, newlineOf } from './lib/edits';
import { lineSpan } from './lib/util';
import { fitMessage } from './lib/message';

export const accessCompat: Rule = {
  id: 'access-compat',
  category: 'migration',
  defaultSeverity: 'warning',
  summary: '2.2-style Order/Allow/Deny/Satisfy access control, kept alive by mod_access_compat.',
  check(ctx) {
    for (const group of legacyGroups(ctx.model)) {
      const first = group.lines[0];
      const repeats = repeatedRequire(ctx.model, group);
      if (repeats) {
        // The section's own Require already says this (mixed-access-control stays silent for it).
        const said = `\`${repeats.join('` + `')}\``;
        ctx.report({
          ...lineSpan(first),
          message: fitMessage(
            `Order/Allow/Deny is 2.2 access control, kept only by mod_access_compat. It repeats the ${said} beside it, so both decide the same: remove it.`,
            'Order/Allow/Deny is 2.2 access control, kept only by mod_access_compat. It repeats the Require lines beside it: remove it.',
          ),
          related: group.lines.slice(1).map((u) => ({ ...lineSpan(u), message: 'part of the same 2.2-style access control' })),
          data: { remove: true, requireLines: repeats },
        });
        continue;
      }
      const translation = translate(group);
      const risk = 'lines' in translation ? inheritanceRisk(ctx.model, group) : undefined;
      const base = 'Order/Allow/Deny is 2.2 access control, kept only by mod_access_compat.';
      const rewrite = ' Rewrite it with Require; no automatic fix is offered (see the rule docs).';
      const refusal = 'lines' in translation ? risk : translation.refused;
      const message =
        'lines' in translation && !risk
          ? fitMessage(`${base} Here it means \`${translation.lines.join('` + `')}\`.`, `${base} Use the quick fix to rewrite it with Require.`)
          : fitMessage(`${base} Rewrite it with Require; no automatic fix: ${'lines' in translation ? risk : translation.refused}.`, base + rewrite);
      ctx.report({
        ...lineSpan(first),
        message,
        related: [
          // Why no fix is offered stays one click away, under the message.
          ...(refusal ? [{ ...lineSpan(first), message: `no automatic fix: ${refusal}` }] : []),
          ...group.lines.slice(1).map((u) => ({ ...lineSpan(u), message: 'part of the same 2.2-style access control' })),
        ],
        data: 'lines' in translation && !risk ? { requireLines: translation.lines } : undefined,
      });
    }
  },
  fixes(finding, ctx): CodeFix[] {
    const requireLines = finding.data?.requireLines as string[] | undefined;
    if (!requireLines) return [];
    const group = legacyGroups(ctx.model).find((g) => g.lines[0].file === finding.file && g.lines[0].line.line === finding.line);
    if (!group || group.lines.some((u) => u.file !== finding.file)) return [];
    if (finding.data?.remove) return [{ title: `Remove the 2.2-style lines (${requireLines.join(' + ')} already says it)`, preferred: true, edits: group.lines.map(deleteLine) }];
    if (!requireProvidersLoaded(ctx.model, requireLines)) return [];
    const text = ctx.text(finding.file);
    if (text === undefined) return [];
    const first = group.lines[0];
    const indent = text.slice(first.line.start, first.line.contentStart);
    const nl = newlineOf(text);
    // Keep the first line's own line ending (the last line of a file may have none).
    const ending = text.slice(first.line.contentEnd, first.line.end).replace(/^[ \t]*/, '');
    const replacement = requireLines.map((l) => `${indent}${l}`).join(nl) + (ending || '');
    const edits = [{ file: first.file, start: first.line.start, end: first.line.end, newText: replacement }, ...group.lines.slice(1).map(deleteLine)];
    return [{ title: `Replace with ${requireLines.join(' + ')}`, preferred: true, edits }];
  },
};

/** Which module provides each Require type; httpd refuses the line when it is not loaded. */
const PROVIDER_MODULE: Record<string, string> = {
  all: 'authz_core_module',
  env: 'authz_core_module',
  method: 'authz_core_module',
  expr: 'authz_core_module',
  ip: 'authz_host_module',
  host: 'authz_host_module',
  local: 'authz_host_module',
  'forward-dns': 'authz_host_module',
};

/** True when `Require` itself (mod_authz_core) and every provider the lines use are loaded. */
function requireProvidersLoaded(model: ConfigModel, lines: string[]): boolean {
  if (!model.moduleStateKnown) return true; // a lone .htaccess: the server's modules are not known
  if (!model.modules.has('authz_core_module')) return false;
  return lines.every((line) => {
    const words = line.trim().split(/\s+/).slice(1);
    const type = (words[0]?.toLowerCase() === 'not' ? words[1] : words[0])?.toLowerCase();
    if (!type || /^<\/?require(all|any|none)/i.test(line.trim())) return true;
    const module = PROVIDER_MODULE[type];
    return module !== undefined && model.modules.has(module);
  });
}
