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

describe('simulate: handlers, cost, effective configuration and the rewrite slot', () => {
  const conf = `${MODULES}
LoadModule php_module /usr/lib/apache2/modules/libphp8.2.so
LoadModule status_module /usr/lib/apache2/modules/mod_status.so
LoadModule auth_basic_module /usr/lib/apache2/modules/mod_auth_basic.so
LoadModule proxy_fcgi_module /usr/lib/apache2/modules/mod_proxy_fcgi.so
Listen 127.0.0.1:8080
DocumentRoot /www
KeepAliveTimeout 5
Options Indexes FollowSymLinks
ErrorDocument 404 "gone fishing"
<Directory />
  Require all granted
</Directory>
<Directory /www/app>
  Options -Indexes +ExecCGI
  Header set X-A 1
</Directory>
<FilesMatch "\\.php$">
  SetHandler application/x-httpd-php
</FilesMatch>
<Directory /www/fpm>
  <FilesMatch "\\.php$">
    SetHandler "proxy:unix:/run/php/php8.2-fpm.sock|fcgi://localhost"
  </FilesMatch>
</Directory>
<Location /server-status>
  SetHandler server-status
</Location>
<Location /admin>
  AuthType Basic
  AuthName admin
  Require valid-user
</Location>
<VirtualHost 127.0.0.1:8080>
  ServerName v.test
  KeepAliveTimeout 2
  <Location /api>
    ProxyPass http://127.0.0.1:9000/api
  </Location>
  <Proxy "*">
    Require all denied
  </Proxy>
</VirtualHost>
`;
  const m = model(conf);
  const files: TraceOptions = { files: declaredFileView({ '/www/app/index.php': '', '/www/fpm/x.php': '', '/www/admin/a.txt': '', '/www/s.txt': '' }) };
  it('names the handler and its cost: mod_php is heavy, PHP-FPM and static files light', () => {
    const php = traceRequest(m, { url: 'http://v.test:8080/app/index.php' }, files).outcome;
    assert.deepStrictEqual([php.handler, php.cost, php.file], ['php-module', 'heavy', '/www/app/index.php']);
    const fpm = traceRequest(m, { url: 'http://v.test:8080/fpm/x.php' }, files).outcome;
    assert.deepStrictEqual([fpm.handler, fpm.cost], ['php-fpm', 'light']);
    assert.match(fpm.backend ?? '', /fcgi:\/\/localhost/);
    const plain = traceRequest(m, { url: 'http://v.test:8080/s.txt' }, files).outcome;
    assert.deepStrictEqual([plain.handler, plain.cost, plain.contentType], ['static', 'light', 'text/plain']);
    assert.strictEqual(traceRequest(m, { url: 'http://v.test:8080/server-status' }, files).outcome.handler, 'server-status');
  });
  it('asks for a login where AuthType and valid-user apply, and shapes errors with ErrorDocument', () => {
    assert.strictEqual(traceRequest(m, { url: 'http://v.test:8080/admin/a.txt' }, files).outcome.status, 401);
    const missing = traceRequest(m, { url: 'http://v.test:8080/nope' }, files).outcome;
    assert.deepStrictEqual([missing.status, missing.handler, missing.errorDocument?.value], [404, 'error-document', 'gone fishing']);
  });
  it('proxies a Location with a one-argument ProxyPass and applies <Proxy> sections', () => {
    const r = traceRequest(m, { url: 'http://v.test:8080/api/x?y=1' }, files);
    assert.strictEqual(r.outcome.status, 403);
    assert.ok(r.sections.some((s) => s.kind === 'Proxy'));
  });
  it('computes the effective configuration with Options arithmetic and the vhost shadowing the server', () => {
    const r = traceRequest(m, { url: 'http://v.test:8080/app/index.php' }, files);
    const options = r.effective.find((e) => e.directive === 'Options');
    assert.strictEqual(options?.value, 'FollowSymLinks ExecCGI');
    assert.strictEqual(options?.shadows?.[0].value, 'Indexes FollowSymLinks');
    const keepAlive = r.effective.find((e) => e.directive === 'KeepAliveTimeout');
    assert.deepStrictEqual([keepAlive?.value, keepAlive?.shadows?.length], ['2', 1]);
    assert.ok(r.steps.some((s) => s.phase === 'connection' && /Listen 127.0.0.1:8080/.test(s.message) && s.line !== null));
  });
  it('calls the rewrite slot in server and directory context and follows its decisions', () => {
    const contexts: string[] = [];
    const redirected = traceRequest(m, { url: 'http://v.test:8080/old' }, {
      ...files,
      rewrite: (input) => {
        contexts.push(input.context);
        if (input.context === 'server' && input.uri === '/old') return { decision: { kind: 'uri', uri: '/s.txt' }, steps: [{ context: 'server', directory: null, pass: 1, file: 'h.conf', line: 3, pattern: '^/old$', input: '/old', matched: true, conditions: [], result: '/s.txt', flags: [], stop: null }] };
        return { decision: { kind: 'none' }, steps: [] };
      },
    });
    assert.strictEqual(redirected.outcome.file, '/www/s.txt');
    assert.deepStrictEqual(redirected.rewrite.map((s) => `${s.input} -> ${s.result}`), ['/old -> /s.txt']);
    assert.ok(contexts.includes('server'));
    const internal = traceRequest(m, { url: 'http://v.test:8080/s.txt' }, {
      ...files,
      rewrite: (input) => (input.context === 'server' && input.round === 0 ? { decision: { kind: 'redirect', status: 301, location: 'http://x.test/' }, steps: [] } : { decision: { kind: 'none' }, steps: [] }),
    });
    assert.deepStrictEqual([internal.outcome.status, internal.outcome.location, internal.outcome.handler], [301, 'http://x.test/', 'redirect']);
    const thrower = traceRequest(m, { url: 'http://v.test:8080/s.txt' }, { ...files, rewrite: () => { throw new Error('boom'); } });
    assert.strictEqual(thrower.outcome.status, 200);
    assert.ok(thrower.unknown.some((u) => /boom/.test(u)));
  });
});

