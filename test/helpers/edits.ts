// Applies a quick fix's offset edits to texts as an LSP client does, refusing what it would
// refuse: edits out of range or overlapping one another in the same file.

import type { TextEdit } from '../../server/src/rules';

/** The edits grouped by file and applied; throws on an edit out of range or overlapping another. */
export function applyFixEdits(edits: TextEdit[], textOf: (file: string) => string | undefined): Map<string, string> {
  const byFile = new Map<string, TextEdit[]>();
  for (const e of edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  const out = new Map<string, string>();
  for (const [file, list] of byFile) {
    const text = textOf(file);
    if (text === undefined) throw new Error(`edit of a file the model did not read: ${file}`);
    const sorted = [...list].sort((a, b) => a.start - b.start || a.end - b.end);
    for (const e of sorted) {
      if (!(Number.isInteger(e.start) && Number.isInteger(e.end) && 0 <= e.start && e.start <= e.end && e.end <= text.length)) {
        throw new Error(`edit out of range in ${file}: ${e.start}-${e.end} of ${text.length}`);
      }
    }
    for (let i = 1; i < sorted.length; i++) {
      const [a, b] = [sorted[i - 1], sorted[i]];
      // Insertions at one offset are allowed: LSP applies them in array order (the sort is stable).
      if (b.start < a.end) {
        throw new Error(`overlapping edits in ${file}: ${a.start}-${a.end} and ${b.start}-${b.end}`);
      }
    }
    let result = text;
    for (const e of [...sorted].reverse()) result = result.slice(0, e.start) + e.newText + result.slice(e.end);
    out.set(file, result);
  }
  return out;
}
