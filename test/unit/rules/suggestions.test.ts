// unknown-directive's suggestions: the names a brute-force scan of the whole table finds (kind,
// distance, loaded first, then by name), whether or not the server prepared the name tables and
// ran the suggestion code on throwaway names while idle first (prepareSuggestions).

import * as assert from 'assert';
import fc from 'fast-check';
import { allDirectives } from '../../../server/src/data';
import { buildModel, memoryFileSystem } from '../../../server/src/model';
import { prepareSuggestions } from '../../../server/src/rules';
import { isAvailable } from '../../../server/src/rules/lib/util';
import { editDistance, suggestNames } from '../../../server/src/rules/unknown-directive';

const MAIN = '/srv/httpd/httpd.conf';

/** A model with a few modules loaded (its modules decide which close names come first). */
function model(extra: string) {
  const text = `LoadModule rewrite_module modules/mod_rewrite.so\nLoadModule headers_module modules/mod_headers.so\n# ${extra}\n`;
  return buildModel({ mainFile: MAIN, fs: memoryFileSystem({ [MAIN]: text }), env: {} });
}

function bruteForce(m: ReturnType<typeof model>, name: string, isSection: boolean): string[] {
  const lower = name.toLowerCase();
  const limit = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  return allDirectives()
    .filter((d) => d.isSection === isSection)
    .map((info) => ({ info, distance: editDistance(lower, info.name.toLowerCase(), limit), loaded: isAvailable(m, info) }))
    .filter((s) => s.distance <= limit)
    .sort((a, b) => a.distance - b.distance || Number(b.loaded) - Number(a.loaded) || a.info.name.localeCompare(b.info.name))
    .slice(0, 3)
    .map((s) => s.info.name);
}

const typedName = fc.tuple(fc.constantFrom(...allDirectives().map((d) => d.name)), fc.nat(), fc.constantFrom(...'aeiotxK<_')).map(([name, at, c]) => {
  const i = at % (name.length + 1);
  return at % 3 === 0 ? name.slice(0, i) + c + name.slice(i) : at % 3 === 1 ? name.slice(0, i) + name.slice(i + 1) : name.slice(0, Math.max(1, i));
});

describe('unknown-directive suggestions', () => {
  let round = 0;
  // Suggestions are remembered per name and module set: each check asks its own names (its own seed).
  const check = (seed: number) =>
    fc.assert(
      fc.property(typedName, fc.boolean(), (name, isSection) => {
        const m = model(`${round++}`);
        assert.deepStrictEqual(suggestNames(m, name, isSection), bruteForce(m, name, isSection), `${isSection ? '<' : ''}${name}`);
      }),
      { numRuns: 150, seed },
    );

  it('are the closest names of the same kind in the whole table', () => check(20261202));

  it('are the same after the idle-time preparation', () => {
    prepareSuggestions();
    check(20261203);
  });
});
