// Splits a file into logical lines the way httpd's ap_cfg_getline does, and words the way
// ap_getword_conf does, while remembering the original offset of every character.
// A line without continuations (nearly all of them) is read in place in the file's text, so
// indexes are file offsets and nothing is copied but the word values themselves.

import type { Word } from './nodes';
import { makeWord } from './words';

export interface LogicalLine {
  /** Offset of the first byte of the first physical line. */
  start: number;
  /** Offset just past the last byte, newline included. */
  end: number;
  /** 0-based physical line number of the first physical line. */
  line: number;
  continuations: number;
  /**
   * The text words are read from, between `from` and `to`: the file's own text for a single
   * physical line, or the physical lines joined (continuation backslashes and newlines removed).
   */
  text: string;
  from: number;
  to: number;
  /** For a joined text: logical index, original offset of each piece, flat and ascending; else null. */
  pieces: number[] | null;
  /** Original offset just past the content (for the index `to`). */
  contentEnd: number;
}

/** httpd's apr_isspace: blank, tab, newline, carriage return, vertical tab, form feed. */
export function isSpaceCode(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

export function isSpace(ch: string): boolean {
  return ch.length === 1 && isSpaceCode(ch.charCodeAt(0));
}

/** The original offset of index `i` of the line's text (i may equal `to`). */
export function offsetAt(line: LogicalLine, i: number): number {
  if (i >= line.to) return line.contentEnd;
  const pieces = line.pieces;
  if (pieces === null) return i;
  // Binary search for the last piece starting at or before i: a line continued over many
  // physical lines has as many pieces, and every word asks for its offsets.
  let low = 0;
  let high = pieces.length / 2 - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (pieces[mid * 2] <= i) low = mid;
    else high = mid - 1;
  }
  return pieces[low * 2 + 1] + (i - pieces[low * 2]);
}

/**
 * Reads logical lines one at a time into one reused object, so a large file never holds them
 * all at once. A physical line continues when it ends in a backslash right before the newline,
 * even an escaped one (httpd's comment says `[^\\]\\\r?\n`, but its code and 2.4.71 join
 * `a\\` with the next line too); a backslash followed by blanks does not continue.
 */
export class LineScanner {
  private pos = 0;
  private physLine = 0;
  private readonly current: LogicalLine = { start: 0, end: 0, line: 0, continuations: 0, text: '', from: 0, to: 0, pieces: null, contentEnd: 0 };

  constructor(private readonly source: string) {}

  next(): LogicalLine | undefined {
    const text = this.source;
    const length = text.length;
    if (this.pos >= length) return undefined;
    const start = this.pos;
    const line = this.physLine;
    let pos = this.pos;
    let joined: string | undefined;
    let pieces: number[] | null = null;
    let continuations = 0;
    let contentEnd = pos;
    let firstEnd = pos;
    for (;;) {
      const newline = text.indexOf('\n', pos);
      const lineEnd = newline === -1 ? length : newline;
      let end = lineEnd;
      if (newline !== -1 && end > pos && text.charCodeAt(end - 1) === 13) end--;
      const continues = newline !== -1 && end > pos && text.charCodeAt(end - 1) === 92;
      const copyEnd = continues ? end - 1 : end;
      if (continuations === 0) firstEnd = copyEnd;
      else {
        // Only a continued line gets its own text: the pieces joined, with where each began.
        if (joined === undefined) {
          joined = text.slice(start, firstEnd);
          pieces = [0, start];
        }
        pieces!.push(joined.length, pos);
        joined += text.slice(pos, copyEnd);
      }
      contentEnd = copyEnd;
      pos = newline === -1 ? length : newline + 1;
      this.physLine++;
      if (continues && pos < length) {
        continuations++;
        continue;
      }
      if (continues) contentEnd = end;
      break;
    }
    this.pos = pos;
    const out = this.current;
    out.start = start;
    out.end = pos;
    out.line = line;
    out.continuations = continuations;
    out.contentEnd = contentEnd;
    if (joined === undefined) {
      out.text = text;
      out.from = start;
      out.to = firstEnd;
      out.pieces = null;
    } else {
      out.text = joined;
      out.from = 0;
      out.to = joined.length;
      out.pieces = pieces;
    }
    return out;
  }
}

/** Where the last readWord stopped (one number instead of a result object per word). */
let readEnd = 0;

/** The index just past the word the last readWord call returned. */
export function lastWordEnd(): number {
  return readEnd;
}

/**
 * Reads one word starting at `index` of the line's text, not past `limit` (blanks before it
 * skipped). Undefined when only blanks are left.
 */
