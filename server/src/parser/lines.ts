// The line objects of a parse result, one per logical line of the tree. Their kind is the
// prototype's, and so is a continuation count of 0 (nearly every line): two fields fewer on
// each. A continued line gets its count as its own property. A directive line keeps its
// arguments packed, start and value of each in one array (a quoted or escaped word's object in
// its value's place), and makes the plain words' objects when `args` is first read (positions:
// findings, hovers, the open file); the model and the per-line rules read the values through
// argCount/argValue/argQuote (40 bytes less per plain word).
// When each word's start follows from the values (one character between arguments, the last one
// ending the content), the line can hold the values alone, in a list the model shares with every
// use and line that has the same values (shareArgValues): no array of its own.

import type { BlankLine, CommentLine, DirectiveLine, SectionCloseLine, SectionOpenLine, Word } from './nodes';
import { PlainWord } from './words';

class LineObject {
  // Declared only, the constructor makes them (see PlainWord).
  declare start: number;
  declare line: number;
  declare contentEnd: number;
  /**
   * The blanks before the content (contentStart - start) in the low 16 bits and after it (end -
   * contentEnd) above them, while they fit (nearly every line: an indent and a line break); else
   * the two counts. One field for two: 208,000 lines in the bench's large tree.
   */
  declare pads: number | readonly [number, number];
  /** The prototype's 0 unless the line is continued. */
  declare continuations: number;
  constructor(start: number, end: number, line: number, contentStart: number, contentEnd: number) {
    this.start = start;
    this.line = line;
    this.contentEnd = contentEnd;
    const before = contentStart - start;
    const after = end - contentEnd;
    this.pads = before >= 0 && before < 0x10000 && after >= 0 && after < 0x8000 ? before | (after << 16) : [before, after];
  }

  get contentStart(): number {
    const pads = this.pads;
    return this.start + (typeof pads === 'number' ? pads & 0xffff : pads[0]);
  }

  get end(): number {
    const pads = this.pads;
    return this.contentEnd + (typeof pads === 'number' ? pads >> 16 : pads[1]);
  }
}

// Writable: a continued line's own count shadows it.
Object.defineProperty(LineObject.prototype, 'continuations', { value: 0, writable: true });

class BlankLineObject extends LineObject {
  declare readonly kind: 'blank';
}
Object.defineProperty(BlankLineObject.prototype, 'kind', { value: 'blank' });

class CommentLineObject extends LineObject {
  declare readonly kind: 'comment';
}
Object.defineProperty(CommentLineObject.prototype, 'kind', { value: 'comment' });

class DirectiveLineObject extends LineObject {
  declare readonly kind: 'directive';
  /**
   * The name's text while its word is the usual one (plain, where the content starts), made on
   * first read: most names are only ever read as text. Else the word itself.
   */
  declare nameSlot: string | Word;
  /**
   * The words; while unread, start and value of each in turn (the word itself in its value's
   * place unless plain), or the values alone when all are plain and their starts follow from them
   * (shareArgValues).
   */
  declare argsSlot: Word[] | (number | string | Word)[] | readonly string[];
  constructor(start: number, end: number, line: number, contentStart: number, contentEnd: number, name: Word, args: Word[]) {
    super(start, end, line, contentStart, contentEnd);
    this.nameSlot = name instanceof PlainWord && name.start === contentStart ? name.value : name;
    this.argsSlot = args.length > 0 ? packed(args) : args;
  }

  get args(): Word[] {
    const slot = this.argsSlot;
    if (slot.length === 0 || typeof slot[0] === 'object') return slot as Word[];
    let words: Word[];
    if (typeof slot[0] === 'string') {
      words = new Array(slot.length);
      let start = this.contentEnd;
      for (let i = words.length - 1; i >= 0; i--) {
        const value = slot[i] as string;
        start -= value.length;
        words[i] = new PlainWord(start, value);
        start--;
      }
    } else {
      words = new Array(slot.length / 2);
      for (let i = 0; i < words.length; i++) {
        const value = slot[2 * i + 1] as string | Word;
        words[i] = typeof value === 'string' ? new PlainWord(slot[2 * i] as number, value) : value;
      }
    }
    this.argsSlot = words;
    return words;
  }

