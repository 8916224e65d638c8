import * as assert from 'assert';
import { applyFix, run, server, titles, where } from './harness';

const PREFORK = server('prefork');
const EVENT = server('event');
const WSGI = 'LoadModule wsgi_module modules/mod_wsgi.so\n';
const FPM = 'LoadModule proxy_module modules/mod_proxy.so\nLoadModule proxy_fcgi_module modules/mod_proxy_fcgi.so\n';
const FPM_HANDLER = '<FilesMatch "\\.php$">\n    SetHandler "proxy:unix:/run/php/php8.2-fpm.sock|fcgi://localhost"\n</FilesMatch>\n';

describe('advisor: language modules', () => {
  describe('wsgi-embedded-prefork', () => {
    const site = (body: string) => `<VirtualHost *:80>\n    ServerName app.example\n${body}</VirtualHost>\n`;

    it('warns on each embedded WSGIScriptAlias under prefork, in the file that holds it', () => {
      const files = { 'httpd.conf': `${PREFORK}${WSGI}Include sites/*.conf\n`, 'sites/app.conf': site('    WSGIScriptAlias / /srv/app/app.wsgi\n') };
      assert.deepStrictEqual(where('wsgi-embedded-prefork', files), ['sites/app.conf:3']);
      const f = run('wsgi-embedded-prefork', files).found[0];
      assert.strictEqual(f.severity, 'warning');
      assert.match(f.message, /runs the application inside every prefork child/);
    });

    it('is silent in daemon mode (group in the host, at server level, or process-group=), on event, and without mod_wsgi', () => {
      const alias = '    WSGIScriptAlias / /srv/app/app.wsgi\n';
      const daemon = '    WSGIDaemonProcess app\n    WSGIProcessGroup app\n';
      assert.deepStrictEqual(where('wsgi-embedded-prefork', { 'httpd.conf': PREFORK + WSGI + site(alias + daemon) }), []);
      assert.deepStrictEqual(where('wsgi-embedded-prefork', { 'httpd.conf': `${PREFORK}${WSGI}WSGIDaemonProcess app\nWSGIProcessGroup app\n` + site(alias) }), []);
      assert.deepStrictEqual(where('wsgi-embedded-prefork', { 'httpd.conf': PREFORK + WSGI + site('    WSGIDaemonProcess app\n    WSGIScriptAlias / /srv/app/app.wsgi process-group=app\n') }), []);
      assert.deepStrictEqual(where('wsgi-embedded-prefork', { 'httpd.conf': server('event') + WSGI + site(alias) }), []);
      assert.deepStrictEqual(where('wsgi-embedded-prefork', { 'httpd.conf': PREFORK + site('') }), []);
    });

    it('still warns when the group is %{GLOBAL} (that is embedded mode) or belongs to another host', () => {
      assert.deepStrictEqual(where('wsgi-embedded-prefork', { 'httpd.conf': PREFORK + WSGI + site('    WSGIScriptAlias / /srv/app/app.wsgi process-group=%{GLOBAL}\n') }), ['httpd.conf:6']);
      const other = '<VirtualHost *:80>\n    ServerName other.example\n    WSGIDaemonProcess other\n    WSGIProcessGroup other\n</VirtualHost>\n';
      assert.deepStrictEqual(where('wsgi-embedded-prefork', { 'httpd.conf': PREFORK + WSGI + other + site('    WSGIScriptAlias / /srv/app/app.wsgi\n') }), ['httpd.conf:11']);
    });

    it('inserts a daemon-mode pair after the alias with its indentation, picking a free group name', () => {
      const r = run('wsgi-embedded-prefork', { 'httpd.conf': PREFORK + WSGI + site('    WSGIScriptAlias / /srv/app/app.wsgi\n') });
      assert.deepStrictEqual(titles(r), [['Run the application in a mod_wsgi daemon process group (app)', true]]);
      assert.deepStrictEqual(applyFix(r), {
        'httpd.conf': PREFORK + WSGI + site('    WSGIScriptAlias / /srv/app/app.wsgi\n    WSGIDaemonProcess app processes=2 threads=15\n    WSGIProcessGroup app\n'),
      });
      const taken = run('wsgi-embedded-prefork', { 'httpd.conf': `${PREFORK}${WSGI}<IfDefine NEVER>\nWSGIDaemonProcess app\n</IfDefine>\nWSGIScriptAlias / /srv/app/app.wsgi` });
      // The file had no final line break: the inserted lines get one, nothing else changes.
      assert.deepStrictEqual(applyFix(taken)['httpd.conf'].split('\n').slice(-4), ['WSGIScriptAlias / /srv/app/app.wsgi', 'WSGIDaemonProcess app-2 processes=2 threads=15', 'WSGIProcessGroup app-2', '']);
    });

    it('gives each alias its own group name, so fixing all of them at once stays valid', () => {
      const r = run('wsgi-embedded-prefork', { 'httpd.conf': PREFORK + WSGI + site('    WSGIScriptAlias /a /srv/a.wsgi\n') + site('    WSGIScriptAlias /b /srv/b.wsgi\n') });
      assert.deepStrictEqual(r.found.map((f) => titles({ a: r.a, found: [f] })[0][0]), [
        'Run the application in a mod_wsgi daemon process group (app6)',
        'Run the application in a mod_wsgi daemon process group (app10)',
      ]);
    });

    it('offers no fix inside <Directory>/<Location>, where WSGIDaemonProcess is not allowed', () => {
      const r = run('wsgi-embedded-prefork', { 'httpd.conf': `${PREFORK}${WSGI}<Location /app>\n    WSGIScriptAlias / /srv/app/app.wsgi\n</Location>\n` });
      assert.strictEqual(r.found.length, 1);
      assert.deepStrictEqual(titles(r), []);
    });
  });

  describe('fpm-with-prefork', () => {
    it('notes prefork kept for PHP-FPM, on the MPM LoadModule line, pointing at the handler', () => {
      const files = { 'httpd.conf': `${PREFORK}${FPM}Include conf.d/*.conf\n`, 'conf.d/php.conf': FPM_HANDLER };
      assert.deepStrictEqual(where('fpm-with-prefork', files), ['httpd.conf:1']);
      const f = run('fpm-with-prefork', files).found[0];
      assert.match(f.message, /PHP runs in PHP-FPM/);
      assert.strictEqual(f.related?.[0].line, 1, 'PHP-FPM wired in at conf.d/php.conf:2');
      assert.deepStrictEqual(f.related?.map((x) => `${x.file.endsWith('php.conf')}:${x.line + 1}`), ['true:2']);
    });

    it('is silent on event, with mod_php or another in-process module still loaded, and without FPM', () => {
      assert.deepStrictEqual(where('fpm-with-prefork', { 'httpd.conf': EVENT + FPM + FPM_HANDLER }), []);
      assert.deepStrictEqual(where('fpm-with-prefork', { 'httpd.conf': `${PREFORK}${FPM}LoadModule php_module modules/libphp8.2.so\n${FPM_HANDLER}` }), []);
      assert.deepStrictEqual(where('fpm-with-prefork', { 'httpd.conf': `${PREFORK}${FPM}LoadModule perl_module modules/mod_perl.so\n${FPM_HANDLER}` }), []);
      assert.deepStrictEqual(where('fpm-with-prefork', { 'httpd.conf': PREFORK + FPM }), []);
    });
  });

  describe('mod-python-loaded and perl-threaded-mpm', () => {
    it('notes mod_python on its LoadModule line, whatever the MPM', () => {
      assert.deepStrictEqual(where('mod-python-loaded', { 'httpd.conf': `${PREFORK}LoadModule python_module modules/mod_python.so\n` }), ['httpd.conf:3']);
      assert.deepStrictEqual(where('mod-python-loaded', { 'httpd.conf': `${PREFORK}${WSGI}` }), []);
      assert.deepStrictEqual(where('mod-python-loaded', { 'httpd.conf': `${PREFORK}<IfDefine PY>\nLoadModule python_module modules/mod_python.so\n</IfDefine>\n` }), []);
    });

    it('notes mod_perl under worker or event only', () => {
      const perl = 'LoadModule perl_module modules/mod_perl.so\n';
      assert.deepStrictEqual(where('perl-threaded-mpm', { 'httpd.conf': EVENT + perl }), ['httpd.conf:3']);
      assert.deepStrictEqual(where('perl-threaded-mpm', { 'httpd.conf': server('worker') + perl }), ['httpd.conf:3']);
      assert.deepStrictEqual(where('perl-threaded-mpm', { 'httpd.conf': PREFORK + perl }), []);
      const f = run('perl-threaded-mpm', { 'httpd.conf': EVENT + perl }).found[0];
      assert.strictEqual(f.severity, 'information');
      assert.deepStrictEqual(f.related?.map((x) => x.line + 1), [1]);
    });
  });
});
