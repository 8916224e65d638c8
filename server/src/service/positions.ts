// Offsets inside, line/character at the edge: conversions for the files of a model.

import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range } from 'vscode-languageserver-types';
import type { ParsedFile } from '../parser';

const documents = new WeakMap<object, TextDocument>();

/** A TextDocument view of a text, cached per parsed file object. */
export function documentFor(key: object, text: string): TextDocument {
  let doc = documents.get(key);
  if (!doc) {
    doc = TextDocument.create('file:///', 'apacheconf', 0, text);
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

/** Files whose text holds no carriage return: their parse's line starts are the editor's lines. */
const newlineOnly = new WeakMap<ParsedFile, boolean>();

/**
 * A range of a file of a model, from its parse's line starts when its lines end in "\n" alone (a
 * "\r" also ends a line for the editor: those go through a TextDocument). Answers over many files
 * (references, workspace symbols) then make no document and line table per file they touch.
 */
export function rangeInFile(parsed: ParsedFile, start: number, end: number): Range {
  let plain = newlineOnly.get(parsed);
  if (plain === undefined) newlineOnly.set(parsed, (plain = !parsed.text.includes('\r')));
  if (!plain) return rangeOf(documentFor(parsed, parsed.text), start, end);
  return { start: positionIn(parsed, start), end: positionIn(parsed, end) };
}

/** As TextDocument.positionAt on a text without "\r": the last line starting at or before the offset. */
function positionIn(parsed: ParsedFile, offset: number): Position {
  const at = Math.max(Math.min(offset, parsed.text.length), 0);
  const starts = parsed.lineStarts;
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (starts[mid] > at) high = mid;
    else low = mid + 1;
  }
  const line = Math.max(low - 1, 0);
  return { line, character: at - starts[line] };
}
