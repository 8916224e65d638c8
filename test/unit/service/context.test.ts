// The one context resolver (service/context.ts via WorkspaceAnalyses), on trees laid out as
// the distributions ship them and checked in elsewhere: which tree a file is read in, path
// mappings, symlink identity, fragments, .htaccess names, forced contexts, discovery.

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { buildModel, nodeFileSystem } from '../../../server/src/model';
import { chooseContext, isHtaccessName } from '../../../server/src/service/context';
import { DEFAULT_SERVICE_SETTINGS, readSettings } from '../../../server/src/service/settings';
import { discoverMainConfigs, MainConfigIndex, WorkspaceAnalyses } from '../../../server/src/service/workspace';
import { lintFile } from '../../../server/src/cli/report';
import { debianLayout, LAYOUTS, rhelLayout, scratch, suseLayout } from '../../helpers/layouts';
import { repoRoot } from '../../helpers/files';

const errorsOf = (fa: ReturnType<typeof lintFile>): string[] =>
  (fa.analysis.byFile.get(fa.modelFile) ?? []).filter((f) => f.severity === 'error').map((f) => `${f.code}: ${f.message}`);

function workspace(root: string, settings = DEFAULT_SERVICE_SETTINGS): WorkspaceAnalyses {
  const disk = nodeFileSystem();
  const analyses = new WorkspaceAnalyses(disk, settings, {});
  analyses.configure(disk, settings, discoverMainConfigs(disk, [root]));
  return analyses;
}

