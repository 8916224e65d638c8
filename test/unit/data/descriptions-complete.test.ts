import * as assert from 'assert';
import { allDirectives } from '../../../server/src/data';

// Descriptions come from scripts/data/descriptions/*.json and the third-party files; an empty
// one in the generated table means nobody has written it yet.
describe('directive descriptions', () => {
  it('every directive has an own-words description', () => {
    const missing = allDirectives().filter((d) => d.description.trim() === '').map((d) => d.name);
    assert.deepStrictEqual(missing, [], `${missing.length} directives without description`);
  });

  it('descriptions are sentences, not placeholders or copies of the syntax line', () => {
    const weak = allDirectives()
      .filter((d) => d.description.trim() !== '')
      .filter((d) => d.description.length < 20 || d.description.trim() === d.syntax.trim() || /\b(TODO|TBD|lorem ipsum)\b/i.test(d.description))
      .map((d) => d.name);
    assert.deepStrictEqual(weak, []);
  });
});
