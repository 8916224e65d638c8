// References, document highlight, rename (with prepareRename) and workspace symbols over stdio.

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentHighlight, Location, SymbolInformation, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { repoRoot } from '../helpers/files';
import { TestClient } from './client';

const MAIN = [
  'Define DOCS /srv/www',
  '<IfDefine DOCS>',
  '    DocumentRoot ${DOCS}',
  '</IfDefine>',
  'RewriteMap lower int:tolower',
  'ErrorLog ${APACHE_LOG_DIR}/error.log',
  'Include sites/*.conf',
  '',
].join('\n');
const SITE = [
  '<VirtualHost *:80>',
  '    ServerName www.example.com',
  '    DocumentRoot ${DOCS}/site',
  '    RewriteRule ^/(.*) /${lower:$1} [PT]',
  '    Alias /static /srv/static/',
  '    <Directory /srv/static>',
  '        Require all granted',
  '    </Directory>',
  '</VirtualHost>',
  '',
].join('\n');

/** Position of the n-th character of `needle` in a text. */
function pos(text: string, needle: string, delta = 1): { line: number; character: number } {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, needle);
  const before = text.slice(0, at + delta).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

describe('references, highlight, rename and workspace symbols over stdio', function () {
  this.timeout(30000);
  let client: TestClient;
  let root: string;
  let main: string;
  let site: string;

  before(async function () {
    if (!fs.existsSync(path.join(repoRoot, 'dist', 'server.js'))) throw new Error('dist/server.js missing: run npm run build first');
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-lsp-refs-'));
    fs.mkdirSync(path.join(root, 'sites'));
    main = path.join(root, 'apache2.conf');
    site = path.join(root, 'sites', 'a.conf');
    fs.writeFileSync(main, MAIN);
    fs.writeFileSync(site, SITE);
    fs.writeFileSync(path.join(root, 'envvars'), 'export APACHE_LOG_DIR=/var/log/apache2\n');
    client = new TestClient();
    const init = (await client.initialize(root, { textDocument: { rename: { prepareSupport: true } } })) as { capabilities: Record<string, unknown> };
    assert.strictEqual(init.capabilities.referencesProvider, true);
    assert.strictEqual(init.capabilities.documentHighlightProvider, true);
    assert.deepStrictEqual(init.capabilities.renameProvider, { prepareProvider: true });
    assert.strictEqual(init.capabilities.workspaceSymbolProvider, true);
    await client.open(site, SITE);
    await client.diagnosticsFor(site);
  });

  after(async () => {
    await client?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  const rel = (uri: string): string => path.relative(root, new URL(uri).pathname);

  it('lists the references of a ${VAR} across the tree, with and without its Define', async () => {
    const request = (includeDeclaration: boolean) =>
      client.request<Location[]>('textDocument/references', { textDocument: { uri: client.uri(site) }, position: pos(SITE, '${DOCS}', 3), context: { includeDeclaration } });
    const all = await request(true);
    assert.deepStrictEqual(all.map((l) => `${rel(l.uri)}:${l.range.start.line}:${l.range.start.character}-${l.range.end.character}`), [
      'apache2.conf:0:7-11',
      'apache2.conf:1:10-14',
      'apache2.conf:2:19-23',
      'sites/a.conf:2:19-23',
    ]);
    assert.strictEqual((await request(false)).length, 3);
  });

  it('highlights the RewriteMap lookup in its file; its references include the map', async () => {
    const highlights = await client.request<DocumentHighlight[]>('textDocument/documentHighlight', { textDocument: { uri: client.uri(site) }, position: pos(SITE, 'lower:') });
    assert.deepStrictEqual(highlights.map((h) => [h.range.start.line, h.range.start.character, h.kind]), [[3, 26, 2]]);
    const refs = await client.request<Location[]>('textDocument/references', { textDocument: { uri: client.uri(site) }, position: pos(SITE, 'lower:'), context: { includeDeclaration: true } });
    assert.deepStrictEqual(refs.map((l) => `${rel(l.uri)}:${l.range.start.line}`), ['apache2.conf:4', 'sites/a.conf:3']);
  });

  it('prepares a rename with the name\'s range, and refuses a name from envvars saying why', async () => {
    const ok = await client.request<{ range: { start: { character: number }; end: { character: number } }; placeholder: string }>('textDocument/prepareRename', {
      textDocument: { uri: client.uri(site) },
      position: pos(SITE, 'www.example'),
    });
    assert.strictEqual(ok.placeholder, 'www.example.com');
    await client.open(main, MAIN);
    await assert.rejects(
      client.request('textDocument/prepareRename', { textDocument: { uri: client.uri(main) }, position: pos(MAIN, 'APACHE_LOG_DIR', 2) }),
      (e: Error) => /APACHE_LOG_DIR is set in envvars:1/.test(e.message),
    );
    const none = await client.request('textDocument/prepareRename', { textDocument: { uri: client.uri(site) }, position: pos(SITE, 'Require', 2) });
    assert.strictEqual(none, null);
  });

  it('renames a Define over every file of the tree, open or not', async () => {
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: client.uri(site) }, position: pos(SITE, '${DOCS}', 3), newName: 'WWW' });
    const changes = edit.changes!;
    assert.deepStrictEqual(Object.keys(changes).map(rel).sort(), ['apache2.conf', 'sites/a.conf']);
    const apply = (text: string, edits: TextEdit[]): string => TextDocument.applyEdits(TextDocument.create('x', 'apacheconf', 1, text), edits);
    assert.strictEqual(apply(MAIN, changes[client.uri(main)]), MAIN.replaceAll('DOCS', 'WWW'));
    assert.strictEqual(apply(SITE, changes[client.uri(site)]), SITE.replace('${DOCS}', '${WWW}'));
    await assert.rejects(
      client.request('textDocument/rename', { textDocument: { uri: client.uri(site) }, position: pos(SITE, '${DOCS}', 3), newName: 'no good' }),
      /not a valid Define name/,
    );
  });

  it('renames an Alias target together with its <Directory>', async () => {
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: client.uri(site) }, position: pos(SITE, '<Directory /srv', 13), newName: '/srv/assets' });
    const after = TextDocument.applyEdits(TextDocument.create('x', 'apacheconf', 1, SITE), edit.changes![client.uri(site)]);
    assert.strictEqual(after, SITE.replace('/srv/static/', '/srv/assets/').replace('<Directory /srv/static>', '<Directory /srv/assets>'));
  });

  it('finds virtual hosts, sections and Defines of the workspace by a loose query', async () => {
    const search = async (query: string) =>
      (await client.request<SymbolInformation[]>('workspace/symbol', { query })).map((s) => `${s.kind} ${s.name} | ${s.containerName ?? ''} @ ${rel(s.location.uri)}:${s.location.range.start.line}`);
    // The vhost first, then the sections inside it (their container names it).
    assert.deepStrictEqual(await search('www.example'), ['3 www.example.com | <VirtualHost *:80> @ sites/a.conf:0', '4 <Directory /srv/static> | www.example.com @ sites/a.conf:5']);
    assert.deepStrictEqual(await search('*:80'), ['3 www.example.com | <VirtualHost *:80> @ sites/a.conf:0']);
    assert.deepStrictEqual(await search('dirsrvstatic'), ['4 <Directory /srv/static> | www.example.com @ sites/a.conf:5']);
    assert.deepStrictEqual(await search('DOCS'), ['14 DOCS | /srv/www @ apache2.conf:0']);
  });
});
