// The line objects of a parse result, one per logical line of the tree. Their kind is the
// prototype's, and so is a continuation count of 0 (nearly every line): two fields fewer on
// each. A continued line gets its count as its own property.

import type { BlankLine, CommentLine, DirectiveLine, SectionCloseLine, SectionOpenLine, Word } from './nodes';
import { PlainWord } from './words';

class LineObject {
  // Declared only, the constructor makes them (see PlainWord).
  declare start: number;
  declare end: number;
  declare line: number;
  declare contentStart: number;
  declare contentEnd: number;
  /** The prototype's 0 unless the line is continued. */
  declare continuations: number;
  constructor(start: number, end: number, line: number, contentStart: number, contentEnd: number) {
    this.start = start;
    this.end = end;
    this.line = line;
    this.contentStart = contentStart;
    this.contentEnd = contentEnd;
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
  declare args: Word[];
  constructor(start: number, end: number, line: number, contentStart: number, contentEnd: number, name: Word, args: Word[]) {
    super(start, end, line, contentStart, contentEnd);
    this.nameSlot = name instanceof PlainWord && name.start === contentStart ? name.value : name;
    this.args = args;
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
  declare name: Word;
  declare args: Word[];
  declare hasClosingBracket: boolean;
  constructor(start: number, end: number, line: number, contentStart: number, contentEnd: number, name: Word, args: Word[], hasClosingBracket: boolean) {
    super(start, end, line, contentStart, contentEnd);
    this.name = name;
    this.args = args;
    this.hasClosingBracket = hasClosingBracket;
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

/** A directive's or section's name as written, without making a directive line's name word. */
export function lineName(line: DirectiveLine | SectionOpenLine): string {
  return line instanceof DirectiveLineObject ? line.nameText : line.name.value;
}
