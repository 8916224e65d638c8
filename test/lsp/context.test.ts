// The editor side of the one context resolver, over stdio: symlinked Debian sites, a RHEL
// checkout with ServerRoot /etc/httpd, files read alone, .htaccess names, tree files listed
// for the language association, discovery updated by file events.

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { CompletionItem, CompletionList, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { spawnSync } from 'child_process';
import { repoRoot } from '../helpers/files';
import { debianLayout, rhelLayout, scratch, type Layout } from '../helpers/layouts';
import { TestClient } from './client';

interface Profile {
  label: string;
  analysedAs?: string;
  contextKind: string;
  pathMappings: { from: string; to: string; origin: string; where?: string }[];
}

function cliCodes(file: string, cwd: string): string[] {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'httpd-lint'), '--format', 'json', file], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH, HTTPD_LINT_NO_CACHE: '1' } });
  return (JSON.parse(r.stdout).diagnostics as { code: string; range: { start: { line: number } } }[]).map((d) => `${d.code}@${d.range.start.line}`).sort();
}

const itemsOf = (r: CompletionItem[] | CompletionList): CompletionItem[] => (Array.isArray(r) ? r : r.items);

const codes = (d: Diagnostic[]): string[] => d.filter((x) => x.severity !== 4).map((x) => `${x.code}@${x.range.start.line}`).sort();

async function session(layout: Layout, run: (client: TestClient) => Promise<void>): Promise<void> {
  const client = new TestClient();
  try {
    await client.initialize(layout.dir);
    await run(client);
  } finally {
    await client.stop();
    fs.rmSync(layout.dir, { recursive: true, force: true });
  }
}

