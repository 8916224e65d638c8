// Builds the lossless syntax tree of one file. Never throws: structural mistakes become
// ParseProblems (reported where httpd reports them) and the tree is recovered around them.

import type {
  Line,
  Node,
  ParsedFile,
  ParseProblem,
  Section,
  SectionCloseLine,
  SectionOpenLine,
  Word,
} from './nodes';
import { isSpaceCode, lastWordEnd, LineScanner, offsetAt, readRewriteWords, readWord, readWords, type LogicalLine } from './scanner';
import { SECTIONS } from '../data/vocabulary';
import { makeWord, PlainWord } from './words';
import { blankLine, closeLine, commentLine, directiveLine, lineName, openLine } from './lines';

const BOM = '\uFEFF';
const CONDITIONAL = SECTIONS.conditional;

/** Larger files are kept as one opaque line: parsing them would cost hundreds of bytes per line. */
export const MAX_PARSE_CHARS = 8 * 1024 * 1024;
export const MAX_PARSE_LINES = 250_000;

export function parse(text: string): ParsedFile {
  const problems: ParseProblem[] = [];
  const lineStarts = computeLineStarts(text);
  if (text.length > MAX_PARSE_CHARS || lineStarts.length > MAX_PARSE_LINES) return opaque(text, lineStarts);
  const scanner = new LineScanner(text);
  const lines: Line[] = [];
  const root: Node[] = [];
  const stack: Section[] = [];
  const container = (): Node[] => (stack.length ? stack[stack.length - 1].children : root);

  if (text.startsWith(BOM)) {
    problems.push({
      code: 'utf8-bom',
      message: 'The file starts with a UTF-8 byte order mark, which httpd reads as part of the first directive name',
      severity: 'error',
      start: 0,
      end: 1,
      line: 0,
    });
  }
  if (text.slice(0, 8192).includes('\u0000')) {
    problems.push({
      code: 'binary-content',
      message: 'The file contains NUL bytes; it does not look like a text configuration file',
      severity: 'error',
      start: 0,
      end: Math.min(text.length, 1),
      line: 0,
    });
  }

  for (let raw = scanner.next(); raw !== undefined; raw = scanner.next()) {
    const line = classify(raw);
    lines.push(line);
    switch (line.kind) {
      case 'blank':
      case 'comment':
      case 'directive':
        container().push(line);
        break;
      case 'open': {
        // close from the start (undefined until its line comes): a property added later lives outside the object, 40 bytes more per section.
        const section: Section = { kind: 'section', open: line, children: [], close: undefined };
        container().push(section);
        stack.push(section);
        break;
      }
      case 'close':
        closeSection(line, stack, container, problems);
        break;
    }
  }
  for (const section of stack) {
    trimChildren(section);
    const open = section.open;
    // httpd reads a conditional section (<IfModule>…) to the end of the file without complaint.
    const tolerated = CONDITIONAL.has(open.name.value.toLowerCase());
    problems.push({
      code: 'section-unclosed',
      message: tolerated
        ? `<${open.name.value}> is never closed: httpd accepts this and applies the block to the end of the file.`
        : `<${open.name.value}> was not closed.`,
      severity: tolerated ? 'warning' : 'error',
      start: open.name.start - 1,
      end: open.name.end,
      line: open.line,
    });
  }
  // Arrays of exactly their length: one grown by push keeps up to half again as many slots.
  return { text, nodes: root.slice(), lines: lines.slice(), problems, lineStarts: lineStarts.slice() };
}

/**
 * Gives a finished section a children array of exactly its length: one grown by push keeps at
 * least 17 slots, and the tree lives as long as the analysis.
 */
function trimChildren(section: Section): void {
  section.children = section.children.slice();
}

