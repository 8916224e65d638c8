// Splits a file into logical lines the way httpd's ap_cfg_getline does, and words the way
// ap_getword_conf does, while remembering the original offset of every character.

import type { Word } from './nodes';

export interface LogicalLine {
  /** Offset of the first byte of the first physical line. */
  start: number;
  /** Offset just past the last byte, newline included. */
  end: number;
  /** 0-based physical line number of the first physical line. */
  line: number;
  continuations: number;
  /** Logical text: physical lines joined, continuation backslashes and newlines removed. */
  text: string;
  /** Where each joined piece starts: logical index -> original offset (ascending). */
  pieces: { at: number; offset: number }[];
  /** Original offset just past the content (for the position text.length). */
  contentEnd: number;
}

export function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\v' || ch === '\f';
}

/** The original offset of logical index `i` (i may equal text.length). */
export function offsetAt(line: LogicalLine, i: number): number {
  if (i >= line.text.length) return line.contentEnd;
  const pieces = line.pieces;
  // Binary search for the last piece starting at or before i: a line continued over many
  // physical lines has as many pieces, and every word asks for its offsets.
  let low = 0;
  let high = pieces.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (pieces[mid].at <= i) low = mid;
    else high = mid - 1;
  }
  return pieces[low].offset + (i - pieces[low].at);
}

/**
 * A physical line continues when it ends in a single backslash right before the newline
 * (httpd matches `[^\\]\\\r?\n`; a backslash followed by blanks does not continue).
 */
/** Yields the lines one by one, so a large file never holds all of them at once. */
export function* scanLogicalLines(text: string): Generator<LogicalLine> {
  const length = text.length;
  let pos = 0;
  let physLine = 0;
  while (pos < length) {
    const start = pos;
    const line = physLine;
    let logical = '';
    const pieces: { at: number; offset: number }[] = [];
    let continuations = 0;
    let contentEnd = pos;
    for (;;) {
      const newline = text.indexOf('\n', pos);
      const lineEnd = newline === -1 ? length : newline;
      let end = lineEnd;
      if (newline !== -1 && end > pos && text.charCodeAt(end - 1) === 13) end--;
      const continues =
        newline !== -1 && end > pos && text.charCodeAt(end - 1) === 92 && !(end - 2 >= pos && text.charCodeAt(end - 2) === 92);
      const copyEnd = continues ? end - 1 : end;
      pieces.push({ at: logical.length, offset: pos });
      logical += text.slice(pos, copyEnd);
      contentEnd = copyEnd;
      pos = newline === -1 ? length : newline + 1;
      physLine++;
      if (continues && pos < length) {
        continuations++;
        continue;
      }
      if (continues) contentEnd = end;
      break;
    }
    yield { start, end: pos, line, continuations, text: logical, pieces, contentEnd };
  }
}

/** Reads one word starting at `index` of the logical text (blanks before it skipped). */
export function readWord(line: LogicalLine, index: number): { word: Word; next: number } | undefined {
  const text = line.text;
  let i = index;
  while (i < text.length && isSpace(text[i])) i++;
  if (i >= text.length) return undefined;
  const begin = i;
  const first = text[i];
  let value = '';
  let quote: '"' | "'" | null = null;
  let unterminated = false;
  if (first === '"' || first === "'") {
    quote = first;
    i++;
    // Copy runs between escapes in one slice each: character-by-character concatenation
    // makes a multi-megabyte word cost far more than its length.
    let run = i;
    while (i < text.length && text[i] !== quote) {
      if (text[i] === '\\' && i + 1 < text.length && (text[i + 1] === quote || text[i + 1] === '\\')) {
        // httpd's substring_conf turns `\\` into `\` and an escaped quote into the quote.
        value += text.slice(run, i) + text[i + 1];
        i += 2;
        run = i;
      } else i++;
    }
    value += text.slice(run, i);
    if (i < text.length) i++;
    else unterminated = true;
  } else {
    let run = i;
    while (i < text.length && !isSpace(text[i])) {
      if (text[i] === '\\' && text[i + 1] === '\\') {
        value += text.slice(run, i) + '\\';
        i += 2;
        run = i;
        continue;
      }
      i++;
    }
    value += text.slice(run, i);
  }
  const word: Word = {
    start: offsetAt(line, begin),
    end: i > begin ? offsetAt(line, i - 1) + 1 : offsetAt(line, begin),
    value,
    quote,
    unterminated,
  };
  return { word, next: i };
}

/** All words of the logical text from `index` on. */
export function readWords(line: LogicalLine, index: number, limit = line.text.length): Word[] {
  const words: Word[] = [];
  const view: LogicalLine = limit === line.text.length ? line : { ...line, text: line.text.slice(0, limit) };
  let i = index;
  for (;;) {
    const read = readWord(view, i);
    if (!read) break;
    words.push(read.word);
    i = read.next;
  }
  return words;
}
