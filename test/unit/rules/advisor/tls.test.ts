import * as assert from 'assert';
import { enabledProtocols } from '../../../../server/src/rules/weak-tls-protocol';
import { weakFamilies } from '../../../../server/src/rules/weak-tls-ciphers';
import { applyFix, run, server, titles, where } from './harness';

const SSL = server('event', 'ssl');
const SSL_HEADERS = server('event', 'ssl', 'headers');

describe('advisor: TLS', () => {
  describe('weak-tls-protocol', () => {
    it('follows mod_ssl: +/- add and remove, a bare word replaces, all = TLSv1..TLSv1.3', () => {
      const on = (line: string) => [...enabledProtocols(line.split(' '))].sort();
      assert.deepStrictEqual(on('all -SSLv3'), ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
      assert.deepStrictEqual(on('all -SSLv3 -TLSv1 -TLSv1.1'), ['TLSv1.2', 'TLSv1.3']);
      assert.deepStrictEqual(on('-all +TLSv1.2'), ['TLSv1.2']);
      assert.deepStrictEqual(on('TLSv1 TLSv1.2'), ['TLSv1.2']);
      // SSLv2/SSLv3 are only accepted after "-" (httpd refuses "+SSLv3": invalid-arguments reports it).
      assert.deepStrictEqual(on('all -SSLv2 -SSLv3'), ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
    });

    it('warns on lines that leave SSLv3/TLSv1/TLSv1.1 on, server or vhost, in any file', () => {
      const files = { 'httpd.conf': `${SSL}SSLProtocol all -SSLv3\nInclude sites/*.conf\n`, 'sites/s.conf': '<VirtualHost *:443>\n    SSLProtocol +TLSv1.1 +TLSv1.2\n</VirtualHost>\n' };
      assert.deepStrictEqual(where('weak-tls-protocol', files), ['httpd.conf:4', 'sites/s.conf:2']);
      assert.match(run('weak-tls-protocol', files).found[0].message, /leaves TLSv1 and TLSv1\.1 enabled/);
    });

    it('is silent for TLS 1.2+ only and when SSLProtocol is unset', () => {
      for (const line of ['-all +TLSv1.2 +TLSv1.3', 'all -SSLv3 -TLSv1 -TLSv1.1', 'TLSv1.3', '-ALL +TLSV1.2']) {
        assert.deepStrictEqual(where('weak-tls-protocol', { 'httpd.conf': `${SSL}SSLProtocol ${line}\n` }), [], line);
      }
      assert.deepStrictEqual(where('weak-tls-protocol', { 'httpd.conf': SSL }), []);
    });

    it('replaces the arguments only', () => {
      const r = run('weak-tls-protocol', { 'httpd.conf': `${SSL}  SSLProtocol all -SSLv3   \n` });
      assert.deepStrictEqual(titles(r), [['Set SSLProtocol -all +TLSv1.2 +TLSv1.3', true]]);
      assert.deepStrictEqual(applyFix(r), { 'httpd.conf': `${SSL}  SSLProtocol -all +TLSv1.2 +TLSv1.3   \n` });
    });
  });

  describe('weak-tls-ciphers', () => {
    it('reads OpenSSL cipher strings', () => {
      assert.deepStrictEqual(weakFamilies('HIGH:RC4-SHA:DES-CBC3-SHA'), ['RC4', 'DES']);
      assert.deepStrictEqual(weakFamilies('HIGH:!aNULL:!MD5:!RC4'), []);
      assert.deepStrictEqual(weakFamilies('RC4:HIGH:!RC4'), [], '! removes for good, even after');
      assert.deepStrictEqual(weakFamilies('RC4-SHA:-RC4:HIGH'), [], '- removes what came before');
      assert.deepStrictEqual(weakFamilies('-RC4:RC4-SHA'), ['RC4'], '- does not stop a later addition');
      assert.deepStrictEqual(weakFamilies('HIGH:+3DES'), [], '+ only reorders');
      assert.deepStrictEqual(weakFamilies('ECDHE+AESGCM:ECDHE+CHACHA20'), []);
      assert.deepStrictEqual(weakFamilies('EXP-RC4-MD5:aNULL:eNULL'), ['RC4', 'MD5', 'EXPORT', 'NULL', 'anonymous']);
    });

    it('warns with the exclusions to add, and takes the last argument (protocol prefix)', () => {
      const files = { 'httpd.conf': `${SSL}SSLCipherSuite HIGH:RC4-SHA:DES-CBC3-SHA\nSSLCipherSuite TLSv1.3 TLS_AES_256_GCM_SHA384\n` };
      assert.deepStrictEqual(where('weak-tls-ciphers', files), ['httpd.conf:4']);
      assert.match(run('weak-tls-ciphers', files).found[0].message, /enables broken RC4, DES ciphers.*!RC4:!DES:!3DES/);
      assert.deepStrictEqual(where('weak-tls-ciphers', { 'httpd.conf': `${SSL}SSLCipherSuite HIGH:!aNULL\n` }), []);
    });
  });

  describe('hsts-missing', () => {
    const vhost = (extra: string) => `<VirtualHost *:443>\n    ServerName s.example\n    SSLEngine on\n${extra}</VirtualHost>\n`;

    it('notes an HTTPS virtual host without the header, in the file that defines it', () => {
      const files = { 'httpd.conf': `${SSL_HEADERS}Include sites/*.conf\n`, 'sites/s.conf': vhost('') };
      assert.deepStrictEqual(where('hsts-missing', files), ['sites/s.conf:1']);
      assert.strictEqual(run('hsts-missing', files).found[0].severity, 'information');
    });

    it('is silent with the header in the host (also in an IfModule or Location), at server level, or without SSL', () => {
      const hsts = 'Header always set Strict-Transport-Security "max-age=63072000"';
      assert.deepStrictEqual(where('hsts-missing', { 'httpd.conf': SSL_HEADERS + vhost(`    ${hsts}\n`) }), []);
      assert.deepStrictEqual(where('hsts-missing', { 'httpd.conf': SSL_HEADERS + vhost(`    <IfModule mod_headers.c>\n        ${hsts}\n    </IfModule>\n`) }), []);
      assert.deepStrictEqual(where('hsts-missing', { 'httpd.conf': SSL_HEADERS + vhost(`    <Location />\n        ${hsts}\n    </Location>\n`) }), []);
      assert.deepStrictEqual(where('hsts-missing', { 'httpd.conf': `${SSL_HEADERS}${hsts}\n${vhost('')}` }), []);
      assert.deepStrictEqual(where('hsts-missing', { 'httpd.conf': `${SSL_HEADERS}<VirtualHost *:80>\nServerName s.example\n</VirtualHost>\n` }), []);
    });

    it('finds the host of an SSLEngine on inside a conditional section or an included file, and no other host', () => {
      const plain = '<VirtualHost *:80>\n    ServerName p.example\n</VirtualHost>\n';
      const wrapped = '<VirtualHost *:443>\n    ServerName w.example\n    <IfModule ssl_module>\n        SSLEngine on\n    </IfModule>\n</VirtualHost>\n';
      const files = { 'httpd.conf': `${SSL_HEADERS}SSLEngine off\n${plain}${wrapped}<VirtualHost *:443>\n    ServerName i.example\n    Include tls.conf\n</VirtualHost>\n`, 'tls.conf': 'SSLEngine On\n' };
      const start = SSL_HEADERS.split('\n').length;
      assert.deepStrictEqual(where('hsts-missing', files), [`httpd.conf:${start + 4}`, `httpd.conf:${start + 10}`]);
      // An engine at server level makes no host an HTTPS host here.
      assert.deepStrictEqual(where('hsts-missing', { 'httpd.conf': `${SSL_HEADERS}SSLEngine on\n${plain}` }), []);
    });

    it('offers the header after SSLEngine on when mod_headers is loaded, not preferred; none without mod_headers', () => {
      const r = run('hsts-missing', { 'httpd.conf': SSL_HEADERS + vhost('') });
      assert.deepStrictEqual(titles(r), [['Add a Strict-Transport-Security header (two years)', false]]);
      assert.deepStrictEqual(applyFix(r), { 'httpd.conf': SSL_HEADERS + vhost('    Header always set Strict-Transport-Security "max-age=63072000"\n') });
      assert.deepStrictEqual(titles(run('hsts-missing', { 'httpd.conf': SSL + vhost('') })), []);
    });
  });
});
