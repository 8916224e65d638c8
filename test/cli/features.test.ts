// The CLI of issue 12 through the real process (bin/httpd-lint): arguments, several inputs,
// standard input, the four formats (SARIF checked against the official schema), exit status
// options, --fix / --fix-dry-run, explain of rule ids.

import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { OPTION_NAMES } from '../../server/src/cli/args';
import { repoRoot } from '../helpers/files';
import { httpdAvailable, httpdCheck } from '../oracle/httpd';
import { runCli, writeTree } from '../helpers/cli';

const CLI = path.join(repoRoot, 'bin', 'httpd-lint');
const EXAMPLE_DIR = path.join(repoRoot, 'examples', 'debian-prefork-php');
const EXAMPLE = path.join(EXAMPLE_DIR, 'apache2.conf');
const MODULES = '/usr/lib/apache2/modules';

function lint(args: string[], options: { cwd?: string; input?: string; env?: Record<string, string> } = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  delete env.NO_COLOR;
  return runCli(args, { cwd: options.cwd, input: options.input, env });
}

const tempTree = (files: Record<string, string>) => writeTree(files, 'httpd-lint-cli-');

interface JsonDiagnostic {
  file: string;
  code: string;
  severity: string;
  range: { start: { line: number; character: number } };
}

const TREE = (name: string): string => `LoadModule mpm_event_module ${MODULES}/mod_mpm_event.so\nServerName ${name}.example\nListen 127.0.0.1:8080\nErrorLog /dev/null\nServerTokens OS\nInclude conf.d/*.conf\n`;

describe('httpd-lint CLI: arguments', () => {
  it('takes --opt=value and --opt value alike, prints --version and a --help that lists every option', () => {
    const a = lint(['--format=json', '--rule=directory-listing=error', EXAMPLE]);
    const b = lint(['--format', 'json', '--rule', 'directory-listing=error', EXAMPLE]);
    assert.strictEqual(a.code, 1, a.stderr);
    assert.strictEqual(a.stdout, b.stdout);
    assert.ok(JSON.parse(a.stdout).diagnostics.some((d: JsonDiagnostic) => d.code === 'directory-listing' && d.severity === 'error'));
    const version = lint(['--version']);
    assert.strictEqual(version.code, 0);
    assert.strictEqual(version.stdout.trim(), JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version);
    const help = lint(['--help']);
    assert.strictEqual(help.code, 0);
    for (const name of OPTION_NAMES) assert.ok(help.stdout.includes(`--${name}`) || (name === 'no-color' && help.stdout.includes('--no-color')), `--help lists --${name}`);
  });

  it('refuses unknown options and bad values with exit 2 and the usage', () => {
    for (const args of [['--bogus', EXAMPLE], ['--fail-level', 'hint', EXAMPLE], ['--max-warnings', 'x', EXAMPLE], ['--format=xml', EXAMPLE], ['--fix', '--fix-dry-run', EXAMPLE], ['--stdin-filename', 'x.conf', EXAMPLE]]) {
      const r = lint(args);
      assert.strictEqual(r.code, 2, args.join(' '));
      assert.match(r.stderr, /^httpd-lint: /, args.join(' '));
    }
    assert.match(lint(['--bogus', EXAMPLE]).stderr, /unknown option '--bogus'[\s\S]*Usage:/);
  });
});