describe('simulate: hostile configurations stay bounded', () => {
  it('survives a DirectoryIndex naming a directory, deep paths and many vhosts', () => {
    const vhosts = Array.from({ length: 3000 }, (_, i) => `<VirtualHost *:80>\nServerName h${i}.test\nDocumentRoot /www\n</VirtualHost>`).join('\n');
    const m = model(`${MODULES}\nDocumentRoot /www\nDirectoryIndex ./ sub/ /\n<Directory />\nRequire all granted\n</Directory>\n${vhosts}`);
    const files: TraceOptions = { files: declaredFileView({ '/www/sub/x': '' }) };
    const started = Date.now();
    const r = traceRequest(m, { url: 'http://h2999.test/' }, files);
    assert.strictEqual(r.vhost?.serverName, 'h2999.test');
    assert.strictEqual(r.outcome.status, 404);
    const deep = traceRequest(m, { url: 'http://h1.test/' + 'a/'.repeat(2000) }, files);
    assert.strictEqual(deep.outcome.status, 404);
    assert.ok(Date.now() - started < 10_000, 'bounded time');
  });
});

describe('simulate: <If> chains explained', () => {
  it('says what each <If>/<ElseIf> came to, and why an <Else> applied', () => {
    const m = model(`${MODULES}
Listen 80
ServerName main.test
DocumentRoot /www/main
<If "tolower(req('X-Forwarded-Proto')) == 'https'">
  Header always set X-Branch if
</If>
<ElseIf "-R '10.0.0.0/8'">
  Header always set X-Branch elseif
</ElseIf>
<Else>
  Header always set X-Branch else
</Else>
`);
    const said = (headers: Record<string, string>, client: string) =>
      traceRequest(m, { url: 'http://main.test/x', headers, clientAddress: client }).steps.filter((s) => s.phase === 'sections').map((s) => `${s.line}: ${s.message}`);
    assert.deepStrictEqual(said({ 'X-Forwarded-Proto': 'HTTPS' }, '127.0.0.1'), [
      "14: <If tolower(req('X-Forwarded-Proto')) == 'https'> is true",
      "null: 1 section(s) merged: <If tolower(req('X-Forwarded-Proto')) == 'https'>",
    ]);
    assert.deepStrictEqual(said({}, '10.1.2.3').slice(0, 2), ["14: <If tolower(req('X-Forwarded-Proto')) == 'https'> is false", "17: <ElseIf -R '10.0.0.0/8'> is true"]);
    assert.deepStrictEqual(said({}, '127.0.0.1').slice(0, 3), ["14: <If tolower(req('X-Forwarded-Proto')) == 'https'> is false", "17: <ElseIf -R '10.0.0.0/8'> is false", '20: <Else> applies: no condition of its chain held']);
  });
});
