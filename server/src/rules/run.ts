// Runs the catalogue over a model: user severities, rules turned off, inline suppressions.

import type { ConfigModel } from '../model';
import { getRule, RULES } from './catalogue';
import { isSuppressed, readSuppressions, type Suppressions } from './suppression';
import type { AnalysisSettings, CodeFix, Finding, FixContext } from './types';

export function runRules(model: ConfigModel, settings: AnalysisSettings): Finding[] {
  const findings: Finding[] = [];
  const suppressions = new Map<string, Suppressions>();
  const suppressionsOf = (file: string): Suppressions | undefined => {
    if (!suppressions.has(file)) {
      const parsed = model.parsed.get(file);
      if (!parsed) return undefined;
      suppressions.set(file, readSuppressions(parsed, (id) => !!getRule(id)));
    }
    return suppressions.get(file);
  };
  for (const rule of RULES) {
    const level = settings.rules[rule.id] ?? rule.defaultSeverity;
    if (level === 'off') continue;
    const overridden = settings.rules[rule.id] !== undefined;
    try {
      rule.check({
        model,
        settings,
        report(finding) {
          const s = suppressionsOf(finding.file);
          if (s && isSuppressed(s, rule.id, finding.line)) return;
          // A user level applies to the rule's findings; its secondary hints stay hints.
          const severity = overridden && finding.severity !== 'hint' ? level : finding.severity ?? level;
          findings.push({ ...finding, code: rule.id, severity });
        },
      });
    } catch (error) {
      // A rule bug must not take the other diagnostics down with it.
      findings.push({ code: 'internal-error', severity: 'hint', file: model.mainFile, line: 0, start: 0, end: 0, message: `Rule ${rule.id} failed: ${(error as Error).message}` });
    }
  }
  const unknownLevel = settings.rules['suppression-unknown-rule'] ?? 'warning';
  if (unknownLevel !== 'off') {
    for (const file of model.files) {
      for (const u of suppressionsOf(file)?.unknown ?? []) {
        findings.push({ code: 'suppression-unknown-rule', severity: unknownLevel, file, line: u.line, start: u.start, end: u.end, message: `Unknown rule '${u.name}' in httpd-lint suppression comment` });
      }
    }
  }
  return findings;
}

export function fixesFor(finding: Finding, ctx: FixContext): CodeFix[] {
  const rule = getRule(finding.code);
  if (!rule?.fixes) return [];
  try {
    return rule.fixes(finding, ctx);
  } catch {
    return [];
  }
}
