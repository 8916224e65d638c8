// httpd-lint as a process on trees as they live in repositories: the tree a file is read in,
// --context, --map and the inferred mapping, fragments, .htaccess names, symlinked layouts.

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../helpers/files';
import { debianLayout, rhelLayout, scratch, type Layout } from '../helpers/layouts';
import { runCli } from '../helpers/cli';

const lint = (args: string[], cwd: string) => runCli(args, { cwd, env: { PATH: process.env.PATH } });

function json(args: string[], cwd: string) {
  const r = lint(['--format', 'json', ...args], cwd);
  assert.strictEqual(r.stderr, '');
  return { code: r.code, report: JSON.parse(r.stdout) };
}

describe('httpd-lint: which tree a file is read in', function () {
  this.timeout(60000);
  const made: Layout[] = [];
  after(() => made.forEach((l) => fs.rmSync(l.dir, { recursive: true, force: true })));

  it('RHEL checkout: ServerRoot /etc/httpd is mapped onto the checkout, conf.d/ssl.conf is read under conf/httpd.conf', () => {
    const l = rhelLayout();
    made.push(l);
    const main = json(['conf/httpd.conf'], l.dir);
    assert.strictEqual(main.code, 0);
    assert.strictEqual(main.report.server.mpm, 'prefork');
    assert.deepStrictEqual(main.report.pathMappings, [{ from: '/etc/httpd', to: l.dir, origin: 'inferred' }]);
    const text = lint(['conf.d/ssl.conf'], l.dir);
    assert.strictEqual(text.code, 0, text.stdout);
    assert.match(text.stdout, /^note: \/etc\/httpd is read from .* \(inferred from the tree\)$/m);
    assert.doesNotMatch(text.stdout, /: error /);
    // --map to elsewhere wins over the inference: then the Include of conf.modules.d finds nothing,
    // the one error (httpd stops there); what it would load is unknown, so no no-mpm follows.
    const empty = scratch('empty');
    const mapped = json(['--map', `/etc/httpd=${empty}`, 'conf/httpd.conf'], l.dir);
    fs.rmSync(empty, { recursive: true });
    assert.strictEqual(mapped.code, 1);
    assert.deepStrictEqual(mapped.report.pathMappings.map((m: { origin: string }) => m.origin), ['setting']);
    const errors = mapped.report.diagnostics.filter((d: { severity: string }) => d.severity === 'error').map((d: { code: string }) => d.code);
    assert.deepStrictEqual([...new Set(errors)], ['include-not-found']);
    assert.match(lint(['--map', 'etc=x', 'conf/httpd.conf'], l.dir).stderr, /--map takes FROM=TO with an absolute FROM/);
  });

  it('Debian: mods-available/rewrite.load and sites-available files are read in their tree (no no-mpm)', () => {
    const l = debianLayout();
    made.push(l);
    const rewrite = json(['mods-available/rewrite.load'], l.dir);
    assert.strictEqual(rewrite.code, 0);
    assert.strictEqual(rewrite.report.context.kind, 'detached');
    assert.strictEqual(rewrite.report.context.mainFile, l.main);
    assert.deepStrictEqual(rewrite.report.diagnostics, []);
    const own = json(['sites-available/with-rewrite.conf'], l.dir);
    assert.strictEqual(own.report.server.mpm, 'prefork');
    assert.ok(own.report.server.modules.includes('rewrite_module'));
    // The symlinked site is included: no note, and its findings under the real path asked for.
    const site = lint(['sites-available/000-default.conf', '--hints'], l.dir);
    assert.doesNotMatch(site.stdout, /^note:/m);
    assert.match(site.stdout, /^sites-available\/000-default\.conf:3:5: warning htaccess-served/m);
    assert.doesNotMatch(site.stdout, /sites-enabled/);
    const ssl = json(['sites-available/default-ssl.conf'], l.dir);
    assert.strictEqual(ssl.code, 1, 'mod_ssl is not enabled in this tree');
    assert.match(ssl.report.context.note, /^Not included by .*apache2\.conf: checked as if it were$/);
  });

  it('a lone vhost fragment passes CI: modules unknown, said once, no module or MPM error', () => {
    const dir = scratch('lone');
    fs.writeFileSync(path.join(dir, 'site.conf'), '<VirtualHost *:443>\n    ServerName a.example\n    SSLEngine on\n    RewriteEngine on\n</VirtualHost>\n');
    const r = lint(['site.conf'], dir);
    const j = json(['site.conf'], dir);
    fs.rmSync(dir, { recursive: true });
    assert.strictEqual(r.code, 0, r.stdout);
    assert.strictEqual(r.stdout.split('\n').filter((x) => x.startsWith('note: No main configuration found: checked on its own, modules unknown')).length, 1);
    assert.deepStrictEqual(j.report.diagnostics.filter((d: { severity: string }) => d.severity === 'error'), []);
    assert.strictEqual(j.report.server.moduleStateKnown, false);
  });

  it('--context vhost|directory|htaccess forces the reading; htaccess.txt is a .htaccess', () => {
    const dir = scratch('ctx');
    fs.writeFileSync(path.join(dir, 'part.conf'), 'Options -Indexes\nListen 8080\n');
    fs.writeFileSync(path.join(dir, 'htaccess.txt'), 'RewriteEngine On\nListen 8080\n');
    const ctx = (c?: string) => lint([...(c ? ['--context', c] : []), 'part.conf'], dir);
    assert.strictEqual(ctx().code, 0);
    assert.match(ctx('vhost').stdout, /part\.conf:2:1: error directive-context: Listen cannot occur within <VirtualHost> section/);
    assert.match(ctx('directory').stdout, /Listen not allowed in <Directory> context/);
    assert.match(ctx('htaccess').stdout, /Listen not allowed here/);
    assert.match(ctx('nowhere').stderr, /unknown context 'nowhere'/);
    const ht = lint(['htaccess.txt'], dir);
    fs.rmSync(dir, { recursive: true });
    assert.match(ht.stdout, /^note: \.htaccess: checked as per-directory configuration/m);
    assert.match(ht.stdout, /htaccess\.txt:2:1: error directive-context: Listen not allowed here/);
  });
});

