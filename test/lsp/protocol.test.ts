import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CompletionItem, CompletionList, Diagnostic, Hover, Location, TextEdit } from 'vscode-languageserver-protocol';
import { repoRoot } from '../helpers/files';
import { TestClient } from './client';

const FLAGSHIP = 'prefork-keepalive-timeout';

function copyExample(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-lsp-'));
  fs.cpSync(path.join(repoRoot, 'examples', 'debian-prefork-php'), dir, { recursive: true, verbatimSymlinks: true });
  return dir;
}

const hasFlagship = (d: Diagnostic[]): boolean => d.some((x) => x.code === FLAGSHIP);

describe('language server over stdio', function () {
  this.timeout(30000);
  let client: TestClient;
  let root: string;
  let main: string;
  let text: string;

  before(async function () {
    if (!fs.existsSync(path.join(repoRoot, 'dist', 'server.js'))) throw new Error('dist/server.js missing: run npm run build first');
    root = copyExample();
    main = path.join(root, 'apache2.conf');
    text = fs.readFileSync(main, 'utf8');
    client = new TestClient();
    const init = (await client.initialize(root)) as { capabilities: Record<string, unknown> };
    assert.ok(init.capabilities.hoverProvider);
    await client.open(main, text);
  });

  after(async () => {
    await client?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('publishes the flagship warning on the KeepAliveTimeout line of a Debian tree', async () => {
    const diagnostics = await client.diagnosticsFor(main, hasFlagship);
    const flagship = diagnostics.find((d) => d.code === FLAGSHIP)!;
    assert.strictEqual(flagship.severity, 2);
    assert.strictEqual(flagship.source, 'httpd-lint');
    assert.deepStrictEqual(flagship.range, { start: { line: 110, character: 17 }, end: { line: 110, character: 19 } });
    // The message says the problem and the way out; where prefork and mod_php are loaded is related information.
    const related = (flagship.relatedInformation ?? []).map((r) => `${r.location.uri.replace(/^.*\/(mods-enabled\/)/, '$1')}:${r.location.range.start.line + 1}`);
    assert.deepStrictEqual(related, ['mods-enabled/mpm_prefork.load:2', 'mods-enabled/php8.2.load:3']);
    assert.ok(String(flagship.message).length <= 160);
    assert.match(flagship.codeDescription!.href, /docs\/rules\/prefork-keepalive-timeout\.md$/);
    assert.deepStrictEqual(diagnostics.filter((d) => d.severity === 1), [], 'no errors in the stock Debian tree');
  });

  it('explains KeepAliveTimeout on hover with the effective values and where they were set', async () => {
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: client.uri(main) }, position: { line: 110, character: 3 } });
    const value = (hover.contents as { value: string }).value;
    assert.match(value, /\*\*KeepAliveTimeout\*\*/);
    assert.match(value, /KeepAliveTimeout num\[ms\]/);
    assert.match(value, /Effective server-wide: KeepAlive `On` \(\[`apache2\.conf:98`\]\(file:[^)]*#L98\)\) · KeepAliveTimeout `15` \(\[`apache2\.conf:111`\]\(file:[^)]*#L111\)\)/);
    // The capacity model's headline numbers for the example's 150 prefork workers (docs/capacity.md).
    assert.match(value, /Capacity: the 150 workers fill at ~9\.6 new visitors\/s with this timeout, ~57 with 2 s/);
  });

  it('offers both quick fixes, and applying the preferred one clears the warning', async () => {
    const diagnostics = await client.diagnosticsFor(main, hasFlagship);
    const flagship = diagnostics.find((d) => d.code === FLAGSHIP)!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: client.uri(main) },
      range: flagship.range,
      context: { diagnostics: [flagship] },
    });
    // The rule's fixes first, then the suppression comments (editor-actions.test.ts applies those).
    assert.deepStrictEqual(actions.map((a) => [a.title, !!a.isPreferred]), [['Set KeepAliveTimeout to 2', true], ['Turn KeepAlive Off', false], [`Disable ${FLAGSHIP} for this line`, false], [`Disable ${FLAGSHIP} for this file`, false]]);
    const edits = actions[0].edit!.changes![client.uri(main)] as TextEdit[];
    const fixed = TextDocument.applyEdits(TextDocument.create(client.uri(main), 'apacheconf', 1, text), edits);
    assert.strictEqual(fixed, text.replace('KeepAliveTimeout 15', 'KeepAliveTimeout 2'));
    await client.change(main, fixed);
    const after = await client.diagnosticsFor(main, (d) => !hasFlagship(d));
    assert.ok(!hasFlagship(after));
    await client.change(main, text);
    await client.diagnosticsFor(main, hasFlagship);
  });

  it('re-analyses the main file when an included file changes (mod_php disabled in its .load file)', async () => {
    const load = path.join(root, 'mods-enabled', 'php8.2.load');
    const loadText = fs.readFileSync(load, 'utf8');
    await client.open(load, loadText);
    await client.diagnosticsFor(load);
    await client.change(load, loadText.replace(/^LoadModule/m, '#LoadModule'));
    await client.diagnosticsFor(main, (d) => !hasFlagship(d));
    await client.change(load, loadText);
    await client.diagnosticsFor(main, hasFlagship);
  });

  it('reports errors in an included file and clears them when fixed', async () => {
    const ports = path.join(root, 'ports.conf');
    const portsText = fs.readFileSync(ports, 'utf8');
    await client.open(ports, portsText);
    assert.deepStrictEqual((await client.diagnosticsFor(ports)).filter((d) => d.severity === 1), []);
    await client.change(ports, portsText.replace('Listen 80', 'Listen 80\nListne 8080'));
    const broken = await client.diagnosticsFor(ports, (d) => d.some((x) => x.code === 'unknown-directive'));
    assert.match(String(broken.find((d) => d.code === 'unknown-directive')!.message), /^Invalid command 'Listne'/);
    await client.change(ports, portsText);
    await client.diagnosticsFor(ports, (d) => !d.some((x) => x.severity === 1));
  });

  it('analyses a site that is not enabled in the context of its tree', async () => {
    const site = path.join(root, 'sites-available', 'default-ssl.conf');
    await client.open(site, fs.readFileSync(site, 'utf8'));
    const diagnostics = await client.diagnosticsFor(site);
    assert.ok(diagnostics.some((d) => d.code === 'module-not-loaded' && /SSLEngine/.test(String(d.message))), JSON.stringify(diagnostics.map((d) => d.message)));
  });

  it('completes directives valid in a <Directory> and ranks loaded modules first', async () => {
    const site = path.join(root, 'sites-enabled', '000-default.conf');
    const siteText = '<Directory /var/www/html>\n    \n</Directory>\n';
    await client.open(site, siteText);
    const list = await client.request<CompletionItem[] | CompletionList>('textDocument/completion', { textDocument: { uri: client.uri(site) }, position: { line: 1, character: 4 } });
    const items = Array.isArray(list) ? list : list.items;
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('Require'));
    assert.ok(labels.includes('Options'));
    assert.ok(!labels.includes('Listen'), 'Listen is not valid inside <Directory>');
    const key = (i: CompletionItem): string => (i.sortText ?? i.label).toLowerCase();
    const sorted = [...items].sort((a, b) => (key(a) < key(b) ? -1 : 1));
    const rewrite = sorted.findIndex((i) => i.label === 'RewriteRule');
    assert.ok(rewrite === -1 || sorted.findIndex((i) => i.label === 'Require') < rewrite, 'loaded authz_core before unloaded rewrite');
  });

  it('goes to the files of an Include and reports the server profile', async () => {
    const locations = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: client.uri(main) }, position: { line: 149, character: 10 } });
    assert.deepStrictEqual(locations.map((l) => path.basename(l.uri)), ['ports.conf']);
    const profile = await client.request<{ label: string; mpm: string; languageModules: string[]; sections: { title: string }[] }>('apache/serverProfile', { uri: client.uri(main) });
    assert.strictEqual(profile.label, 'Apache · prefork · mod_php');
    assert.strictEqual(profile.mpm, 'prefork');
    assert.ok(profile.sections.some((s) => s.title === 'Keep-alive and timeouts'));
  });
});
