// httpd-lint trace and httpd-lint test through the real process, on the bundled example and
// on scratch trees.

import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot } from '../helpers/files';

const CLI = path.join(repoRoot, 'bin', 'httpd-lint');
const EXAMPLE = path.join('examples', 'debian-prefork-php', 'apache2.conf');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: repoRoot, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function scratch(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trace-cli-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const SHOP = (root: string): string =>
  [
    'LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so',
    'LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so',
    'LoadModule alias_module /usr/lib/apache2/modules/mod_alias.so',
    'LoadModule mime_module /usr/lib/apache2/modules/mod_mime.so',
    'LoadModule rewrite_module /usr/lib/apache2/modules/mod_rewrite.so',
    'Listen 80',
    `DocumentRoot ${root}/default`,
    '<VirtualHost *:80>',
    '    ServerName shop.example.com',
    `    DocumentRoot ${root}/shop`,
    '    Redirect permanent /old /new',
    '    RewriteEngine On',
    '    RewriteRule ^/legacy/(.*)$ /$1 [L]',
    '</VirtualHost>',
    `<Directory ${root}>`,
    '    Require all granted',
    '</Directory>',
    '',
  ].join('\n');

describe('httpd-lint trace', () => {
  it('prints the steps with file:line for the bundled example', () => {
    const { code, stdout } = cli(['trace', 'http://localhost/index.html', EXAMPLE]);
    assert.strictEqual(code, 0);
    assert.match(stdout, /^GET http:\/\/localhost\/index\.html {2}from 127\.0\.0\.1$/m);
    assert.match(stdout, /url-mapping DocumentRoot \/var\/www\/html maps \/index\.html .*\(examples\/debian-prefork-php\/sites-enabled\/000-default\.conf:12\)/);
    assert.match(stdout, /Directory +\/var\/www\/ +\(examples\/debian-prefork-php\/apache2\.conf:170\)/);
    assert.match(stdout, /^outcome: /m);
  });

  it('answers --format json in the documented version-1 shape, with -X, -H, --client and --exists', () => {
    const dir = scratch({ 'httpd.conf': '' });
    try {
      fs.writeFileSync(path.join(dir, 'httpd.conf'), SHOP(dir));
      const args = ['trace', '--format', 'json', '-X', 'HEAD', '-H', 'Host: shop.example.com', '--client', '203.0.113.9'];
      const present = cli([...args, '--exists', `${dir}/shop/a.txt`, 'http://127.0.0.1/a.txt', path.join(dir, 'httpd.conf')]);
      assert.strictEqual(present.code, 0, present.stderr);
      const t = JSON.parse(present.stdout);
      assert.strictEqual(t.version, 1);
      assert.deepStrictEqual(Object.keys(t).sort(), ['effective', 'outcome', 'request', 'rewrite', 'sections', 'steps', 'unknown', 'version', 'vhost']);
      assert.strictEqual(t.request.method, 'HEAD');
      assert.strictEqual(t.request.host, 'shop.example.com');
      assert.strictEqual(t.request.clientAddress, '203.0.113.9');
      assert.strictEqual(t.vhost.serverName, 'shop.example.com');
      assert.strictEqual(t.vhost.line, 8);
      assert.strictEqual(t.outcome.status, 200);
      assert.strictEqual(t.outcome.file, `${dir}/shop/a.txt`);
      assert.strictEqual(t.outcome.handler, 'static');
      assert.ok(t.rewrite.every((s: { matched: boolean; line: number }) => !s.matched && s.line === 13), 'the legacy rule is tried and does not match');
      assert.ok(t.steps.every((s: { phase: string; message: string }) => s.phase && s.message));
      // The same request where the file is not declared: not found.
      const absent = JSON.parse(cli([...args, '--exists', `${dir}/shop/b.txt`, 'http://127.0.0.1/a.txt', path.join(dir, 'httpd.conf')]).stdout);
      assert.strictEqual(absent.outcome.status, 404);
      const redirect = JSON.parse(cli(['trace', '--format', 'json', 'http://shop.example.com/old/x', path.join(dir, 'httpd.conf')]).stdout);
      assert.strictEqual(redirect.outcome.status, 301);
      assert.strictEqual(redirect.outcome.location, 'http://shop.example.com/new/x');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--explain FILE:LINE says why a RewriteRule did or did not apply (text and JSON)', () => {
    const dir = scratch({ 'httpd.conf': '' });
    try {
      const conf = path.join(dir, 'httpd.conf');
      fs.writeFileSync(conf, SHOP(dir) + [`<Directory ${dir}/shop>`, '    RewriteEngine On', '    RewriteRule ^/page$ a.txt [L]', '</Directory>', ''].join('\n'));
      const rel = path.relative(repoRoot, conf);
      const miss = cli(['trace', '--explain', `${rel}:13`, '-H', 'Host: shop.example.com', '--exists', `${dir}/shop/a.txt`, 'http://127.0.0.1/a.txt', conf]);
      assert.strictEqual(miss.code, 0, miss.stderr);
      assert.match(miss.stdout, /^why \(.*httpd\.conf:13\): Pass 1: the pattern \^\/legacy\/\(\.\*\)\$ does not match '\/a\.txt'\.$/m);
      const hit = JSON.parse(cli(['trace', '--format', 'json', '--explain', `${conf}:13`, '-H', 'Host: shop.example.com', 'http://127.0.0.1/legacy/a.txt', conf]).stdout);
      assert.deepStrictEqual({ file: hit.explain.file, line: hit.explain.line }, { file: conf, line: 13 });
      assert.match(hit.explain.text, /^Pass 1: it matched '\/legacy\/a\.txt' and produced \/a\.txt; \[L\] ended the pass\.$/);
      // Directory context: the prefix is stripped, so a pattern with ^/ never matches; the answer says so.
      const slash = JSON.parse(cli(['trace', '--format', 'json', '--explain', `${conf}:20`, '-H', 'Host: shop.example.com', '--exists', `${dir}/shop/a.txt`, 'http://127.0.0.1/page', conf]).stdout);
      assert.match(slash.explain.text, /the pattern \^\/page\$ does not match 'page'\. In directory context the prefix .*shop\/ is removed first.*drop the leading slash/);
      const none = JSON.parse(cli(['trace', '--format', 'json', '--explain', `${conf}:9`, 'http://shop.example.com/a.txt', conf]).stdout);
      assert.match(none.explain.text, /There is no RewriteRule at .*httpd\.conf:9/);
      const bad = cli(['trace', '--explain', 'httpd.conf', 'http://x/', conf]);
      assert.strictEqual(bad.code, 2);
      assert.match(bad.stderr, /--explain takes FILE:LINE/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 on usage and I/O errors, as JSON when asked', () => {
    const missing = cli(['trace', 'http://x/', 'no-such.conf']);
    assert.strictEqual(missing.code, 2);
    assert.match(missing.stderr, /cannot read no-such\.conf/);
    const usage = cli(['trace', '--format', 'json', 'http://x/']);
    assert.strictEqual(usage.code, 2);
    assert.strictEqual(JSON.parse(usage.stdout).error.kind, 'usage');
    const header = cli(['trace', '-H', 'no colon', 'http://x/', EXAMPLE]);
    assert.strictEqual(header.code, 2);
    assert.match(header.stderr, /-H takes 'Name: value'/);
  });
});

describe('httpd-lint test', () => {
  let dir: string;
  before(() => {
    dir = scratch({ 'shop/index.html': 'x' });
    fs.writeFileSync(path.join(dir, 'httpd.conf'), SHOP(dir));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string): string => {
    fs.writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };

  it('exits 0 when every case passes', () => {
    const file = write('ok.yaml', [
      'exists: [DIR/shop/a.txt]',
      'cases:',
      '  - name: shop file',
      '    url: http://shop.example.com/a.txt',
      '    expect: {status: 200, file: DIR/shop/a.txt, handler: static, vhost: shop.example.com, location: null}',
      '  - name: old shop link',
      '    url: http://shop.example.com/old/page',
      '    expect:',
      '      status: 301',
      '      location: http://shop.example.com/new/page',
      '      handler: redirect',
      '  - name: legacy paths are rewritten',
      '    url: http://shop.example.com/legacy/a.txt',
      '    expect: {rewritten: /a.txt, status: 200, file: DIR/shop/a.txt}',
      '',
    ].join('\n').replaceAll('DIR', dir));
    const r = cli(['test', file, path.join(dir, 'httpd.conf')]);
    assert.strictEqual(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^ok {3}shop file$/m);
    assert.match(r.stdout, /3 requests: 3 passed, 0 failed/);
  });

  it('exits 1 and prints the trace of a failing case; --format json lists the failures', () => {
    const file = write('fail.yaml', `cases:\n  - url: http://shop.example.com/missing.txt\n    exists: [${dir}/shop/a.txt]\n    expect: {status: 200, rewritten: /index.php}\n`);
    const r = cli(['test', file, path.join(dir, 'httpd.conf')]);
    assert.strictEqual(r.code, 1);
    assert.match(r.stdout, /^FAIL GET http:\/\/shop\.example\.com\/missing\.txt$/m);
    assert.match(r.stdout, /status: expected 200, got 404/);
    assert.match(r.stdout, /rewritten: expected "\/index\.php", got none/);
    assert.match(r.stdout, /\| virtual host: shop\.example\.com on \*:80/);
    const json = JSON.parse(cli(['test', '--format', 'json', file, path.join(dir, 'httpd.conf')]).stdout);
    assert.strictEqual(json.failed, 1);
    assert.deepStrictEqual(json.cases[0].failures, [
      { field: 'status', expected: 200, actual: 404 },
      { field: 'rewritten', expected: '/index.php', actual: null },
    ]);
    assert.strictEqual(json.cases[0].trace.version, 1);
  });

  it('exits 2 on a malformed requests file, naming the case and field', () => {
    const typo = write('typo.yaml', 'cases:\n  - url: http://x/\n    expect: {stauts: 200}\n');
    const r = cli(['test', typo, path.join(dir, 'httpd.conf')]);
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /case 1: unknown expectation 'stauts'/);
    const broken = write('broken.yaml', 'cases: [\n');
    assert.match(cli(['test', broken, path.join(dir, 'httpd.conf')]).stderr, /not valid YAML/);
  });
});
