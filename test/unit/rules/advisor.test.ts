import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { fixesFor, RULES, type AnalysisSettings, type Finding } from '../../../server/src/rules';
import { repoRoot } from '../../helpers/files';
import { ROOT, analysis, applyEdits } from '../../helpers/trees';

const EVENT = 'LoadModule mpm_event_module m.so\nLoadModule authz_core_module m.so\n';
const PREFORK = 'LoadModule mpm_prefork_module m.so\nLoadModule authz_core_module m.so\n';

function run(code: string, files: Record<string, string>, settings: Partial<AnalysisSettings> = {}) {
  const a = analysis(files, 'httpd.conf', settings);
  return { a, found: a.findings.filter((f) => f.code === code) };
}

function lines(code: string, main: string, settings: Partial<AnalysisSettings> = {}): number[] {
  return run(code, { 'httpd.conf': main }, settings).found.map((f) => f.line + 1);
}

/** Applies the fix with the given title (or the first) and returns the new text of the file. */
function fixed(code: string, main: string, title?: string, settings: Partial<AnalysisSettings> = {}): string {
  const { a, found } = run(code, { 'httpd.conf': main }, settings);
  assert.ok(found.length, `no ${code} finding`);
  const fixes = fixesFor(found[0], { model: a.model, settings: a.settings, text: (f) => a.model.parsed.get(f)?.text });
  const fix = title ? fixes.find((x) => x.title === title) : fixes[0];
  assert.ok(fix, `no fix ${title ?? ''} for ${code}: ${fixes.map((x) => x.title).join(', ')}`);
  return applyEdits(a.model.parsed.get(`${ROOT}/httpd.conf`)!.text, fix.edits);
}