export function readWord(line: LogicalLine, index: number, limit = line.to): Word | undefined {
  const text = line.text;
  let i = skipBlanks(text, index, limit);
  if (i >= limit) return undefined;
  const begin = i;
  const first = text.charCodeAt(i);
  let value = '';
  let quote: '"' | "'" | null = null;
  let unterminated = false;
  if (first === 34 || first === 39) {
    quote = first === 34 ? '"' : "'";
    i++;
    // Copy runs between escapes in one slice each: character-by-character concatenation
    // makes a multi-megabyte word cost far more than its length.
    let run = i;
    while (i < limit && text.charCodeAt(i) !== first) {
      if (text.charCodeAt(i) === 92 && i + 1 < limit && (text.charCodeAt(i + 1) === first || text.charCodeAt(i + 1) === 92)) {
        // httpd's substring_conf turns `\\` into `\` and an escaped quote into the quote.
        value += text.slice(run, i) + text[i + 1];
        i += 2;
        run = i;
      } else i++;
    }
    value += text.slice(run, i);
    if (i < limit) i++;
    else unterminated = true;
  } else {
    let run = i;
    while (i < limit) {
      const c = text.charCodeAt(i);
      if (c === 32 || (c >= 9 && c <= 13)) break;
      if (c === 92 && i + 1 < limit && text.charCodeAt(i + 1) === 92) {
        value += text.slice(run, i) + '\\';
        i += 2;
        run = i;
        continue;
      }
      i++;
    }
    value += text.slice(run, i);
  }
  return finishWord(line, begin, i, value, quote, unterminated);
}

/** The first index from `index` on that is not a blank; `limit` when there is none. */
function skipBlanks(text: string, index: number, limit: number): number {
  let i = index;
  // isSpaceCode written out in the loops over every character: a one-shot run executes them
  // in the interpreter or without inlining, where the call costs more than the test.
  for (; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && (c < 9 || c > 13)) break;
  }
  return i;
}

/** The word read from `begin` to `end` of the line's text, placed at its file offsets. */
function finishWord(line: LogicalLine, begin: number, end: number, value: string, quote: '"' | "'" | null, unterminated: boolean): Word {
  readEnd = end;
  // In a line read in place (no continuation) indexes are file offsets: no lookup.
  if (line.pieces === null) return makeWord(begin, end, value, quote, unterminated);
  const start = offsetAt(line, begin);
  return makeWord(start, end > begin ? offsetAt(line, end - 1) + 1 : start, value, quote, unterminated);
}

/**
 * One word of a RewriteRule or RewriteCond line, split as mod_rewrite's own parseargline does
 * (httpd hands it the raw line): a backslash before a blank keeps the blank in the word
 * (`^GET\ /index\.php`), a quoted word ends at the next quote of its kind, and nothing is
 * unescaped (`\\` stays two backslashes for PCRE).
 */
export function readRewriteWord(line: LogicalLine, index: number, limit = line.to): Word | undefined {
  const text = line.text;
  let i = skipBlanks(text, index, limit);
  if (i >= limit) return undefined;
  const begin = i;
  const first = text.charCodeAt(i);
  const quoteCode = first === 34 || first === 39 ? first : -1;
  if (quoteCode !== -1) i++;
  const valueStart = i;
  for (; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === quoteCode || (quoteCode === -1 && (c === 32 || (c >= 9 && c <= 13)))) break;
    if (c === 92 && i + 1 < limit) {
      const next = text.charCodeAt(i + 1);
      if (next === 32 || (next >= 9 && next <= 13)) i++;
    }
  }
  const value = text.slice(valueStart, i);
  const unterminated = quoteCode !== -1 && i >= limit;
  if (quoteCode !== -1 && i < limit) i++;
  return finishWord(line, begin, i, value, quoteCode === 34 ? '"' : quoteCode === 39 ? "'" : null, unterminated);
}

/** All words of a RewriteRule or RewriteCond line (readRewriteWord), in an array of exactly their number. */
export function readRewriteWords(line: LogicalLine, index: number, limit = line.to): Word[] {
  return collectWords(line, index, limit, readRewriteWord);
}

/** Collects a line's words; never shrunk (a length reset would drop its backing store, and the next push allocate one again). */
const wordScratch: Word[] = [];

/** All words of the line's text from `index` on, up to `limit`, in an array of exactly their number. */
export function readWords(line: LogicalLine, index: number, limit = line.to): Word[] {
  return collectWords(line, index, limit, readWord);
}

function collectWords(line: LogicalLine, index: number, limit: number, read: (line: LogicalLine, index: number, limit: number) => Word | undefined): Word[] {
  let count = 0;
  let i = index;
  for (;;) {
    const word = read(line, i, limit);
    if (!word) break;
    wordScratch[count++] = word;
    i = readEnd;
  }
  if (count === 0) return [];
  // slice(0, count) copies without spare room: an array grown by push keeps 17 slots even for one.
  const words = wordScratch.slice(0, count);
  // Drop the references so the scratch keeps no words of a file alive.
  for (let k = 0; k < count; k++) wordScratch[k] = undefined!;
  return words;
}
