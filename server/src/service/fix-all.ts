// Fixes for a whole file set, as `httpd-lint --fix` applies them: the preferred quick fix of
// each finding that has one (never one that creates files), none of whose edits touch an edit
// already taken; findings whose fixes need the user to choose are listed, not fixed.

import { fixesFor, preferredFixesTogether, type Finding, type FixContext, type TextEdit } from '../rules';
import type { Analysis } from './analysis';

export interface FixChoice {
  file: string;
  line: number;
  code: string;
  message: string;
  /** The titles of the fixes to choose from. */
  options: string[];
}

export interface FixPlan {
  /** Edits per file, sorted by position, none overlapping. */
  edits: Map<string, TextEdit[]>;
  applied: { file: string; line: number; code: string; title: string }[];
  choices: FixChoice[];
  /** The text each edited file had in the analysis (what the offsets refer to). */
  texts: Map<string, string>;
}

export function planFixes(analysis: Analysis, findings: Finding[], readFile?: (file: string) => string | undefined): FixPlan {
  const ctx: FixContext = { model: analysis.model, settings: analysis.settings, text: (f) => analysis.model.parsed.get(f)?.text, readFile };
  const plan: FixPlan = { edits: new Map(), applied: [], choices: [], texts: new Map() };
  const taken = preferredFixesTogether(findings, ctx);
  const takenSet = new Set(taken);
  // preferredFixesTogether keeps the order of the findings: pair each taken fix with its finding again.
  for (const finding of findings) {
    const fixes = fixesFor(finding, ctx);
    if (!fixes.length) continue;
    const preferred = fixes.find((x) => x.preferred && !x.createFiles?.length);
    if (!preferred) {
      plan.choices.push({ file: finding.file, line: finding.line, code: finding.code, message: finding.message, options: fixes.map((x) => x.title) });
      continue;
    }
    const match = taken.find((t) => takenSet.has(t) && t.title === preferred.title && sameEdits(t.edits, preferred.edits));
    if (!match) continue;
    takenSet.delete(match);
    plan.applied.push({ file: finding.file, line: finding.line, code: finding.code, title: match.title });
    for (const e of match.edits) {
      const list = plan.edits.get(e.file) ?? [];
      list.push(e);
      plan.edits.set(e.file, list);
    }
  }
  for (const [file, list] of plan.edits) {
    list.sort((a, b) => a.start - b.start || a.end - b.end);
    const text = ctx.text(file);
    if (text === undefined) plan.edits.delete(file);
    else plan.texts.set(file, text);
  }
  return plan;
}

function sameEdits(a: TextEdit[], b: TextEdit[]): boolean {
  return a.length === b.length && a.every((e, i) => e.file === b[i].file && e.start === b[i].start && e.end === b[i].end && e.newText === b[i].newText);
}

/**
 * Applies non-overlapping edits to a text; every byte outside them is kept. Two insertions at one
 * place keep their order.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.start < at || e.end < e.start || e.end > text.length) throw new Error(`overlapping or out-of-range edit at ${e.start}-${e.end}`);
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}
