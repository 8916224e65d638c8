// The word objects of a parse result. Nearly every word is written as it reads: no quotes, no
// escape, on one physical line. Such a word keeps its start and value only (40 bytes instead of
// 64 for five fields): its end follows from them, its quote and unterminated flag are the
// prototype's. A tree holds one word per argument, half a million at 200,000 lines.

import type { Word } from './nodes';

/** A word whose text is exactly its value: end is start plus the value's length. */
export class PlainWord {
  // Fields are declared only: the constructor's stores make them. Emitted class fields are
  // defined one by one by an initializer that cost 0.4 s of CPU at 208k lines.
  declare start: number;
  declare value: string;
  /** The prototype's (see below). */
  declare readonly quote: null;
  declare readonly unterminated: false;
  constructor(start: number, value: string) {
    this.start = start;
    this.value = value;
  }

  get end(): number {
    return this.start + this.value.length;
  }
}

Object.defineProperty(PlainWord.prototype, 'quote', { value: null });
Object.defineProperty(PlainWord.prototype, 'unterminated', { value: false });

/**
 * A word that is its value between two quotes of one kind, nothing else (a path in a section's
 * tag, a log format): start and value only, as a plain word; its end is past the closing quote,
 * its quote the class's. 40 bytes instead of 64.
 */
class QuotedWord {
  declare start: number;
  declare value: string;
  declare readonly quote: '"' | "'";
  declare readonly unterminated: false;
  constructor(start: number, value: string) {
    this.start = start;
    this.value = value;
  }

  get end(): number {
    return this.start + this.value.length + 2;
  }
}

Object.defineProperty(QuotedWord.prototype, 'unterminated', { value: false });

class DoubleQuotedWord extends QuotedWord {}
Object.defineProperty(DoubleQuotedWord.prototype, 'quote', { value: '"' });

class SingleQuotedWord extends QuotedWord {}
Object.defineProperty(SingleQuotedWord.prototype, 'quote', { value: "'" });

/** Short values by spelling: "On", "[NC]", "all" recur thousands of times, each a copy of its own. */
const shortValues = new Map<string, string>();
/** Below this length a slice of the text is a copy (longer ones point into the text). */
const SHORT = 13;

function shared(value: string): string {
  const kept = shortValues.get(value);
  if (kept !== undefined) return kept;
  if (shortValues.size < 20_000) shortValues.set(value, value);
  return value;
}

/** A word spanning start..end: the compact shape when its text is its value, else all five fields. */
export function makeWord(start: number, end: number, text: string, quote: '"' | "'" | null, unterminated: boolean): Word {
  const value = text.length < SHORT ? shared(text) : text;
  // The span is longer than the value whenever a quote, an escape or a continuation is in it.
  if (quote === null && end - start === value.length) return new PlainWord(start, value);
  // Two more than the value: the two quotes and no escape or continuation between them.
  if (quote !== null && !unterminated && end - start === value.length + 2) return quote === '"' ? new DoubleQuotedWord(start, value) : new SingleQuotedWord(start, value);
  return { start, end, value, quote, unterminated };
}
