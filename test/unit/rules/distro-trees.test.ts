// Regressions found on real distribution trees (issue 9 defects 4, 5 and 8): mpm-itk on prefork,
// PHP 5/7 module identifiers on RHEL/CentOS 7, the no-MPM cascade, LoadModule inside MPM
// <IfModule> blocks, and Require all denied + Satisfy All. Where Debian's apache2 is installed
// the trees also go to the real httpd (mpm-itk from .cache/oracle/mpm-itk, see scripts/setup-oracle.sh).

import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { mpmLabel } from '../../../server/src/model';
import { mpmLimits } from '../../../server/src/rules/lib/mpm-limits';
import { analyze } from '../../../server/src/service/analysis';
import { nodeFileSystem } from '../../../server/src/model';
import { DEFAULT_SETTINGS } from '../../../server/src/rules';
import { ROOT, analysis, codes } from '../../helpers/trees';

const HTTPD = '/usr/sbin/apache2';
const MODULES = '/usr/lib/apache2/modules';
const ITK_SO = path.join(__dirname, '..', '..', '..', '.cache', 'oracle', 'mpm-itk', 'usr', 'lib', 'apache2', 'modules', 'mpm_itk.so');

/** Writes a tree to a scratch folder and returns httpd's -t verdict and its -M module list. */
function realHttpd(files: Record<string, string>): { ok: boolean; stderr: string; modules: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'distro-trees-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text.replace(/@ROOT@/g, dir));
    }
    const env = { PATH: process.env.PATH, LANG: 'C', APACHE_RUN_DIR: dir, APACHE_LOCK_DIR: dir, APACHE_LOG_DIR: dir, APACHE_PID_FILE: path.join(dir, 'pid') };
    const main = path.join(dir, 'httpd.conf');
    const t = spawnSync(HTTPD, ['-d', dir, '-f', main, '-t'], { env, encoding: 'utf8', cwd: '/' });
    const m = spawnSync(HTTPD, ['-d', dir, '-f', main, '-M'], { env, encoding: 'utf8', cwd: '/' });
    const modules = m.stdout.split('\n').map((l) => /^ (\S+) \(/.exec(l)?.[1]).filter((x): x is string => !!x);
    const ours = analyze({ mainFile: main, fs: nodeFileSystem(), env: {}, settings: DEFAULT_SETTINGS });
    return { ok: t.status === 0, stderr: t.stderr.replace(/.*AH00558.*\n?/g, '') + ours.findings.filter((f) => f.severity === 'error').map((f) => `ours: ${f.code} ${f.message}`).join('\n'), modules };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const errors = (a: ReturnType<typeof analysis>) => a.findings.filter((f) => f.severity === 'error').map((f) => `${f.code}: ${f.message}`);

describe('mpm-itk loaded on top of prefork (defect 4)', () => {
  const itkTree = (itk: string) => ({
    'httpd.conf': `
      ServerRoot ${ROOT}
      LoadModule mpm_prefork_module modules/mod_mpm_prefork.so
      LoadModule mpm_itk_module ${itk}
      LoadModule authz_core_module modules/mod_authz_core.so
      LoadModule php_module modules/libphp8.2.so
      ServerName localhost
      Listen 8080
      KeepAlive On
      KeepAliveTimeout 15
      MaxRequestWorkers 400
      <VirtualHost *:8080>
          AssignUserID www-data www-data
          MaxClientsVHost 20
      </VirtualHost>
    `,
  });

  it('is no second MPM: prefork runs, itk on top, and the flagship and capacity rules apply', () => {
    const a = analysis(itkTree('modules/mpm_itk.so'), 'httpd.conf', { memoryTotalMB: 1024 });
    assert.deepStrictEqual(errors(a), []);
    assert.strictEqual(a.model.mpm, 'prefork');
    assert.strictEqual(mpmLabel(a.model), 'mpm-itk (prefork)');
    const flagship = a.findings.filter((f) => f.code === 'prefork-keepalive-timeout');
    assert.strictEqual(flagship.length, 1);
    assert.match(flagship[0].message, /KeepAliveTimeout 15 s on mpm-itk \(prefork\) with mod_php/);
    assert.strictEqual(mpmLimits(a.model)!.effectiveWorkers, 256, 'prefork limits: MaxRequestWorkers capped by ServerLimit 256');
    assert.deepStrictEqual(codes(a).filter((c) => /maxrequestworkers-over-serverlimit|memory-budget/.test(c)).map((c) => c.split('@')[0]).sort(), ['maxrequestworkers-over-serverlimit', 'memory-budget']);
  });

  it('alone it is no MPM (httpd: AH00534)', () => {
    const tree = itkTree('modules/mpm_itk.so');
    tree['httpd.conf'] = tree['httpd.conf'].replace(/.*mpm_prefork_module.*\n/, '');
    const a = analysis(tree);
    assert.deepStrictEqual(codes(a, 'httpd.conf', 'error'), ['no-mpm@1']);
  });

  (fs.existsSync(HTTPD) && fs.existsSync(ITK_SO) ? it : it.skip)('the real httpd agrees: Syntax OK, both modules in -M, and we report no error', () => {
    const files = { 'httpd.conf': itkTree(ITK_SO)['httpd.conf'].replace(/^ {6}/gm, '').replace(`ServerRoot ${ROOT}`, 'ServerRoot @ROOT@\nErrorLog @ROOT@/error.log').replace(/(?<=\s)modules\//g, `${MODULES}/`) };
    const verdict = realHttpd(files);
    assert.ok(verdict.ok, verdict.stderr);
    assert.ok(verdict.modules.includes('mpm_itk_module') && verdict.modules.includes('mpm_prefork_module'), verdict.modules.join(' '));
    assert.doesNotMatch(verdict.stderr, /ours:/);
  });
});

describe('PHP 5/7 module identifiers on a RHEL/CentOS 7 layout (defect 5)', () => {
  const rhel = (id: string, so: string, source: string) => ({
    'conf/httpd.conf': `
      ServerRoot ${ROOT}
      Listen 80
      Include conf.modules.d/*.conf
      ServerName localhost
      IncludeOptional conf.d/*.conf
    `,
    'conf.modules.d/00-base.conf': 'LoadModule authz_core_module modules/mod_authz_core.so\nLoadModule mime_module modules/mod_mime.so\nLoadModule dir_module modules/mod_dir.so\n',
    'conf.modules.d/00-mpm.conf': 'LoadModule mpm_prefork_module modules/mod_mpm_prefork.so\n',
    'conf.modules.d/15-php.conf': `<IfModule prefork.c>\n  LoadModule ${id} modules/${so}\n</IfModule>\n`,
    'conf.d/php.conf': `
      <Files ".user.ini">
          Require all denied
      </Files>
      AddType text/html .php
      DirectoryIndex index.php
      <IfModule ${id}>
          <FilesMatch \\.(php|phar)$>
              SetHandler application/x-httpd-php
          </FilesMatch>
          php_value session.save_handler "files"
          php_value session.save_path    "/var/lib/php/session"
          php_admin_flag engine on
      </IfModule>
      <IfModule ${source}>
          php_flag display_errors off
      </IfModule>
      php_admin_value upload_max_filesize 8M
    `,
  });

  for (const [id, so, source] of [['php7_module', 'libphp7.so', 'mod_php7.c'], ['php5_module', 'libphp5.so', 'mod_php5.c'], ['php_module', 'libphp.so', 'mod_php.c']]) {
    it(`${id}: php_value/php_admin_flag belong to mod_php, no module-not-loaded, the flagship sees PHP`, () => {
      const a = analysis(rhel(id, so, source), 'conf/httpd.conf');
      assert.deepStrictEqual(errors(a), []);
      assert.deepStrictEqual(a.model.languageModules.map((l) => l.identifier), [id]);
      const inBlock = a.model.uses.filter((u) => u.key === 'php_value' || u.key === 'php_flag');
      assert.ok(inBlock.length === 3 && inBlock.every((u) => u.active), `<IfModule ${id}> and <IfModule ${source}> are true`);
    });
  }

  it('without any mod_php loaded the php_ directives are still errors', () => {
    const tree = rhel('php7_module', 'libphp7.so', 'mod_php7.c');
    tree['conf.modules.d/15-php.conf'] = '';
    const a = analysis(tree, 'conf/httpd.conf');
    assert.deepStrictEqual([...new Set(a.findings.filter((f) => f.severity === 'error').map((f) => f.code))], ['module-not-loaded']);
  });
});

describe('cascades and noise seen on real trees (defect 8)', () => {
  it('no MPM: only no-mpm, as httpd stops at AH00534 (no "Listen is provided by prefork")', () => {
    const files = { 'httpd.conf': `ServerRoot ${ROOT}\nLoadModule authz_core_module modules/mod_authz_core.so\nListen 8080\nStartServers 2\nMaxRequestWorkers 10\nServerLimit 10\n` };
    assert.deepStrictEqual(codes(analysis(files), 'httpd.conf', 'error'), ['no-mpm@1']);
  });

  (fs.existsSync(HTTPD) ? it : it.skip)('no MPM: the real httpd prints only AH00534', () => {
    const verdict = realHttpd({ 'httpd.conf': `ServerRoot @ROOT@\nErrorLog @ROOT@/error.log\nListen 8080\nStartServers 2\nMaxRequestWorkers 10\n` });
    assert.ok(!verdict.ok);
    const theirs = verdict.stderr.split('\n').filter((l) => l.trim() && !l.startsWith('ours:'));
    assert.deepStrictEqual(theirs.map((l) => /AH\d{5}/.exec(l)?.[0]), ['AH00534']);
    assert.deepStrictEqual(verdict.stderr.split('\n').filter((l) => l.startsWith('ours:')).map((l) => l.split(' ')[1]), ['no-mpm']);
  });

  it('tuning-for-inactive-mpm: LoadModule inside <IfModule mpm_X_module> is not tuning', () => {
    const files = {
      'httpd.conf': `
        LoadModule mpm_event_module modules/mod_mpm_event.so
        <IfModule mpm_prefork_module>
            LoadModule cgi_module modules/mod_cgi.so
        </IfModule>
        <IfModule mpm_worker_module>
            LoadModule cgid_module modules/mod_cgid.so
        </IfModule>
        <IfModule mpm_prefork_module>
            MaxRequestWorkers 150
        </IfModule>
      `,
    };
    assert.deepStrictEqual(codes(analysis(files)).filter((c) => c.startsWith('tuning-for-inactive-mpm')), ['tuning-for-inactive-mpm@8']);
  });

  it('mixed-access-control: Require all denied with Satisfy All can only deny (MediaWiki); Satisfy Any still mixes', () => {
    const tree = (body: string) => ({
      'httpd.conf': `LoadModule mpm_event_module modules/mod_mpm_event.so\nLoadModule authz_core_module modules/mod_authz_core.so\nLoadModule access_compat_module modules/mod_access_compat.so\n<Directory /srv/www/cache>\n${body}\n</Directory>\n`,
    });
    const mixed = (body: string) => codes(analysis(tree(body))).filter((c) => c.startsWith('mixed-access-control'));
    assert.deepStrictEqual(mixed('Require all denied\nSatisfy All'), []);
    assert.deepStrictEqual(mixed('Satisfy All\nRequire all denied'), []);
    assert.deepStrictEqual(mixed('Order deny,allow\nDeny from all\nRequire all denied'), []);
    assert.deepStrictEqual(mixed('Order allow,deny\nAllow from all\nRequire all denied\nSatisfy Any').length, 1);
    // Both grant: the same thing said twice is access-compat's one finding (sixth sweep), not a mix.
    assert.deepStrictEqual(mixed('Order allow,deny\nAllow from all\nRequire all granted'), []);
    assert.deepStrictEqual(mixed('Order allow,deny\nAllow from all\nRequire valid-user').length, 1);
  });

  it('one finding per problem and block: three embedded WSGIScriptAlias lines of one host give one finding', () => {
    const files = {
      'httpd.conf': `
        LoadModule mpm_prefork_module modules/mod_mpm_prefork.so
        LoadModule wsgi_module modules/mod_wsgi.so
        <VirtualHost *:80>
            WSGIScriptAlias /a /srv/a.wsgi
            WSGIScriptAlias /b /srv/b.wsgi
            WSGIScriptAlias /c /srv/c.wsgi
        </VirtualHost>
        <VirtualHost *:8080>
            WSGIScriptAlias / /srv/d.wsgi
        </VirtualHost>
      `,
    };
    const found = analysis(files).findings.filter((f) => f.code === 'wsgi-embedded-prefork');
    assert.deepStrictEqual(found.map((f) => [f.line + 1, f.related?.map((r) => r.line + 1) ?? []]), [[4, [5, 6]], [9, []]]);
    assert.match(found[0].message, /and 2 more here/);
  });
});