describe('context resolver: one answer for the CLI and the editor', () => {
  const made: string[] = [];
  after(() => {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const make of LAYOUTS) {
    it(`${make.name.replace(/Layout$/, '')}: the main file, an included file and an unincluded file of the tree`, () => {
      const layout = make();
      made.push(layout.dir);
      const main = lintFile({ main: layout.main, env: {} });
      assert.strictEqual(main.context.kind, 'main');
      assert.strictEqual(main.analysis.model.mpm, 'prefork');
      assert.deepStrictEqual(main.analysis.findings.filter((f) => f.severity === 'error').map((f) => f.message), []);
      // Every file read comes from the checkout, none from the machine's /etc.
      assert.deepStrictEqual(main.analysis.model.files.filter((f) => !f.startsWith(layout.dir)), []);
      if (layout.serverPath) {
        assert.deepStrictEqual(main.analysis.model.pathMappings.map((m) => [m.from, m.to, m.origin]), [[layout.serverPath, layout.dir, 'inferred']]);
      }
      const included = lintFile({ main: layout.included, env: {} });
      assert.strictEqual(included.context.kind, 'included');
      assert.strictEqual(included.context.mainFile, layout.main);
      assert.deepStrictEqual(errorsOf(included), []);
      // The editor's workspace view resolves the same file to the same tree.
      const editor = workspace(layout.dir).forFile(layout.included);
      assert.strictEqual(editor.context.mainFile, layout.main);
      assert.strictEqual(editor.context.kind, 'included');
      if (layout.detached) {
        const detached = lintFile({ main: layout.detached, env: {} });
        assert.strictEqual(detached.context.kind, 'detached');
        assert.strictEqual(detached.context.mainFile, layout.main);
        assert.strictEqual(detached.analysis.model.mpm, 'prefork');
      }
    });
  }

  it('RHEL: conf.d/ssl.conf is read under ../conf/httpd.conf with its modules, not as 16 errors on its own', () => {
    const layout = rhelLayout();
    made.push(layout.dir);
    const ssl = lintFile({ main: path.join(layout.dir, 'conf.d', 'ssl.conf'), env: {} });
    assert.strictEqual(ssl.context.mainFile, layout.main);
    assert.ok(ssl.analysis.model.modules.has('ssl_module'));
    assert.deepStrictEqual(errorsOf(ssl), []);
    // Without the mapping the includes point at the machine's /etc/httpd and the tree has no MPM.
    const unmapped = buildModel({ mainFile: layout.main, fs: nodeFileSystem(), env: {}, inferPathMappings: false });
    assert.strictEqual(unmapped.serverRoot, '/etc/httpd');
    assert.ok(!unmapped.modules.has('ssl_module'));
  });

  it('Debian: mods-available/rewrite.load and a site with its own LoadModule are read in their tree, never with no-mpm', () => {
    const layout = debianLayout();
    made.push(layout.dir);
    for (const name of ['mods-available/rewrite.load', 'sites-available/with-rewrite.conf']) {
      const file = path.join(layout.dir, name);
      const cli = lintFile({ main: file, env: {} });
      const editor = workspace(layout.dir).forFile(file);
      assert.strictEqual(cli.context.kind, 'detached', name);
      assert.strictEqual(cli.context.mainFile, layout.main);
      assert.strictEqual(editor.context.mainFile, layout.main);
      assert.strictEqual(cli.analysis.model.mpm, 'prefork');
      assert.ok(cli.analysis.model.modules.has('rewrite_module'));
      const codes = (a: typeof cli) => a.analysis.findings.map((f) => f.code).sort();
      assert.deepStrictEqual(codes(cli), codes(editor), name);
      assert.ok(!codes(cli).includes('no-mpm'));
    }
  });

  it('a lone vhost fragment: modules unknown, no module or MPM error, said once in the context note', () => {
    const dir = scratch('fragment');
    made.push(dir);
    const file = path.join(dir, 'site.conf');
    fs.writeFileSync(file, '<VirtualHost *:443>\n    ServerName a.example\n    SSLEngine on\n    RewriteEngine on\n    php_value memory_limit 128M\n</VirtualHost>\n');
    const fa = lintFile({ main: file, env: {} });
    assert.strictEqual(fa.context.kind, 'fragment');
    assert.strictEqual(fa.context.note, 'No main configuration found: checked on its own, modules unknown');
    assert.strictEqual(fa.analysis.model.moduleStateKnown, false);
    assert.deepStrictEqual(fa.analysis.findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => f.code), []);
    // The same file named as the main configuration (CLI -d) is a whole server and lacks an MPM.
    const declared = lintFile({ main: file, env: {}, serverRoot: dir });
    assert.ok(declared.analysis.findings.some((f) => f.code === 'no-mpm'));
  });

  it('a snippet named httpd.conf that loads, includes and listens on nothing is read on its own (w3c-markup-validator)', () => {
    const file = path.join(repoRoot, 'test', 'realworld', 'debian', 'w3c-markup-validator', 'etc', 'w3c', 'httpd.conf');
    const fa = lintFile({ main: file, env: {} });
    assert.strictEqual(fa.context.kind, 'fragment');
    assert.match(fa.context.note ?? '', /^Named like a main configuration, but loads, includes and listens on nothing/);
    assert.deepStrictEqual(errorsOf(fa), []);
    // The same file named as the main configuration (CLI -d) is still a whole server, refused without an MPM.
    const declared = lintFile({ main: file, env: {}, serverRoot: path.dirname(file) });
    assert.ok(declared.analysis.findings.some((f) => f.code === 'no-mpm'));
    // A real httpd.conf, however small, stays the main configuration.
    const dir = scratch('small-main');
    made.push(dir);
    const small = path.join(dir, 'httpd.conf');
    fs.writeFileSync(small, 'ServerName a.example\nListen 8080\n');
    assert.strictEqual(lintFile({ main: small, env: {} }).context.kind, 'main');
    // One that tries to listen with a misspelled word is a broken server, refused as httpd refuses it.
    fs.writeFileSync(small, 'Listne 80\n');
    const typo = lintFile({ main: small, env: {} });
    assert.strictEqual(typo.context.kind, 'main');
    assert.ok(errorsOf(typo).some((e) => e.includes('unknown-directive')), errorsOf(typo).join('; '));
  });

  it('a file under another name that loads an MPM is a whole configuration', () => {
    const dir = scratch('custom-main');
    made.push(dir);
    const file = path.join(dir, 'server.conf');
    fs.writeFileSync(file, 'LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\nListen 80\nRewriteEngine on\n');
    const fa = lintFile({ main: file, env: {} });
    assert.strictEqual(fa.context.kind, 'main');
    assert.ok(fa.analysis.findings.some((f) => f.code === 'module-not-loaded'));
  });

  it('.htaccess under the names applications ship it with is per-directory configuration', () => {
    for (const name of ['.htaccess', 'htaccess', 'htaccess.txt', 'htaccess.dist', '.htaccess.dist', 'site.htaccess', 'HTACCESS.TXT']) assert.ok(isHtaccessName(name), name);
    for (const name of ['htaccess.conf', 'my-htaccess.txt.bak', 'httpd.conf', 'access.conf']) assert.ok(!isHtaccessName(name), name);
    const dir = scratch('joomla');
    made.push(dir);
    for (const name of ['htaccess.txt', 'htaccess', 'htaccess.dist', 'joomla.htaccess']) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, 'Options +FollowSymlinks\nRewriteEngine On\nListen 80\n');
      const fa = lintFile({ main: file, env: {} });
      assert.strictEqual(fa.context.kind, 'htaccess', name);
      assert.strictEqual(fa.analysis.model.fileScopes.get(fa.modelFile), 'htaccess');
      assert.strictEqual(fa.context.note, '.htaccess: checked as per-directory configuration; no main configuration found, modules unknown');
      // Listen is server-only: httpd says "not allowed here" in a .htaccess; RewriteEngine is fine.
      assert.deepStrictEqual(errorsOf(fa), ['directive-context: Listen not allowed here'], name);
    }
  });

  it('--context forces the scope a file is read in', () => {
    const dir = scratch('forced');
    made.push(dir);
    const file = path.join(dir, 'part.conf');
    fs.writeFileSync(file, 'Options -Indexes\nListen 8080\n');
    const messages = (forced?: 'server' | 'vhost' | 'directory' | 'htaccess') =>
      errorsOf(lintFile({ main: file, env: {}, context: forced })).map((m) => m.replace(/^directive-context: /, ''));
    assert.deepStrictEqual(messages(), []);
    assert.deepStrictEqual(messages('server'), []);
    assert.deepStrictEqual(messages('vhost'), ['Listen cannot occur within <VirtualHost> section']);
    assert.deepStrictEqual(messages('directory'), ['Listen not allowed in <Directory> context']);
    assert.deepStrictEqual(messages('htaccess'), ['Listen not allowed here']);
  });

  it('a file reached through a symlink has one identity: included, findings once under the opened path', () => {
    const layout = debianLayout();
    made.push(layout.dir);
    const real = path.join(layout.dir, 'sites-available', '000-default.conf');
    const fa = workspace(layout.dir).forFile(real);
    assert.strictEqual(fa.context.kind, 'included');
    assert.strictEqual(fa.context.note, undefined);
    assert.strictEqual(fa.modelFile, path.join(layout.dir, 'sites-enabled', '000-default.conf'));
    const mine = fa.analysis.byFile.get(fa.modelFile) ?? [];
    assert.ok(mine.length > 0);
    assert.strictEqual(new Set(mine.map((f) => `${f.code}@${f.start}`)).size, mine.length);
  });

  it('a file included twice (two globs, or a link and its target) gives one finding per place', () => {
    const dir = scratch('twice');
    made.push(dir);
    fs.mkdirSync(path.join(dir, 'conf.d'));
    fs.mkdirSync(path.join(dir, 'extra'));
    fs.writeFileSync(path.join(dir, 'conf.d', 'a.conf'), 'TraceEnable on\n');
    fs.symlinkSync('../conf.d/a.conf', path.join(dir, 'extra', 'a.conf'));
    fs.writeFileSync(path.join(dir, 'httpd.conf'), 'LoadModule mpm_event_module x.so\nIncludeOptional conf.d/*.conf\nIncludeOptional conf.d/a*.conf\nIncludeOptional extra/*.conf\n');
    const fa = lintFile({ main: path.join(dir, 'httpd.conf'), env: {} });
    assert.strictEqual(fa.analysis.model.files.length, 3, 'the tree reads both paths, as httpd does');
    const trace = fa.analysis.findings.filter((f) => f.code === 'trace-enable');
    assert.strictEqual(trace.length, 1, JSON.stringify(trace.map((f) => f.file)));
  });

  it('apache.pathMappings with ${workspaceFolder} and --map replace the inference', () => {
    const settings = readSettings({ pathMappings: { '/etc/httpd': '${workspaceFolder}', relative: '/x', '/opt/y': '${unknown}' } }, '/ws');
    assert.deepStrictEqual(settings.pathMappings, [{ from: '/etc/httpd', to: '/ws', origin: 'setting' }]);
    const layout = suseLayout();
    made.push(layout.dir);
    const fa = lintFile({ main: layout.main, env: {}, pathMappings: [{ from: '/etc/apache2', to: layout.dir, origin: 'setting' }] });
    assert.deepStrictEqual(fa.analysis.model.pathMappings.map((m) => m.origin), ['setting']);
    assert.ok(fa.analysis.model.modules.has('ssl_module'));
  });

  it('chooses a tree anywhere in the workspace for a file read alone', () => {
    const context = chooseContext({
      file: '/ws/snippets/site.conf',
      candidates: ['/ws/server/apache2.conf'],
      includes: () => false,
      fs: { readFile: () => ({ error: 'No such file or directory' }), stat: () => undefined, readDirectory: () => ({ error: 'x' }) },
    });
    assert.deepStrictEqual([context.kind, context.mainFile, context.moduleStateKnown], ['detached', '/ws/server/apache2.conf', true]);
  });

  it("a module file of Debian's mods-available that the tree does not enable is read as a2enmod would enable it", () => {
    const dir = scratch('a2enmod');
    made.push(dir);
    fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'corpus', 'debian-apache2'), dir, { recursive: true, verbatimSymlinks: true });
    const available = (name: string): string => path.join(dir, 'mods-available', name);
    // ssl.load says "# Depends: setenvif mime socache_shmcb": the stock tree enables the first two.
    const ssl = lintFile({ main: available('ssl.conf'), env: {} });
    assert.strictEqual(ssl.context.kind, 'detached');
    assert.deepStrictEqual(ssl.context.enabling?.files.map((f) => path.basename(f)), ['socache_shmcb.load', 'ssl.load', 'ssl.conf']);
    assert.strictEqual(ssl.context.note, `Not enabled in ${path.join(dir, 'apache2.conf')}: checked as if \`a2enmod ssl\` had enabled it`);
    assert.deepStrictEqual(errorsOf(ssl), []);
    assert.ok(ssl.analysis.model.modules.has('ssl_module'));
    // mpm_prefork.load says "# Conflicts: mpm_event mpm_worker": the enabled event MPM is left out.
    const prefork = lintFile({ main: available('mpm_prefork.conf'), env: {} });
    assert.deepStrictEqual(prefork.context.enabling?.disables.map((f) => path.basename(f)), ['mpm_event.load', 'mpm_event.conf']);
    assert.match(prefork.context.note!, /`a2dismod mpm_event && a2enmod mpm_prefork`/);
    assert.strictEqual(prefork.analysis.model.mpm, 'prefork');
    assert.deepStrictEqual(errorsOf(prefork), []);
    // An enabled module's file is read in its tree as before.
    assert.strictEqual(lintFile({ main: available('alias.conf'), env: {} }).context.kind, 'included');
    // Dependencies that name each other, or a module with no .load, end the plan all the same.
    fs.writeFileSync(available('loop_a.load'), '# Depends: loop_b missing_module\nLoadModule rewrite_module /usr/lib/apache2/modules/mod_rewrite.so\n');
    fs.writeFileSync(available('loop_b.load'), '# Depends: loop_a\nLoadModule headers_module /usr/lib/apache2/modules/mod_headers.so\n');
    const loop = lintFile({ main: available('loop_a.load'), env: {} });
    assert.deepStrictEqual(loop.context.enabling?.files.map((f) => path.basename(f)), ['loop_b.load', 'loop_a.load']);
    // Named with --context, the file is read exactly as asked.
    assert.strictEqual(lintFile({ main: available('ssl.conf'), env: {}, context: 'server' }).context.enabling, undefined);
  });
});

