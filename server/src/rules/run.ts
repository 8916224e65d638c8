// Runs the catalogue over a model: user severities, rules turned off, inline suppressions.

import { LIMITS, type ConfigModel } from '../model';
import { getRule, RULES } from './catalogue';
import { isSuppressed, readSuppressions, type Suppressions } from './suppression';
import type { AnalysisSettings, CodeFix, Finding, FixContext, TextEdit } from './types';

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
  const perFile = new Map<string, number>();
  const droppedPerFile = new Map<string, number>();
  let droppedInTree = 0;
  /** Keeps a finding unless the tree or its file already has as many as the caps allow. */
  const admit = (file: string): boolean => {
    if (findings.length >= LIMITS.findingsPerTree) {
      droppedInTree++;
      return false;
    }
    const inFile = perFile.get(file) ?? 0;
    if (inFile >= LIMITS.findingsPerFile) {
      droppedPerFile.set(file, (droppedPerFile.get(file) ?? 0) + 1);
      return false;
    }
    perFile.set(file, inFile + 1);
    return true;
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
          if (admit(finding.file)) findings.push({ ...finding, code: rule.id, severity });
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
  reportDropped(model, findings, droppedPerFile, droppedInTree, settings);
  return findings;
}

/** One analysis-limit finding per file whose findings were cut, and one for the tree. */
function reportDropped(model: ConfigModel, findings: Finding[], droppedPerFile: Map<string, number>, droppedInTree: number, settings: AnalysisSettings): void {
  const level = settings.rules['analysis-limit'] ?? 'warning';
  if (level === 'off') return;
  if (droppedInTree > 0) {
    findings.push({
      code: 'analysis-limit',
      severity: level,
      file: model.mainFile,
      line: 0,
      start: 0,
      end: 0,
      message: `${droppedInTree} more findings in this configuration tree are not reported: the analysis reports at most ${LIMITS.findingsPerTree} per tree`,
    });
  }
  for (const [file, count] of droppedPerFile) {
    findings.push({
      code: 'analysis-limit',
      severity: level,
      file,
      line: 0,
      start: 0,
      end: 0,
      message: `${count} more findings in this file are not reported: the analysis reports at most ${LIMITS.findingsPerFile} findings per file and ${LIMITS.findingsPerTree} per configuration tree`,
    });
  }
}

/**
 * The fixes "Fix all" applies together: each finding's first preferred fix that creates no file,
 * less any whose edits touch an edit already taken (a file read twice can report one place twice).
 */
export function preferredFixesTogether(findings: Finding[], ctx: FixContext): CodeFix[] {
  const taken: CodeFix[] = [];
  const edits: TextEdit[] = [];
  for (const finding of findings) {
    const fix = fixesFor(finding, ctx).find((x) => x.preferred && !x.createFiles?.length);
    if (!fix) continue;
    if (fix.edits.some((e) => edits.some((t) => t.file === e.file && e.start < t.end && t.start < e.end))) continue;
    taken.push(fix);
    edits.push(...fix.edits);
  }
  return taken;
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
