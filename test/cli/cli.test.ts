import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot } from '../helpers/files';

const CLI = path.join(repoRoot, 'bin', 'httpd-lint');
const EXAMPLE = path.join(repoRoot, 'examples', 'debian-prefork-php', 'apache2.conf');

function lint(args: string[], cwd = repoRoot) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function tempTree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-lint-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('httpd-lint CLI', () => {
  it('prints the flagship warning for the bundled example as file:line:col: severity code: message', () => {
    const { code, stdout } = lint([path.relative(repoRoot, EXAMPLE)]);
    assert.strictEqual(code, 0);
    assert.match(stdout, /^examples\/debian-prefork-php\/apache2\.conf:111:18: warning prefork-keepalive-timeout: KeepAliveTimeout 15 s on prefork with mod_php/m);
    assert.match(stdout, /files checked: 0 errors, 2 warnings/);
    assert.match(stdout, /warning directory-listing: Options Indexes/);
  });

  it('prints the JSON report with the server facts', () => {
    const { code, stdout } = lint(['--format', 'json', EXAMPLE]);
    assert.strictEqual(code, 0);
    const report = JSON.parse(stdout);
    assert.strictEqual(report.version, 1);
    assert.strictEqual(report.root, EXAMPLE);
    assert.strictEqual(report.serverRoot, path.dirname(EXAMPLE));
    assert.strictEqual(report.files[0], EXAMPLE);
    assert.strictEqual(report.server.mpm, 'prefork');
    assert.deepStrictEqual(report.server.languageModules, ['php_module']);
    assert.ok(report.server.modules.includes('core_module') && report.server.modules.includes('php_module'));
    const flagship = report.diagnostics.find((d: { code: string }) => d.code === 'prefork-keepalive-timeout');
    assert.deepStrictEqual(flagship.range, { start: { line: 110, character: 17 }, end: { line: 110, character: 19 } });
    assert.strictEqual(flagship.severity, 'warning');
  });

  it('exits 1 on errors, with -D and --server-root honoured', () => {
    const dir = tempTree({
      'conf/main.conf': 'LoadModule mpm_event_module m.so\n<IfDefine BROKEN>\nListne 80\n</IfDefine>\nInclude extra/*.conf\n',
      'extra/a.conf': 'ServerName a.example\n',
    });
    const ok = lint(['--server-root', dir, path.join(dir, 'conf', 'main.conf')]);
    assert.strictEqual(ok.code, 0, ok.stdout + ok.stderr);
    const broken = lint(['--server-root', dir, '-D', 'BROKEN', '--format', 'json', path.join(dir, 'conf', 'main.conf')]);
    assert.strictEqual(broken.code, 1);
    assert.deepStrictEqual(JSON.parse(broken.stdout).diagnostics.filter((d: { severity: string }) => d.severity === 'error').map((d: { code: string; range: { start: { line: number } } }) => [d.code, d.range.start.line]), [['unknown-directive', 2]]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('exits 2 with a clear message on usage and I/O errors, never a stack trace', () => {
    for (const args of [[], ['--format', 'xml', EXAMPLE], ['/nonexistent/httpd.conf'], ['--bogus'], ['a.conf', 'b.conf'], [repoRoot]]) {
      const { code, stderr } = lint(args);
      assert.strictEqual(code, 2, args.join(' '));
      assert.match(stderr, /^httpd-lint: |^Usage:/, args.join(' '));
      assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
    }
  });

  it('does not crash on a binary file, an empty file or a huge file', () => {
    const dir = tempTree({ 'empty.conf': '' });
    fs.writeFileSync(path.join(dir, 'binary.conf'), Buffer.from([0, 1, 2, 255, 254, 10, 0]));
    fs.writeFileSync(path.join(dir, 'huge.conf'), 'ServerName a\n'.repeat(200000));
    for (const name of ['empty.conf', 'binary.conf', 'huge.conf']) {
      const { code, stderr } = lint([path.join(dir, name)]);
      assert.ok(code === 0 || code === 1, `${name}: exit ${code} ${stderr}`);
      assert.strictEqual(stderr, '');
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('explains a directive with the hover text', () => {
    const { code, stdout } = lint(['explain', 'KeepAliveTimeout']);
    assert.strictEqual(code, 0);
    assert.match(stdout, /^\*\*KeepAliveTimeout\*\* — core/);
    assert.match(stdout, /KeepAliveTimeout num\[ms\]/);
    assert.strictEqual(lint(['explain', 'NoSuchThing']).code, 2);
  });

  it('prints the server profile', () => {
    const { code, stdout } = lint(['--profile', EXAMPLE]);
    assert.strictEqual(code, 0);
    assert.match(stdout, /^Apache server profile: Apache · prefork · mod_php/);
    assert.match(stdout, /KeepAliveTimeout\s+15 {2}\(apache2\.conf:111\)/);
    assert.match(stdout, /Effective capacity\s+150 simultaneous requests in 150 processes/);
    assert.match(stdout, /Peak\s+~9000 MB for 150 processes/);
    const budget = lint(['--memory-mb', '4096', EXAMPLE]);
    assert.match(budget.stdout, /warning memory-budget: At full load 150 prefork processes × ~60 MB/);
  });
});