  get name(): Word {
    const slot = this.nameSlot;
    if (typeof slot !== 'string') return slot;
    const word = new PlainWord(this.contentStart, slot);
    this.nameSlot = word;
    return word;
  }

  get nameText(): string {
    const slot = this.nameSlot;
    return typeof slot === 'string' ? slot : slot.value;
  }
}
Object.defineProperty(DirectiveLineObject.prototype, 'kind', { value: 'directive' });

class OpenLineObject extends LineObject {
  declare readonly kind: 'open';
  /** As a directive line's: the name's text while its word is plain and right after the '<', made on first read. */
  declare nameSlot: string | Word;
  /** The words; a section's one word (nearly every tag) itself until `args` is read: no array of one per section. */
  declare argsSlot: Word[] | Word;
  declare hasClosingBracket: boolean;
  constructor(start: number, end: number, line: number, contentStart: number, contentEnd: number, name: Word, args: Word[], hasClosingBracket: boolean) {
    super(start, end, line, contentStart, contentEnd);
    this.nameSlot = name instanceof PlainWord && name.start === contentStart + 1 ? name.value : name;
    this.argsSlot = args.length === 1 ? args[0] : args;
    this.hasClosingBracket = hasClosingBracket;
  }

  get args(): Word[] {
    const slot = this.argsSlot;
    if (Array.isArray(slot)) return slot;
    const words = [slot];
    this.argsSlot = words;
    return words;
  }

  get name(): Word {
    const slot = this.nameSlot;
    if (typeof slot !== 'string') return slot;
    const word = new PlainWord(this.contentStart + 1, slot);
    this.nameSlot = word;
    return word;
  }

  get nameText(): string {
    const slot = this.nameSlot;
    return typeof slot === 'string' ? slot : slot.value;
  }
}
Object.defineProperty(OpenLineObject.prototype, 'kind', { value: 'open' });

class CloseLineObject extends LineObject {
  declare readonly kind: 'close';
  declare name: string;
  declare text: string;
  declare wellFormed: boolean;
  constructor(start: number, end: number, line: number, contentStart: number, contentEnd: number, name: string, text: string, wellFormed: boolean) {
    super(start, end, line, contentStart, contentEnd);
    this.name = name;
    this.text = text;
    this.wellFormed = wellFormed;
  }
}
Object.defineProperty(CloseLineObject.prototype, 'kind', { value: 'close' });

function counted<T extends LineObject>(line: T, continuations: number): T {
  if (continuations !== 0) line.continuations = continuations;
  return line;
}

export function blankLine(start: number, end: number, line: number, continuations: number, contentStart: number, contentEnd: number): BlankLine {
  return counted(new BlankLineObject(start, end, line, contentStart, contentEnd), continuations);
}

export function commentLine(start: number, end: number, line: number, continuations: number, contentStart: number, contentEnd: number): CommentLine {
  return counted(new CommentLineObject(start, end, line, contentStart, contentEnd), continuations);
}

export function directiveLine(
  start: number,
  end: number,
  line: number,
  continuations: number,
  contentStart: number,
  contentEnd: number,
  name: Word,
  args: Word[],
): DirectiveLine {
  return counted(new DirectiveLineObject(start, end, line, contentStart, contentEnd, name, args), continuations);
}

export function openLine(
  start: number,
  end: number,
  line: number,
  continuations: number,
  contentStart: number,
  contentEnd: number,
  name: Word,
  args: Word[],
  hasClosingBracket: boolean,
): SectionOpenLine {
  return counted(new OpenLineObject(start, end, line, contentStart, contentEnd, name, args, hasClosingBracket), continuations);
}

export function closeLine(
  start: number,
  end: number,
  line: number,
  continuations: number,
  contentStart: number,
  contentEnd: number,
  name: string,
  text: string,
  wellFormed: boolean,
): SectionCloseLine {
  return counted(new CloseLineObject(start, end, line, contentStart, contentEnd, name, text, wellFormed), continuations);
}

/** Argument word `i` of a line other than a directive line, without making a section's array of one word. */
function otherArg(line: DirectiveLine | SectionOpenLine, i: number): Word {
  if (!(line instanceof OpenLineObject)) return line.args[i];
  const slot = line.argsSlot;
  return Array.isArray(slot) ? slot[i] : i === 0 ? slot : line.args[i];
}

