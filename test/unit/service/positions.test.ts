import * as assert from 'assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parse } from '../../../server/src/parser';
import { documentFor, LineStartsView } from '../../../server/src/service/positions';

/** Every answer of a document over `text`, as one comparable value. */
function answers(doc: TextDocument, text: string) {
  const out: unknown[] = [doc.lineCount, doc.getText()];
  for (let offset = -2; offset <= text.length + 2; offset++) out.push(doc.positionAt(offset));
  const longest = Math.max(...text.split(/\r\n|\r|\n/).map((l) => l.length));
  for (let line = -1; line <= doc.lineCount + 1; line++) {
    out.push(doc.getLineRange(line), doc.getEOLCharacters(line));
    for (let character = -1; character <= longest + 3; character++) {
      out.push(doc.offsetAt({ line, character }));
      out.push(doc.getText({ start: { line: 0, character: 1 }, end: { line, character } }));
    }
  }
  return out;
}

function randomText(next: () => number): string {
  const pieces = ['a', 'bc', ' ', '\t', '\n', '\r\n', '\r', 'Listen 80', '\\'];
  let text = '';
  const length = Math.floor(next() * 14);
  for (let i = 0; i < length; i++) text += pieces[Math.floor(next() * pieces.length)];
  return text;
}

describe('positions of a parsed file (documentFor)', () => {
  it('answers as a TextDocument of the same text, whatever its line ends', () => {
    let seed = 12345;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const fixed = ['', '\n', '\r\n', '\r', 'a\r', 'a\r\rb', 'a\n\r\nb\n', 'x\r\n\r\n', 'Listen 80\nListen 81', 'a\n\n\n'];
    let views = 0;
    for (const text of [...fixed, ...Array.from({ length: 400 }, () => randomText(next))]) {
      const doc = documentFor(parse(text), text);
      if (doc instanceof LineStartsView) views++;
      assert.deepStrictEqual(answers(doc, text), answers(TextDocument.create('file:///', 'apacheconf', 0, text), text), JSON.stringify(text));
    }
    assert.ok(views > 100, `only ${views} texts were answered from their line starts`);
  });

  it('reads the parse\'s line starts unless a lone CR ends a line', () => {
    for (const text of ['Listen 80\n', 'Listen 80\r\nListen 81\r\n', 'no line end']) assert.ok(documentFor(parse(text), text) instanceof LineStartsView, JSON.stringify(text));
    for (const text of ['Listen 80\rListen 81\n', 'Listen 80\r']) assert.ok(!(documentFor(parse(text), text) instanceof LineStartsView), JSON.stringify(text));
    const key = {};
    assert.ok(!(documentFor(key, 'a\nb') instanceof LineStartsView));
    assert.strictEqual(documentFor(key, 'a\nb'), documentFor(key, 'a\nb'));
  });
});
