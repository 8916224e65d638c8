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
  /** offsets[i] is the original offset of text[i]; offsets[text.length] is the end of content. */
  offsets: number[];
}

export function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\v' || ch === '\f';
}

/**
 * A physical line continues when it ends in a single backslash right before the newline
 * (httpd matches `[^\\]\\\r?\n`; a backslash followed by blanks does not continue).
 */
export function scanLogicalLines(text: string): LogicalLine[] {
  const result: LogicalLine[] = [];
  const length = text.length;
  let pos = 0;
  let physLine = 0;
  while (pos < length) {
    const start = pos;
    const line = physLine;
    let logical = '';
    const offsets: number[] = [];
    let continuations = 0;
    let contentEndOffset = pos;
    for (;;) {
      const newline = text.indexOf('\n', pos);
      const lineEnd = newline === -1 ? length : newline;
      let contentEnd = lineEnd;
      if (newline !== -1 && contentEnd > pos && text[contentEnd - 1] === '\r') contentEnd--;
      const continues =
        newline !== -1 &&
        contentEnd > pos &&
        text[contentEnd - 1] === '\\' &&
        !(contentEnd - 2 >= pos && text[contentEnd - 2] === '\\');
      const copyEnd = continues ? contentEnd - 1 : contentEnd;
      for (let i = pos; i < copyEnd; i++) {
        logical += text[i];
        offsets.push(i);
      }
      contentEndOffset = copyEnd;
      pos = newline === -1 ? length : newline + 1;
      physLine++;
      if (continues && pos < length) {
        continuations++;
        continue;
      }
      if (continues) contentEndOffset = contentEnd;
      break;
    }
    offsets.push(contentEndOffset);
    result.push({ start, end: pos, line, continuations, text: logical, offsets });
  }
  return result;
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
    while (i < text.length && text[i] !== quote) {
      if (text[i] === '\\' && i + 1 < text.length && (text[i + 1] === quote || text[i + 1] === '\\')) {
        // httpd's substring_conf turns `\\` into `\` and an escaped quote into the quote.
        value += text[i + 1];
        i += 2;
      } else {
        value += text[i];
        i++;
      }
    }
    if (i < text.length) i++;
    else unterminated = true;
  } else {
    while (i < text.length && !isSpace(text[i])) {
      if (text[i] === '\\' && text[i + 1] === '\\') {
        value += '\\';
        i += 2;
        continue;
      }
      value += text[i];
      i++;
    }
  }
  const word: Word = {
    start: line.offsets[begin],
    end: i > begin ? line.offsets[i - 1] + 1 : line.offsets[begin],
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
