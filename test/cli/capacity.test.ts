// httpd-lint capacity through the real CLI process: the inputs it reads from the configuration
// (with file:line), the figures of each scenario against hand-worked arithmetic, usage errors.
// The figures' agreement with a live server under load is test/load/capacity.test.ts.

import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot } from '../helpers/files';

const CLI = path.join(repoRoot, 'bin', 'httpd-lint');
const EXAMPLE = path.join(repoRoot, 'examples', 'debian-prefork-php', 'apache2.conf');

function capacity(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, 'capacity', ...args], { cwd: repoRoot, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Scenario {
  name: string;
  saturationVisitorsPerSecond: number;
  busyWorkers: number;
  idleWorkers: number;
  limitedBy: string;
  memoryMB: number;
}

function scenarios(stdout: string): Map<string, Scenario> {
  const report = JSON.parse(stdout);
  assert.strictEqual(report.version, 1);
  return new Map((report.scenarios as Scenario[]).map((s) => [s.name, s]));
}

describe('httpd-lint capacity', () => {
  it('reads the MPM limits and keep-alive settings of the bundled example, each with its file and line', () => {
    const { code, stdout } = capacity(['--format', 'json', EXAMPLE]);
    assert.strictEqual(code, 0);
    const report = JSON.parse(stdout);
    assert.strictEqual(report.mpm, 'prefork');
    assert.strictEqual(report.maxRequestWorkers, 150);
    const input = (name: string) => report.inputs.find((i: { name: string }) => i.name === name);
    assert.deepStrictEqual([input('MaxRequestWorkers').source, path.basename(input('MaxRequestWorkers').file), input('MaxRequestWorkers').line], ['config', 'mpm_prefork.conf', 10]);
    assert.deepStrictEqual([input('KeepAliveTimeout').value, input('KeepAliveTimeout').line], [15, 110]);
    assert.strictEqual(input('ListenBacklog').source, 'default');
    assert.strictEqual(input('fpmPoolSize').source, 'assumption');
    assert.deepStrictEqual(report.scenarios.map((s: Scenario) => s.name), ['current', 'keepalive-2', 'keepalive-off', 'event-fpm', 'static-elsewhere']);
  });

  it('gives the saturation rate of each scenario from worker-seconds per visitor', () => {
    // One visitor: 1 page (0.15 s) + 9 assets (0.002 s) on one connection (setup 0.0005 s),
    // 9 gaps of 0.05 s, then KeepAliveTimeout idle: 150 workers / that many seconds.
    const s = scenarios(capacity(['--format', 'json', EXAMPLE]).stdout);
    const busy = 0.15 + 9 * 0.002 + 0.0005;
    assert.strictEqual(s.get('current')!.saturationVisitorsPerSecond, Math.round((150 / (busy + 9 * 0.05 + 15)) * 100) / 100);
    assert.strictEqual(s.get('keepalive-2')!.saturationVisitorsPerSecond, Math.round((150 / (busy + 9 * 0.05 + 2)) * 100) / 100);
    // Without keep-alive every request is a connection of its own and nothing idles.
    assert.strictEqual(s.get('keepalive-off')!.saturationVisitorsPerSecond, Math.round((150 / (0.15 + 9 * 0.002 + 10 * 0.0005)) * 100) / 100);
    assert.strictEqual(s.get('keepalive-off')!.idleWorkers, 0);
    // event + FPM: the pool of 5 (Debian's default, assumed) limits dynamic pages at 5 / 0.15 s.
    assert.strictEqual(s.get('event-fpm')!.limitedBy, 'PHP-FPM pool');
    assert.strictEqual(s.get('event-fpm')!.saturationVisitorsPerSecond, Math.round((5 / 0.15) * 100) / 100);
    // At 10 visitors/s the current server is past its limit: every worker is taken.
    assert.strictEqual(Math.round(s.get('current')!.busyWorkers + s.get('current')!.idleWorkers), 150);
    assert.strictEqual(s.get('current')!.memoryMB, 150 * 60);
  });

  it('takes the workload from options and the PHP-FPM pool size from a pool file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-capacity-'));
    const pool = path.join(dir, 'www.conf');
    fs.writeFileSync(pool, '[www]\npm = static\npm.max_children = 12\n');
    const { code, stdout } = capacity(['--format', 'json', '--visitors', '2', '--requests', '1', '--static-share', '0', '--dynamic-time', '0.5', '--fpm-pool', pool, EXAMPLE]);
    assert.strictEqual(code, 0);
    const s = scenarios(stdout);
    assert.strictEqual(s.get('event-fpm')!.saturationVisitorsPerSecond, 24);
    assert.strictEqual(s.get('current')!.busyWorkers, 1);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prints the scenarios as text with where each input was set', () => {
    const { code, stdout } = capacity([path.relative(repoRoot, EXAMPLE)]);
    assert.strictEqual(code, 0);
    assert.match(stdout, /KeepAliveTimeout +15 +examples\/debian-prefork-php\/apache2\.conf:111/);
    assert.match(stdout, /^ {2}keepalive-2 +57 visitors\/s/m);
  });

  it('refuses a bad workload or a missing file with exit 2', () => {
    assert.strictEqual(capacity(['--static-share', '1.5', EXAMPLE]).code, 2);
    assert.strictEqual(capacity(['--requests', '0', EXAMPLE]).code, 2);
    const missing = capacity(['--format', 'json', 'no-such.conf']);
    assert.strictEqual(missing.code, 2);
    assert.strictEqual(JSON.parse(missing.stdout).error.kind, 'io');
  });
});
