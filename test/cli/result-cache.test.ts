// The CLI's result cache through the real process (dist/cli.js): a second run of an unchanged
// tree replays the first run's output byte for byte without analysing, and every change that
// could alter the result (a file's text, a glob Include's folder gaining a file, a file
// appearing where a stat found none, a symlink retargeted, an environment variable ${VAR}
// reads) makes it analyse again. A damaged entry or an unwritable folder only costs the cache.

import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot } from '../helpers/files';
import { writeTree } from '../helpers/cli';

const LOADER = path.join(repoRoot, 'dist', 'cli.js');
const MODULES = '/usr/lib/apache2/modules';
const MAIN = `LoadModule mpm_event_module ${MODULES}/mod_mpm_event.so\nServerName a.example\nInclude \${SITES}/*.conf\n`;

interface Run {
  code: number | null;
  stdout: string;
  /** Standard error without the cache's debug lines. */
  stderr: string;
  /** The debug lines: `cache: hit`, `cache: miss <why>`, `cache: stored`... */
  cache: string[];
}

describe('CLI result cache', function () {
  this.timeout(120000);
  let home: string;
  let tree: string;
  let cacheDir: string;

  const lint = (args: string[], env: Record<string, string | undefined> = {}, input?: string): Run => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_CACHE_HOME: path.join(home, 'cache'), HTTPD_LINT_CACHE_DEBUG: '1', SITES: path.join(tree, 'sites'), ...env };
    delete childEnv.HTTPD_LINT_NO_CACHE;
    if (env.HTTPD_LINT_NO_CACHE) childEnv.HTTPD_LINT_NO_CACHE = env.HTTPD_LINT_NO_CACHE;
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k];
    const r = spawnSync(process.execPath, [LOADER, ...args], { cwd: tree, env: childEnv, encoding: 'utf8', input: input ?? '' });
    const lines = r.stderr.split(/(?<=\n)/);
    return { code: r.status, stdout: r.stdout, stderr: lines.filter((l) => !l.startsWith('cache: ')).join(''), cache: lines.filter((l) => l.startsWith('cache: ')).map((l) => l.trim()) };
  };
  /** The same command line without the cache: what a run must print. */
  const fresh = (args: string[], env: Record<string, string | undefined> = {}): Run => lint(['--no-cache', ...args], env);
  const sameResult = (a: Run, b: Run): void => {
    assert.strictEqual(a.stdout, b.stdout);
    assert.strictEqual(a.stderr, b.stderr);
    assert.strictEqual(a.code, b.code);
  };
  const entries = (): string[] => (fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir) : []);
  /** A run after a change: analysed again (a miss naming why) and printing what an uncached run prints. */
  const missesWith = (args: string[], why: RegExp, env: Record<string, string | undefined> = {}): Run => {
    const r = lint(args, env);
    assert.match(r.cache[0] ?? '', /^cache: miss /, r.cache.join('\n'));
    assert.match(r.cache[0], why);
    sameResult(r, fresh(args, env));
    const again = lint(args, env);
    assert.deepStrictEqual(again.cache, ['cache: hit']);
    sameResult(again, r);
    return r;
  };

  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-lint-result-cache-home-'));
    cacheDir = path.join(home, 'cache', 'httpd-lint');
    tree = writeTree({
      'httpd.conf': MAIN,
      'sites/a.conf': '<VirtualHost *:80>\nServerName a.example\nDocumentRoot /var/www\n</VirtualHost>\n',
      'other/b.conf': 'NoSuchDirective here\n',
    }, 'httpd-lint-result-cache-');
  });
  afterEach(() => {
    fs.rmSync(home, { recursive: true, force: true });
    fs.rmSync(tree, { recursive: true, force: true });
  });

  it('a second run replays the first byte for byte, as an uncached run prints it, in text and JSON', () => {
    for (const args of [['httpd.conf'], ['--format', 'json', 'httpd.conf'], ['--format', 'sarif', '*.conf']]) {
      const first = lint(args);
      assert.deepStrictEqual(first.cache, ['cache: miss no entry', 'cache: stored'], args.join(' '));
      const second = lint(args);
      assert.deepStrictEqual(second.cache, ['cache: hit'], args.join(' '));
      sameResult(second, first);
      sameResult(second, fresh(args));
    }
    assert.ok(lint(['--format', 'json', 'httpd.conf']).stdout.includes('"diagnostics"'));
  });

  it('replays findings at the fail level with their exit code and standard error', () => {
    const args = ['--format', 'json', 'httpd.conf', 'other/b.conf'];
    const first = lint(args);
    assert.strictEqual(first.code, 1, first.stderr);
    assert.ok(first.stdout.includes('NoSuchDirective') || first.stdout.includes('unknown-directive'), first.stdout);
    const second = lint(args);
    assert.deepStrictEqual(second.cache, ['cache: hit']);
    sameResult(second, first);
  });

  it('a file that is not UTF-8 (a Latin-1 comment) hits while unchanged and misses when edited', () => {
    const site = path.join(tree, 'sites', 'a.conf');
    fs.writeFileSync(site, Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\n'), fs.readFileSync(site)]));
    const first = lint(['httpd.conf']);
    const second = lint(['httpd.conf']);
    assert.deepStrictEqual(second.cache, ['cache: hit']);
    sameResult(second, first);
    fs.writeFileSync(site, Buffer.concat([fs.readFileSync(site), Buffer.from([0xe8, 0x0a])]));
    missesWith(['httpd.conf'], /file .*a\.conf changed/);
  });

  it('an edited file is analysed again', () => {
    lint(['httpd.conf']);
    fs.appendFileSync(path.join(tree, 'sites', 'a.conf'), 'ServerSignature On\n');
    missesWith(['httpd.conf'], /file .*a\.conf changed/);
  });

  it('a folder a glob Include reads gains a file: analysed again, the new file reported', () => {
    const first = lint(['--format', 'json', 'httpd.conf']);
    fs.writeFileSync(path.join(tree, 'sites', 'new.conf'), 'NoSuchDirective here\n');
    const r = missesWith(['--format', 'json', 'httpd.conf'], /listing of .*sites changed/);
    assert.notStrictEqual(r.stdout, first.stdout);
    assert.ok(r.stdout.includes('new.conf'));
    assert.strictEqual(r.code, 1);
  });

  it('a configuration file appears above the checked file where a stat found none', () => {
    const first = lint(['httpd.conf']);
    fs.writeFileSync(path.join(tree, '.httpd-lint.json'), JSON.stringify({ rules: { 'trace-enable': 'error' } }));
    const r = missesWith(['httpd.conf'], /stat of .*\.httpd-lint\.json changed/);
    assert.notStrictEqual(r.code, first.code, 'the configuration file turns a note into an error');
  });

  it('a glob of the command line gains a file', () => {
    lint(['sites/*.conf']);
    fs.writeFileSync(path.join(tree, 'sites', 'b.conf'), 'NoSuchDirective here\n');
    const r = missesWith(['sites/*.conf'], /listing of .*sites changed/);
    assert.ok(r.stdout.includes('b.conf'));
  });

  it('a symlink retargeted at a file of the same text changes what the run reports', () => {
    fs.copyFileSync(path.join(tree, 'sites', 'a.conf'), path.join(tree, 'copy.conf'));
    fs.symlinkSync(path.join(tree, 'sites', 'a.conf'), path.join(tree, 'link.conf'));
    // The link and its target are one file, checked once; retargeted at the copy, two files.
    const first = lint(['sites/a.conf', 'link.conf']);
    fs.unlinkSync(path.join(tree, 'link.conf'));
    fs.symlinkSync(path.join(tree, 'copy.conf'), path.join(tree, 'link.conf'));
    const r = missesWith(['sites/a.conf', 'link.conf'], /real path of .*link\.conf changed/);
    assert.notStrictEqual(r.stdout, first.stdout);
  });

  it('a variable ${VAR} reads changed misses; an unrelated one still hits', () => {
    const first = lint(['httpd.conf']);
    assert.strictEqual(first.code, 0, first.stdout);
    assert.deepStrictEqual(lint(['httpd.conf'], { UNRELATED_TO_HTTPD_LINT: 'x' }).cache, ['cache: hit']);
    const r = missesWith(['httpd.conf'], /environment variable SITES changed/, { SITES: path.join(tree, 'other') });
    assert.strictEqual(r.code, 1, 'the other folder holds an unknown directive');
    const unset = missesWith(['httpd.conf'], /environment variable SITES changed/, { SITES: undefined });
    assert.notStrictEqual(unset.stdout, first.stdout);
  });

  it('output to a terminal is cached apart from piped output, with the colour variables it read', function () {
    const env = (extra: Record<string, string>): NodeJS.ProcessEnv => {
      const e: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_CACHE_HOME: path.join(home, 'cache'), HTTPD_LINT_CACHE_DEBUG: '1', SITES: path.join(tree, 'sites'), TERM: 'xterm' };
      delete e.HTTPD_LINT_NO_CACHE;
      delete e.NO_COLOR;
      return { ...e, ...extra };
    };
    // script(1) gives the CLI a pseudo-terminal (standard output and error both go to it).
    const onTerminal = (extra: Record<string, string> = {}) => spawnSync('script', ['-qec', `${process.execPath} ${LOADER} httpd.conf other/b.conf`, '/dev/null'], { cwd: tree, encoding: 'utf8', env: env(extra) });
    const first = onTerminal();
    if (first.error) this.skip();
    assert.match(first.stdout, /cache: miss no entry/);
    assert.match(first.stdout, /\x1b\[31merror/);
    const piped = lint(['httpd.conf', 'other/b.conf']);
    assert.deepStrictEqual(piped.cache.slice(0, 1), ['cache: miss no entry'], 'another key than the terminal run');
    assert.doesNotMatch(piped.stdout, /\x1b\[/);
    const again = onTerminal();
    assert.match(again.stdout, /cache: hit/);
    assert.strictEqual(again.stdout.replace(/cache: [^\r\n]*\r?\n/g, ''), first.stdout.replace(/cache: [^\r\n]*\r?\n/g, ''));
    const noColor = onTerminal({ NO_COLOR: '1' });
    assert.match(noColor.stdout, /cache: miss environment variable NO_COLOR changed/);
    assert.doesNotMatch(noColor.stdout, /\x1b\[31m/);
  });

  it('a damaged or truncated entry is a miss with the right result, never a crash', () => {
    const good = lint(['httpd.conf']);
    const [name] = entries();
    const file = path.join(cacheDir, name);
    const text = fs.readFileSync(file, 'utf8');
    const damaged = [
      text.slice(0, text.length >> 1),
      // A changed byte in the stored output: the entry's checksum no longer holds.
      text.replace('files checked', 'files checkeD'),
      `${'0'.repeat(40)}\n{"v":1}`,
      '',
      '\u0000\u0001garbage',
    ];
    for (const bad of damaged) {
      assert.notStrictEqual(bad, text);
      fs.writeFileSync(file, bad);
      const r = lint(['httpd.conf']);
      assert.match(r.cache[0], /^cache: miss /);
      sameResult(r, good);
    }
  });

  it('an unwritable cache folder runs uncached with the right result', () => {
    fs.writeFileSync(path.join(home, 'not-a-folder'), '');
    const place = path.join(home, 'not-a-folder', 'cache');
    for (let i = 0; i < 2; i++) {
      const r = lint(['--cache-location', place, 'httpd.conf']);
      assert.match(r.cache[0], /^cache: miss no entry/);
      assert.match(r.cache[1], /^cache: not stored/);
      sameResult(r, fresh(['httpd.conf']));
    }
  });

  it('--cache-location puts the entries in the folder named', () => {
    const place = path.join(home, 'elsewhere');
    lint(['--cache-location', place, 'httpd.conf']);
    assert.strictEqual(fs.readdirSync(place).length, 1);
    assert.deepStrictEqual(lint(['--cache-location', place, 'httpd.conf']).cache, ['cache: hit']);
    assert.deepStrictEqual(entries(), []);
  });

  it('--no-cache and HTTPD_LINT_NO_CACHE=1 never write', () => {
    const a = lint(['--no-cache', 'httpd.conf']);
    const b = lint(['httpd.conf'], { HTTPD_LINT_NO_CACHE: '1' });
    assert.deepStrictEqual(a.cache, ['cache: off (--no-cache)']);
    assert.deepStrictEqual(b.cache, ['cache: off (HTTPD_LINT_NO_CACHE)']);
    sameResult(a, b);
    assert.deepStrictEqual(entries(), []);
  });

  it('runs that read standard input or write files are not stored', () => {
    const stdin = lint(['--stdin-filename', 'sites/a.conf', '-'], {}, 'ServerSignature On\n');
    assert.deepStrictEqual(stdin.cache, ['cache: miss no entry', 'cache: not stored (read standard input)']);
    const fix = lint(['--fix', 'sites/a.conf']);
    assert.match(fix.cache[1], /not stored \(--fix writes files\)/);
    const output = lint(['-o', path.join(home, 'report.txt'), 'httpd.conf']);
    assert.match(output.cache[1], /not stored \(--output writes a file\)/);
    assert.deepStrictEqual(entries(), []);
  });

  it('keeps at most 64 entries, the oldest removed', () => {
    fs.mkdirSync(cacheDir, { recursive: true });
    const old = new Date(Date.now() - 3600_000);
    for (let i = 0; i < 70; i++) {
      const f = path.join(cacheDir, `${String(i).padStart(40, '0')}.json`);
      fs.writeFileSync(f, 'old');
      fs.utimesSync(f, old, new Date(old.getTime() + i * 1000));
    }
    lint(['httpd.conf']);
    const left = entries();
    assert.strictEqual(left.length, 64);
    assert.ok(!left.includes(`${String(0).padStart(40, '0')}.json`), 'the oldest went');
    assert.ok(left.includes(`${String(69).padStart(40, '0')}.json`), 'the newest stayed');
    assert.deepStrictEqual(lint(['httpd.conf']).cache, ['cache: hit']);
  });
});