/** Directive and section names by spelling: a tree repeats a few hundred names thousands of times. */
const names = new Map<string, string>();
function internName(name: string): string {
  const kept = names.get(name);
  if (kept !== undefined) return kept;
  if (names.size >= 20_000) return name;
  // A slice of 13 characters or more points into the file's text: keep a copy of its own, or the
  // table would hold a whole file alive after it is closed.
  const own = name.length >= 13 ? ownCopy(name) : name;
  names.set(own, own);
  return own;
}

/** The same characters in a string that shares no storage with another. */
function ownCopy(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

function closeSection(
  line: SectionCloseLine,
  stack: Section[],
  container: () => Node[],
  problems: ParseProblem[],
): void {
  const current = stack[stack.length - 1];
  if (!current) {
    container().push({ kind: 'stray', line });
    problems.push({
      code: 'section-stray-close',
      severity: 'error',
      message: `</${line.name}> without matching <${line.name}> section`,
      start: line.contentStart,
      end: line.contentEnd,
      line: line.line,
    });
    return;
  }
  const expected = lineName(current.open);
  if (line.name.toLowerCase() === expected.toLowerCase()) {
    current.close = line;
    trimChildren(stack.pop()!);
    return;
  }
  const target = findLastIndex(stack, (s) => lineName(s.open).toLowerCase() === line.name.toLowerCase());
  problems.push({
    code: 'section-mismatch',
    severity: 'error',
    message: `Expected </${expected}> but saw ${httpdSeenTag(line)}`,
    start: line.contentStart,
    end: line.contentEnd,
    line: line.line,
    // Sections this tag leaves open, innermost first, for the quick fixes.
    data: { expected, unclosed: target === -1 ? [expected] : stack.slice(target + 1).map((s) => s.open.name.value).reverse(), closesOuter: target !== -1 },
  });
  if (target === -1) {
    // A well-formed tag with the wrong name most likely meant to close the open section: read it
    // so, and the one mistake stays one error instead of an unclosed section and misplaced
    // directives after it. A malformed tag (`</IfModule extra>`) is left aside, as httpd reads it.
    if (line.wellFormed) {
      current.close = line;
      trimChildren(stack.pop()!);
    } else {
      container().push({ kind: 'stray', line, expected });
    }
    return;
  }
  // A well-formed tag naming an outer section closes everything up to it.
  for (const left of stack.splice(target + 1)) trimChildren(left);
  stack[target].close = line;
  trimChildren(stack.pop()!);
}

/** httpd drops the last character of the closing word and prints it followed by `>`. */
function httpdSeenTag(line: SectionCloseLine): string {
  return `</${line.name}>`;
}

function findLastIndex<T>(items: T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i])) return i;
  return -1;
}

function classify(raw: LogicalLine): Line {
  const text = raw.text;
  const to = raw.to;
  // isSpaceCode written out: these loops run over every line's indentation.
  let first = raw.from;
  for (; first < to; first++) {
    const c = text.charCodeAt(first);
    if (c !== 32 && (c < 9 || c > 13)) break;
  }
  let last = to;
  for (; last > first; last--) {
    const c = text.charCodeAt(last - 1);
    if (c !== 32 && (c < 9 || c > 13)) break;
  }
  const start = raw.start;
  const end = raw.end;
  const line = raw.line;
  const continuations = raw.continuations;
  const contentStart = offsetAt(raw, first);
  const contentEnd = last > first ? offsetAt(raw, last - 1) + 1 : contentStart;
  if (first >= to) return blankLine(start, end, line, continuations, contentStart, contentEnd);
  // A BOM is not blank space to httpd, but we read past it so the directive keeps its name.
  let nameIndex = first;
  if (text.charCodeAt(nameIndex) === 0xfeff) nameIndex++;
  const c = nameIndex < to ? text.charCodeAt(nameIndex) : -1;
  if (c === 35 /* # */) return commentLine(start, end, line, continuations, contentStart, contentEnd);
  // With a BOM in front, httpd does not see '<' first: the line is a (bogus) directive.
  if (c === 60 /* < */ && nameIndex === first) {
    if (nameIndex + 1 < to && text.charCodeAt(nameIndex + 1) === 47 /* / */) {
      const tag = text.slice(nameIndex, last);
      return readCloseLine(tag, start, end, line, continuations, contentStart, contentEnd);
    }
    return readOpenLine(raw, nameIndex, start, end, line, continuations, contentStart, contentEnd);
  }
  const name = readWord(raw, nameIndex);
  if (name) name.value = internName(name.value);
  // mod_rewrite splits its two RAW_ARGS directives itself (backslash-blank, no unescaping).
  const args = name ? (isRewriteRuleOrCond(name.value) ? readRewriteWords(raw, lastWordEnd()) : readWords(raw, lastWordEnd())) : [];
  return directiveLine(start, end, line, continuations, contentStart, contentEnd, name ?? emptyWord(contentStart), args);
}

