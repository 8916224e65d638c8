import * as assert from 'assert';
import { buildModel, memoryFileSystem } from '../../../server/src/model';
import { declaredFileView, traceRequest, type TraceOptions } from '../../../server/src/simulate';

function model(conf: string) {
  return buildModel({ mainFile: '/srv/httpd.conf', fs: memoryFileSystem({ '/srv/httpd.conf': conf }) });
}

const MODULES = ['mpm_prefork', 'authz_core', 'authz_host', 'mime', 'dir', 'alias', 'headers', 'access_compat', 'proxy', 'proxy_http']
  .map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`)
  .join('\n');

const CONF = `${MODULES}
Listen 80
ServerName main.test
DocumentRoot /www/main
<Directory />
  Require all denied
</Directory>
<Directory /www>
  Require all granted
  AllowOverride AuthConfig
</Directory>
<VirtualHost *:80>
  ServerName a.test
  ServerAlias *.a.test
  DocumentRoot /www/a
  Redirect /old http://elsewhere.test/new
  Alias /pics /www/pics
  ProxyPass /app/static !
  ProxyPass /app http://127.0.0.1:9000/app
  <Location /private>
    Require ip 10.0.0.0/8
  </Location>
</VirtualHost>
<VirtualHost *:80>
  ServerName b.test
  DocumentRoot /www/b
</VirtualHost>
`;

const files: TraceOptions = {
  files: declaredFileView({
    '/www/a/index.html': 'a',
    '/www/a/private/x.txt': 'x',
    '/www/a/sub/': null,
    '/www/b/b.txt': 'b',
    '/www/pics/p.png': 'p',
    '/www/a/locked/.htaccess': 'Options +Indexes\n',
  }),
};

describe('simulate: traceRequest', () => {
  const m = model(CONF);
  it('has the documented shape', () => {
    const r = traceRequest(m, { url: 'http://a.test/' }, files);
    assert.strictEqual(r.version, 1);
    assert.deepStrictEqual(Object.keys(r).sort(), ['effective', 'outcome', 'request', 'rewrite', 'sections', 'steps', 'unknown', 'version', 'vhost']);
    assert.strictEqual(r.request.host, 'a.test');
    assert.strictEqual(r.request.port, 80);
  });
  it('chooses virtual hosts by name, alias wildcard, and the first as default', () => {
    assert.strictEqual(traceRequest(m, { url: 'http://b.test/b.txt' }, files).vhost?.serverName, 'b.test');
    assert.strictEqual(traceRequest(m, { url: 'http://x.a.test/' }, files).vhost?.serverName, 'a.test');
    const other = traceRequest(m, { url: 'http://nobody.test/' }, files);
    assert.strictEqual(other.vhost?.serverName, 'a.test');
    assert.strictEqual(other.vhost?.default, true);
  });
  it('serves the DirectoryIndex and static files', () => {
    const r = traceRequest(m, { url: 'http://a.test/' }, files);
    assert.strictEqual(r.outcome.status, 200);
    assert.strictEqual(r.outcome.file, '/www/a/index.html');
    assert.strictEqual(r.outcome.contentType === null || r.outcome.contentType === 'text/html', true);
    assert.deepStrictEqual(r.sections.map((s) => s.argument), ['/', '/www']);
  });
  it('redirects a directory without slash and answers 404 for missing files', () => {
    const r = traceRequest(m, { url: 'http://a.test/sub?q=1' }, files);
    assert.strictEqual(r.outcome.status, 301);
    assert.strictEqual(r.outcome.location, 'http://a.test/sub/?q=1');
    assert.strictEqual(traceRequest(m, { url: 'http://a.test/nope.html' }, files).outcome.status, 404);
  });
  it('maps Redirect, Alias and ProxyPass with exclusions', () => {
    const red = traceRequest(m, { url: 'http://a.test/old/page?x=1' }, files);
    assert.deepStrictEqual([red.outcome.status, red.outcome.location], [302, 'http://elsewhere.test/new/page?x=1']);
    assert.strictEqual(traceRequest(m, { url: 'http://a.test/pics/p.png' }, files).outcome.file, '/www/pics/p.png');
    const proxied = traceRequest(m, { url: 'http://a.test/app/x' }, files);
    assert.deepStrictEqual([proxied.outcome.handler, proxied.outcome.backend], ['proxy', 'http://127.0.0.1:9000/app/x']);
    assert.strictEqual(traceRequest(m, { url: 'http://a.test/app/static/y' }, files).outcome.handler, 'not-found');
  });
  it('checks Require for the client address', () => {
    assert.strictEqual(traceRequest(m, { url: 'http://a.test/private/x.txt' }, files).outcome.status, 403);
    assert.strictEqual(traceRequest(m, { url: 'http://a.test/private/x.txt', clientAddress: '10.1.2.3' }, files).outcome.status, 200);
  });
  it('refuses a .htaccess directive its override class does not allow', () => {
    const r = traceRequest(m, { url: 'http://a.test/locked/' }, files);
    assert.strictEqual(r.outcome.status, 500);
    assert.ok(r.steps.some((s) => /Options not allowed here/.test(s.message)));
  });
  it('never throws on odd input', () => {
    for (const url of ['', '::', 'http://', '/%', '/../../etc/passwd', 'http://[::1]:x/', '/a'.repeat(5000)]) {
      const r = traceRequest(m, { url, method: '' }, files);
      assert.strictEqual(r.version, 1);
    }
  });
});
