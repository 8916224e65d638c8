// Messages, hovers, fixes and completion as a client sees them over the protocol: one error per
// missing module with a Load fix that creates Debian's mods-enabled files, one error per wrong
// closing tag with its fix, Markdown that keeps configuration text literal, and a completion
// payload of labels and kinds with documentation on resolve.

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CodeAction, CompletionItem, CompletionList, CreateFile, Hover, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { repoRoot } from '../helpers/files';
import { httpdAvailable, httpdCheck, removeRunDir } from '../oracle/httpd';
import { TestClient } from './client';

const CAPABILITIES = {
  workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['create'] }, didChangeWatchedFiles: { dynamicRegistration: false } },
  textDocument: { completion: { completionItem: { snippetSupport: true }, completionList: { itemDefaults: ['editRange', 'data', 'insertTextFormat'] } } },
};

function copyExample(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-readable-'));
  fs.cpSync(path.join(repoRoot, 'examples', 'debian-prefork-php'), dir, { recursive: true, verbatimSymlinks: true });
  return dir;
}

const VHOSTS = [1, 2, 3]
  .map((i) => `<VirtualHost *:80>\n    ServerName site${i}.example\n    RewriteEngine On\n    RewriteRule ^/old /new [R=301,L]\n</VirtualHost>\n`)
  .join('');

