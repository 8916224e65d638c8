// syntaxes/language-configuration.json as VS Code reads it. Its folding markers also give the
// minimap its section labels: VS Code shows the rest of each line after the start marker's
// match, so a marker that matched `<D` of `<Directory />` showed "irectory />".
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from '../../../server/src/parser';
import { foldingRanges, REGION_END, REGION_START } from '../../../server/src/service/navigation';
import { listFiles, repoRoot } from '../../helpers/files';

const config = JSON.parse(fs.readFileSync(path.join(repoRoot, 'syntaxes', 'language-configuration.json'), 'utf8')) as {
  folding: { markers: { start: string; end: string } };
};
const start = new RegExp(config.folding.markers.start);
const end = new RegExp(config.folding.markers.end);

/** The minimap label VS Code derives from a line (its region-header rule), or undefined. */
function minimapLabel(line: string): string | undefined {
  const match = start.exec(line);
  if (!match) return undefined;
  return line.slice(match[0].length).trim() || undefined;
}

describe('language configuration', () => {
  it('labels only "# region" comments in the minimap, with their whole name', () => {
    assert.strictEqual(minimapLabel('# region Virtual hosts'), 'Virtual hosts');
    assert.strictEqual(minimapLabel('  #region TLS'), 'TLS');
    assert.ok(end.test('# endregion'));
    for (const line of ['<Directory />', '<VirtualHost *:80>', '  <IfModule mod_ssl.c>', '</Directory>', '# regional settings', '#endregion']) {
      assert.strictEqual(minimapLabel(line), undefined, line);
    }
    // No line of the shipped examples and fixtures gets a label (none uses regions).
    const files = [...listFiles(path.join(repoRoot, 'examples')), ...listFiles(path.join(repoRoot, 'test', 'fixtures', 'e2e-ws'))].filter((f) => /\.(conf|load)$|\/envvars$/.test(f));
    assert.ok(files.length > 20, `${files.length} files`);
    for (const file of files) {
      const labelled = fs.readFileSync(file, 'utf8').split('\n').filter((l) => minimapLabel(l) !== undefined);
      assert.deepStrictEqual(labelled, [], file);
    }
  });

  it('uses the same region markers as the server folding', () => {
    assert.strictEqual(config.folding.markers.start, REGION_START.source);
    assert.strictEqual(config.folding.markers.end, REGION_END.source);
    const text = ['# region Modules', 'LoadModule a_module a.so', '<IfModule a_module>', '  A on', '</IfModule>', '# endregion', 'Listen 80', ''].join('\n');
    assert.deepStrictEqual(foldingRanges(parse(text)), [
      { startLine: 2, endLine: 3 },
      { startLine: 0, endLine: 5, kind: 'region' },
    ]);
  });
});