describe('httpd-lint CLI: several inputs and standard input', () => {
  it('checks several files and globs, each in its own tree, each file reported once', () => {
    const dir = tempTree({
      'a/httpd.conf': TREE('a'),
      'a/conf.d/x.conf': 'KeepAliveTimeot 5\n',
      'b/httpd.conf': TREE('b'),
      'b/conf.d/y.conf': 'ServerSignature On\n',
    });
    try {
      const r = lint(['--format', 'json', 'a/httpd.conf', 'a/conf.d/x.conf', 'b/*.conf', 'b/**/*.conf'], { cwd: dir });
      assert.strictEqual(r.code, 1, r.stderr);
      const report = JSON.parse(r.stdout);
      assert.strictEqual(report.version, 1);
      const keys = report.diagnostics.map((d: JsonDiagnostic) => `${path.relative(dir, d.file)}:${d.range.start.line + 1} ${d.code}`);
      assert.deepStrictEqual(new Set(keys).size, keys.length, 'no finding twice');
      assert.ok(keys.includes('a/conf.d/x.conf:1 unknown-directive'), keys.join(', '));
      assert.ok(keys.includes('b/httpd.conf:5 server-tokens-full'), keys.join(', '));
      assert.ok(keys.includes('b/conf.d/y.conf:1 server-signature-on'), keys.join(', '));
      assert.strictEqual(keys.filter((k: string) => k.startsWith('a/httpd.conf:5')).length, 1);
      assert.deepStrictEqual(report.reports.map((x: { input: string }) => path.relative(dir, x.input)), ['a/httpd.conf', 'a/conf.d/x.conf', 'b/httpd.conf', 'b/conf.d/y.conf']);
      // The included file read in a's tree: no finding of its own left once a/httpd.conf reported it.
      assert.deepStrictEqual(report.reports[1].diagnostics, []);
      assert.strictEqual(new Set(report.files).size, report.files.length);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads '-' from standard input, in the tree of --stdin-filename", () => {
    const dir = tempTree({ 'httpd.conf': TREE('s'), 'conf.d/site.conf': 'ServerAdmin me@example.com\n' });
    try {
      const text = 'KeepAliveTimeot 5\n';
      const inTree = lint(['--format', 'json', '--stdin-filename', 'conf.d/site.conf', '-'], { cwd: dir, input: text });
      assert.strictEqual(inTree.code, 1, inTree.stderr);
      const report = JSON.parse(inTree.stdout);
      assert.strictEqual(report.context.kind, 'included');
      assert.deepStrictEqual(report.diagnostics.map((d: JsonDiagnostic) => [path.relative(dir, d.file), d.code]), [['conf.d/site.conf', 'unknown-directive']]);
      const alone = lint(['-'], { cwd: dir, input: 'ServerSignature On\n' });
      assert.match(alone.stdout, /^<stdin>:1:17: information server-signature-on: /m);
      assert.strictEqual(lint(['--stdin-filename', 'x.conf', 'httpd.conf'], { cwd: dir }).code, 2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('httpd-lint CLI: formats', () => {
  it('text: colour only when asked or on a terminal, never with --no-color', function () {
    const plain = lint([EXAMPLE]);
    assert.doesNotMatch(plain.stdout, /\x1b\[/);
    const forced = lint(['--color', EXAMPLE]);
    assert.match(forced.stdout, /\x1b\[33mwarning\x1b\[0m/);
    // A real terminal: script(1) gives the CLI a pseudo-terminal.
    const script = spawnSync('script', ['-qec', `${process.execPath} ${CLI} ${EXAMPLE}`, '/dev/null'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '', TERM: 'xterm' } });
    if (script.error) this.skip();
    assert.match(script.stdout, /\x1b\[33mwarning/);
    const off = spawnSync('script', ['-qec', `${process.execPath} ${CLI} --no-color ${EXAMPLE}`, '/dev/null'], { encoding: 'utf8', env: { ...process.env, TERM: 'xterm' } });
    assert.doesNotMatch(off.stdout, /\x1b\[3/);
    assert.match(off.stdout, /warning prefork-keepalive-timeout/);
  });

  it('sarif: valid SARIF 2.1.0 with rules, help URIs, levels, related locations and fixes', () => {
    const r = lint(['--format', 'sarif', path.relative(repoRoot, EXAMPLE)]);
    assert.strictEqual(r.code, 0, r.stderr);
    const log = JSON.parse(r.stdout);
    const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8'));
    const { id, $schema: _draft, ...rest } = schema;
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:/i);
    ajv.addFormat('uri-reference', /^\S*$/);
    ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT/);
    const validate = ajv.compile({ $id: id, ...rest });
    const valid: boolean = validate(log);
    assert.ok(valid, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    const run = log.runs[0];
    const rules = run.tool.driver.rules as { id: string; helpUri: string; defaultConfiguration: { level: string } }[];
    assert.ok(rules.length >= 50);
    for (const rule of rules) assert.match(rule.helpUri, new RegExp(`/docs/rules/${rule.id}\\.md$`));
    const flagship = run.results.find((x: { ruleId: string }) => x.ruleId === 'prefork-keepalive-timeout');
    assert.strictEqual(flagship.level, 'warning');
    assert.deepStrictEqual(flagship.locations[0].physicalLocation.artifactLocation, { uri: 'examples/debian-prefork-php/apache2.conf', uriBaseId: 'SRCROOT' });
    assert.strictEqual(flagship.locations[0].physicalLocation.region.startLine, 111);
    assert.ok(flagship.relatedLocations.length >= 1, 'the MPM and module lines');
    assert.ok(flagship.relatedLocations.some((l: { physicalLocation: { artifactLocation: { uri: string } } }) => /mods-enabled\/(mpm_prefork|php)/.test(l.physicalLocation.artifactLocation.uri)));
    const fix = flagship.fixes[0];
    assert.match(fix.description.text, /KeepAliveTimeout/);
    assert.deepStrictEqual(fix.artifactChanges[0].replacements[0].deletedRegion.startLine, 111);
    assert.strictEqual(rules[flagship.ruleIndex].id, 'prefork-keepalive-timeout');
    assert.ok(run.results.some((x: { level: string }) => x.level === 'note'));
  });

  it('github: one workflow command per finding', () => {
    const r = lint(['--format', 'github', path.relative(repoRoot, EXAMPLE)]);
    assert.strictEqual(r.code, 0);
    assert.match(r.stdout, /^::warning file=examples\/debian-prefork-php\/apache2\.conf,line=111,col=18,endLine=111,endColumn=20,title=httpd-lint prefork-keepalive-timeout::KeepAliveTimeout 15 s on prefork/m);
    assert.match(r.stdout, /^::notice file=examples\/debian-prefork-php\/conf-enabled\/security\.conf,line=12,/m);
    assert.doesNotMatch(r.stdout, /inactive-block/, 'hints only with --hints');
  });
});

describe('httpd-lint CLI: exit status options', () => {
  it('--max-warnings, --fail-level and --quiet', () => {
    assert.strictEqual(lint([EXAMPLE]).code, 0);
    assert.strictEqual(lint(['--max-warnings', '2', EXAMPLE]).code, 0);
    assert.strictEqual(lint(['--max-warnings=1', EXAMPLE]).code, 1);
    assert.strictEqual(lint(['--fail-level', 'warning', EXAMPLE]).code, 1);
    assert.strictEqual(lint(['--fail-level', 'information', '--rule', 'directory-listing=off', '--rule', 'prefork-keepalive-timeout=off', EXAMPLE]).code, 1);
    assert.strictEqual(lint(['--fail-level', 'warning', '--rule', 'directory-listing=off', '--rule', 'prefork-keepalive-timeout=off', EXAMPLE]).code, 0);
    const quiet = lint(['--quiet', '--rule', 'directory-listing=error', EXAMPLE]);
    assert.strictEqual(quiet.code, 1);
    assert.match(quiet.stdout, /error directory-listing/);
    assert.doesNotMatch(quiet.stdout, / (warning|information) /);
  });
});

describe('httpd-lint CLI: --fix and --fix-dry-run', () => {
  const CRLF = (lines: string[]): string => lines.map((l) => `${l}\r\n`).join('');
  const fixTree = () =>
    tempTree({
      'httpd.conf': CRLF([
        `LoadModule mpm_event_module ${MODULES}/mod_mpm_event.so`,
        `LoadModule authz_core_module ${MODULES}/mod_authz_core.so`,
        'ServerName fix.example',
        'Listen 127.0.0.1:8080',
        'ErrorLog /dev/null',
        'ServerTokens OS',
        'ServerSignature On',
        'TraceEnable On',
        '<IfModule mpm_event_module>',
        '\tKeepAlive Off',
        '    ServerAdmin me@example.com # admin',
        '</IfModule>',
        'KeepAliveTimeot 5',
        'Include conf.d/*.conf',
      ]),
      'conf.d/tls.conf': `LoadModule ssl_module ${MODULES}/mod_ssl.so\nLoadModule headers_module ${MODULES}/mod_headers.so\n<VirtualHost *:8443>\n  SSLEngine on\n</VirtualHost>\n`,
    });

  it('prints a unified diff and writes nothing with --fix-dry-run; --fix writes it, keeps CRLF and indentation; a second run finds nothing fixable', async function () {
    this.timeout(120000);
    const dir = fixTree();
    try {
      const before = fs.readFileSync(path.join(dir, 'httpd.conf'), 'utf8');
      const dry = lint(['--fix-dry-run', 'httpd.conf'], { cwd: dir });
      assert.strictEqual(dry.code, 1, dry.stderr);
      assert.match(dry.stdout, /^--- a\/httpd\.conf\n\+\+\+ b\/httpd\.conf\n@@ /);
      for (const line of ['-ServerTokens OS\r', '+ServerTokens Prod\r', '+\tKeepAlive On\r', '+    # admin\r', '+    ServerAdmin me@example.com\r', '+KeepAliveTimeout 5\r']) assert.ok(dry.stdout.split('\n').includes(line), `diff has ${JSON.stringify(line)}:\n${dry.stdout}`);
      assert.match(dry.stderr, /not fixed, needs a choice: conf\.d\/tls\.conf:3: hsts-missing: Add a Strict-Transport-Security header/);
      assert.strictEqual(fs.readFileSync(path.join(dir, 'httpd.conf'), 'utf8'), before, 'dry run writes nothing');
      // The diff applies with patch(1) to give exactly what --fix writes.
      const fixed = lint(['--fix', '--format', 'json', 'httpd.conf'], { cwd: dir });
      assert.strictEqual(fixed.code, 0, fixed.stderr + fixed.stdout);
      const after = fs.readFileSync(path.join(dir, 'httpd.conf'), 'utf8');
      assert.notStrictEqual(after, before);
      assert.ok(!/[^\r]\n/.test(after), 'every line still ends in CRLF');
      const patched = spawnSync('patch', ['-o', '-', path.join(dir, 'copy.conf')], { input: dry.stdout.replace(/a\/httpd\.conf|b\/httpd\.conf/g, 'copy.conf'), encoding: 'utf8', cwd: dir, env: { ...process.env } });
      if (!patched.error) {
        fs.writeFileSync(path.join(dir, 'copy.conf'), before);
        const again = spawnSync('patch', ['-s', '-o', '-', 'copy.conf'], { input: dry.stdout.replace(/[ab]\/httpd\.conf/g, 'copy.conf'), encoding: 'utf8', cwd: dir });
        assert.strictEqual(again.stdout, after, 'the dry-run diff is what --fix writes');
        fs.rmSync(path.join(dir, 'copy.conf'));
      }
      const report = JSON.parse(fixed.stdout);
      assert.deepStrictEqual(report.fixes.applied.map((a: { code: string }) => a.code).sort(), ['keepalive-off-event', 'server-signature-on', 'server-tokens-full', 'trace-enable', 'trailing-comment', 'unknown-directive']);
      assert.deepStrictEqual(report.fixes.needsChoice.map((c: { code: string }) => c.code), ['hsts-missing']);
      assert.deepStrictEqual(report.diagnostics.map((d: JsonDiagnostic) => d.code), ['hsts-missing'], 'only the finding that needs a choice is left');
      const second = lint(['--fix-dry-run', 'httpd.conf'], { cwd: dir });
      assert.strictEqual(second.code, 0, second.stdout);
      assert.strictEqual(second.stdout, '');
      if (httpdAvailable()) {
        const verdict = await httpdCheck(dir, path.join(dir, 'httpd.conf'));
        assert.ok(verdict.ok, `httpd accepts the fixed tree: ${verdict.messages.join(' | ')}`);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves a file that is not UTF-8 alone, and refuses --fix on standard input', () => {
    const dir = tempTree({});
    try {
      fs.writeFileSync(path.join(dir, 'httpd.conf'), Buffer.concat([Buffer.from(`LoadModule mpm_event_module ${MODULES}/mod_mpm_event.so\nServerName a\n# caf\xe9 `, 'latin1'), Buffer.from('\nServerTokens OS\n')]));
      const bytes = fs.readFileSync(path.join(dir, 'httpd.conf'));
      const r = lint(['--fix', 'httpd.conf'], { cwd: dir });
      assert.match(r.stderr, /httpd\.conf not fixed: its bytes are not the UTF-8 text/);
      assert.ok(fs.readFileSync(path.join(dir, 'httpd.conf')).equals(bytes));
      assert.strictEqual(lint(['--fix', '-'], { cwd: dir, input: 'ServerTokens OS\n' }).code, 2);
      const dry = lint(['--fix-dry-run', '--stdin-filename', 'x.conf', '-'], { cwd: dir, input: 'ServerTokens OS\n' });
      assert.match(dry.stdout, /^-ServerTokens OS\n\+ServerTokens Prod$/m);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('httpd-lint CLI: explain', () => {
  it('prints the docs page of a rule id, the hover text of a directive', () => {
    const rule = lint(['explain', 'trailing-comment']);
    assert.strictEqual(rule.code, 0);
    assert.strictEqual(rule.stdout.trim(), fs.readFileSync(path.join(repoRoot, 'docs', 'rules', 'trailing-comment.md'), 'utf8').trim());
    assert.match(lint(['explain', 'KeepAliveTimeout']).stdout, /^\*\*KeepAliveTimeout\*\*/);
    assert.strictEqual(lint(['explain', 'no-such-rule-or-directive']).code, 2);
  });
});
