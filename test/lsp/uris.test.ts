// Document URIs at the protocol edge: hostile ones must not cost other documents their
// diagnostics, and an editor's percent-encoding must still name the open buffer.

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { DocumentSymbol, Hover } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { repoRoot } from '../helpers/files';
import { TestClient } from './client';

const HOSTILE_URIS = [
  'file://fileserver/share/apache2.conf',
  'file:///etc/apache2/a%2Fb.conf',
  'file:///etc/apache2/%ZZ.conf',
  'file:///etc/apache2/%00.conf',
  'file:///%E0%A4%A.conf',
  'untitled:Untitled-1',
  'not a uri at all',
];

describe('language server: document URIs', function () {
  this.timeout(30000);
  let client: TestClient;
  let root: string;

  before(async function () {
    if (!fs.existsSync(path.join(repoRoot, 'dist', 'server.js'))) throw new Error('dist/server.js missing: run npm run build first');
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-lsp-uris-'));
    client = new TestClient();
    await client.initialize(root);
  });

  after(async () => {
    await client?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('keeps publishing diagnostics for good documents while hostile URIs are open', async () => {
    for (const uri of HOSTILE_URIS) await client.openUri(uri, 'Listne 80\n<Directory /x>\n');
    const good = path.join(root, 'good', 'httpd.conf');
    fs.mkdirSync(path.dirname(good));
    fs.writeFileSync(good, 'ServerName a\n');
    await client.open(good, 'Listne 80\n');
    const diagnostics = await client.diagnosticsFor(good, (d) => d.some((x) => x.code === 'unknown-directive'));
    assert.match(String(diagnostics.find((d) => d.code === 'unknown-directive')!.message), /Listne/);
    for (const uri of ['file://fileserver/share/apache2.conf', 'untitled:Untitled-1', 'not a uri at all']) {
      const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } });
      assert.strictEqual(hover, null, `${uri} names no local file: no tree to explain it with`);
    }
    for (const uri of HOSTILE_URIS) {
      // Text-only features still answer for them; tree features answer empty, never an error.
      const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
      assert.deepStrictEqual(symbols.map((s) => s.name), ['Listne', '<Directory /x>'], uri);
      await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } });
    }
    // An edit after the hostile documents were opened is still analysed.
    await client.change(good, 'ServerName a\n');
    await client.diagnosticsFor(good, (d) => !d.some((x) => x.code === 'unknown-directive'));
  });

  it('reads the unsaved buffer of a file whose path the editor percent-encodes (c++ (copy)/httpd.conf)', async () => {
    const file = path.join(root, 'c++ (copy)', 'httpd.conf');
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(file, 'ServerName on.disk\n');
    const uri = URI.file(file).toString(); // what VS Code sends
    assert.match(uri, /c%2B%2B%20%28copy%29/);
    await client.openUri(uri, 'ServerName in.buffer\nKeepAliveTimeout 5\nListne 80\n');
    const diagnostics = await client.diagnosticsForUri(uri, (d) => d.some((x) => x.code === 'unknown-directive'));
    assert.strictEqual(diagnostics.find((d) => d.code === 'unknown-directive')!.range.start.line, 2, 'diagnostics come from the buffer, not the disk');
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 3 } });
    assert.ok(hover, 'hover answers for the encoded URI');
    assert.match((hover!.contents as { value: string }).value, /KeepAliveTimeout/);
  });

  it('answers with the document URI as the editor sent it (definition targets, quick-fix edits)', async () => {
    const dir = path.join(root, 'sp ace+');
    fs.mkdirSync(path.join(dir, 'conf.d'), { recursive: true });
    const main = path.join(dir, 'httpd.conf');
    const inc = path.join(dir, 'conf.d', 'a b.conf');
    fs.writeFileSync(main, 'Include "conf.d/a b.conf"\n');
    fs.writeFileSync(inc, 'ServerName x\n');
    const mainUri = URI.file(main).toString();
    const incUri = URI.file(inc).toString();
    await client.openUri(incUri, 'ServerName x\n');
    await client.openUri(mainUri, `ServerRoot "${dir}"\nInclude "conf.d/a b.conf"\n`);
    await client.diagnosticsForUri(mainUri);
    const targets = await client.request<{ uri: string }[]>('textDocument/definition', { textDocument: { uri: mainUri }, position: { line: 1, character: 12 } });
    assert.deepStrictEqual(targets.map((t) => t.uri), [incUri]);
  });
});