describe('advisor rules', () => {
  it('every rule has a docs page, and ids are unique', () => {
    const ids = RULES.map((r) => r.id);
    assert.strictEqual(new Set(ids).size, ids.length);
    const missing = ids.filter((id) => !fs.existsSync(path.join(repoRoot, 'docs', 'rules', `${id}.md`)));
    assert.deepStrictEqual(missing, []);
  });

  describe('keep-alive and timeouts', () => {
    it('maxkeepaliverequests-low', () => {
      assert.deepStrictEqual(lines('maxkeepaliverequests-low', EVENT + 'MaxKeepAliveRequests 5\n'), [3]);
      assert.deepStrictEqual(lines('maxkeepaliverequests-low', EVENT + 'MaxKeepAliveRequests 100\n'), []);
      assert.deepStrictEqual(lines('maxkeepaliverequests-low', EVENT + 'MaxKeepAliveRequests 0\n'), []);
      assert.strictEqual(fixed('maxkeepaliverequests-low', EVENT + '  MaxKeepAliveRequests 5\n'), EVENT + '  MaxKeepAliveRequests 100\n');
    });
    it('timeout-high', () => {
      assert.deepStrictEqual(lines('timeout-high', EVENT + 'Timeout 300\n'), [3]);
      assert.deepStrictEqual(lines('timeout-high', EVENT + 'Timeout 60\n'), []);
      assert.strictEqual(fixed('timeout-high', EVENT + 'TimeOut 600\n'), EVENT + 'TimeOut 60\n');
    });
    it('keepalive-off-event', () => {
      assert.deepStrictEqual(lines('keepalive-off-event', EVENT + 'KeepAlive Off\n'), [3]);
      assert.deepStrictEqual(lines('keepalive-off-event', PREFORK + 'KeepAlive Off\n'), []);
      assert.strictEqual(fixed('keepalive-off-event', EVENT + 'KeepAlive Off\n'), EVENT + 'KeepAlive On\n');
    });
  });

  describe('capacity', () => {
    it('maxrequestworkers-over-serverlimit on prefork and threaded MPMs, with the effective value', () => {
      const pre = run('maxrequestworkers-over-serverlimit', { 'httpd.conf': PREFORK + 'MaxRequestWorkers 400\n' }).found;
      assert.match(pre[0].message, /exceeds ServerLimit 256: httpd lowers it to 256/);
      const ev = run('maxrequestworkers-over-serverlimit', { 'httpd.conf': EVENT + 'ServerLimit 2\nThreadsPerChild 25\nMaxRequestWorkers 400\n' }).found;
      assert.match(ev[0].message, /would need 16 processes of 25 threads but ServerLimit is 2: httpd lowers it to 50/);
      assert.deepStrictEqual(lines('maxrequestworkers-over-serverlimit', PREFORK + 'ServerLimit 500\nMaxRequestWorkers 400\n'), []);
      assert.strictEqual(fixed('maxrequestworkers-over-serverlimit', PREFORK + 'ServerLimit 100\nMaxRequestWorkers 400\n'), PREFORK + 'ServerLimit 400\nMaxRequestWorkers 400\n');
      assert.strictEqual(fixed('maxrequestworkers-over-serverlimit', PREFORK + 'MaxRequestWorkers 400\n'), PREFORK + 'MaxRequestWorkers 400\nServerLimit 400\n');
    });
    it('maxrequestworkers-not-multiple', () => {
      assert.deepStrictEqual(lines('maxrequestworkers-not-multiple', EVENT + 'ThreadsPerChild 25\nMaxRequestWorkers 110\n'), [4]);
      assert.deepStrictEqual(lines('maxrequestworkers-not-multiple', EVENT + 'ThreadsPerChild 25\nMaxRequestWorkers 100\n'), []);
      assert.deepStrictEqual(lines('maxrequestworkers-not-multiple', PREFORK + 'MaxRequestWorkers 110\n'), []);
      assert.strictEqual(fixed('maxrequestworkers-not-multiple', EVENT + 'MaxRequestWorkers 110\n'), EVENT + 'MaxRequestWorkers 100\n');
    });
    it('threadsperchild-over-threadlimit', () => {
      assert.deepStrictEqual(lines('threadsperchild-over-threadlimit', EVENT + 'ThreadLimit 10\nThreadsPerChild 50\n'), [4]);
      assert.deepStrictEqual(lines('threadsperchild-over-threadlimit', EVENT + 'ThreadsPerChild 50\n'), []);
    });
    it('spare-inversion', () => {
      assert.deepStrictEqual(lines('spare-inversion', PREFORK + 'MinSpareServers 10\nMaxSpareServers 5\n'), [4]);
      assert.deepStrictEqual(lines('spare-inversion', PREFORK + 'MinSpareServers 5\nMaxSpareServers 10\n'), []);
      assert.deepStrictEqual(lines('spare-inversion', EVENT + 'MinSpareThreads 300\nMaxSpareThreads 250\n'), [4]);
    });
    it('memory-budget uses the machine size and per-process estimates from settings', () => {
      const main = PREFORK + 'LoadModule php_module libphp.so\nMaxRequestWorkers 150\n';
      assert.deepStrictEqual(lines('memory-budget', main, { memoryTotalMB: 4096 }), [4]);
      assert.match(run('memory-budget', { 'httpd.conf': main }, { memoryTotalMB: 4096 }).found[0].message, /150 prefork processes × ~60 MB \(prefork\+php\) ≈ 9000 MB/);
      assert.deepStrictEqual(lines('memory-budget', main, { memoryTotalMB: 16384 }), []);
      assert.deepStrictEqual(lines('memory-budget', main), [], 'silent while the machine size is unknown');
      assert.deepStrictEqual(lines('memory-budget', main, { memoryTotalMB: 16384, perProcessMB: { 'prefork+php': 200 } }), [4]);
    });
    it('tuning-for-inactive-mpm', () => {
      const block = '<IfModule mpm_prefork_module>\n    MaxRequestWorkers 150\n</IfModule>\n';
      assert.deepStrictEqual(lines('tuning-for-inactive-mpm', EVENT + block), [3]);
      assert.deepStrictEqual(lines('tuning-for-inactive-mpm', PREFORK + block), []);
    });
    it('fpm-with-prefork', () => {
      const fpm = 'LoadModule proxy_module m.so\nLoadModule proxy_fcgi_module m.so\n<FilesMatch "\\.php$">\n    SetHandler "proxy:unix:/run/php/fpm.sock|fcgi://localhost"\n</FilesMatch>\n';
      assert.deepStrictEqual(lines('fpm-with-prefork', PREFORK + fpm), [1]);
      assert.deepStrictEqual(lines('fpm-with-prefork', EVENT + fpm), []);
    });
  });

  describe('language modules', () => {
    it('wsgi-embedded-prefork, with a daemon-mode fix', () => {
      const main = PREFORK + 'LoadModule wsgi_module mod_wsgi.so\n    WSGIScriptAlias / /srv/app/app.wsgi\n';
      assert.deepStrictEqual(lines('wsgi-embedded-prefork', main), [4]);
      assert.deepStrictEqual(lines('wsgi-embedded-prefork', main + 'WSGIDaemonProcess app\nWSGIProcessGroup app\n'), []);
      assert.strictEqual(fixed('wsgi-embedded-prefork', main), main + '    WSGIDaemonProcess app processes=2 threads=15\n    WSGIProcessGroup app\n');
    });
    it('mod-python-loaded and perl-threaded-mpm', () => {
      assert.deepStrictEqual(lines('mod-python-loaded', PREFORK + 'LoadModule python_module mod_python.so\n'), [3]);
      assert.deepStrictEqual(lines('perl-threaded-mpm', EVENT + 'LoadModule perl_module mod_perl.so\n'), [3]);
      assert.deepStrictEqual(lines('perl-threaded-mpm', PREFORK + 'LoadModule perl_module mod_perl.so\n'), []);
    });
  });

  describe('security', () => {
    it('server-tokens-full, server-signature-on, trace-enable (unset means httpd default)', () => {
      assert.deepStrictEqual(lines('server-tokens-full', EVENT), [1]);
      assert.deepStrictEqual(lines('server-tokens-full', EVENT + 'ServerTokens Prod\n'), []);
      assert.strictEqual(fixed('server-tokens-full', EVENT + 'ServerTokens OS\n'), EVENT + 'ServerTokens Prod\n');
      assert.strictEqual(fixed('server-tokens-full', EVENT), EVENT + 'ServerTokens Prod\n');
      assert.deepStrictEqual(lines('server-signature-on', EVENT + 'ServerSignature On\n'), [3]);
      assert.deepStrictEqual(lines('server-signature-on', EVENT), []);
      assert.strictEqual(fixed('trace-enable', EVENT + 'TraceEnable On\n'), EVENT + 'TraceEnable Off\n');
      assert.deepStrictEqual(lines('trace-enable', EVENT + 'TraceEnable off\n'), []);
    });
    it('directory-listing, with fixes that keep the other keywords', () => {
      assert.deepStrictEqual(lines('directory-listing', EVENT + '<Directory /srv>\nOptions Indexes FollowSymLinks\n</Directory>\n'), [4]);
      assert.deepStrictEqual(lines('directory-listing', EVENT + '<Directory /srv>\nOptions -Indexes\n</Directory>\n'), []);
      assert.strictEqual(fixed('directory-listing', EVENT + 'Options Indexes FollowSymLinks\n'), EVENT + 'Options FollowSymLinks\n');
      assert.strictEqual(fixed('directory-listing', EVENT + 'Options +Indexes +FollowSymLinks\n'), EVENT + 'Options -Indexes +FollowSymLinks\n');
      assert.strictEqual(fixed('directory-listing', EVENT + 'Options Indexes\n'), EVENT + 'Options None\n');
    });
    it('root-access-granted, htaccess-served, vcs-folder-served', () => {
      assert.deepStrictEqual(lines('root-access-granted', EVENT + '<Directory />\nRequire all granted\n</Directory>\n'), [3]);
      assert.deepStrictEqual(lines('root-access-granted', EVENT + '<Directory />\nRequire all denied\n</Directory>\n'), []);
      assert.deepStrictEqual(lines('htaccess-served', EVENT + 'DocumentRoot /srv\n'), [3]);
      assert.deepStrictEqual(lines('htaccess-served', EVENT + 'DocumentRoot /srv\n<FilesMatch "^\\.ht">\nRequire all denied\n</FilesMatch>\n'), []);
      assert.deepStrictEqual(lines('vcs-folder-served', EVENT + 'DocumentRoot /srv\n<DirectoryMatch "/\\.git">\nRequire all denied\n</DirectoryMatch>\n'), []);
    });
    it('weak-tls-protocol follows the +/- arithmetic and fixes to TLS 1.2+', () => {
      const ssl = 'LoadModule ssl_module m.so\n';
      assert.deepStrictEqual(lines('weak-tls-protocol', EVENT + ssl + 'SSLProtocol all -SSLv3\n'), [4]);
      assert.deepStrictEqual(lines('weak-tls-protocol', EVENT + ssl + 'SSLProtocol all -SSLv3 -TLSv1 -TLSv1.1\n'), []);
      assert.deepStrictEqual(lines('weak-tls-protocol', EVENT + ssl + 'SSLProtocol -all +TLSv1.2\n'), []);
      assert.strictEqual(fixed('weak-tls-protocol', EVENT + ssl + 'SSLProtocol all -SSLv3\n'), EVENT + ssl + 'SSLProtocol -all +TLSv1.2 +TLSv1.3\n');
    });
    it('weak-tls-ciphers and hsts-missing', () => {
      const ssl = 'LoadModule ssl_module m.so\n';
      assert.deepStrictEqual(lines('weak-tls-ciphers', EVENT + ssl + 'SSLCipherSuite HIGH:RC4-SHA:DES-CBC3-SHA\n'), [4]);
      assert.deepStrictEqual(lines('weak-tls-ciphers', EVENT + ssl + 'SSLCipherSuite HIGH:!aNULL:!MD5:!RC4\n'), []);
      const vhost = (extra: string) => `${EVENT}${ssl}LoadModule headers_module m.so\n<VirtualHost *:443>\nSSLEngine on\n${extra}</VirtualHost>\n`;
      assert.deepStrictEqual(lines('hsts-missing', vhost('')), [5]);
      assert.deepStrictEqual(lines('hsts-missing', vhost('Header always set Strict-Transport-Security "max-age=63072000"\n')), []);
    });
    it('mixed-access-control', () => {
      const compat = 'LoadModule access_compat_module m.so\n';
      assert.deepStrictEqual(lines('mixed-access-control', EVENT + compat + '<Directory /x>\nOrder allow,deny\nAllow from all\nRequire all granted\n</Directory>\n'), [7]);
      assert.deepStrictEqual(lines('mixed-access-control', EVENT + compat + '<Directory /x>\nOrder allow,deny\nAllow from all\n</Directory>\n'), []);
    });
  });

  describe('migration and hygiene', () => {
    const compat = EVENT + 'LoadModule access_compat_module m.so\n';
    it('access-compat converts the unambiguous forms exactly and refuses the others', () => {
      assert.strictEqual(fixed('access-compat', compat + '<Directory /x>\n    Order allow,deny\n    Allow from all\n</Directory>\n'), compat + '<Directory /x>\n    Require all granted\n</Directory>\n');
      assert.strictEqual(fixed('access-compat', compat + '<Directory /x>\n    Order deny,allow\n    Deny from all\n</Directory>\n'), compat + '<Directory /x>\n    Require all denied\n</Directory>\n');
      assert.strictEqual(fixed('access-compat', compat + '<Location /a>\n  Order deny,allow\n  Deny from all\n  Allow from 10.0.0.0/8 192.168.1.5\n</Location>\n'), compat + '<Location /a>\n  Require ip 10.0.0.0/8 192.168.1.5\n</Location>\n');
      const ambiguous = run('access-compat', { 'httpd.conf': compat + '<Directory /x>\nOrder allow,deny\nAllow from all\nDeny from 10.1.2.3\nSatisfy any\n</Directory>\n' });
      assert.strictEqual(ambiguous.found.length, 1);
      assert.deepStrictEqual(fixesFor(ambiguous.found[0], { model: ambiguous.a.model, settings: ambiguous.a.settings, text: (f) => ambiguous.a.model.parsed.get(f)?.text }), []);
    });
    it('deprecated-directive renames or removes, only for names 2.4 still accepts', () => {
      assert.strictEqual(fixed('deprecated-directive', PREFORK + 'MaxClients 150\n'), PREFORK + 'MaxRequestWorkers 150\n');
      assert.strictEqual(fixed('deprecated-directive', PREFORK + 'MaxRequestsPerChild 1000\n'), PREFORK + 'MaxConnectionsPerChild 1000\n');
      assert.strictEqual(fixed('deprecated-directive', EVENT + 'NameVirtualHost *:80\nListen 80\n'), EVENT + 'Listen 80\n');
      assert.deepStrictEqual(lines('deprecated-directive', EVENT + 'MaxRequestWorkers 150\n'), []);
    });
    it('duplicate-listen (httpd refuses it) and duplicate-vhost-servername', () => {
      assert.deepStrictEqual(lines('duplicate-listen', EVENT + 'Listen 80\nListen 80\n'), [4]);
      assert.deepStrictEqual(lines('duplicate-listen', EVENT + 'Listen 80\nListen 0.0.0.0:80\n'), []);
      assert.strictEqual(fixed('duplicate-listen', EVENT + 'Listen 80\nListen 80\n'), EVENT + 'Listen 80\n');
      const vhosts = (b: string) => `${EVENT}<VirtualHost *:80>\nServerName a.example\n</VirtualHost>\n<VirtualHost *:80>\nServerName ${b}\n</VirtualHost>\n`;
      assert.deepStrictEqual(lines('duplicate-vhost-servername', vhosts('a.example')), [6]);
      assert.deepStrictEqual(lines('duplicate-vhost-servername', vhosts('b.example')), []);
    });
    it('directive-overridden across included files', () => {
      const found = run('directive-overridden', { 'httpd.conf': EVENT + 'KeepAliveTimeout 5\nInclude extra.conf\n', 'extra.conf': 'KeepAliveTimeout 10\n' }).found;
      assert.deepStrictEqual(found.map((f: Finding) => [f.file.slice(ROOT.length + 1), f.line + 1]), [['httpd.conf', 3]]);
      assert.deepStrictEqual(lines('directive-overridden', EVENT + 'KeepAliveTimeout 5\n<VirtualHost *:80>\nKeepAliveTimeout 10\n</VirtualHost>\n'), []);
    });
  });
});
