// Formatting: indentation by section depth and trailing blanks. Arguments, comments' text,
// continuation lines and line endings are left exactly as written.

import type { Line, ParsedFile } from '../parser';

export interface FormatOptions {
  tabSize: number;
  insertSpaces: boolean;
}

export interface Replacement {
  start: number;
  end: number;
  newText: string;
}

/** Sections deeper than this are indented like this level (no real file comes close). */
export const MAX_INDENT_DEPTH = 100;

export function formatFile(parsed: ParsedFile, options: FormatOptions): Replacement[] {
  const unit = options.insertSpaces ? ' '.repeat(options.tabSize) : '\t';
  const edits: Replacement[] = [];
  let depth = 0;
  const text = parsed.text;
  for (const line of parsed.lines) {
    if (line.kind === 'close') depth = Math.max(0, depth - 1);
    if (line.kind !== 'blank') {
      // Capped: past it the indentation alone would grow quadratically with the nesting.
      const wanted = unit.repeat(Math.min(depth, MAX_INDENT_DEPTH));
      const current = text.slice(line.start, line.contentStart);
      if (current !== wanted && !current.includes('\n')) edits.push({ start: line.start, end: line.contentStart, newText: wanted });
      trimTrailing(text, line, edits);
    } else if (line.continuations === 0) {
      const blanks = text.slice(line.start, line.end).replace(/\r?\n$/, '');
      // Blanks only: a lone backslash continuing into the end of the file reads as a blank line.
      if (/^[ \t]+$/.test(blanks)) edits.push({ start: line.start, end: line.start + blanks.length, newText: '' });
    }
    if (line.kind === 'open') depth++;
  }
  return edits;
}

function trimTrailing(text: string, line: Line, edits: Replacement[]): void {
  // Trimming after a final backslash would turn it into a line continuation.
  if (line.continuations > 0 || text[line.contentEnd - 1] === '\\') return;
  let end = line.end;
  if (text[end - 1] === '\n') end--;
  if (text[end - 1] === '\r') end--;
  // Only blanks are trimmed: a backslash the parser left outside the content (a continuation
  // into the end of the file) is the user's text.
  if (end > line.contentEnd && /^[ \t]+$/.test(text.slice(line.contentEnd, end))) edits.push({ start: line.contentEnd, end, newText: '' });
}
