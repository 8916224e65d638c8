// Findings at one place are ordered by code in code-unit order (service/analysis.ts compareCodes),
// which must give the order localeCompare gave for every code a finding can carry.

import * as assert from 'assert';
import { compareCodes } from '../../../server/src/service/analysis';
import { RULE_IDS } from '../../../server/src/service';

/** Codes of findings that no rule of the catalogue owns. */
const OTHER_CODES = ['internal-error', 'too-many-findings'];

describe('finding order by code', () => {
  const codes = [...RULE_IDS, ...OTHER_CODES];

  it('every code is lower-case kebab-case', () => {
    for (const code of codes) assert.match(code, /^[a-z0-9]+(-[a-z0-9]+)*$/, code);
  });

  it('orders every pair of codes as localeCompare does', () => {
    for (const a of codes) {
      for (const b of codes) assert.strictEqual(compareCodes(a, b), Math.sign(a.localeCompare(b)), `${a} vs ${b}`);
    }
  });

  it('sorts a list as localeCompare does, prefixes first', () => {
    const list = ['section-unclosed', 'section', 'section-mismatch', 'ab', 'a-b', 'a1', 'a'];
    assert.deepStrictEqual([...list].sort(compareCodes), [...list].sort((x, y) => x.localeCompare(y)));
  });
});
