import * as assert from 'assert';
import { ROOT, applyFix, fixesOf, run, server, titles, where } from './harness';

const EVENT = server('event');
const AUTOINDEX = server('event', 'autoindex');
const HT_DENIED = '<Files ".ht*">\n    Require all denied\n</Files>\n';

describe('advisor: security', () => {
  describe('server-tokens-full', () => {
    it('reports Full, OS and Minimal where they are set, in any included file', () => {
      for (const value of ['Full', 'OS', 'Minimal', 'min']) {
        const files = { 'httpd.conf': `${EVENT}Include conf.d/*.conf\n`, 'conf.d/security.conf': `ServerTokens ${value}\n` };
        assert.deepStrictEqual(where('server-tokens-full', files), ['conf.d/security.conf:1'], value);
      }
      assert.match(run('server-tokens-full', { 'httpd.conf': `${EVENT}ServerTokens OS\n` }).found[0].message, /the exact httpd version and the OS/);
    });

    it('reports an unset ServerTokens (default Full) on the main file, and appends the fix there', () => {
      const files = { 'httpd.conf': `# main\n${EVENT}` };
      assert.deepStrictEqual(where('server-tokens-full', files), ['httpd.conf:2']);
      const r = run('server-tokens-full', files);
      assert.match(r.found[0].message, /ServerTokens unset \(default Full\)/);
      assert.deepStrictEqual(titles(r), [['Add ServerTokens Prod', true]]);
      assert.deepStrictEqual(applyFix(r), { 'httpd.conf': `# main\n${EVENT}ServerTokens Prod\n` });
    });

    it('is silent for Prod, Major, Minor, and for a fragment read without its server', () => {
      for (const value of ['Prod', 'ProductOnly', 'Major', 'Minor']) assert.deepStrictEqual(where('server-tokens-full', { 'httpd.conf': `${EVENT}ServerTokens ${value}\n` }), [], value);
      assert.deepStrictEqual(where('server-tokens-full', { '.htaccess': 'Options -Indexes\n' }, {}, '.htaccess'), []);
    });

    it('replaces only the value', () => {
      const r = run('server-tokens-full', { 'httpd.conf': `${EVENT}ServerTokens   OS\r\n` });
      assert.deepStrictEqual(applyFix(r, 'Set ServerTokens Prod'), { 'httpd.conf': `${EVENT}ServerTokens   Prod\r\n` });
    });
  });

  describe('server-signature-on', () => {
    it('reports On and EMail in any context; the default Off is silent', () => {
      const files = { 'httpd.conf': `${EVENT}ServerSignature On\n<Directory /srv>\n    ServerSignature EMail\n</Directory>\n` };
      assert.deepStrictEqual(where('server-signature-on', files), ['httpd.conf:3', 'httpd.conf:5']);
      assert.match(run('server-signature-on', files).found[1].message, /and the ServerAdmin address/);
      assert.deepStrictEqual(where('server-signature-on', { 'httpd.conf': EVENT }), []);
      assert.deepStrictEqual(where('server-signature-on', { 'httpd.conf': `${EVENT}ServerSignature Off\n` }), []);
    });

    it('sets Off', () => {
      const r = run('server-signature-on', { 'httpd.conf': `${EVENT}ServerSignature On\n` });
      assert.deepStrictEqual(applyFix(r, 'Set ServerSignature Off'), { 'httpd.conf': `${EVENT}ServerSignature Off\n` });
    });
  });

  describe('trace-enable', () => {
    it('reports On/extended lines and an unset server-level TraceEnable', () => {
      assert.deepStrictEqual(where('trace-enable', { 'httpd.conf': `${EVENT}TraceEnable On\n` }), ['httpd.conf:3']);
      assert.deepStrictEqual(where('trace-enable', { 'httpd.conf': `${EVENT}TraceEnable Off\n<VirtualHost *:80>\nTraceEnable extended\n</VirtualHost>\n` }), ['httpd.conf:5']);
      assert.deepStrictEqual(where('trace-enable', { 'httpd.conf': EVENT }), ['httpd.conf:1']);
      assert.deepStrictEqual(where('trace-enable', { 'httpd.conf': `${EVENT}TraceEnable off\n` }), []);
    });

    it('sets Off or appends it to the main file', () => {
      assert.deepStrictEqual(applyFix(run('trace-enable', { 'httpd.conf': `${EVENT}TraceEnable On\n` })), { 'httpd.conf': `${EVENT}TraceEnable Off\n` });
      assert.deepStrictEqual(applyFix(run('trace-enable', { 'httpd.conf': EVENT.trimEnd() })), { 'httpd.conf': `${EVENT}TraceEnable Off\n` });
    });
  });

  describe('directory-listing', () => {
    it('warns on Indexes, +Indexes and All where mod_autoindex is loaded', () => {
      const files = {
        'httpd.conf': `${AUTOINDEX}Include sites/*.conf\n`,
        'sites/a.conf': '<Directory /srv/a>\n    Options Indexes FollowSymLinks\n</Directory>\n<Directory /srv/b>\n    Options +Indexes\n</Directory>\n<Location /c>\n    Options All\n</Location>\n',
      };
      assert.deepStrictEqual(where('directory-listing', files), ['sites/a.conf:2', 'sites/a.conf:5', 'sites/a.conf:8']);
      const found = run('directory-listing', files).found;
      assert.deepStrictEqual(found.map((f) => f.end - f.start), ['Indexes'.length, '+Indexes'.length, 'All'.length]);
      assert.match(found[2].message, /\(includes Indexes\)/);
    });

    it('is silent for -Indexes, without mod_autoindex, inside a denied section, and in inactive blocks', () => {
      assert.deepStrictEqual(where('directory-listing', { 'httpd.conf': `${AUTOINDEX}<Directory /srv>\nOptions -Indexes +FollowSymLinks\n</Directory>\n` }), []);
      assert.deepStrictEqual(where('directory-listing', { 'httpd.conf': `${EVENT}<Directory /srv>\nOptions Indexes\n</Directory>\n` }), []);
      assert.deepStrictEqual(where('directory-listing', { 'httpd.conf': `${AUTOINDEX}<Directory />\nOptions Indexes\nRequire all denied\n</Directory>\n` }), []);
      assert.deepStrictEqual(where('directory-listing', { 'httpd.conf': `${AUTOINDEX}<IfDefine LISTINGS>\nOptions Indexes\n</IfDefine>\n` }), []);
    });

    it('is information where only the machine itself gets in (Require local: dhelp, slbackup-php, xymon)', () => {
      const local = (body: string) => run('directory-listing', { 'httpd.conf': `${AUTOINDEX}<Directory /usr/share/doc>\n${body}</Directory>\n` }).found.map((f) => `${f.severity} ${f.message}`);
      const informed = ['information Options Indexes: folders without an index file are listed, but only to this machine (Require local). Turn Indexes off if access widens.'];
      assert.deepStrictEqual(local('  Require local\n  Options Indexes MultiViews FollowSymLinks\n'), informed);
      assert.deepStrictEqual(local('  Options Indexes\n  <IfModule mod_authz_core.c>\n    Require local\n  </IfModule>\n'), informed);
      assert.deepStrictEqual(local('  Options Indexes\n  Require ip 127.0.0.1 ::1\n'), informed);
      // Anyone else let in, or no Require here at all: the warning stays.
      for (const body of ['  Options Indexes\n  Require local\n  Require ip 10.0.0.0/8\n', '  Options Indexes\n', '  Options Indexes\n  Require local\n  Satisfy Any\n', '  Options Indexes\n  <RequireAny>\n    Require local\n  </RequireAny>\n']) {
        assert.deepStrictEqual(local(body).map((f) => f.split(' ')[0]), ['warning'], body);
      }
    });

    it('reads the words in order: All -Indexes ends without listings (OpenMage media/.htaccess), None +Indexes with them', () => {
      assert.deepStrictEqual(where('directory-listing', { 'httpd.conf': `${AUTOINDEX}<Directory /srv>\nOptions All -Indexes\n</Directory>\n` }), []);
      const found = run('directory-listing', { 'httpd.conf': `${AUTOINDEX}<Directory /srv>\nOptions None +Indexes\n</Directory>\n<Directory /srv/b>\nOptions All +MultiViews\n</Directory>\n` }).found;
      assert.deepStrictEqual(found.map((f) => [f.line + 1, f.end - f.start]), [[5, '+Indexes'.length], [8, 'All'.length]]);
    });

    it('fixes keep every other keyword and byte', () => {
      const fix = (line: string, title?: string) => applyFix(run('directory-listing', { 'httpd.conf': `${AUTOINDEX}<Directory /srv>\n\t${line}\n</Directory>\n` }), title)['httpd.conf'];
      const wrap = (line: string) => `${AUTOINDEX}<Directory /srv>\n\t${line}\n</Directory>\n`;
      assert.strictEqual(fix('Options Indexes FollowSymLinks'), wrap('Options FollowSymLinks'));
      assert.strictEqual(fix('Options FollowSymLinks  Indexes MultiViews'), wrap('Options FollowSymLinks MultiViews'));
      assert.strictEqual(fix('Options +Indexes +FollowSymLinks'), wrap('Options -Indexes +FollowSymLinks'));
      assert.strictEqual(fix('Options Indexes'), wrap('Options None'));
      assert.strictEqual(fix('Options All'), wrap('Options ExecCGI FollowSymLinks Includes SymLinksIfOwnerMatch'));
      // httpd refuses +All (options-syntax says so); no listing to warn about.
      assert.deepStrictEqual(run('directory-listing', { 'httpd.conf': wrap('Options +All') }).found, []);
      assert.strictEqual(fix('Options All +MultiViews'), wrap('Options All -Indexes +MultiViews'));
    });
  });

  describe('root-access-granted', () => {
    it('warns on <Directory /> with Require all granted, pointing at the grant', () => {
      const r = run('root-access-granted', { 'httpd.conf': `${EVENT}<Directory />\n    AllowOverride None\n    Require all granted\n</Directory>\n` });
      assert.deepStrictEqual(r.found.map((f) => f.line + 1), [3]);
      assert.deepStrictEqual(r.found[0].related?.map((x) => x.line + 1), [5]);
    });

    it('is silent when / is denied and for other directories', () => {
      assert.deepStrictEqual(where('root-access-granted', { 'httpd.conf': `${EVENT}<Directory />\nRequire all denied\n</Directory>\n<Directory /srv>\nRequire all granted\n</Directory>\n` }), []);
    });
  });

  describe('htaccess-served', () => {
    it('warns on the first DocumentRoot when nothing denies .ht* files, and appends a denial to the main file', () => {
      const files = { 'httpd.conf': `${EVENT}Include sites/*.conf\n`, 'sites/a.conf': '<VirtualHost *:80>\n    DocumentRoot /srv/a\n</VirtualHost>\n' };
      assert.deepStrictEqual(where('htaccess-served', files), ['sites/a.conf:2']);
      const r = run('htaccess-served', files);
      assert.deepStrictEqual(applyFix(r), { 'httpd.conf': `${EVENT}Include sites/*.conf\n${HT_DENIED}` });
    });

    it('accepts <Files ".ht*">, <FilesMatch "^\\.ht">, <Files ~ "^\\.ht"> and Deny from all', () => {
      const root = `${EVENT}DocumentRoot /srv\n`;
      assert.deepStrictEqual(where('htaccess-served', { 'httpd.conf': root + HT_DENIED }), []);
      assert.deepStrictEqual(where('htaccess-served', { 'httpd.conf': `${root}<FilesMatch "^\\.ht">\nRequire all denied\n</FilesMatch>\n` }), []);
      assert.deepStrictEqual(where('htaccess-served', { 'httpd.conf': `${root}<Files ~ "^\\.ht">\nRequire all denied\n</Files>\n` }), []);
      assert.deepStrictEqual(where('htaccess-served', { 'httpd.conf': `${root}LoadModule access_compat_module m.so\n<Files ".ht*">\nOrder allow,deny\nDeny from all\n</Files>\n` }), []);
    });

    it('accepts the denial inside the <IfModule> pair openSUSE wraps it in (test/realworld tree-opensuse)', () => {
      const root = `${EVENT}DocumentRoot /srv\n`;
      const suse = '<Files ~ "^\\.ht">\n<IfModule !mod_access_compat.c>\nRequire all denied\n</IfModule>\n<IfModule mod_access_compat.c>\nOrder allow,deny\nDeny from all\n</IfModule>\n</Files>\n';
      assert.deepStrictEqual(where('htaccess-served', { 'httpd.conf': root + suse }), []);
      assert.deepStrictEqual(where('htaccess-served', { 'httpd.conf': `${root}LoadModule access_compat_module m.so\n${suse}` }), []);
      // The branch that does not apply denies nothing.
      assert.deepStrictEqual(where('htaccess-served', { 'httpd.conf': `${root}<Files ".ht*">\n<IfModule mod_access_compat.c>\nDeny from all\n</IfModule>\n</Files>\n` }), ['httpd.conf:3']);
    });

    it('still warns when the matching section grants, or matches only .htaccess', () => {
      const root = `${EVENT}DocumentRoot /srv\n`;
      assert.deepStrictEqual(where('htaccess-served', { 'httpd.conf': `${root}<Files ".ht*">\nRequire all granted\n</Files>\n` }), ['httpd.conf:3']);
      assert.deepStrictEqual(where('htaccess-served', { 'httpd.conf': `${root}<Files .htaccess>\nRequire all denied\n</Files>\n` }), ['httpd.conf:3']);
    });

    it('is silent when a URL denial refuses every dot-file, as h5bp\'s file_access.conf does (test/realworld tree-h5bp-test-vhosts)', () => {
      const root = `${EVENT}DocumentRoot /srv\n`;
      const denied = [
        '<LocationMatch "/\\.ht">\nRequire all denied\n</LocationMatch>\n',
        'RedirectMatch 404 /\\.\n',
        'RewriteEngine On\nRewriteCond %{SCRIPT_FILENAME} -f\nRewriteRule "(^|/)\\." - [F]\n',
        '<DirectoryMatch "/\\.ht">\nRequire all denied\n</DirectoryMatch>\n',
      ];
      for (const d of denied) assert.deepStrictEqual(where('htaccess-served', { 'httpd.conf': root + d }), [], d);
      // A denial that spares .htpasswd, or grants, still leaves the password file served.
      assert.deepStrictEqual(where('htaccess-served', { 'httpd.conf': `${root}RedirectMatch 404 /\\.htaccess$\n` }), ['httpd.conf:3']);
      assert.deepStrictEqual(where('htaccess-served', { 'httpd.conf': `${root}<LocationMatch "/\\.ht">\nRequire all granted\n</LocationMatch>\n` }), ['httpd.conf:3']);
    });

    it('keeps CRLF and adds the missing final line break', () => {
      const r = run('htaccess-served', { 'httpd.conf': 'LoadModule mpm_event_module m.so\r\nLoadModule authz_core_module m.so\r\nDocumentRoot /srv' });
      assert.deepStrictEqual(applyFix(r), { 'httpd.conf': 'LoadModule mpm_event_module m.so\r\nLoadModule authz_core_module m.so\r\nDocumentRoot /srv\r\n<Files ".ht*">\r\n    Require all denied\r\n</Files>\r\n' });
    });

    it('writes the denial with the access module the tree loads, and offers none without one (httpd: Invalid command)', () => {
      const compat = run('htaccess-served', { 'httpd.conf': 'LoadModule mpm_event_module m.so\nLoadModule access_compat_module m.so\nDocumentRoot /srv\n' });
      assert.deepStrictEqual(applyFix(compat), { 'httpd.conf': 'LoadModule mpm_event_module m.so\nLoadModule access_compat_module m.so\nDocumentRoot /srv\n<Files ".ht*">\n    Order allow,deny\n    Deny from all\n</Files>\n' });
      const bare = run('vcs-folder-served', { 'httpd.conf': 'LoadModule mpm_event_module m.so\nDocumentRoot /srv\n' });
      assert.strictEqual(bare.found.length, 1);
      assert.deepStrictEqual(fixesOf(bare), []);
    });
  });

  describe('vcs-folder-served', () => {
    it('notes a DocumentRoot with nothing denying .git/.svn/.hg, with a server-level fix', () => {
      const r = run('vcs-folder-served', { 'httpd.conf': `${EVENT}DocumentRoot /var/www/html\n` });
      assert.deepStrictEqual(r.found.map((f) => [f.line + 1, f.severity]), [[3, 'information']]);
      assert.deepStrictEqual(applyFix(r), { 'httpd.conf': `${EVENT}DocumentRoot /var/www/html\n<DirectoryMatch "/\\.(git|svn|hg)(/|$)">\n    Require all denied\n</DirectoryMatch>\n` });
    });

    it('is silent for DirectoryMatch, LocationMatch, RedirectMatch 404 and RewriteRule [F] denials', () => {
      const root = `${EVENT}DocumentRoot /var/www/html\n`;
      const denied = [
        '<DirectoryMatch "/\\.git">\nRequire all denied\n</DirectoryMatch>\n',
        '<LocationMatch "/\\.(git|svn)/">\nRequire all denied\n</LocationMatch>\n',
        'RedirectMatch 404 /\\.git\n',
        'RewriteEngine On\nRewriteRule ^/?\\.git - [F,L]\n',
      ];
      for (const d of denied) assert.deepStrictEqual(where('vcs-folder-served', { 'httpd.conf': root + d }), [], d);
      assert.deepStrictEqual(where('vcs-folder-served', { 'httpd.conf': `${root}<DirectoryMatch "/\\.git">\nRequire all granted\n</DirectoryMatch>\n` }), ['httpd.conf:3']);
    });
  });

  describe('ifmodule-never-loaded', () => {
    it('warns when security headers sit in an <IfModule> whose module is not loaded', () => {
      const files = { 'httpd.conf': `${EVENT}Include conf.d/*.conf\n`, 'conf.d/headers.conf': '<IfModule mod_headers.c>\n    Header always set X-Frame-Options DENY\n    Header set X-Content-Type-Options nosniff\n    Header set X-Test 1\n</IfModule>\n' };
      assert.deepStrictEqual(where('ifmodule-never-loaded', files), ['conf.d/headers.conf:1']);
      const f = run('ifmodule-never-loaded', files).found[0];
      assert.match(f.message, /the X-Frame-Options, X-Content-Type-Options headers inside are never sent/);
      assert.deepStrictEqual(f.related?.map((x) => x.line + 1), [2, 3]);
    });

    it('is silent when the module is loaded, for other headers, negated tests, and fragments', () => {
      const block = '<IfModule mod_headers.c>\n    Header always set Strict-Transport-Security "max-age=63072000"\n</IfModule>\n';
      assert.deepStrictEqual(where('ifmodule-never-loaded', { 'httpd.conf': server('event', 'headers') + block }), []);
      assert.deepStrictEqual(where('ifmodule-never-loaded', { 'httpd.conf': `${EVENT}<IfModule mod_headers.c>\nHeader set X-Served-By web1\nHeader unset X-Frame-Options\n</IfModule>\n` }), []);
      assert.deepStrictEqual(where('ifmodule-never-loaded', { 'httpd.conf': `${server('event', 'headers')}<IfModule !mod_headers.c>\nHeader set X-Frame-Options DENY\n</IfModule>\n` }), []);
      assert.deepStrictEqual(where('ifmodule-never-loaded', { '.htaccess': block }, {}, '.htaccess'), []);
    });

    it("is a note naming the absent folder in a checkout without mods-enabled/ (the server's links are not committed)", () => {
      const files = {
        'apache2.conf': 'IncludeOptional mods-enabled/*.load\nIncludeOptional sites-enabled/*.conf\n',
        'sites-enabled/default-ssl.conf': '<IfModule mod_ssl.c>\n  Header always set Strict-Transport-Security "max-age=63072000"\n</IfModule>\n',
      };
      const found = run('ifmodule-never-loaded', files, {}, 'apache2.conf').found;
      assert.deepStrictEqual(found.map((f) => [f.severity, f.file.slice(ROOT.length + 1), f.line + 1]), [['information', 'sites-enabled/default-ssl.conf', 1]]);
      assert.strictEqual(found[0].message, '<IfModule mod_ssl.c> is false only here: mods-enabled/ is not in this tree (apache2.conf:1). The server may send the Strict-Transport-Security header.');
    });
  });

  it('a lone .htaccess is judged by what it contains only, not by server-wide defaults', () => {
    const a = run('directory-listing', { 'www/.htaccess': 'Options +Indexes\nServerSignature On\n' }, {}, 'www/.htaccess').a;
    const codes = a.findings.map((f) => f.code).filter((c) => ['directory-listing', 'server-signature-on', 'server-tokens-full', 'trace-enable', 'htaccess-served', 'vcs-folder-served'].includes(c));
    assert.deepStrictEqual(codes.sort(), ['directory-listing', 'server-signature-on']);
  });
});
