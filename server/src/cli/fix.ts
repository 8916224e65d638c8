// --fix and --fix-dry-run: the preferred quick fix of every finding that has one, applied in
// passes (a fix can reveal another, and fixes skipped for touching one already taken get their
// turn) until nothing is left to fix, so a second run finds nothing fixable. Files are written
// only when every byte of them is what the analysis read.

import * as fs from 'fs';
import { applyEdits, type ApacheService, type FixChoice } from '../service';
import { runChecks, type CheckOptions } from './check';
import type { Input } from './inputs';

const MAX_PASSES = 10;

export interface FixSummary {
  applied: { file: string; line: number; code: string; title: string }[];
  /** Findings whose fixes need a choice: left alone. */
  choices: FixChoice[];
  /** Files whose text the fixes change (before: as read, after: fixed). */
  changes: { file: string; before: string; after: string; stdin: boolean }[];
  /** Passes run (the last finds nothing more to fix, unless MAX_PASSES was reached). */
  passes: number;
}

export function computeFixes(inputs: Input[], newSession: (overlay: Map<string, string>) => ApacheService, overlay: Map<string, string>, options: CheckOptions): FixSummary {
  const summary: FixSummary = { applied: [], choices: [], changes: [], passes: 0 };
  const originals = new Map<string, string>();
  const stdinFiles = new Set(inputs.filter((i) => i.stdin).map((i) => i.file));
  for (let pass = 1; pass <= MAX_PASSES; pass++) {
    summary.passes = pass;
    const session = newSession(overlay);
    const run = runChecks(inputs, session, { ...options, planFixes: true });
    summary.choices = run.results.flatMap((r) => r.plan?.choices ?? []);
    // Edits of all inputs by real file; a result whose edits touch ones already taken waits a pass.
    const taken = new Map<string, { start: number; end: number }[]>();
    const byFile = new Map<string, { text: string; edits: { start: number; end: number; newText: string; file: string }[] }>();
    let any = false;
    for (const r of run.results) {
      const plan = r.plan;
      if (!plan || plan.edits.size === 0) continue;
      const keyed = [...plan.edits].map(([file, edits]) => ({ key: stdinFiles.has(file) ? file : realPath(file), file, edits }));
      if (keyed.some(({ key, edits }) => edits.some((e) => (taken.get(key) ?? []).some((t) => e.start < t.end && t.start < e.end)))) continue;
      for (const { key, file, edits } of keyed) {
        taken.set(key, [...(taken.get(key) ?? []), ...edits]);
        const entry = byFile.get(key) ?? { text: plan.texts.get(file)!, edits: [] };
        entry.edits.push(...edits);
        byFile.set(key, entry);
      }
      summary.applied.push(...plan.applied.map((a) => ({ ...a, line: a.line + 1 })));
      any = true;
    }
    if (!any) break;
    for (const [key, { text, edits }] of byFile) {
      if (!originals.has(key)) originals.set(key, text);
      overlay.set(key, applyEdits(text, edits));
    }
  }
  for (const [key, before] of originals) {
    const after = overlay.get(key)!;
    if (after !== before) summary.changes.push({ file: key, before, after, stdin: stdinFiles.has(key) });
  }
  return summary;
}

/** Writes the fixed files; a file whose bytes are not exactly the text read (not UTF-8, changed since) is left alone. */
export function writeFixes(summary: FixSummary): { written: string[]; skipped: { file: string; reason: string }[] } {
  const written: string[] = [];
  const skipped: { file: string; reason: string }[] = [];
  for (const change of summary.changes) {
    if (change.stdin) continue;
    let disk: Buffer;
    try {
      disk = fs.readFileSync(change.file);
    } catch (e) {
      skipped.push({ file: change.file, reason: `cannot read it again: ${(e as Error).message}` });
      continue;
    }
    if (!disk.equals(Buffer.from(change.before, 'utf8'))) {
      skipped.push({ file: change.file, reason: 'its bytes are not the UTF-8 text that was checked (not UTF-8, or changed meanwhile)' });
      continue;
    }
    try {
      fs.writeFileSync(change.file, change.after);
      written.push(change.file);
    } catch (e) {
      skipped.push({ file: change.file, reason: `cannot write it: ${(e as Error).message}` });
    }
  }
  return { written, skipped };
}

function realPath(file: string): string {
  try {
    return fs.realpathSync.native(file);
  } catch {
    return file;
  }
}
