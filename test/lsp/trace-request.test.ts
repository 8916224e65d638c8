// The custom request apache/traceRequest over stdio: the documented version-1 trace for a URL,
// with the main configuration named or found in the workspace.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot } from '../helpers/files';
import { TestClient } from './client';

interface Trace {
  version: number;
  request: { method: string; host: string; clientAddress: string };
  vhost: { serverName: string | null; file: string; line: number } | null;
  sections: { kind: string; file: string; line: number }[];
  outcome: { status: number; file: string | null; handler: string; location: string | null };
  steps: { phase: string; message: string; file: string | null; line: number | null }[];
  rewrite: unknown[];
  unknown: string[];
}

describe('apache/traceRequest over the protocol', function () {
  this.timeout(30000);
  let root: string;
  let main: string;
  let client: TestClient;

  before(async () => {
    if (!fs.existsSync(path.join(repoRoot, 'dist', 'server.js'))) throw new Error('dist/server.js missing: run npm run build first');
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-lsp-trace-'));
    fs.cpSync(path.join(repoRoot, 'examples', 'debian-prefork-php'), root, { recursive: true, verbatimSymlinks: true });
    main = path.join(root, 'apache2.conf');
    client = new TestClient();
    await client.initialize(root);
  });

  after(async () => {
    await client?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('traces a request through the discovered main configuration', async () => {
    const t = await client.request<Trace>('apache/traceRequest', { url: 'http://localhost/', method: 'GET', clientAddress: '198.51.100.4', exists: ['/var/www/html/index.html'] });
    assert.strictEqual(t.version, 1);
    assert.strictEqual(t.request.clientAddress, '198.51.100.4');
    assert.strictEqual(t.vhost?.file, path.join(root, 'sites-enabled', '000-default.conf'));
    assert.strictEqual(t.vhost?.line, 1);
    assert.deepStrictEqual(t.sections.map((s) => [s.kind, path.basename(s.file), s.line]), [['Directory', 'apache2.conf', 159], ['Directory', 'apache2.conf', 170]]);
    assert.strictEqual(t.outcome.status, 200);
    assert.strictEqual(t.outcome.file, '/var/www/html/index.html');
    assert.ok(t.steps.some((s) => s.phase === 'url-mapping' && s.file?.endsWith('000-default.conf') && s.line === 12));
  });

  it('takes the main configuration as a file URI and the method and headers given', async () => {
    const t = await client.request<Trace>('apache/traceRequest', { url: 'http://127.0.0.1/server-status', method: 'POST', headers: { Host: 'example.org' }, mainConfig: client.uri(main), exists: [] });
    assert.strictEqual(t.request.method, 'POST');
    assert.strictEqual(t.request.host, 'example.org');
    assert.notStrictEqual(t.outcome.status, 0);
  });

  it('explains why the RewriteRule named by `explain` did or did not apply', async () => {
    const conf = path.join(root, 'rewrite-explain.conf');
    fs.writeFileSync(conf, [
      'LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so',
      'LoadModule rewrite_module /usr/lib/apache2/modules/mod_rewrite.so',
      'Listen 80',
      `DocumentRoot ${root}/www`,
      'RewriteEngine On',
      'RewriteCond %{QUERY_STRING} ^lang=(de|fr)$',
      'RewriteRule ^/docs/(.*)$ /%1/docs/$1 [L]',
      '',
    ].join('\n'));
    type Explained = Trace & { explain?: { file: string; line: number; text: string } };
    const failed = await client.request<Explained>('apache/traceRequest', { url: 'http://localhost/docs/a?lang=it', mainConfig: conf, exists: [], explain: { uri: client.uri(conf), line: 7 } });
    assert.deepStrictEqual({ file: failed.explain?.file, line: failed.explain?.line }, { file: conf, line: 7 });
    assert.strictEqual(failed.explain?.text, "Pass 1: the pattern matched '/docs/a', but the condition at line 6 failed: 'lang=it' against ^lang=(de|fr)$.");
    const matched = await client.request<Explained>('apache/traceRequest', { url: 'http://localhost/docs/a?lang=fr', mainConfig: conf, exists: [], explain: { file: conf, line: 7 } });
    assert.match(matched.explain?.text ?? '', /^Pass 1: it matched '\/docs\/a' and produced \/fr\/docs\/a/);
    const plain = await client.request<Explained>('apache/traceRequest', { url: 'http://localhost/docs/a', mainConfig: conf, exists: [] });
    assert.strictEqual(plain.explain, undefined);
  });

  it('answers null without a URL', async () => {
    assert.strictEqual(await client.request('apache/traceRequest', { mainConfig: main }), null);
  });
});
