import * as assert from 'assert';
import { listenKey } from '../../../../server/src/rules/duplicate-listen';
import { applyFix, run, server, titles, where } from './harness';

const EVENT = server('event');
const PREFORK = server('prefork');

describe('advisor: migration and hygiene', () => {
  describe('deprecated-directive', () => {
    it('renames MaxClients and MaxRequestsPerChild, touching only the name', () => {
      const files = { 'httpd.conf': `${PREFORK}Include mpm.conf\n`, 'mpm.conf': '<IfModule mpm_prefork_module>\n    MaxClients          150\n    MaxRequestsPerChild 1000\n</IfModule>\n' };
      assert.deepStrictEqual(where('deprecated-directive', files), ['mpm.conf:2', 'mpm.conf:3']);
      const r = run('deprecated-directive', files);
      assert.deepStrictEqual(r.found.map((f) => [f.severity, f.tags]), [['information', ['deprecated']], ['information', ['deprecated']]]);
      assert.deepStrictEqual(applyFix(r, 'Rename to MaxRequestWorkers'), { 'mpm.conf': '<IfModule mpm_prefork_module>\n    MaxRequestWorkers          150\n    MaxRequestsPerChild 1000\n</IfModule>\n' });
      assert.deepStrictEqual(applyFix(r, 'Rename to MaxConnectionsPerChild', r.found[1]), { 'mpm.conf': '<IfModule mpm_prefork_module>\n    MaxClients          150\n    MaxConnectionsPerChild 1000\n</IfModule>\n' });
    });

    it('removes NameVirtualHost and DefaultType (warnings when httpd logs one at start)', () => {
      const r = run('deprecated-directive', { 'httpd.conf': `${EVENT}NameVirtualHost *:80\nListen 80\nDefaultType text/plain\nDefaultType None\n` });
      assert.deepStrictEqual(r.found.map((f) => [f.line + 1, f.severity]), [[3, 'warning'], [5, 'warning'], [6, 'information']]);
      assert.match(r.found[0].message, /AH00548/);
      assert.match(r.found[1].message, /AH00117/);
      assert.deepStrictEqual(applyFix(r, 'Remove NameVirtualHost'), { 'httpd.conf': `${EVENT}Listen 80\nDefaultType text/plain\nDefaultType None\n` });
    });

    it('notes SSLCertificateChainFile without a fix', () => {
      const r = run('deprecated-directive', { 'httpd.conf': `${server('event', 'ssl')}SSLCertificateChainFile /etc/ssl/chain.pem\n` });
      assert.strictEqual(r.found.length, 1);
      assert.deepStrictEqual(titles(r), []);
    });

    it('leaves names 2.4 refuses (RewriteLog, SSLLog, Port) to unknown-directive, and current names alone', () => {
      const files = { 'httpd.conf': `${EVENT}RewriteLog /tmp/r.log\nPort 80\nMaxRequestWorkers 150\n` };
      assert.deepStrictEqual(where('deprecated-directive', files), []);
      assert.deepStrictEqual(where('unknown-directive', files), ['httpd.conf:3', 'httpd.conf:4']);
    });
  });

  describe('duplicate-listen', () => {
    it('compares like httpd: address as written, port as a number', () => {
      assert.strictEqual(listenKey('80'), '|80');
      assert.strictEqual(listenKey('0.0.0.0:080'), '0.0.0.0|80');
      assert.strictEqual(listenKey('[::]:443'), '::|443');
      assert.notStrictEqual(listenKey('localhost:80'), listenKey('LOCALHOST:80'));
      assert.strictEqual(listenKey('abc'), undefined);
    });

    it('errors on the second Listen with httpd\'s message, across files and IfModule blocks', () => {
      const files = { 'httpd.conf': `${server('event', 'ssl')}Listen 80\nInclude ports.conf\n`, 'ports.conf': '<IfModule ssl_module>\n    Listen 443 https\n</IfModule>\nListen 443\n' };
      assert.deepStrictEqual(where('duplicate-listen', files), ['ports.conf:4']);
      const f = run('duplicate-listen', files).found[0];
      assert.strictEqual(f.severity, 'error');
      assert.match(f.message, /^Cannot define multiple Listeners on the same IP:port \(443 is already at ports\.conf:2\)/);
    });

    it('is silent for different addresses, ports, and inactive lines', () => {
      assert.deepStrictEqual(where('duplicate-listen', { 'httpd.conf': `${EVENT}Listen 80\nListen 0.0.0.0:80\nListen 127.0.0.1:8080\nListen 8080\n` }), []);
      assert.deepStrictEqual(where('duplicate-listen', { 'httpd.conf': `${EVENT}Listen 443\n<IfModule mod_gnutls.c>\nListen 443\n</IfModule>\n` }), []);
    });

    it('removes the duplicate line', () => {
      const r = run('duplicate-listen', { 'httpd.conf': `${EVENT}Listen 80\nListen 80\nListen 443\n` });
      assert.deepStrictEqual(applyFix(r, 'Remove the duplicate Listen'), { 'httpd.conf': `${EVENT}Listen 80\nListen 443\n` });
    });
  });

  describe('duplicate-vhost-servername', () => {
    const vhost = (addr: string, name: string) => `<VirtualHost ${addr}>\n    ServerName ${name}\n</VirtualHost>\n`;

    it('warns on the second host with the same name and address, across files', () => {
      const files = { 'httpd.conf': `${EVENT}Include sites/*.conf\n`, 'sites/a.conf': vhost('*:80', 'www.example.com'), 'sites/b.conf': vhost('*:80', 'WWW.example.com:80') };
      assert.deepStrictEqual(where('duplicate-vhost-servername', files), ['sites/b.conf:1']);
      const f = run('duplicate-vhost-servername', files).found[0];
      assert.match(f.message, /ServerName www\.example\.com on \*:80 is already used at sites\/a\.conf:1/);
      assert.strictEqual(f.related?.[0].file.endsWith('sites/a.conf'), true);
    });

    it('is silent for other names, other addresses, and hosts without ServerName', () => {
      assert.deepStrictEqual(where('duplicate-vhost-servername', { 'httpd.conf': EVENT + vhost('*:80', 'a.example') + vhost('*:80', 'b.example') }), []);
      assert.deepStrictEqual(where('duplicate-vhost-servername', { 'httpd.conf': EVENT + vhost('*:80', 'a.example') + vhost('*:443', 'a.example') }), []);
      assert.deepStrictEqual(where('duplicate-vhost-servername', { 'httpd.conf': `${EVENT}<VirtualHost *:80>\n</VirtualHost>\n<VirtualHost *:80>\n</VirtualHost>\n` }), []);
    });

    it("takes the host's last ServerName, inside conditional sections too, never one of a nested section", () => {
      const host = (body: string) => `<VirtualHost *:80>\n${body}</VirtualHost>\n`;
      const conditional = host('    ServerName a.example\n    <IfModule mpm_event_module>\n        ServerName b.example\n    </IfModule>\n    <Location /x>\n        ServerName c.example\n    </Location>\n');
      assert.deepStrictEqual(where('duplicate-vhost-servername', { 'httpd.conf': EVENT + vhost('*:80', 'b.example') + conditional }), ['httpd.conf:' + (EVENT.split('\n').length + 3)]);
      assert.deepStrictEqual(where('duplicate-vhost-servername', { 'httpd.conf': EVENT + vhost('*:80', 'a.example') + conditional }), []);
      assert.deepStrictEqual(where('duplicate-vhost-servername', { 'httpd.conf': EVENT + vhost('*:80', 'c.example') + conditional }), []);
      // A false conditional section's ServerName does not count: the one before it does.
      const inactive = host('    ServerName a.example\n    <IfModule mod_nothing.c>\n        ServerName b.example\n    </IfModule>\n');
      assert.deepStrictEqual(where('duplicate-vhost-servername', { 'httpd.conf': EVENT + vhost('*:80', 'a.example') + inactive }), ['httpd.conf:' + (EVENT.split('\n').length + 3)]);
    });
  });

  describe('directive-overridden', () => {
    it('notes the earlier of two single-value settings at server level, across included files', () => {
      const files = { 'httpd.conf': `${EVENT}KeepAliveTimeout 5\nTimeout 60\nInclude extra.conf\n`, 'extra.conf': 'KeepAliveTimeout 10\n' };
      assert.deepStrictEqual(where('directive-overridden', files), ['httpd.conf:3']);
      const f = run('directive-overridden', files).found[0];
      assert.match(f.message, /KeepAliveTimeout is set again at extra\.conf:1, and httpd keeps the later value/);
      assert.deepStrictEqual(f.tags, ['unnecessary']);
      assert.deepStrictEqual(f.related?.map((x) => x.line + 1), [1]);
    });

    it('compares within one section: twice in a vhost counts, vhost against server does not', () => {
      const files = { 'httpd.conf': `${EVENT}ServerName a\n<VirtualHost *:80>\n    ServerName b\n    DocumentRoot /x\n    <IfModule mod_ssl.c>\n    </IfModule>\n    DocumentRoot /y\n</VirtualHost>\n` };
      assert.deepStrictEqual(where('directive-overridden', files), ['httpd.conf:6']);
    });

    it('leaves out directives whose repeats add up, multi-value ones and inactive lines', () => {
      const files = { 'httpd.conf': `${server('event', 'ssl', 'log_config')}Include a.conf\nInclude b.conf\nSSLCertificateFile /r.pem\nSSLCertificateFile /e.pem\nTransferLog /a\nTransferLog /b\nAddType text/x a\nAddType text/x b\n<IfDefine NO>\nTimeout 5\n</IfDefine>\nTimeout 6\n`, 'a.conf': '', 'b.conf': '' };
      assert.deepStrictEqual(where('directive-overridden', files), []);
    });

    it('in a lone .htaccess, does not compare the two branches of an IfModule pair', () => {
      const pair = '<IfModule mod_rewrite.c>\nRewriteEngine On\n</IfModule>\n<IfModule !mod_rewrite.c>\nRewriteEngine Off\n</IfModule>\n';
      assert.deepStrictEqual(where('directive-overridden', { 'www/.htaccess': pair }, {}, 'www/.htaccess'), []);
      assert.deepStrictEqual(where('directive-overridden', { 'www/.htaccess': 'RewriteEngine On\nRewriteEngine Off\n' }, {}, 'www/.htaccess'), ['www/.htaccess:1']);
    });
  });
});
