// Findings as plain data with line/character ranges, their related locations and their quick
// fixes: what reports (JSON, SARIF, GitHub annotations) are built from.

import { fixesFor, type Finding, type FixContext } from '../rules';
import type { Analysis } from './analysis';
import { documentFor } from './positions';

export interface PlainPosition {
  line: number;
  character: number;
}

export interface PlainRange {
  start: PlainPosition;
  end: PlainPosition;
}

export interface PlainLocation {
  file: string;
  range: PlainRange;
  /** Offsets in the file's text. */
  start: number;
  end: number;
}

export interface PlainFix {
  title: string;
  preferred: boolean;
  edits: (PlainLocation & { newText: string })[];
}

export interface PlainDiagnostic extends PlainLocation {
  severity: Finding['severity'];
  code: string;
  message: string;
  related: (PlainLocation & { message: string })[];
  /** Fixes that edit files only (those that create files are left to the editor). */
  fixes: PlainFix[];
}

export function locate(analysis: Analysis, file: string, start: number, end: number, line: number): PlainLocation {
  const parsed = analysis.model.parsed.get(file);
  if (!parsed) return { file, start, end, range: { start: { line, character: 0 }, end: { line, character: 0 } } };
  const doc = documentFor(parsed, parsed.text);
  return { file, start, end, range: { start: doc.positionAt(start), end: doc.positionAt(end) } };
}

export function plainDiagnostics(analysis: Analysis, findings: Finding[], options: { fixes?: boolean; readFile?: (file: string) => string | undefined } = {}): PlainDiagnostic[] {
  const ctx: FixContext = { model: analysis.model, settings: analysis.settings, text: (f) => analysis.model.parsed.get(f)?.text, readFile: options.readFile };
  return findings
    .filter((f) => f.code !== 'internal-error')
    .map((f) => ({
      ...locate(analysis, f.file, f.start, f.end, f.line),
      severity: f.severity,
      code: f.code,
      message: f.message,
      related: (f.related ?? []).map((r) => ({ ...locate(analysis, r.file, r.start, r.end, r.line), message: r.message })),
      fixes: options.fixes
        ? fixesFor(f, ctx)
            .filter((x) => !x.createFiles?.length && x.edits.length > 0)
            .map((x) => ({ title: x.title, preferred: !!x.preferred, edits: x.edits.map((e) => ({ ...locate(analysis, e.file, e.start, e.end, 0), newText: e.newText })) }))
        : [],
    }));
}
