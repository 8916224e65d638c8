// dist/cli.js loads the bundle with the V8 code cache the build writes (scripts/cli-loader.cjs):
// the cache must be one this node accepts, and the CLI must report the same with a missing, a
// foreign or a damaged cache as the bundle run directly.

import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot } from '../helpers/files';

const DIST = path.join(repoRoot, 'dist');
const EXAMPLE = path.join(repoRoot, 'examples', 'debian-prefork-php', 'apache2.conf');

function lint(script: string, args: string[]) {
  const r = spawnSync(process.execPath, [script, ...args], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The header the loader expects: the build id written into dist/cli.js. */
function buildId(): string {
  const id = /httpd-lint-[0-9a-f]{16}/.exec(fs.readFileSync(path.join(DIST, 'cli.js'), 'utf8'));
  assert.ok(id, 'dist/cli.js names its build');
  return id[0];
}

describe('CLI code cache (dist/cli.js loading dist/cli-main.js)', () => {
  let scratch: string;
  before(() => {
    if (!fs.existsSync(path.join(DIST, 'cli-main.cache'))) throw new Error('dist/cli-main.cache missing: run npm run build first');
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-lint-cache-'));
  });
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('the cache the build wrote is accepted by this node for this bundle, under the V8 flags the loader sets', () => {
    const cache = fs.readFileSync(path.join(DIST, 'cli-main.cache'));
    const id = buildId();
    assert.strictEqual(cache.toString('latin1', 0, id.length), id);
    // In a child: the flags change V8's flag hash, which must stay the same in this (mocha) process.
    const flags = /const V8_FLAGS = '([^']*)'/.exec(fs.readFileSync(path.join(DIST, 'cli.js'), 'utf8'));
    assert.ok(flags, 'dist/cli.js names its V8 flags');
    const probe = [
      `require('v8').setFlagsFromString(${JSON.stringify(flags[1])});`,
      `const fs = require('fs'), vm = require('vm'), { wrap } = require('module');`,
      `const file = ${JSON.stringify(path.join(DIST, 'cli-main.js'))};`,
      `const cache = fs.readFileSync(${JSON.stringify(path.join(DIST, 'cli-main.cache'))}).subarray(${id.length});`,
      `const script = new vm.Script(wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData: cache });`,
      `process.stdout.write(String(script.cachedDataRejected));`,
    ].join('\n');
    const accepted = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
    assert.strictEqual(accepted.stdout, 'false', accepted.stderr);
    // Without the flags V8 refuses it: the probe above is not vacuous.
    const plain = spawnSync(process.execPath, ['-e', probe.replace(/^.*setFlagsFromString.*$/m, '')], { encoding: 'utf8' });
    assert.strictEqual(plain.stdout, flags[1] ? 'true' : 'false', plain.stderr);
  });

  const variants: [string, (id: string) => Buffer | undefined][] = [
    ['no cache', () => undefined],
    ['the cache of another build', (id) => Buffer.concat([Buffer.from(id.replace(/[0-9a-f]{16}$/, '0123456789abcdef'), 'latin1'), fs.readFileSync(path.join(DIST, 'cli-main.cache')).subarray(id.length)])],
    ['a damaged cache', (id) => Buffer.concat([Buffer.from(id, 'latin1'), Buffer.alloc(4096, 0x5a)])],
  ];
  for (const [label, cacheOf] of variants) {
    it(`reports what the bundle reports, with ${label}`, () => {
      const direct = lint(path.join(DIST, 'cli-main.js'), ['--format', 'json', EXAMPLE]);
      const dir = path.join(scratch, label.replace(/\W+/g, '-'));
      fs.mkdirSync(dir);
      for (const f of ['cli.js', 'cli-main.js']) fs.copyFileSync(path.join(DIST, f), path.join(dir, f));
      fs.cpSync(path.join(DIST, 'data'), path.join(dir, 'data'), { recursive: true });
      const cache = cacheOf(buildId());
      if (cache) fs.writeFileSync(path.join(dir, 'cli-main.cache'), cache);
      const loaded = lint(path.join(dir, 'cli.js'), ['--format', 'json', EXAMPLE]);
      assert.strictEqual(loaded.code, direct.code, loaded.stderr);
      assert.ok(JSON.parse(direct.stdout).diagnostics.length > 0, 'the example has findings');
      assert.strictEqual(loaded.stdout, direct.stdout);
      assert.strictEqual(loaded.stderr, direct.stderr);
    });
  }
});
