// Range and on-type formatting, both cut from the whole-document formatter (formatting.ts), so a
// range formatted alone reads exactly as it does after formatting the whole file.

import type { ParsedFile } from '../parser';
import { formatFile, MAX_INDENT_DEPTH, type FormatOptions, type Replacement } from './formatting';
import { lineIndexAt } from './suppress-actions';

/** The whole-document edits that fall on the lines the range touches (a range ending at column 0 leaves that line out). */
export function formatRange(parsed: ParsedFile, options: FormatOptions, start: number, end: number): Replacement[] {
  const { first, last } = touchedLines(parsed, start, end);
  // An edit starting where the last line ends belongs to the next line (an insertion there, an indentation).
  return formatFile(parsed, options).filter((e) => e.start >= first && e.start < last && e.end <= last);
}

/**
 * On typing: `>` closing a `</Section>` re-indents that line; a newline re-indents the line it
 * ended and gives the new line the indentation of its depth (its blanks are where the cursor goes,
 * so they are set, not trimmed).
 */
export function formatOnType(parsed: ParsedFile, options: FormatOptions, offset: number, typed: string): Replacement[] {
  const lines = parsed.lines;
  if (!lines.length) return [];
  const index = lineIndexAt(lines, offset);
  const line = lines[index];
  if (typed === '>') {
    if (line.kind !== 'close') return [];
    return formatFile(parsed, options).filter((e) => e.start === line.start && e.end === line.contentStart);
  }
  if (typed !== '\n') return [];
  const edits: Replacement[] = [];
  const previous = lines[index - 1];
  if (previous && previous.kind !== 'blank') edits.push(...formatFile(parsed, options).filter((e) => e.start >= previous.start && e.end <= previous.end && e.end <= line.start));
  // The new line: blanks up to the cursor become the depth's indentation (a typed word keeps its place).
  const unit = options.insertSpaces ? ' '.repeat(options.tabSize) : '\t';
  const wanted = unit.repeat(Math.min(depthAt(parsed, index), MAX_INDENT_DEPTH));
  if (line.kind === 'blank') {
    const lead = /^[ \t]*/.exec(parsed.text.slice(line.start, line.end))![0];
    if (lead !== wanted) edits.push({ start: line.start, end: line.start + lead.length, newText: wanted });
  } else {
    edits.push(...formatFile(parsed, options).filter((e) => e.start === line.start && e.end === line.contentStart));
  }
  return edits;
}

/** Section depth of a line as the formatter counts it (a closing tag sits at its section's depth). */
function depthAt(parsed: ParsedFile, index: number): number {
  let depth = 0;
  for (let i = 0; i < index; i++) {
    const l = parsed.lines[i];
    if (l.kind === 'open') depth++;
    else if (l.kind === 'close') depth = Math.max(0, depth - 1);
  }
  return parsed.lines[index]?.kind === 'close' ? Math.max(0, depth - 1) : depth;
}

function touchedLines(parsed: ParsedFile, start: number, end: number): { first: number; last: number } {
  const lines = parsed.lines;
  if (!lines.length) return { first: 0, last: 0 };
  const firstLine = lines[lineIndexAt(lines, start)];
  let lastIndex = lineIndexAt(lines, end);
  if (end > start && lines[lastIndex].start === end && lastIndex > 0) lastIndex--;
  return { first: firstLine.start, last: lines[lastIndex].end };
}
