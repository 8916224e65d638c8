// Selection ranges, range and on-type formatting, and inlay hints over stdio.

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { InlayHint, SelectionRange, TextEdit } from 'vscode-languageserver-protocol';
import { repoRoot } from '../helpers/files';
import { TestClient } from './client';

const MESSY = [
  'ServerName editing.test',
  '<VirtualHost *:80>',
  'DocumentRoot /srv/www',
  '      <Directory /srv/www>   ',
  '  Options -Indexes +FollowSymLinks',
  '        <IfModule dir_module>',
  '   DirectoryIndex index.html index.php',
  '</IfModule>',
  '     </Directory>',
  '\t',
  'KeepAliveTimeout 500ms',
  '</VirtualHost>',
  '',
].join('\n');

const HINTS = [
  'Define DOCROOT /srv/first',
  'DocumentRoot ${DOCROOT}/html',
  'Define DOCROOT /srv/second',
  'Alias /x ${DOCROOT}',
  'KeepAliveTimeout 1500ms',
  'TimeOut 2min',
  'ServerAdmin one@example.test',
  'ServerAdmin two@example.test',
  '',
].join('\n');

describe('selection ranges, range and on-type formatting, inlay hints over stdio', function () {
  this.timeout(30000);
  let client: TestClient;
  let dir: string;
  let messy: string;
  let hints: string;
  const options = { tabSize: 4, insertSpaces: true };

  before(async function () {
    if (!fs.existsSync(path.join(repoRoot, 'dist', 'server.js'))) throw new Error('dist/server.js missing: run npm run build first');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-lsp-editing-'));
    messy = path.join(dir, 'messy.conf');
    hints = path.join(dir, 'hints.conf');
    fs.writeFileSync(messy, MESSY);
    fs.writeFileSync(hints, HINTS);
    client = new TestClient();
    const init = (await client.initialize(dir, { workspace: { inlayHint: { refreshSupport: true } } })) as { capabilities: Record<string, unknown> };
    assert.ok(init.capabilities.selectionRangeProvider);
    assert.ok(init.capabilities.documentRangeFormattingProvider);
    assert.deepStrictEqual(init.capabilities.documentOnTypeFormattingProvider, { firstTriggerCharacter: '>', moreTriggerCharacter: ['\n'] });
    assert.ok(init.capabilities.inlayHintProvider);
    await client.open(messy, MESSY);
    await client.open(hints, HINTS);
  });

  after(async () => {
    await client?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const doc = (text: string): TextDocument => TextDocument.create('file:///x', 'apacheconf', 1, text);

  it('expands from a word to its arguments, its line, the section body, the section and the enclosing sections', async () => {
    const [chain] = await client.request<SelectionRange[]>('textDocument/selectionRange', { textDocument: { uri: client.uri(messy) }, positions: [{ line: 6, character: 20 }] });
    const d = doc(MESSY);
    const texts: string[] = [];
    for (let r: SelectionRange | undefined = chain; r; r = r.parent) texts.push(d.getText(r.range));
    assert.deepStrictEqual(texts.slice(0, 4), ['index.html', 'index.html index.php', 'DirectoryIndex index.html index.php', '<IfModule dir_module>\n   DirectoryIndex index.html index.php\n</IfModule>']);
    // The <Directory> body, then the whole <Directory>, then the virtual host's body and the host.
    assert.ok(texts[4].startsWith('Options -Indexes') && texts[4].endsWith('</IfModule>'));
    assert.ok(texts[5].startsWith('<Directory /srv/www>') && texts[5].endsWith('</Directory>'));
    assert.ok(texts[6].startsWith('DocumentRoot') && texts[6].endsWith('KeepAliveTimeout 500ms'));
    assert.strictEqual(texts[7], MESSY.slice(MESSY.indexOf('<VirtualHost'), MESSY.indexOf('</VirtualHost>') + '</VirtualHost>'.length));
    assert.strictEqual(texts.length, 8);
    // Each range contains the one before it.
    for (let i = 1; i < texts.length; i++) assert.ok(texts[i].includes(texts[i - 1]) && texts[i].length > texts[i - 1].length);
  });

  it('range formatting equals whole-document formatting on the lines of the range, and leaves every other line alone', async () => {
    const full = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: client.uri(messy) }, options });
    const fullLines = TextDocument.applyEdits(doc(MESSY), full).split('\n');
    const original = MESSY.split('\n');
    assert.notDeepStrictEqual(fullLines, original);
    for (let first = 0; first < original.length - 1; first++) {
      for (const last of [first, Math.min(first + 2, original.length - 2), original.length - 2]) {
        const range = { start: { line: first, character: 1 }, end: { line: last, character: original[last].length } };
        const edits = await client.request<TextEdit[]>('textDocument/rangeFormatting', { textDocument: { uri: client.uri(messy) }, range, options });
        const lines = TextDocument.applyEdits(doc(MESSY), edits).split('\n');
        assert.strictEqual(lines.length, original.length);
        lines.forEach((line, i) => assert.strictEqual(line, i >= first && i <= last ? fullLines[i] : original[i], `range ${first}-${last}, line ${i}`));
      }
    }
  });

  it('typing the > of a closing tag re-indents it; a newline indents the new line to its depth', async () => {
    const closing = await client.request<TextEdit[]>('textDocument/onTypeFormatting', { textDocument: { uri: client.uri(messy) }, position: { line: 8, character: 17 }, ch: '>', options });
    assert.deepStrictEqual(closing, [{ range: { start: { line: 8, character: 0 }, end: { line: 8, character: 5 } }, newText: '    ' }]);
    // A > that closes no tag: nothing.
    assert.deepStrictEqual(await client.request<TextEdit[]>('textDocument/onTypeFormatting', { textDocument: { uri: client.uri(messy) }, position: { line: 3, character: 26 }, ch: '>', options }), []);
    // Enter after "<IfModule dir_module>": the line typed re-indents, the new blank line gets depth 3.
    const typed = MESSY.replace('        <IfModule dir_module>\n', '        <IfModule dir_module>\n  \n');
    await client.change(messy, typed);
    const newline = await client.request<TextEdit[]>('textDocument/onTypeFormatting', { textDocument: { uri: client.uri(messy) }, position: { line: 6, character: 2 }, ch: '\n', options });
    const after = TextDocument.applyEdits(doc(typed), newline).split('\n');
    assert.strictEqual(after[5], '        <IfModule dir_module>');
    assert.strictEqual(after[6], '            ');
    await client.change(messy, MESSY);
  });

  it('inlay hints: the value of ${VAR} from the Define in force at that line, and durations in seconds', async () => {
    const list = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: client.uri(hints) }, range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } } });
    const shown = list.map((h) => `${h.position.line}:${h.position.character} ${h.label as string}`);
    assert.deepStrictEqual(shown, ['1:23 = /srv/first', '3:19 = /srv/second', '4:23 = 1.5 s', '5:12 = 2 s']);
    // TimeOut reads a plain number: the tooltip says the unit is dropped.
    assert.match(String(list[3].tooltip), /ignores the unit/);
    // Off by default: the value that overrides the first ServerAdmin.
    assert.ok(!list.some((h) => String(h.label).includes('two@')));
  });

  it('inlay hints: the overriding value, when apache.inlayHints.overridden is on; variables and durations can be turned off', async () => {
    const refreshes = client.inlayHintRefreshes;
    client.settings = { inlayHints: { overridden: true, variables: false, durations: false } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    // The hints an editor shows were computed under the old settings: the server asks for new ones.
    await client.until('workspace/inlayHint/refresh', () => client.inlayHintRefreshes > refreshes);
    const range = { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } };
    let shown: string[] = [];
    for (let i = 0; i < 50; i++) {
      const list = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: client.uri(hints) }, range });
      shown = list.map((h) => `${h.position.line}:${h.position.character} ${h.label as string}`);
      if (shown.some((s) => s.includes('two@'))) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepStrictEqual(shown, ['6:28 → two@example.test']);
    client.settings = {};
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  });
});
