// apache.diagnostics.scope over the protocol: "tree" publishes every file of the tree once and
// again only when its diagnostics change; back to "openFiles" clears the files nobody opened.

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TestClient } from './client';

describe('diagnostics scope over the protocol', () => {
  let dir: string;
  let client: TestClient;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-lsp-scope-'));
    fs.mkdirSync(path.join(dir, 'sites'));
    fs.writeFileSync(path.join(dir, 'httpd.conf'), 'LoadModule mpm_event_module modules/mod_mpm_event.so\nTraceEnable Off\nIncludeOptional sites/*.conf\n');
    fs.writeFileSync(path.join(dir, 'sites', 'a.conf'), '<VirtualHost *:80>\n  ServerName a.example\n  NoSuchDirective on\n</VirtualHost>\n');
    fs.writeFileSync(path.join(dir, 'sites', 'b.conf'), '<VirtualHost *:80>\n  ServerName b.example\n</VirtualHost>\n');
  });
  after(async () => {
    await client?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('publishes unopened files once, re-publishes only changed ones, and clears them when the scope returns to open files', async () => {
    client = new TestClient();
    client.settings = { diagnostics: { scope: 'tree', debounceMs: 0 } };
    await client.initialize(dir);
    const a = path.join(dir, 'sites', 'a.conf');
    const b = path.join(dir, 'sites', 'b.conf');
    const main = path.join(dir, 'httpd.conf');
    const onA = await client.diagnosticsFor(a, (d) => d.some((x) => x.code === 'unknown-directive'));
    assert.strictEqual(onA[0].range.start.line, 2);
    assert.deepStrictEqual(await client.diagnosticsFor(b), [], 'a clean file of the tree gets its empty list');
    await client.diagnosticsFor(main);
    const countA = client.publishCount(a);
    // Typing in b: its own diagnostics follow, a's do not change and are not sent again.
    const text = fs.readFileSync(b, 'utf8');
    await client.open(b, text);
    await client.change(b, text.replace('ServerName', 'ServerNmae'));
    await client.diagnosticsFor(b, (d) => d.some((x) => x.code === 'unknown-directive'));
    await client.change(b, text.replace('ServerName b.example', 'ServerName b.example\n  Options Bogus'));
    await client.diagnosticsFor(b, (d) => d.some((x) => x.code === 'options-syntax'));
    assert.strictEqual(client.publishCount(a), countA, 'unchanged diagnostics of an unopened file are not re-published');
    // Back to open files: the unopened files are cleared, the open one keeps its list.
    client.settings = { diagnostics: { scope: 'openFiles', debounceMs: 0 } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    assert.deepStrictEqual(await client.diagnosticsFor(a, (d) => d.length === 0), []);
    assert.strictEqual(client.publishCount(a), countA + 1);
    assert.ok((await client.diagnosticsFor(b)).some((x) => x.code === 'options-syntax'));
  });

  it('sends an open file its list again only when the list changes (an edit elsewhere may change it)', async () => {
    const other = new TestClient();
    try {
      other.settings = { diagnostics: { debounceMs: 0 } };
      await other.initialize(dir);
      const a = path.join(dir, 'sites', 'a.conf');
      const b = path.join(dir, 'sites', 'b.conf');
      const textA = '<VirtualHost *:80>\n  ServerName a.example\n  ExpiresActive On\n</VirtualHost>\n';
      const textB = fs.readFileSync(b, 'utf8');
      await other.open(a, textA);
      const first = await other.diagnosticsFor(a, (d) => d.some((x) => x.code === 'module-not-loaded'));
      await other.open(b, textB);
      await other.diagnosticsFor(b);
      const countA = other.publishCount(a);
      await other.change(b, textB.replace('ServerName b.example', 'ServerName b.example\n  Options Bogus'));
      await other.diagnosticsFor(b, (d) => d.some((x) => x.code === 'options-syntax'));
      assert.strictEqual(other.publishCount(a), countA, "a's list did not change: not sent again");
      // The missing module's error sits on its first use (in a) and counts the uses of the tree.
      await other.change(b, textB.replace('ServerName b.example', 'ServerName b.example\n  ExpiresActive On'));
      const counted = await other.diagnosticsFor(a, (d) => d.some((x) => String(x.message).includes('2 uses')));
      assert.strictEqual(other.publishCount(a), countA + 1, "a's list changed with b's edit: sent once");
      assert.notDeepStrictEqual(counted, first);
    } finally {
      await other.stop();
    }
  });

  it('is a setting of the extension, openFiles by default', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
    const setting = pkg.contributes.configuration.properties['apache.diagnostics.scope'];
    assert.deepStrictEqual([setting.default, setting.enum], ['openFiles', ['openFiles', 'tree']]);
  });
});
