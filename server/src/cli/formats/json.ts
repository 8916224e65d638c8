// `--format json`, version 1: one input gives the report as it always was; several give the
// merged `files` and `diagnostics` and each input's own report under `reports`.

import type { PlainDiagnostic } from '../../service';
import type { CheckRun } from '../check';
import type { ReportDiagnostic } from '../report';
import type { FixSummary } from '../fix';

function reportDiagnostic(d: PlainDiagnostic): ReportDiagnostic {
  return { file: d.file, range: d.range, severity: d.severity, code: d.code, message: d.message };
}

export function formatJson(run: CheckRun, fixes?: FixSummary): string {
  const extra = fixes ? { fixes: { applied: fixes.applied, needsChoice: fixes.choices } } : {};
  if (run.results.length === 1) {
    const only = run.results[0];
    return JSON.stringify({ ...only.report, diagnostics: only.diagnostics.map(reportDiagnostic), ...extra }, null, 2);
  }
  return JSON.stringify(
    {
      version: 1,
      files: run.files,
      diagnostics: run.diagnostics.map(reportDiagnostic),
      reports: run.results.map((r) => ({ ...r.report, input: r.checked.file, diagnostics: r.diagnostics.map(reportDiagnostic) })),
      ...extra,
    },
    null,
    2,
  );
}
