// Protocol hygiene over stdio: the server answers in what the client declared it can show
// (plain text without Markdown, plain insert texts without snippets), registers file watchers for
// the trees' folders when the client allows dynamic registration, follows workspace folder
// changes, and serves pull diagnostics to a client that asks for them.

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CompletionItem, CompletionList, Diagnostic, DocumentDiagnosticReport, Hover, MarkupContent, WorkspaceDiagnosticReport } from 'vscode-languageserver-protocol';
import { TestClient } from './client';

const MAIN = 'LoadModule mpm_prefork_module modules/mod_mpm_prefork.so\nKeepAliveTimeout 5\nIncludeOptional sites/*.conf\n';
const SITE = '<VirtualHost *:80>\n  ServerName a.example\n</VirtualHost>\n';

function tree(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.mkdirSync(path.join(dir, 'sites'));
  fs.writeFileSync(path.join(dir, 'httpd.conf'), MAIN);
  fs.writeFileSync(path.join(dir, 'sites', 'a.conf'), SITE);
  return dir;
}

describe('client capabilities and protocol hygiene over the protocol', function () {
  this.timeout(60000);
  const dirs: string[] = [];
  let client: TestClient | undefined;
  afterEach(async () => {
    await client?.stop();
    client = undefined;
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('a client without Markdown or snippets gets plain text hovers and plain insert texts', async () => {
    const dir = tree('httpd-lsp-minimal-');
    dirs.push(dir);
    client = new TestClient();
    await client.initialize(dir, {}, [], { minimal: true });
    const main = path.join(dir, 'httpd.conf');
    await client.open(main, `${MAIN}<Virt`);
    await client.diagnosticsFor(main);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: client.uri(main) }, position: { line: 1, character: 3 } });
    const contents = hover.contents as MarkupContent;
    assert.strictEqual(contents.kind, 'plaintext');
    assert.match(contents.value, /KeepAliveTimeout/);
    assert.doesNotMatch(contents.value, /\\[*_.`]|\*\*|\]\(/, 'no Markdown escapes, emphasis or links are left');
    const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: client.uri(main) }, position: { line: 3, character: 5 } });
    const section = list.items.find((i) => i.label === '<VirtualHost>');
    assert.ok(section, 'the section is offered');
    assert.notStrictEqual(section.insertTextFormat, 2, 'not a snippet');
    const inserted = section.textEdit && 'newText' in section.textEdit ? section.textEdit.newText : section.insertText ?? '';
    assert.match(inserted, /^<VirtualHost [^\n]*>\n[\s\S]*<\/VirtualHost>$/);
    assert.doesNotMatch(inserted, /\$\{?\d/, 'no tab stops or placeholders');
  });

  it('a typical client keeps Markdown and snippets', async () => {
    const dir = tree('httpd-lsp-typical-');
    dirs.push(dir);
    client = new TestClient();
    await client.initialize(dir);
    const main = path.join(dir, 'httpd.conf');
    await client.open(main, `${MAIN}<Virt`);
    await client.diagnosticsFor(main);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: client.uri(main) }, position: { line: 1, character: 3 } });
    assert.strictEqual((hover.contents as MarkupContent).kind, 'markdown');
    const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: client.uri(main) }, position: { line: 3, character: 5 } });
    const section = list.items.find((i: CompletionItem) => i.label === '<VirtualHost>');
    assert.strictEqual(section?.insertTextFormat, 2);
  });

  it('registers file watchers for the workspace and every folder of the tree, and re-reads on the events', async () => {
    const dir = tree('httpd-lsp-watch-');
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-lsp-watch-out-'));
    dirs.push(dir, outside);
    fs.writeFileSync(path.join(dir, 'httpd.conf'), `${MAIN}IncludeOptional ${outside}/*.conf\n`);
    fs.writeFileSync(path.join(outside, 'x.conf'), 'ServerAdmin root@localhost\n');
    client = new TestClient();
    client.settings = { diagnostics: { debounceMs: 0 } };
    await client.initialize(dir, { workspace: { didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true } } });
    const main = path.join(dir, 'httpd.conf');
    await client.open(main, fs.readFileSync(main, 'utf8'));
    const watchers = await client.until('a watcher registration', () => {
      const r = [...client!.registrations.values()].find((x) => x.method === 'workspace/didChangeWatchedFiles');
      return r ? (r.registerOptions as { watchers: { globPattern: { baseUri: string; pattern: string } }[] }).watchers : undefined;
    });
    const patterns = watchers.map((w) => `${w.globPattern.baseUri} ${w.globPattern.pattern}`);
    assert.ok(patterns.includes(`${client.uri(dir)} **/*.conf`), patterns.join('\n'));
    assert.ok(patterns.includes(`${client.uri(path.join(dir, 'sites'))} *`), 'the tree folder in the workspace');
    assert.ok(patterns.includes(`${client.uri(outside)} *`), 'the tree folder outside the workspace');
    // A file appears in the outside folder; the client reports it and the tree reads it.
    fs.writeFileSync(path.join(outside, 'y.conf'), 'KeepAliveTimeout 30\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri(path.join(outside, 'y.conf')), type: 1 }] });
    await client.until('the new file in the tree', () => (client!.treeFiles.includes(client!.uri(path.join(outside, 'y.conf'))) ? true : undefined));
  });

  it('registers the watchers of the trees it analyses at start, before the settings arrive', async () => {
    const dir = tree('httpd-lsp-watch-start-');
    dirs.push(dir);
    client = new TestClient();
    client.settings = { diagnostics: { debounceMs: 0 } };
    // The editor holds its answer to the settings request until the watchers are registered.
    let answerSettings: () => void = () => undefined;
    const settingsAsked = new Promise<void>((resolve) => {
      client!.connection.onRequest('workspace/configuration', async (p: { items: unknown[] }) => {
        resolve();
        await new Promise<void>((release) => (answerSettings = release));
        return p.items.map(() => client!.settings);
      });
    });
    await client.initialize(dir, { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true } } });
    await settingsAsked;
    const watchers = await client.until('a watcher registration with the settings unanswered', () => {
      const r = [...client!.registrations.values()].find((x) => x.method === 'workspace/didChangeWatchedFiles');
      return r ? (r.registerOptions as { watchers: { globPattern: { baseUri: string; pattern: string } }[] }).watchers : undefined;
    });
    assert.ok(watchers.some((w) => w.globPattern.baseUri === client!.uri(path.join(dir, 'sites')) && w.globPattern.pattern === '*'), 'the tree folder');
    answerSettings();
    const main = path.join(dir, 'httpd.conf');
    await client.open(main, `${MAIN}KeepAliveTimeout\n`);
    const diagnostics = await client.diagnosticsFor(main, (d) => d.length > 0);
    assert.ok(diagnostics.some((d) => d.range.start.line === 3), JSON.stringify(diagnostics));
  });

  it('with watchers, keeps the disk it read until an event, and reads a file again after its event while typing goes on elsewhere', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-lsp-watch-read-'));
    dirs.push(dir);
    fs.mkdirSync(path.join(dir, 'sites'));
    const defs = path.join(dir, 'defs.conf');
    const site = path.join(dir, 'sites', 'a.conf');
    fs.writeFileSync(path.join(dir, 'httpd.conf'), 'LoadModule mpm_prefork_module modules/mod_mpm_prefork.so\nInclude defs.conf\nIncludeOptional sites/*.conf\n');
    fs.writeFileSync(defs, 'Define NAME a\n');
    const text = '<VirtualHost *:80>\n  ServerName ${NAME}.example\n</VirtualHost>\n';
    fs.writeFileSync(site, text);
    // Files changed within the last two seconds are always asked again: let these age.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2100);
    client = new TestClient();
    client.settings = { diagnostics: { debounceMs: 0 } };
    await client.initialize(dir, { workspace: { didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true } } });
    await client.open(site, text);
    await client.until('a watcher registration', () => [...client!.registrations.values()].some((x) => x.method === 'workspace/didChangeWatchedFiles') || undefined);
    const undefinedName = (d: Diagnostic[]) => d.some((x) => String(x.message).includes('${NAME} is not defined'));
    for (const typed of ['K', 'Ke', 'Kee']) {
      await client.change(site, `${text}${typed}\n`);
      assert.ok(!undefinedName(await client.diagnosticsFor(site)), 'the Define is read');
    }
    fs.writeFileSync(defs, '# no Define any more\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri(defs), type: 2 }] });
    await client.change(site, `${text}Keep\n`);
    await client.diagnosticsFor(site, undefinedName);
  });

  it('follows workspace folders added and removed', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-lsp-folders-'));
    const dir = tree('httpd-lsp-folders-b-');
    dirs.push(empty, dir);
    client = new TestClient();
    client.settings = { diagnostics: { debounceMs: 0 } };
    const init = (await client.initialize(empty, { workspace: { workspaceFolders: true } })) as { capabilities: { workspace?: { workspaceFolders?: { changeNotifications?: boolean } } } };
    assert.strictEqual(init.capabilities.workspace?.workspaceFolders?.changeNotifications, true);
    await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: client.uri(dir), name: 'b' }], removed: [] } });
    const mainUri = client.uri(path.join(dir, 'httpd.conf'));
    await client.until('the added folder\'s tree', () => (client!.treeFiles.includes(mainUri) ? true : undefined));
    await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [{ uri: client.uri(dir), name: 'b' }] } });
    await client.until('the removed folder\'s tree gone', () => (client!.treeFiles.includes(mainUri) ? undefined : true));
  });

  it('serves pull diagnostics (document and workspace) to a client that pulls, and pushes nothing', async () => {
    const dir = tree('httpd-lsp-pull-');
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, 'sites', 'a.conf'), `${SITE}NoSuchDirective on\n`);
    client = new TestClient();
    client.settings = { diagnostics: { debounceMs: 0, scope: 'tree' } };
    const init = (await client.initialize(dir, { textDocument: { diagnostic: {} }, workspace: { diagnostics: { refreshSupport: true } } }, [], { initializationOptions: { diagnosticsModel: 'pull' } })) as {
      capabilities: { diagnosticProvider?: { workspaceDiagnostics: boolean } };
    };
    assert.strictEqual(init.capabilities.diagnosticProvider?.workspaceDiagnostics, true);
    const main = path.join(dir, 'httpd.conf');
    const uri = client.uri(main);
    await client.open(main, MAIN);
    const first = await client.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
    assert.strictEqual(first.kind, 'full');
    const again = await client.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri }, previousResultId: first.resultId });
    assert.strictEqual(again.kind, 'unchanged', 'the same list is not sent twice');
    await client.change(main, `${MAIN}Options Bogus\n`);
    const edited = await client.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri }, previousResultId: first.resultId });
    assert.ok(edited.kind === 'full' && edited.items.some((d) => d.code === 'options-syntax' && d.range.start.line === 3));
    const workspace = await client.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
    const site = workspace.items.find((r) => r.uri === client!.uri(path.join(dir, 'sites', 'a.conf')));
    assert.ok(site?.kind === 'full' && site.items.some((d) => d.code === 'unknown-directive'), 'an unopened file of the tree');
    assert.ok(!workspace.items.some((r) => r.uri === uri), 'open documents are pulled one by one');
    await client.until('a refresh request after the edit', () => (client!.diagnosticRefreshes > 0 ? true : undefined));
    assert.strictEqual(client.publishCount(main), 0, 'nothing is pushed to a pulling client');
  });
});