describe('main configuration discovery', () => {
  it('walks once, bounded in depth and count, skipping heavy folders; file events update it', () => {
    const dir = scratch('discovery');
    try {
      const put = (name: string) => {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), 'Listen 80\n');
      };
      put('a/httpd.conf');
      put('node_modules/pkg/httpd.conf');
      put('.git/x/apache2.conf');
      put('1/2/3/4/5/6/7/8/apache2.conf');
      const disk = nodeFileSystem();
      const index = new MainConfigIndex(disk, [dir]);
      assert.deepStrictEqual(index.list(), [path.join(dir, 'a', 'httpd.conf')]);
      assert.deepStrictEqual(discoverMainConfigs(disk, [dir], { depth: 9, folders: 1000, found: 10 }).map((f) => path.relative(dir, f)), ['a/httpd.conf', '1/2/3/4/5/6/7/8/apache2.conf']);
      assert.strictEqual(discoverMainConfigs(disk, [dir], { depth: 9, folders: 2, found: 10 }).length, 0, 'the folder budget stops the walk');
      put('b/apache2.conf');
      assert.ok(index.update([{ file: path.join(dir, 'b', 'apache2.conf'), kind: 'created' }]));
      assert.ok(!index.update([{ file: path.join(dir, 'a', 'httpd.conf'), kind: 'changed' }]));
      assert.ok(index.update([{ file: path.join(dir, 'a'), kind: 'deleted' }]));
      assert.deepStrictEqual(index.list(), [path.join(dir, 'b', 'apache2.conf')]);
      assert.strictEqual(index.walks, 1, 'events never walk the workspace again');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
