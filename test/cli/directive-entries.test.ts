// The CLI and server bundles read the directive table entry by entry (scripts/build.mjs, an index
// of names and spans beside dist/data/directives.generated.json). Each lookup must give what the
// generated table holds, in any spelling, and the whole table afterwards the same objects; a table
// file that does not fit its index is read whole.

import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot } from '../helpers/files';
import { createApacheService } from '../../server/src/service';

const DIST = path.join(repoRoot, 'dist');
const TABLE = JSON.parse(fs.readFileSync(path.join(repoRoot, 'server', 'src', 'data', 'directives.generated.json'), 'utf8')).directives as { name: string }[];

/** The names asked: each as written, upper-cased and lower-cased, and names the table lacks. */
const NAMES = [...TABLE.flatMap((d) => [d.name, d.name.toUpperCase(), d.name.toLowerCase()]), 'NoSuchDirective', '', '<VirtualHost'];

/** What the generated table says for a name: the last entry of that name regardless of case. */
function expected(name: string): unknown {
  let found: unknown;
  for (const d of TABLE) if (d.name.toLowerCase() === name.toLowerCase()) found = d;
  return found ?? null;
}

function lookUp(dist: string, wholeFirst = false) {
  const script = `const { benchApi } = require(${JSON.stringify(path.join(dist, 'bench.js'))});
const names = JSON.parse(require('fs').readFileSync(0, 'utf8'));
process.stdout.write(JSON.stringify(benchApi.lookUpDirectives(names, ${wholeFirst}), (k, v) => (v === undefined ? null : v)));`;
  const r = spawnSync(process.execPath, ['-e', script], { input: JSON.stringify(NAMES), encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.strictEqual(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { found: unknown[]; sameObjects: boolean; count: number };
}

describe('directive table read entry by entry (dist/data)', () => {
  let scratch: string;
  before(() => {
    if (!fs.existsSync(path.join(DIST, 'data', 'directives.generated.index.json'))) throw new Error('dist/data/directives.generated.index.json missing: run npm run build first');
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-lint-entries-'));
  });
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  const check = (dist: string, wholeFirst = false) => {
    const answer = lookUp(dist, wholeFirst);
    assert.strictEqual(answer.count, TABLE.length);
    assert.ok(answer.sameObjects, 'the whole table holds the entries the lookups gave');
    for (let i = 0; i < NAMES.length; i++) assert.deepStrictEqual(answer.found[i], expected(NAMES[i]), NAMES[i]);
  };

  it('gives every entry as the generated table has it, in any spelling', () => check(DIST));

  it('gives the same after the whole table was read first', () => check(DIST, true));

  it('reads the table whole when the table file does not fit its index', () => {
    fs.copyFileSync(path.join(DIST, 'bench.js'), path.join(scratch, 'bench.js'));
    fs.cpSync(path.join(DIST, 'data'), path.join(scratch, 'data'), { recursive: true });
    // Valid JSON of another size: every span of the index is off by the leading blanks.
    const file = path.join(scratch, 'data', 'directives.generated.json');
    fs.writeFileSync(file, `   ${fs.readFileSync(file, 'latin1')}`, 'latin1');
    check(scratch);
  });
});

describe('unknown-directive suggestions in the bundles (dist/data)', () => {
  let scratch: string;
  before(() => (scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-lint-suggest-'))));
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('reads the entries of close names only, not the whole table, and suggests as the whole table does', () => {
    const main = path.join(scratch, 'httpd.conf');
    fs.writeFileSync(main, 'KeepAliveTimout 5\nServerNme example.org\n<Locaton /x>\n</Locaton>\n<Directorymatch "^/y">\n</Directorymatch>\nQwertyuiop 1\n');
    const script = `const { benchApi } = require(${JSON.stringify(path.join(DIST, 'bench.js'))});
process.stdout.write(JSON.stringify(benchApi.unknownNameSuggestions(${JSON.stringify(main)})));`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    const bundled = JSON.parse(r.stdout) as { suggestions: string[][]; wholeTableRead: boolean };
    assert.strictEqual(bundled.wholeTableRead, false);
    // The sources read the whole table (the JSON module): the same suggestions either way.
    const findings = createApacheService({ env: {} }).mainTree(main).findings.filter((f) => f.code === 'unknown-directive');
    assert.deepStrictEqual(bundled.suggestions, findings.map((f) => f.data?.suggestions ?? []));
    assert.ok(bundled.suggestions.some((s) => s.includes('KeepAliveTimeout')) && bundled.suggestions.some((s) => s.includes('Location')), JSON.stringify(bundled.suggestions));
  });
});