describe('httpd-lint: a corpus fragment copied alone (module state and ServerRoot unknown)', function () {
  this.timeout(60000);
  const corpus = path.join(repoRoot, 'test', 'realworld', 'debian');

  it('mods-available/authz_svn.load: the relative Include is one information finding, no error', () => {
    const dir = scratch('svn');
    fs.copyFileSync(path.join(corpus, 'libapache2-mod-svn', 'etc', 'apache2', 'mods-available', 'authz_svn.load'), path.join(dir, 'authz_svn.load'));
    const j = json(['authz_svn.load'], dir);
    const given = json(['--server-root', dir, 'authz_svn.load'], dir);
    fs.rmSync(dir, { recursive: true });
    assert.strictEqual(j.code, 0);
    assert.deepStrictEqual(j.report.diagnostics.filter((d: { severity: string }) => d.severity === 'error'), []);
    const infos = j.report.diagnostics.filter((d: { code: string }) => d.code === 'include-not-found');
    assert.strictEqual(infos.length, 1);
    assert.strictEqual(infos[0].severity, 'information');
    assert.match(infos[0].message, /^ServerRoot unknown: /);
    // With the ServerRoot given, the Include is looked up there and its absence is httpd's error again.
    assert.ok(given.report.diagnostics.some((d: { code: string; severity: string }) => d.code === 'include-not-found' && d.severity === 'error'));
  });

  it('an unknown directive is a warning with suggestions alone, and httpd\'s error in a tree with known modules', () => {
    const dir = scratch('unknown');
    fs.copyFileSync(path.join(corpus, 'libapache2-mod-jk', 'etc', 'apache2', 'mods-available', 'jk.conf'), path.join(dir, 'jk.conf'));
    fs.writeFileSync(path.join(dir, 'part.conf'), 'FooBarEnable On\nServerNmae a.example\n');
    const jk = lint(['jk.conf'], dir);
    const part = lint(['part.conf'], dir);
    fs.writeFileSync(path.join(dir, 'apache2.conf'), 'LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\nLoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so\nInclude part.conf\n');
    const tree = lint(['part.conf'], dir);
    fs.rmSync(dir, { recursive: true });
    assert.strictEqual(jk.code, 0, jk.stdout);
    assert.doesNotMatch(jk.stdout, /: error /);
    assert.strictEqual(part.code, 0, part.stdout);
    assert.match(part.stdout, /part\.conf:1:1: warning unknown-directive: FooBarEnable is not in the knowledge base; .*if a module provides it/);
    assert.match(part.stdout, /part\.conf:2:1: warning unknown-directive: .*Did you mean ServerName/);
    assert.match(tree.stdout, /part\.conf:1:1: error unknown-directive: Invalid command 'FooBarEnable'/);
    assert.notStrictEqual(tree.code, 0);
  });
});