async function until(check: () => boolean, what: string, poll?: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + 10000;
  for (;;) {
    if (poll) await poll();
    if (check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('language server: which tree a file is in', function () {
  this.timeout(60000);

  it('Debian: the real file behind sites-enabled/ is included, its findings once; the tree files are listed', async () => {
    const l = debianLayout();
    await session(l, async (client) => {
      const real = path.join(l.dir, 'sites-available', '000-default.conf');
      await client.open(real, fs.readFileSync(real, 'utf8'));
      const diagnostics = await client.diagnosticsFor(real);
      assert.ok(diagnostics.length > 0);
      assert.strictEqual(new Set(codes(diagnostics)).size, codes(diagnostics).length, 'no finding twice');
      const profile = await client.request<Profile>('apache/serverProfile', { uri: client.uri(real) });
      assert.strictEqual(profile.contextKind, 'included');
      assert.strictEqual(profile.analysedAs, undefined);
      assert.strictEqual(profile.label, 'Apache · prefork');
      await until(() => client.treeFiles.includes(client.uri(path.join(l.dir, 'ports.conf'))), 'ports.conf in the tree files');
      assert.ok(client.treeFiles.includes(client.uri(path.join(l.dir, 'mods-enabled', 'mpm_prefork.load'))));
      // mods-available/rewrite.load: the editor and the CLI agree.
      const rewrite = path.join(l.dir, 'mods-available', 'rewrite.load');
      await client.open(rewrite, fs.readFileSync(rewrite, 'utf8'));
      assert.deepStrictEqual(codes(await client.diagnosticsFor(rewrite)), cliCodes('mods-available/rewrite.load', l.dir));
      const ssl = path.join(l.dir, 'sites-available', 'default-ssl.conf');
      await client.open(ssl, fs.readFileSync(ssl, 'utf8'));
      assert.deepStrictEqual(codes(await client.diagnosticsFor(ssl)), cliCodes('sites-available/default-ssl.conf', l.dir));
    });
  });

  it('RHEL checkout: the inferred mapping is used, shown in the profile and on hover', async () => {
    const l = rhelLayout();
    await session(l, async (client) => {
      const ssl = path.join(l.dir, 'conf.d', 'ssl.conf');
      await client.open(ssl, fs.readFileSync(ssl, 'utf8'));
      const diagnostics = await client.diagnosticsFor(ssl);
      assert.deepStrictEqual(diagnostics.filter((d) => d.severity === 1), []);
      const profile = await client.request<Profile>('apache/serverProfile', { uri: client.uri(ssl) });
      assert.strictEqual(profile.label, 'Apache · prefork');
      assert.deepStrictEqual(profile.pathMappings.map((m) => [m.from, m.to, m.origin]), [['/etc/httpd', l.dir, 'inferred']]);
      assert.match(profile.pathMappings[0].where ?? '', /conf\/httpd\.conf:1$/);
      const text = fs.readFileSync(l.main, 'utf8');
      await client.open(l.main, text);
      const line = text.split('\n').findIndex((x) => x.startsWith('Include conf.modules.d'));
      const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: client.uri(l.main) }, position: { line, character: 12 } });
      assert.match((hover.contents as { value: string }).value, /Path mapping in force: `\/etc\/httpd` → `[^`]+` \(inferred from conf\/httpd\.conf:1\)/);
      // The setting replaces the inference.
      client.settings = { pathMappings: { '/etc/httpd': '${workspaceFolder}' } };
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
      let origins: string[] = [];
      await until(() => origins.includes('setting'), 'the setting in the profile', async () => {
        origins = (await client.request<Profile>('apache/serverProfile', { uri: client.uri(ssl) })).pathMappings.map((m) => m.origin);
      });
      assert.deepStrictEqual(origins, ['setting']);
    });
  });

  it('a file read alone: said once, modules unknown, completion claims nothing "not loaded"', async () => {
    const dir = scratch('lsp-alone');
    const l = { name: 'alone', dir, main: '', included: '' };
    await session(l, async (client) => {
      const site = path.join(dir, 'site.conf');
      await client.open(site, '<VirtualHost *:443>\n    SSLEngine on\n    \n</VirtualHost>\n');
      assert.deepStrictEqual((await client.diagnosticsFor(site)).filter((d) => d.severity === 1 || d.severity === 2), []);
      const profile = await client.request<Profile>('apache/serverProfile', { uri: client.uri(site) });
      assert.strictEqual(profile.label, 'Apache · on its own');
      assert.strictEqual(profile.analysedAs, 'No main configuration found: checked on its own, modules unknown');
      const items = itemsOf(await client.request<CompletionItem[] | CompletionList>('textDocument/completion', { textDocument: { uri: client.uri(site) }, position: { line: 2, character: 4 } }));
      const rewrite = items.find((i) => i.label === 'RewriteRule');
      assert.ok(rewrite, 'directives of every module are offered when the modules are unknown');
      assert.deepStrictEqual(items.filter((i) => /not loaded/.test(String(i.detail))).map((i) => i.label), []);
      const resolved = await client.request<CompletionItem>('completionItem/resolve', rewrite);
      assert.ok(resolved.detail, 'resolved with its syntax');
      assert.doesNotMatch(`${resolved.detail} ${JSON.stringify(resolved.documentation)}`, /not loaded/);
      const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: client.uri(site) }, position: { line: 1, character: 6 } });
      assert.match((hover.contents as { value: string }).value, /loaded modules unknown here/);
      assert.doesNotMatch((hover.contents as { value: string }).value, /No main configuration/, 'said once (status bar), not on every hover');
      // htaccess.txt is per-directory configuration.
      const ht = path.join(dir, 'htaccess.txt');
      await client.open(ht, 'RewriteEngine On\nListen 80\n\n');
      const htd = await client.diagnosticsFor(ht, (d) => d.length > 0);
      assert.deepStrictEqual(htd.filter((d) => d.severity === 1).map((d) => d.message), ['Listen not allowed here']);
      assert.strictEqual((await client.request<Profile>('apache/serverProfile', { uri: client.uri(ht) })).label, 'Apache · .htaccess');
      const htItems = itemsOf(await client.request<CompletionItem[] | CompletionList>('textDocument/completion', { textDocument: { uri: client.uri(ht) }, position: { line: 2, character: 0 } }));
      assert.ok(htItems.some((i) => i.label === 'RewriteRule') && !htItems.some((i) => i.label === 'Listen'));
      // A main configuration created later is found through the file event, not a new walk per edit.
      fs.writeFileSync(path.join(dir, 'apache2.conf'), 'LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\nInclude site.conf\n');
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri(path.join(dir, 'apache2.conf')), type: 1 }] });
      let kind = '';
      await until(() => kind === 'included', 'site.conf included by the new apache2.conf', async () => {
        kind = (await client.request<Profile>('apache/serverProfile', { uri: client.uri(site) })).contextKind;
      });
    });
  });
});
