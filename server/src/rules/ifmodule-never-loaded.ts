// An <IfModule> block whose module is not loaded, with security headers inside. inactive-block
// already greys every false block out; this one speaks up only when the skipped block was meant
// to protect the site, because then the silence hides a missing defence.

import { gatheredOnce, runSlot, type SectionUse } from '../model';
import type { Rule } from './lib/types';
import { absentIncludeFolder } from './lib/layout';
import { describeLocation, descendants, lineSpan, nameSpan } from './lib/util';
import { fitMessage } from './lib/message';

const SECURITY_HEADERS = new Set([
  'strict-transport-security', 'content-security-policy', 'content-security-policy-report-only', 'x-frame-options',
  'x-content-type-options', 'referrer-policy', 'permissions-policy', 'cross-origin-opener-policy',
  'cross-origin-embedder-policy', 'cross-origin-resource-policy', 'x-xss-protection',
]);
const SETTING_ACTIONS = new Set(['set', 'add', 'append', 'merge', 'setifempty']);

/** The security header a Header line sets, if it sets one. */
function securityHeader(args: string[]): string | undefined {
  const action = args.findIndex((a) => SETTING_ACTIONS.has(a.toLowerCase()));
  const name = action === -1 ? undefined : args[action + 1];
  return name && SECURITY_HEADERS.has(name.toLowerCase()) ? name : undefined;
}

/**
 * A run's active, not negated <IfModule> sections that evaluated false, listed once per run (a
 * replayed file was read in the same state, so its sections keep their values).
 */
export const falseIfModules = runSlot((run) =>
  run.filter((u): u is SectionUse => u.active && u.key === 'ifmodule' && u.isSection && !(u.args[0] ?? '').startsWith('!') && (u as SectionUse).condition?.value === false),
);

export const ifmoduleNeverLoaded: Rule = {
  id: 'ifmodule-never-loaded',
  category: 'security',
  defaultSeverity: 'warning',
  summary: 'Security headers sit in an <IfModule> block whose module is not loaded, so they are never sent.',
  check(ctx) {
    if (!ctx.model.moduleStateKnown) return;
    // A checkout without mods-enabled/: the server may well load the module, so only a note saying why it is false here.
    const absent = absentIncludeFolder(ctx.model);
    for (const section of gatheredOnce(ctx.model, falseIfModules)) {
      const use = section;
      const headers = descendants(section).filter((u) => u.key === 'header' && securityHeader(u.args));
      if (!headers.length) continue;
      const names = [...new Set(headers.map((h) => securityHeader(h.args)!))];
      if (absent) {
        const where = `${absent.folder}/ is not in this tree (${describeLocation(ctx.model, absent)})`;
        const sent = names.length > 1 ? `the ${names.length} security headers inside` : `the ${names[0]} header`;
        ctx.report({
          ...nameSpan(section),
          severity: 'information',
          message: fitMessage(
            `<IfModule ${use.args[0]}> is false only here: ${where}. The server may send ${sent}.`,
            `<IfModule ${use.args[0]}> is false only here: ${where}. The server may load the module.`,
          ),
          related: headers.map((h) => ({ ...lineSpan(h), message: 'applied only if the module is loaded' })),
        });
        continue;
      }
      ctx.report({
        ...nameSpan(section),
        message: fitMessage(`<IfModule ${use.args[0]}> is false, so the ${names.join(', ')} header${names.length > 1 ? 's' : ''} inside ${names.length > 1 ? 'are' : 'is'} never sent. Load the module, or drop the wrapper.`, `<IfModule ${use.args[0]}> is false, so the ${names.length} security headers inside are never sent. Load the module, or drop the wrapper.`),
        related: headers.map((h) => ({ ...lineSpan(h), message: 'never applied' })),
      });
    }
  },
};