/** RewriteRule or RewriteCond in any case (11 letters, checked by length first: nearly every line fails it). */
function isRewriteRuleOrCond(name: string): boolean {
  if (name.length !== 11) return false;
  const lower = name.toLowerCase();
  return lower === 'rewriterule' || lower === 'rewritecond';
}

function readOpenLine(raw: LogicalLine, nameIndex: number, start: number, end: number, line: number, continuations: number, contentStart: number, contentEnd: number): SectionOpenLine {
  const text = raw.text;
  const to = raw.to;
  let i = nameIndex + 1;
  while (i < to && !isSpaceCode(text.charCodeAt(i)) && text.charCodeAt(i) !== 62 /* > */) i++;
  const nameStart = offsetAt(raw, nameIndex + 1);
  const name = makeWord(nameStart, i > nameIndex + 1 ? offsetAt(raw, i - 1) + 1 : nameStart, internName(text.slice(nameIndex + 1, i)), null, false);
  // httpd keeps everything up to the last '>' of the line as the section's arguments.
  let closing = to - 1;
  while (closing >= i && text.charCodeAt(closing) !== 62) closing--;
  const hasClosingBracket = closing >= i;
  const args = readWords(raw, i, hasClosingBracket ? closing : to);
  return openLine(start, end, line, continuations, contentStart, contentEnd, name, args, hasClosingBracket);
}

function readCloseLine(tag: string, start: number, end: number, line: number, continuations: number, contentStart: number, contentEnd: number): SectionCloseLine {
  let blank = 0;
  while (blank < tag.length && !isSpaceCode(tag.charCodeAt(blank))) blank++;
  const firstWord = blank < tag.length ? tag.slice(0, blank) : tag;
  // httpd drops the last character of the first word, assuming it is '>', and compares the rest.
  const name = internName(firstWord.slice(2, -1));
  const wellFormed = firstWord === tag && tag.endsWith('>');
  // A tree closes the same few sections thousands of times: one string per spelling.
  return closeLine(start, end, line, continuations, contentStart, contentEnd, name, internName(tag), wellFormed);
}

function emptyWord(at: number): Word {
  return new PlainWord(at, '');
}

/**
 * The whole text as one uninterpreted line: still printed back byte for byte, but no directive
 * in it is read, and one problem says why.
 */
function opaque(text: string, lineStarts: number[]): ParsedFile {
  const size = text.length > MAX_PARSE_CHARS ? `${text.length} characters (the cap is ${MAX_PARSE_CHARS})` : `${lineStarts.length} lines (the cap is ${MAX_PARSE_LINES})`;
  const line: Line = {
    kind: 'comment',
    start: 0,
    end: text.length,
    contentStart: 0,
    contentEnd: text.length,
    line: 0,
    continuations: lineStarts.length - 1,
  };
  const problem: ParseProblem = {
    code: 'analysis-limit',
    message: `This file is not analysed: it has ${size}`,
    severity: 'warning',
    start: 0,
    end: 0,
    line: 0,
  };
  return { text, nodes: [line], lines: [line], problems: [problem], lineStarts };
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  // indexOf finds the newlines far faster than a loop over every character.
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}
