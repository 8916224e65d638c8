// What a parse result keeps per line of a common shape (parser/lines.ts, parser/words.ts): the
// language server holds every file's parse result of a tree, 208,000 lines in the bench's large one.

import * as assert from 'assert';
import { runInChild } from '../../helpers/heap-child';

/** Bytes kept per copy of `unit` in parse results of files of 100 copies each, and the parse of one file for the caller to check. */
function keptPerUnit(unit: string): { perUnit: number; sample: unknown } {
  const script = `
    const { argCount, argValue, parse } = require('./server/src/parser');
    (() => {
      const unit = ${JSON.stringify(unit)};
      const file = (f) => Array.from({ length: 100 }, (_, i) => unit.replace(/N/g, f + '-' + i)).join('');
      // Once first: the code's own first run (its bytecode, feedback) is not counted.
      for (let f = 0; f < 20; f++) parse(file(f));
      // The texts before the first reading: only what the parse results add is counted.
      const texts = Array.from({ length: 300 }, (_, f) => file(f));
      gc();
      gc();
      const before = process.memoryUsage().heapUsed;
      const kept = texts.map((text) => parse(text));
      gc();
      gc();
      const perUnit = (process.memoryUsage().heapUsed - before) / (300 * 100);
      const open = kept[0].lines[0];
      const spans = kept[0].lines.slice(0, 4).map((l) => [l.kind, l.start, l.end, l.line, l.contentStart, l.contentEnd]);
      const sample = open.kind !== 'open' ? { spans } : { spans, name: open.name.value, nameStart: open.name.start, nameEnd: open.name.end, count: argCount(open), value: argValue(open, 0), args: open.args.map((w) => [w.start, w.end, w.value, w.quote, w.unterminated]) };
      console.log(JSON.stringify({ perUnit, sample }));
    })();
  `;
  return runInChild<{ perUnit: number; sample: unknown }>(script);
}

describe('parse result size', () => {
  it('keeps a section with a quoted path in its tag without a name word or an array for its one word, with a compact quoted word and its close inside the node', function () {
    this.timeout(120000);
    const { perUnit, sample } = keptPerUnit('<Directory "/srv/www/site-N">\n    Require all granted\n</Directory>\n');
    const spans = [['open', 0, 32, 0, 0, 31], ['directive', 32, 56, 1, 36, 55], ['close', 56, 69, 2, 56, 68], ['open', 69, 101, 3, 69, 100]];
    assert.deepStrictEqual(sample, { spans, name: 'Directory', nameStart: 1, nameEnd: 10, count: 1, value: '/srv/www/site-0-0', args: [[11, 30, '/srv/www/site-0-0', '"', false]] });
    // Three lines, the section node and its children: ≈ 548 bytes; 611 with an array for the tag's
    // one word, 636 with the node's close added after the node was made (kept outside it) as well,
    // 667 with five fields per line as well, 727 with the name's word made at parse time and the
    // quoted word's five fields as well.
    assert.ok(perUnit < 580, `${Math.round(perUnit)} bytes kept per section`);
  });

  it('keeps a line\'s blanks before and after its content in one field', function () {
    this.timeout(120000);
    const { perUnit, sample } = keptPerUnit('# N\n\n  # x  \n\n');
    assert.deepStrictEqual(sample, { spans: [['comment', 0, 6, 0, 0, 5], ['blank', 6, 7, 1, 6, 6], ['comment', 7, 15, 2, 9, 12], ['blank', 15, 16, 3, 15, 15]] });
    // Four lines of four fields, their places in the file's lists (≈ 323 bytes; 355 with five fields each).
    assert.ok(perUnit < 339, `${Math.round(perUnit)} bytes kept per four lines`);
  });
});
