// The MPM corrections the advisor quotes, checked against the real httpd (`apache2 -t` runs the
// MPM's check_config hook and prints the same warnings). Skipped where Debian's apache2 is absent.

import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildModel, nodeFileSystem } from '../../../../server/src/model';
import { mpmLimits } from '../../../../server/src/rules/lib/mpm-limits';

const HTTPD = '/usr/sbin/apache2';
const MODULES = '/usr/lib/apache2/modules';

const CASES: [mpm: 'prefork' | 'worker' | 'event', lines: string][] = [
  ['prefork', 'MaxRequestWorkers 400\nServerLimit 10'],
  ['prefork', 'ServerLimit 10'],
  ['prefork', 'MaxClients 300'],
  ['prefork', 'MaxRequestWorkers 0'],
  ['prefork', 'ServerLimit 0'],
  ['event', 'ServerLimit 2'],
  ['event', 'ThreadsPerChild 64'],
  ['event', 'ServerLimit 2\nMaxRequestWorkers 410'],
  ['event', 'ThreadLimit 10\nThreadsPerChild 50\nMaxRequestWorkers 105'],
  ['event', 'ThreadsPerChild 30\nMaxRequestWorkers 10'],
  ['event', 'ServerLimit 0\nThreadLimit 0\nThreadsPerChild 0'],
  ['event', 'ServerLimit 30000\nThreadLimit 200000\nMaxRequestWorkers 400'],
  ['event', 'ThreadLimit 64\nThreadsPerChild 25\nMaxRequestWorkers 150'],
  ['worker', 'ServerLimit 2\nThreadLimit 10\nThreadsPerChild 50\nMaxRequestWorkers 105'],
  ['worker', 'ThreadsPerChild 30\nMaxRequestWorkers 10'],
  ['worker', 'ServerLimit 30000\nThreadLimit 200000'],
  // atoi's 32-bit wrap, then httpd's corrections (issue 10 item 12).
  ['prefork', 'MaxRequestWorkers 2147483648'],
  ['prefork', 'MaxRequestWorkers 99999999999999999999'],
  ['prefork', 'ServerLimit 4294967552\nMaxRequestWorkers 300'],
  ['event', 'MaxRequestWorkers 2147483648'],
  ['event', 'MaxRequestWorkers 4294967297'],
  ['event', 'ThreadsPerChild 4294967321\nMaxRequestWorkers 2147483647'],
];

/** The AH…: WARNING lines httpd prints for a tree. */
function httpdWarnings(dir: string, main: string): string[] {
  const env = { ...process.env, LANG: 'C', APACHE_RUN_DIR: dir, APACHE_LOCK_DIR: dir, APACHE_LOG_DIR: dir, APACHE_PID_FILE: path.join(dir, 'pid') };
  const result = spawnSync(HTTPD, ['-d', dir, '-f', main, '-t'], { env, encoding: 'utf8', cwd: '/' });
  assert.strictEqual(result.status, 0, result.stderr);
  return result.stderr
    .split('\n')
    .map((l) => /(AH\d{5}: WARNING: .*)$/.exec(l)?.[1])
    .filter((l): l is string => !!l);
}

(fs.existsSync(HTTPD) ? describe : describe.skip)('advisor: MPM corrections match the real httpd', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'advisor-mpm-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const [mpm, lines] of CASES) {
    it(`${mpm}: ${lines.replace(/\n/g, ', ')}`, () => {
      const main = path.join(dir, `${mpm}-${CASES.findIndex((c) => c[1] === lines)}.conf`);
      const text = [
        `ServerRoot ${dir}`,
        `DefaultRuntimeDir ${dir}`,
        `PidFile ${dir}/pid`,
        `ErrorLog ${dir}/error.log`,
        'ServerName localhost',
        `LoadModule mpm_${mpm}_module ${MODULES}/mod_mpm_${mpm}.so`,
        lines,
        '',
      ].join('\n');
      fs.writeFileSync(main, text);
      const model = buildModel({ mainFile: main, fs: nodeFileSystem(), env: {} });
      const ours = mpmLimits(model)!.adjustments.map((a) => `${a.code}: WARNING: ${a.text}`);
      assert.deepStrictEqual(ours, httpdWarnings(dir, main));
    });
  }
});
