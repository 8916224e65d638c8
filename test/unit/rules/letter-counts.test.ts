// The letter-count bound unknown-directive uses to skip names before working out their distance
// must never skip a name within the distance limit, or a suggestion would be lost.

import * as assert from 'assert';
import fc from 'fast-check';
import { allDirectives } from '../../../server/src/data';
import { BUCKETS, countLetters, countsWithin } from '../../../server/src/rules/lib/letter-counts';
import { editDistance } from '../../../server/src/rules/unknown-directive';

function within(a: string, b: string, limit: number): boolean {
  const ca = new Int32Array(BUCKETS);
  countLetters(a, ca);
  const cb = new Uint8Array(BUCKETS);
  countLetters(b, cb);
  return countsWithin(ca, cb, 0, limit);
}

/** `name` with up to `steps` random insertions, deletions, replacements and neighbour swaps. */
const misspelt = (name: string, steps: number) =>
  fc.array(fc.tuple(fc.constantFrom('insert', 'delete', 'replace', 'swap'), fc.nat(), fc.constantFrom(...'aeiouxyzAEKT_-09é')), { maxLength: steps }).map((ops) => {
    let s = name;
    for (const [op, at, c] of ops) {
      const i = s.length ? at % s.length : 0;
      if (op === 'insert') s = s.slice(0, i) + c + s.slice(i);
      else if (op === 'delete') s = s.slice(0, i) + s.slice(i + 1);
      else if (op === 'replace') s = s.slice(0, i) + c + s.slice(i + 1);
      else if (i + 1 < s.length) s = s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
    }
    return s;
  });

describe('letter-count bound on the edit distance', () => {
  const names = allDirectives().map((d) => d.name.toLowerCase());

  it('lets every pair within the limit through (misspelt directive names)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...names).chain((name) => fc.tuple(fc.constant(name), misspelt(name, 4), fc.integer({ min: 1, max: 3 }))), ([name, typed, limit]) => {
        const lower = typed.toLowerCase();
        if (editDistance(lower, name, limit) <= limit) assert.ok(within(lower, name, limit), `${lower} / ${name} at limit ${limit}`);
      }),
      { numRuns: 5000 },
    );
  });

  it('lets every pair within the limit through (random short strings)', () => {
    const word = fc.string({ unit: fc.constantFrom(...'abcab_1'), maxLength: 8 });
    fc.assert(
      fc.property(word, word, fc.integer({ min: 1, max: 3 }), (a, b, limit) => {
        if (editDistance(a, b, limit) <= limit) assert.ok(within(a, b, limit), `${a} / ${b} at limit ${limit}`);
      }),
      { numRuns: 20000 },
    );
  });

  it('skips names made of other letters', () => {
    assert.strictEqual(within('keepalivetimeou', 'keepalivetimeout', 1), true);
    assert.strictEqual(within('keepalivetimeou', 'sslcertificatefile', 3), false);
    // Same letters in another order: the bound lets them through, the distance decides.
    assert.strictEqual(within('abcd', 'dcba', 1), true);
  });
});
