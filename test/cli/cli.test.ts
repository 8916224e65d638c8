import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { main as cliMain } from '../../server/src/cli/main';
import { repoRoot } from '../helpers/files';
import { httpdAvailable, httpdCheck } from '../oracle/httpd';
import { runCli, writeTree } from '../helpers/cli';

const EXAMPLE = path.join(repoRoot, 'examples', 'debian-prefork-php', 'apache2.conf');

const lint = (args: string[], cwd = repoRoot, uid?: number) => runCli(args, { cwd, uid });
const tempTree = (files: Record<string, string>) => writeTree(files);

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

  it('does not crash on a binary file, an empty file or a huge file', function () {
    // Three CLI runs, one of them on 200,000 lines: about 4 s of CPU, much more wall time on a loaded machine.
    this.timeout(120000);
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
    // Findings: most severe first, whole messages (the flagship's ends with its way out).
    const findings = stdout.slice(stdout.indexOf('\nFindings: ')).split('\n').slice(2).map((l) => / (error|warning|information|hint) /.exec(l)?.[1]);
    assert.deepStrictEqual(findings, [...findings].sort((a, b) => ['error', 'warning', 'information', 'hint'].indexOf(a!) - ['error', 'warning', 'information', 'hint'].indexOf(b!)));
    assert.match(stdout, /^Findings: 2 warnings, 4 information, 8 hints$/m);
    assert.match(stdout, /^ {2}apache2\.conf:111: warning prefork-keepalive-timeout: KeepAliveTimeout 15 s .* Use 5 s or less\.$/m);
    const json = lint(['--profile', '--format', 'json', EXAMPLE]);
    const data = (JSON.parse(json.stdout) as { profile: { label: string; findings: { severity: string; where: { label: string } }[]; sections: { title: string }[] } }).profile;
    assert.strictEqual(data.label, 'Apache · prefork · mod_php');
    assert.deepStrictEqual(data.findings.map((f) => `${f.severity} ${f.where.label}`).slice(0, 2), ['warning apache2.conf:111', 'warning apache2.conf:171']);
    assert.ok(data.sections.some((s) => s.title === 'MPM prefork limits'));
    const budget = lint(['--memory-mb', '4096', EXAMPLE]);
    assert.match(budget.stdout, /warning memory-budget: At full load 150 processes × ~60 MB/);
  });

  it('prints one JSON object for usage errors, missing files and unknown directives with --format json', () => {
    const cases: [string[], string, RegExp][] = [
      [['--format', 'json'], 'usage', /no configuration file/],
      [['--format', 'json', '--bogus', EXAMPLE], 'usage', /unknown option '--bogus'/],
      [['--format', 'json', '--rule', 'trailing-comment', EXAMPLE], 'usage', /--rule takes ID=LEVEL/],
      [['--format', 'json', '--rule', 'no-such-rule=error', EXAMPLE], 'usage', /unknown rule 'no-such-rule'/],
      [['--format', 'json', 'a.conf', 'b.conf'], 'io', /cannot read a\.conf: No such file or directory/],
      [['--format', 'json', 'no-such-dir/*.conf'], 'io', /no files match no-such-dir\/\*\.conf/],
      [['--format', 'json', '/nonexistent/httpd.conf'], 'io', /cannot read \/nonexistent\/httpd\.conf: No such file or directory/],
      [['--format', 'json', repoRoot], 'io', /is not a file/],
      [['--format', 'json', 'explain', 'NoSuchThing'], 'usage', /unknown directive or rule 'NoSuchThing'/],
    ];
    for (const [args, kind, message] of cases) {
      const { code, stdout, stderr } = lint(args);
      assert.strictEqual(code, 2, args.join(' '));
      const parsed = JSON.parse(stdout);
      assert.strictEqual(parsed.version, 1, args.join(' '));
      assert.strictEqual(parsed.error.kind, kind, args.join(' '));
      assert.match(parsed.error.message, message, args.join(' '));
      assert.match(stderr, /^httpd-lint: /, 'people still get the message on stderr');
      assert.doesNotMatch(stderr, /Usage:/, 'no usage text mixed into a JSON run');
    }
  });

  it('says what --rule needs when the level is missing', () => {
    const { code, stderr } = lint(['--rule', 'trailing-comment', EXAMPLE]);
    assert.strictEqual(code, 2);
    assert.match(stderr, /^httpd-lint: --rule takes ID=LEVEL, e\.g\. --rule trailing-comment=error/);
    assert.doesNotMatch(stderr, /undefined/);
  });

  it('prints the server profile as JSON with --format json --profile', () => {
    const { code, stdout } = lint(['--format', 'json', '--profile', EXAMPLE]);
    assert.strictEqual(code, 0);
    const { version, profile } = JSON.parse(stdout);
    assert.strictEqual(version, 1);
    assert.strictEqual(profile.label, 'Apache · prefork · mod_php');
    assert.strictEqual(profile.mpm, 'prefork');
    const keepAlive = profile.sections.find((s: { title: string }) => s.title === 'Keep-alive and timeouts');
    const row = keepAlive.rows.find((r: { label: string }) => r.label === 'KeepAliveTimeout');
    assert.deepStrictEqual([row.value, row.where.label, row.where.line], ['15', 'apache2.conf:111', 110]);
  });

  it('exits 2 on a main file it may not read, as documented (an I/O failure, not a finding)', function () {
    const dir = tempTree({ 'httpd.conf': 'ServerName a\n' });
    const file = path.join(dir, 'httpd.conf');
    fs.chmodSync(file, 0o000);
    fs.chmodSync(dir, 0o755);
    try {
      // root reads anything: run the CLI as nobody there.
      const uid = process.getuid?.() === 0 ? 65534 : undefined;
      const { code, stdout, stderr } = lint(['--format', 'json', file], dir, uid);
      if (uid !== undefined && /EACCES|Cannot find module/.test(stderr) && !stdout) this.skip(); // the checkout itself is not readable by nobody
      assert.strictEqual(code, 2, stderr);
      assert.deepStrictEqual(JSON.parse(stdout).error, { kind: 'io', message: `cannot read ${file}: Permission denied` });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads an Include of 6,000 files as httpd does (no include-not-found); past the analysis cap it warns, never errs', async function () {
    this.timeout(120000);
    const dir = tempTree({ 'httpd.conf': 'LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\nServerName a\nInclude many/*.conf\nIncludeOptional more/*.conf\n' });
    for (const [sub, count] of [['many', 6000], ['more', 10050]] as const) {
      fs.mkdirSync(path.join(dir, sub));
      for (let i = 0; i < count; i++) fs.writeFileSync(path.join(dir, sub, `f${i}.conf`), `# ${i}\n`);
    }
    try {
      const { code, stdout } = lint(['--format', 'json', path.join(dir, 'httpd.conf')]);
      const report = JSON.parse(stdout);
      assert.strictEqual(code, 0, JSON.stringify(report.diagnostics.filter((d: { severity: string }) => d.severity === 'error').slice(0, 3)));
      assert.ok(!report.diagnostics.some((d: { code: string }) => d.code === 'include-not-found'));
      const tooMany = report.diagnostics.filter((d: { code: string }) => d.code === 'include-too-many');
      assert.deepStrictEqual(tooMany.map((d: { severity: string; range: { start: { line: number } } }) => [d.severity, d.range.start.line]), [['warning', 3]]);
      assert.strictEqual(report.files.length, 1 + 6000 + 10000);
      if (httpdAvailable()) {
        fs.mkdirSync(path.join(dir, 'logs'));
        const verdict = await httpdCheck(dir, path.join(dir, 'httpd.conf'));
        assert.ok(verdict.ok, `httpd accepts all 16,050 files: ${verdict.messages.join(' | ')}`);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports an internal error as JSON, exit 2', () => {
    // The last line of defence in main(): a failure while writing the report (here the first write).
    let writes = 0;
    const out: string[] = [];
    const code = cliMain(['--format', 'json', EXAMPLE], (s) => {
      if (writes++ === 0) throw new Error('disk full');
      out.push(s);
    }, () => undefined);
    assert.strictEqual(code, 2);
    assert.deepStrictEqual(JSON.parse(out.join('')), { version: 1, error: { kind: 'internal', message: 'internal error: disk full' } });
  });
});
