// Syntax tree of one configuration file. Offsets index the original text; every byte of the
// file belongs to exactly one line node, so concatenating the line ranges gives the file back.

export interface Span {
  start: number;
  end: number;
}

/** One argument word, as httpd's ap_getword_conf splits it. */
export interface Word extends Span {
  /** The value httpd sees: quotes removed, `\"` unescaped, continuation breaks removed. */
  value: string;
  /** Quote character that opened the word, if any. */
  quote: '"' | "'" | null;
  /** True when a quoted word runs to the end of the line without its closing quote. */
  unterminated: boolean;
}

interface LineBase extends Span {
  /** Start of the first non-blank character of the logical line (== end of content for blank lines). */
  contentStart: number;
  /** End of the logical line's content: before the final newline, trailing blanks excluded. */
  contentEnd: number;
  /** 0-based number of the physical line where the logical line starts. */
  line: number;
  /** Physical lines joined into this one by a trailing backslash. */
  continuations: number;
}

export interface BlankLine extends LineBase {
  kind: 'blank';
}

export interface CommentLine extends LineBase {
  kind: 'comment';
}

export interface DirectiveLine extends LineBase {
  kind: 'directive';
  name: Word;
  args: Word[];
}

/** `<Name args>` opening a section. */
export interface SectionOpenLine extends LineBase {
  kind: 'open';
  /** Section name without `<` (case as written). */
  name: Word;
  args: Word[];
  /** False when the line does not end with `>`. */
  hasClosingBracket: boolean;
}

/** `</Name>` closing a section. */
export interface SectionCloseLine extends LineBase {
  kind: 'close';
  /** Name between `</` and `>` (case as written). */
  name: string;
  /** The closing tag text as written, trimmed (for messages). */
  text: string;
  /** True when the tag is exactly `</Name>` with nothing else. */
  wellFormed: boolean;
}

export type Line = BlankLine | CommentLine | DirectiveLine | SectionOpenLine | SectionCloseLine;

export interface Section {
  kind: 'section';
  open: SectionOpenLine;
  children: Node[];
  /** Missing when the section was never closed. */
  close?: SectionCloseLine;
}

/** A closing tag whose name does not match the section it would close, or that closes nothing. */
export interface StrayClose {
  kind: 'stray';
  line: SectionCloseLine;
  /** Name of the section that was open at this point, if any. */
  expected?: string;
}

export type Node = BlankLine | CommentLine | DirectiveLine | Section | StrayClose;

export type ParseProblemCode =
  | 'section-unclosed'
  | 'section-mismatch'
  | 'section-stray-close'
  | 'utf8-bom'
  | 'binary-content'
  | 'analysis-limit';

export interface ParseProblem extends Span {
  code: ParseProblemCode;
  message: string;
  /** Problems httpd tolerates are warnings; everything else is an error. */
  severity: 'error' | 'warning';
  /** 0-based line httpd reports the problem on. */
  line: number;
  /** Facts the quick fixes need. */
  data?: Record<string, unknown>;
}

export interface ParsedFile {
  text: string;
  /** Top-level nodes in file order. */
  nodes: Node[];
  /** Every logical line in file order (flat), for lossless printing and line lookups. */
  lines: Line[];
  problems: ParseProblem[];
  /** Offsets at which each physical line starts. */
  lineStarts: number[];
}