function packed(words: Word[]): (number | string | Word)[] {
  const slot: (number | string | Word)[] = new Array(words.length * 2);
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    slot[2 * i] = word.start;
    slot[2 * i + 1] = word instanceof PlainWord ? word.value : word;
  }
  return slot;
}

/** How many argument words a line has, without making them. */
export function argCount(line: DirectiveLine | SectionOpenLine): number {
  if (!(line instanceof DirectiveLineObject)) return line instanceof OpenLineObject && !Array.isArray(line.argsSlot) ? 1 : line.args.length;
  const slot = line.argsSlot;
  return slot.length > 0 && typeof slot[0] === 'number' ? slot.length / 2 : slot.length;
}

/** The value of argument word `i` (0 <= i < argCount), without making the words. */
export function argValue(line: DirectiveLine | SectionOpenLine, i: number): string {
  if (!(line instanceof DirectiveLineObject)) return otherArg(line, i).value;
  const slot = line.argsSlot;
  const first = slot[0];
  if (typeof first === 'number') {
    const value = slot[2 * i + 1] as string | Word;
    return typeof value === 'string' ? value : value.value;
  }
  if (typeof first === 'string') return slot[i] as string;
  return (slot as Word[])[i].value;
}

/**
 * Argument word `i` (0 <= i < argCount) for one look: a packed line gives a word made for the
 * caller and not kept, so a pass over the whole tree (references) leaves the lines packed.
 */
export function argWord(line: DirectiveLine | SectionOpenLine, i: number): Word {
  if (!(line instanceof DirectiveLineObject)) return otherArg(line, i);
  const slot = line.argsSlot;
  const first = slot[0];
  if (typeof first === 'number') {
    const value = slot[2 * i + 1] as string | Word;
    return typeof value === 'string' ? new PlainWord(slot[2 * i] as number, value) : value;
  }
  if (typeof first !== 'string') return (slot as Word[])[i];
  // Values alone: each word's start follows from the values after it (one character between words).
  let start = line.contentEnd;
  for (let k = slot.length - 1; k >= i; k--) start -= (slot[k] as string).length + (k > i ? 1 : 0);
  return new PlainWord(start, slot[i] as string);
}

/** The quote that opened argument word `i` (0 <= i < argCount), without making the words. */
export function argQuote(line: DirectiveLine | SectionOpenLine, i: number): Word['quote'] {
  if (!(line instanceof DirectiveLineObject)) return otherArg(line, i).quote;
  const slot = line.argsSlot;
  const first = slot[0];
  if (typeof first === 'string') return null;
  const word = typeof first === 'number' ? slot[2 * i + 1] as string | Word : (slot as Word[])[i];
  return typeof word === 'string' ? null : word.quote;
}

/** The list of values a line holds since shareArgValues, else undefined. */
export function sharedArgValues(line: DirectiveLine | SectionOpenLine): readonly string[] | undefined {
  if (!(line instanceof DirectiveLineObject)) return undefined;
  const slot = line.argsSlot;
  return typeof slot[0] === 'string' ? slot as readonly string[] : undefined;
}

/**
 * Lets a line whose arguments are packed hold `values` instead, a list equal to its values that is
 * kept anyway (the model's shared argument lists), when each word's start follows from the values:
 * the last word ends the content and one character separates each argument from the next. Else, or
 * when the values differ, the line keeps what it has. The list must never be written to.
 */
export function shareArgValues(line: DirectiveLine | SectionOpenLine, values: readonly string[]): void {
  if (!(line instanceof DirectiveLineObject)) return;
  const slot = line.argsSlot;
  if (slot.length === 0 || typeof slot[0] !== 'number' || values.length * 2 !== slot.length) return;
  let start = line.contentEnd;
  for (let i = values.length - 1; i >= 0; i--) {
    start -= values[i].length;
    if (slot[2 * i] !== start || slot[2 * i + 1] !== values[i]) return;
    start--;
  }
  line.argsSlot = values;
}

/** A directive's or section's name as written, without making a directive line's name word. */
export function lineName(line: DirectiveLine | SectionOpenLine): string {
  // A line made elsewhere (a test's literal) has no nameText.
  return (line as DirectiveLineObject | OpenLineObject).nameText ?? line.name.value;
}
