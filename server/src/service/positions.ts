// Offsets inside, line/character at the edge: conversions for the files of a model.

import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range } from 'vscode-languageserver-types';

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