describe('readable messages, hovers, fixes and completion over the protocol', function () {
  this.timeout(60000);
  let client: TestClient;
  let root: string;
  let main: string;

  before(async () => {
    if (!fs.existsSync(path.join(repoRoot, 'dist', 'server.js'))) throw new Error('dist/server.js missing: run npm run build first');
    root = copyExample();
    main = path.join(root, 'apache2.conf');
    fs.writeFileSync(path.join(root, 'sites-available', 'rewrites.conf'), VHOSTS);
    fs.symlinkSync('../sites-available/rewrites.conf', path.join(root, 'sites-enabled', 'rewrites.conf'));
    client = new TestClient();
    await client.initialize(root, CAPABILITIES);
    await client.open(main, fs.readFileSync(main, 'utf8'));
  });

  after(async () => {
    await client?.stop();
    removeRunDir();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('a missing module gives one error at its first use, with the other uses related and as hints', async () => {
    const site = path.join(root, 'sites-enabled', 'rewrites.conf');
    await client.open(site, VHOSTS);
    const diagnostics = await client.diagnosticsFor(site, (d) => d.some((x) => x.code === 'module-not-loaded'));
    const ours = diagnostics.filter((d) => d.code === 'module-not-loaded');
    const errors = ours.filter((d) => d.severity === 1);
    assert.strictEqual(errors.length, 1, JSON.stringify(ours.map((d) => [d.severity, d.message])));
    assert.deepStrictEqual(errors[0].range.start, { line: 2, character: 4 });
    assert.strictEqual(errors[0].message, "Invalid command 'RewriteEngine': mod_rewrite is not loaded (6 uses). Enable it with a2enmod rewrite.");
    assert.strictEqual(errors[0].relatedInformation?.length, 5);
    assert.deepStrictEqual(ours.filter((d) => d.severity === 4).length, 5);
  });

  it('"Load mod_rewrite" creates mods-enabled/rewrite.load as a2enmod would, and httpd then accepts the tree', async () => {
    const site = path.join(root, 'sites-enabled', 'rewrites.conf');
    const error = (await client.diagnosticsFor(site)).find((d) => d.code === 'module-not-loaded' && d.severity === 1)!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: client.uri(site) }, range: error.range, context: { diagnostics: [error] } });
    const titles = actions.map((a) => `${a.isPreferred ? '*' : ''}${a.title}`);
    assert.deepStrictEqual(titles.slice(0, 2), [
      '*Load mod_rewrite: create mods-enabled/rewrite.load (what a2enmod rewrite does; restart httpd after)',
      'Wrap in <IfModule rewrite_module> (hides the directive while the module is missing)',
    ]);
    const changes = actions[0].edit!.documentChanges!;
    const created = path.join(root, 'mods-enabled', 'rewrite.load');
    assert.deepStrictEqual(changes[0], { kind: 'create', uri: client.uri(created), options: { ignoreIfExists: true } } satisfies CreateFile);
    const content = ((changes[1] as TextDocumentEdit).edits[0] as { newText: string }).newText;
    assert.strictEqual(content, fs.readFileSync(path.join(root, 'mods-available', 'rewrite.load'), 'utf8'));
    if (httpdAvailable()) assert.ok(!(await httpdCheck(root, main)).ok, 'httpd refuses the tree before the fix');
    // Apply it as the editor does: create the file, then tell the server.
    fs.writeFileSync(created, content);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri(created), type: 1 }] });
    await client.diagnosticsFor(site, (d) => !d.some((x) => x.code === 'module-not-loaded'));
    if (httpdAvailable()) {
      const verdict = await httpdCheck(root, main);
      assert.ok(verdict.ok, verdict.messages.join(' | '));
    }
  });

  it('one wrong closing tag: one error, and "Change to </Directory>" fixes it', async () => {
    const file = path.join(root, 'conf-enabled', 'wrong-close.conf');
    const text = '<Directory /var/www/html>\n    Require all granted\n</Location>\n<VirtualHost *:8080>\n    ServerName x.example\n</VirtualHost>\n';
    fs.writeFileSync(file, text);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri(file), type: 1 }] });
    await client.open(file, text);
    const diagnostics = await client.diagnosticsFor(file, (d) => d.some((x) => x.code === 'section-mismatch'));
    assert.deepStrictEqual(diagnostics.filter((d) => d.severity === 1).map((d) => `${d.code}@${d.range.start.line + 1}`), ['section-mismatch@3']);
    const mismatch = diagnostics.find((d) => d.code === 'section-mismatch')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: client.uri(file) }, range: mismatch.range, context: { diagnostics: [mismatch] } });
    assert.strictEqual(actions[0].title, 'Change to </Directory>');
    assert.ok(actions[0].isPreferred);
    const edit = actions[0].edit!.changes![client.uri(file)][0];
    assert.deepStrictEqual(edit, { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 11 } }, newText: '</Directory>' });
  });

  it('hover keeps configuration text literal: a ${X} value stays in its code span, no command links', async () => {
    const file = path.join(root, 'conf-enabled', 'hostile.conf');
    const text = 'Define X "a`b`` <img src=x> [l](command:workbench.action.terminal.new)"\nServerAdmin ${X}\n';
    fs.writeFileSync(file, text);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri(file), type: 1 }] });
    await client.open(file, text);
    await client.diagnosticsFor(file);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: client.uri(file) }, position: { line: 1, character: 14 } });
    const value = (hover.contents as { value: string }).value;
    assert.ok(value.startsWith('`${X}` = ```a`b`` <img src=x> [l](command:workbench.action.terminal.new)``` (Define at ['), value);
    assert.ok(!/\]\(command:/.test(value.replace(/```[^`][\s\S]*?```/, '')), 'the only command text is inside the code span');
  });

  it('completion on an empty line: labels and kinds under 50 KB, documentation on resolve, likely directives first', async () => {
    const text = fs.readFileSync(main, 'utf8');
    const line = text.split('\n').findIndex((l) => l.trim() === '');
    const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: client.uri(main) }, position: { line, character: 0 } });
    const bytes = Buffer.byteLength(JSON.stringify(list));
    console.log(`      empty line: ${list.items.length} items, ${(bytes / 1024).toFixed(1)} KB`);
    assert.ok(list.items.length > 150, `the directives of loaded modules and the sections (${list.items.length})`);
    assert.ok(list.isIncomplete, 'the rest comes as the user types');
    assert.ok(bytes < 50 * 1024, `${bytes} bytes`);
    assert.ok(list.items.every((i) => i.documentation === undefined), 'documentation is resolved on demand');
    assert.ok(list.itemDefaults?.editRange);
    const listen = list.items.find((i) => i.label === 'Listen')!;
    assert.strictEqual(listen.sortText, '0', 'Listen is likely at server level');
    assert.strictEqual(list.items.find((i) => i.label === 'AcceptFilter')!.sortText, undefined, 'the commonest rank sorts by label');
    assert.ok(!list.items.some((i) => i.label === 'Header'), 'mod_headers is not loaded in this tree');
    assert.ok(!list.items.some((i) => i.label === '<Else>' || i.label === '<ElseIf>'), 'no <Else> without <If>');
    const resolved = await client.request<CompletionItem>('completionItem/resolve', { ...listen, data: list.itemDefaults?.data });
    assert.strictEqual(resolved.detail, 'Listen [IP-address:]portnumber [protocol]');
    assert.match((resolved.documentation as { value: string }).value, /port/);
  });

  it('typing a prefix brings the directives of modules that are not loaded, ranked after the loaded ones', async () => {
    const file = path.join(root, 'conf-enabled', 'typed.conf');
    await client.open(file, 'Head');
    const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: client.uri(file) }, position: { line: 0, character: 4 } });
    const labels = list.items.map((i) => i.label);
    assert.ok(labels.includes('Header') && labels.includes('RequestHeader') && labels.includes('HeaderName'), labels.join(','));
    assert.ok(!labels.includes('Listen'), 'Listen lacks the letters h, e, a, d in order');
    assert.strictEqual(list.isIncomplete, false);
    const header = list.items.find((i) => i.label === 'Header')!;
    assert.ok((header.sortText ?? header.label) > (list.items.find((i) => i.label === 'HeaderName')!.sortText ?? 'HeaderName'), 'not loaded after loaded');
    const resolved = await client.request<CompletionItem>('completionItem/resolve', { ...header, data: list.itemDefaults?.data });
    assert.match(resolved.detail!, /mod_headers not loaded/);
  });

  it('completion offers <Else>/<ElseIf> right after an <If>, and the <Directory> favourites first', async () => {
    const file = path.join(root, 'conf-enabled', 'cond.conf');
    const text = '<Directory /var/www/html>\n    <If "%{HTTPS} == \'on\'">\n        Require all granted\n    </If>\n    \n</Directory>\n';
    fs.writeFileSync(file, text);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri(file), type: 1 }] });
    await client.open(file, text);
    const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: client.uri(file) }, position: { line: 4, character: 4 } });
    const labels = list.items.map((i) => i.label);
    assert.ok(labels.includes('<Else>') && labels.includes('<ElseIf>'));
    assert.strictEqual(list.items.find((i) => i.label === 'Require')!.sortText, '0');
    assert.strictEqual(list.items.find((i) => i.label === '<Else>')!.sortText, '0');
    const before = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: client.uri(file) }, position: { line: 2, character: 8 } });
    assert.ok(!before.items.some((i) => i.label === '<Else>'), 'not inside the <If> itself');
  });

  it('completion in a 5,600-line file stays under 50 KB', async () => {
    const file = path.join(root, 'sites-available', 'big.conf');
    const block = (i: number) => `<VirtualHost *:80>\n    ServerName big${i}.example\n    DocumentRoot /var/www/html\n    <Directory /var/www/html>\n        Require all granted\n    </Directory>\n</VirtualHost>\n`;
    const text = Array.from({ length: 800 }, (_, i) => block(i)).join('') + '\n';
    assert.ok(text.split('\n').length >= 5600);
    await client.open(file, text);
    const started = Date.now();
    const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: client.uri(file) }, position: { line: 5600, character: 0 } });
    const bytes = Buffer.byteLength(JSON.stringify(list));
    console.log(`      5,600-line file: ${list.items.length} items, ${(bytes / 1024).toFixed(1)} KB in ${Date.now() - started} ms`);
    assert.ok(list.items.length > 150, String(list.items.length));
    assert.ok(bytes < 50 * 1024, `${bytes} bytes`);
  });
});
