// Refactor "Convert 2.2 access control (Order/Allow/Deny) to Require" for a whole file: the
// access-compat rule's own quick fix applied to every block of the file whose translation is
// exact, together. The rule is run here even when the user turned it off or suppressed it.

import type { ConfigModel } from '../model';
import { getRule, preferredFixesTogether, type CodeFix, type Finding, type FixContext } from '../rules';

export function convertAccessInFile(model: ConfigModel, file: string, ctx: FixContext): CodeFix | undefined {
  const rule = getRule('access-compat');
  if (!rule) return undefined;
  const findings: Finding[] = [];
  try {
    rule.check({
      model,
      settings: ctx.settings,
      report(finding) {
        if (finding.file === file) findings.push({ ...finding, code: rule.id, severity: finding.severity ?? rule.defaultSeverity });
      },
    });
  } catch {
    return undefined;
  }
  const fixes = preferredFixesTogether(findings, ctx);
  if (!fixes.length) return undefined;
  const left = findings.length - fixes.length;
  const blocks = `${fixes.length} block${fixes.length === 1 ? '' : 's'}`;
  const title = `Convert 2.2 access control (Order/Allow/Deny) to Require in this file (${blocks}${left ? `; ${left} without an exact translation stay` : ''})`;
  return { title, edits: fixes.flatMap((f) => f.edits) };
}
