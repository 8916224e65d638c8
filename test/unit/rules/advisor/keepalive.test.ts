import * as assert from 'assert';
import { applyFix, run, server, textOf, titles, where } from './harness';

const EVENT = server('event');
const PREFORK = server('prefork');

describe('advisor: keep-alive and timeouts', () => {
  describe('maxkeepaliverequests-low', () => {
    it('warns on 1 to 10 at server level and in a virtual host from an included file', () => {
      const files = {
        'httpd.conf': `${EVENT}MaxKeepAliveRequests 5\nInclude sites/*.conf\n`,
        'sites/a.conf': '<VirtualHost *:80>\n    MaxKeepAliveRequests 1\n</VirtualHost>\n',
      };
      assert.deepStrictEqual(where('maxkeepaliverequests-low', files), ['httpd.conf:3', 'sites/a.conf:2']);
      const r = run('maxkeepaliverequests-low', files);
      assert.strictEqual(r.found[0].severity, 'warning');
      assert.match(r.found[1].message, /each connection closes after 1 request,/);
    });

    it('is silent for 0 (unlimited), the default, 11 and more, KeepAlive Off, and inactive lines', () => {
      for (const value of ['0', '11', '100', '500']) assert.deepStrictEqual(where('maxkeepaliverequests-low', { 'httpd.conf': `${EVENT}MaxKeepAliveRequests ${value}\n` }), [], value);
      assert.deepStrictEqual(where('maxkeepaliverequests-low', { 'httpd.conf': EVENT }), []);
      assert.deepStrictEqual(where('maxkeepaliverequests-low', { 'httpd.conf': `${EVENT}KeepAlive Off\nMaxKeepAliveRequests 5\n` }), []);
      assert.deepStrictEqual(where('maxkeepaliverequests-low', { 'httpd.conf': `${EVENT}<IfModule mpm_prefork_module>\nMaxKeepAliveRequests 5\n</IfModule>\n` }), []);
    });

    it('fixes the value only, keeping indentation and CRLF', () => {
      const r = run('maxkeepaliverequests-low', { 'httpd.conf': `${EVENT}<VirtualHost *:80>\r\n\tMaxKeepAliveRequests  3 \r\n</VirtualHost>\r\n` });
      assert.deepStrictEqual(titles(r), [['Set MaxKeepAliveRequests to 100', true]]);
      assert.deepStrictEqual(applyFix(r), { 'httpd.conf': textOf(r, 'httpd.conf').replace('MaxKeepAliveRequests  3 ', 'MaxKeepAliveRequests  100 ') });
    });
  });

  describe('timeout-high', () => {
    it('reports TimeOut of 300 s and more (any case of the name), server or virtual host', () => {
      const files = { 'httpd.conf': `${PREFORK}Timeout 300\n<VirtualHost *:80>\nTIMEOUT 1200\n</VirtualHost>\n` };
      assert.deepStrictEqual(where('timeout-high', files), ['httpd.conf:3', 'httpd.conf:5']);
      assert.strictEqual(run('timeout-high', files).found[0].severity, 'information');
    });

    it('is silent below 300 s and when unset (default 60)', () => {
      assert.deepStrictEqual(where('timeout-high', { 'httpd.conf': `${PREFORK}Timeout 299\n` }), []);
      assert.deepStrictEqual(where('timeout-high', { 'httpd.conf': PREFORK }), []);
    });

    it('sets 60 in the file that holds the line', () => {
      const r = run('timeout-high', { 'httpd.conf': `${PREFORK}Include extra.conf\n`, 'extra.conf': '# slow clients\nTimeOut 600\n' });
      assert.deepStrictEqual(applyFix(r, 'Set TimeOut to 60'), { 'extra.conf': '# slow clients\nTimeOut 60\n' });
    });
  });

  describe('keepalive-off-event', () => {
    it('notes KeepAlive Off on event only', () => {
      assert.deepStrictEqual(where('keepalive-off-event', { 'httpd.conf': `${EVENT}KeepAlive Off\n` }), ['httpd.conf:3']);
      assert.deepStrictEqual(where('keepalive-off-event', { 'httpd.conf': `${PREFORK}KeepAlive Off\n` }), []);
      assert.deepStrictEqual(where('keepalive-off-event', { 'httpd.conf': `${server('worker')}KeepAlive Off\n` }), []);
      assert.deepStrictEqual(where('keepalive-off-event', { 'httpd.conf': `${EVENT}KeepAlive On\n` }), []);
    });

    it('turns it On, touching only the value', () => {
      const r = run('keepalive-off-event', { 'httpd.conf': `${EVENT}  KeepAlive off\n` });
      assert.deepStrictEqual(applyFix(r, 'Turn KeepAlive On'), { 'httpd.conf': `${EVENT}  KeepAlive On\n` });
    });
  });
});
