// rangeInFile answers from the parse's line starts where the text has no "\r": it must give the
// positions a TextDocument of the same text gives, for every offset (out of range ones too) and
// whatever the line ends ("\n", "\r\n", a lone "\r").

import * as assert from 'assert';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parse } from '../../../server/src/parser';
import { rangeInFile } from '../../../server/src/service/positions';

describe('ranges from a parse', () => {
  it('equal a TextDocument\'s positions', () => {
    const text = fc.array(fc.constantFrom('Listen 80', 'a', '', ' \t', '\n', '\n', '\r\n', '\r', 'é', '😀'), { maxLength: 30 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, fc.array(fc.integer({ min: -3, max: 200 }), { minLength: 2, maxLength: 6 }), (t, offsets) => {
        const parsed = parse(t);
        const doc = TextDocument.create('file:///x', 'apacheconf', 0, t);
        for (let i = 0; i + 1 < offsets.length; i++) {
          assert.deepStrictEqual(rangeInFile(parsed, offsets[i], offsets[i + 1]), { start: doc.positionAt(offsets[i]), end: doc.positionAt(offsets[i + 1]) }, JSON.stringify({ t, offsets }));
        }
      }),
      { numRuns: 2000 },
    );
  });
});
