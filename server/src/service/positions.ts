// Offsets inside, line/character at the edge: conversions for the files of a model.

import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range } from 'vscode-languageserver-types';
import type { ParsedFile } from '../parser';

const documents = new WeakMap<object, TextDocument>();

/**
 * A TextDocument view of a text, cached per parsed file object. A parsed file's own line starts
 * serve when its lines end in LF or CRLF (a TextDocument would make a second array of them: 2,000
 * of them at 208k lines once references or symbols ask for positions in every file); a lone CR
 * also ends a line for an editor, not for the parser, so such a text gets a TextDocument.
 */
export function documentFor(key: object, text: string): TextDocument {
  let doc = documents.get(key);
  if (!doc) {
    const parsed = key as Partial<ParsedFile>;
    doc = parsed.text === text && parsed.lineStarts && !hasLoneCarriageReturn(text) ? new LineStartsView(text, parsed.lineStarts) : TextDocument.create('file:///', 'apacheconf', 0, text);
    documents.set(key, doc);
  }
  return doc;
}

export function rangeOf(doc: TextDocument, start: number, end: number): Range {
  return { start: doc.positionAt(start), end: doc.positionAt(end) };
}

export function offsetOf(doc: TextDocument, position: Position): number {
  return doc.offsetAt(position);
}

/** A range of a file of a model (answers over many files: references, workspace symbols). */
export function rangeInFile(parsed: ParsedFile, start: number, end: number): Range {
  return rangeOf(documentFor(parsed, parsed.text), start, end);
}

function hasLoneCarriageReturn(text: string): boolean {
  for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== 10) return true;
  return false;
}

/** A read-only document over a text and the offsets where its lines start (each after an LF), answering as a TextDocument of the text does. */
export class LineStartsView implements TextDocument {
  readonly uri = 'file:///';
  readonly languageId = 'apacheconf';
  readonly version = 0;
  constructor(
    private readonly text: string,
    private readonly starts: readonly number[],
  ) {}

  get lineCount(): number {
    return this.starts.length;
  }

  getText(range?: Range): string {
    return range ? this.text.substring(this.offsetAt(range.start), this.offsetAt(range.end)) : this.text;
  }

  /** The line holding the offset (clamped to the text); an offset inside a line break counts as its line's end. */
  positionAt(offset: number): Position {
    const at = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineHolding(at);
    const start = this.starts[line];
    return { line, character: this.beforeBreak(at, start) - start };
  }

  /** The offset of a position; a line or character past the end is clamped to the text's or the line's end (before its break). */
  offsetAt(position: Position): number {
    if (position.line >= this.starts.length) return this.text.length;
    if (position.line < 0) return 0;
    const start = this.starts[position.line];
    if (position.character <= 0) return start;
    return this.beforeBreak(Math.min(start + position.character, this.nextStart(position.line)), start);
  }

  getLineRange(line: number): Range {
    const last = this.starts.length - 1;
    if (line > last) return { start: { line: last, character: 0 }, end: { line: last, character: this.text.length - this.starts[last] } };
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const start = this.starts[line];
    return { start: { line, character: 0 }, end: { line, character: this.beforeBreak(this.nextStart(line), start) - start } };
  }

  getEOLCharacters(line: number): string {
    if (line < 0 || line >= this.starts.length) return '';
    const next = this.nextStart(line);
    return this.text.substring(this.beforeBreak(next, this.starts[line]), next);
  }

  private nextStart(line: number): number {
    return line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
  }

  /** The last line whose start is at or before `offset` (binary search). */
  private lineHolding(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** Steps back over the CR and LF characters before `offset`, not past the line's start. */
  private beforeBreak(offset: number, lineStart: number): number {
    let at = offset;
    while (at > lineStart) {
      const c = this.text.charCodeAt(at - 1);
      if (c !== 10 && c !== 13) break;
      at--;
    }
    return at;
  }
}
