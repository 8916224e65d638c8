// A rename leaves a configuration the real httpd still accepts: a small tree over several files
// is checked with `apache2 -t`, each kind of name is renamed through the language server
// (prepareRename, then rename), the WorkspaceEdit is written to disk, and httpd checks it again.

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { WorkspaceEdit } from 'vscode-languageserver-protocol';
import { repoRoot } from '../helpers/files';
import { TestClient } from '../lsp/client';
import { httpdAvailable, httpdCheck, removeRunDir } from './httpd';
import { MODULE_DIR } from './trees';

function files(root: string): Record<string, string> {
  return {
    'httpd.conf': [
      `ServerRoot ${root}`,
      ...['mpm_event', 'authz_core', 'alias', 'rewrite'].map((m) => `LoadModule ${m}_module ${MODULE_DIR}/mod_${m}.so`),
      'Listen 127.0.0.1:8080',
      `ErrorLog ${root}/error.log`,
      `Define SITE_ROOT ${root}/www`,
      '<IfDefine SITE_ROOT>',
      '    DocumentRoot "${SITE_ROOT}"',
      '</IfDefine>',
      'RewriteMap lower int:tolower',
      'Include sites/*.conf',
      '',
    ].join('\n'),
    'sites/one.conf': [
      '<VirtualHost *:8080>',
      '    ServerName one.example:8080',
      '    ServerAlias www.one.example',
      '    DocumentRoot ${SITE_ROOT}/one',
      '    RewriteEngine on',
      '    RewriteRule ^/(.*) /${lower:$1} [PT]',
      `    Alias /static ${root}/static/`,
      `    <Directory ${root}/static>`,
      '        Require all granted',
      '    </Directory>',
      '</VirtualHost>',
      '',
    ].join('\n'),
  };
}

function pos(text: string, needle: string, delta: number): { line: number; character: number } {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, needle);
  const before = text.slice(0, at + delta).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

describe('rename keeps the configuration valid for the real httpd', function () {
  this.timeout(120000);
  let root: string;
  let client: TestClient;

  before(async function () {
    if (!httpdAvailable()) this.skip();
    if (!fs.existsSync(path.join(repoRoot, 'dist', 'server.js'))) throw new Error('dist/server.js missing: run npm run build first');
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-oracle-rename-'));
    for (const [name, text] of Object.entries(files(root))) {
      fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      fs.writeFileSync(path.join(root, name), text);
    }
    for (const d of ['www', 'www/one', 'static']) fs.mkdirSync(path.join(root, d), { recursive: true });
    client = new TestClient();
    await client.initialize(root, { textDocument: { rename: { prepareSupport: true } } });
  });

  after(async () => {
    await client?.stop();
    removeRunDir();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  const main = (): string => path.join(root, 'httpd.conf');

  /** prepareRename then rename at the needle in `file`; writes the edits to disk (and to the open buffers). */
  async function rename(file: string, needle: string, delta: number, newName: string): Promise<string[]> {
    const full = path.join(root, file);
    const text = fs.readFileSync(full, 'utf8');
    const params = { textDocument: { uri: client.uri(full) }, position: pos(text, needle, delta) };
    const prepared = await client.request<{ placeholder: string } | null>('textDocument/prepareRename', params);
    assert.ok(prepared, `prepareRename at ${needle}`);
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { ...params, newName });
    const changed: string[] = [];
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) {
      const target = new URL(uri).pathname;
      const before = fs.readFileSync(target, 'utf8');
      const after = TextDocument.applyEdits(TextDocument.create(uri, 'apacheconf', 1, before), edits);
      fs.writeFileSync(target, after);
      await client.change(target, after);
      changed.push(path.relative(root, target));
    }
    return changed.sort();
  }

  it('accepts the tree before, and after renaming a Define, a host, a RewriteMap and an Alias target', async () => {
    const before = await httpdCheck(root, main());
    assert.ok(before.ok, `httpd rejects the tree before any rename: ${before.messages.join('\n')}`);
    for (const f of ['httpd.conf', 'sites/one.conf']) await client.open(path.join(root, f), fs.readFileSync(path.join(root, f), 'utf8'));

    assert.deepStrictEqual(await rename('sites/one.conf', '${SITE_ROOT}', 3, 'DOCROOT'), ['httpd.conf', 'sites/one.conf']);
    assert.deepStrictEqual(await rename('sites/one.conf', 'one.example:', 1, 'first.example'), ['sites/one.conf']);
    assert.deepStrictEqual(await rename('httpd.conf', 'RewriteMap lower', 12, 'down'), ['httpd.conf', 'sites/one.conf']);
    fs.mkdirSync(path.join(root, 'assets'));
    assert.deepStrictEqual(await rename('sites/one.conf', '<Directory ', 12, `${root}/assets`), ['sites/one.conf']);

    const site = fs.readFileSync(path.join(root, 'sites/one.conf'), 'utf8');
    assert.match(site, /DocumentRoot \$\{DOCROOT\}\/one/);
    assert.match(site, /ServerName first\.example:8080/);
    assert.match(site, /\/\$\{down:\$1\}/);
    assert.ok(site.includes(`Alias /static ${root}/assets/`) && site.includes(`<Directory ${root}/assets>`));
    const mainText = fs.readFileSync(main(), 'utf8');
    assert.match(mainText, /Define DOCROOT .*\n<IfDefine DOCROOT>\n {4}DocumentRoot "\$\{DOCROOT\}"/);
    assert.match(mainText, /RewriteMap down int:tolower/);

    const after = await httpdCheck(root, main());
    assert.ok(after.ok, `httpd rejects the tree after the renames: ${after.messages.join('\n')}`);
  });
});
