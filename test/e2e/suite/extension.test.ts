// Runs inside a real VS Code extension host, against the real language server.
import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'httpd-tools.apache-httpd-config';

interface Api {
  statusBar(): { text: string; tooltip: string; visible: boolean };
  profile(uri?: vscode.Uri): Promise<{ pid: number; label: string } | undefined>;
}

function file(rel: string): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, rel);
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function pause(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

async function open(rel: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(file(rel));
  await vscode.window.showTextDocument(doc);
  return doc;
}

function flagship(uri: vscode.Uri): vscode.Diagnostic | undefined {
  return vscode.languages.getDiagnostics(uri).find((d) => String(typeof d.code === 'object' ? d.code.value : d.code) === 'prefork-keepalive-timeout');
}

describe('Apache extension in VS Code', () => {
  let api: Api;

  it('stays inactive for an unrelated *.conf and activates on an Apache file', async () => {
    const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID);
    assert.ok(ext, 'extension is installed');
    const unrelated = await open('unrelated/app.conf');
    assert.notStrictEqual(unrelated.languageId, 'apacheconf');
    // Activation would start within milliseconds; give it a second to prove it does not.
    await pause(1000);
    assert.strictEqual(ext.isActive, false, 'activated by an unrelated .conf file');
    const main = await open('apache2.conf');
    assert.strictEqual(main.languageId, 'apacheconf');
    await until('activation', () => ext.isActive || undefined);
    api = ext.exports;
    for (const rel of ['mods-available/php8.2.load', 'sites-available/000-default.conf', 'conf-available/security.conf', 'broken/httpd.conf']) {
      assert.strictEqual((await open(rel)).languageId, 'apacheconf', rel);
    }
  });

  it('shows the flagship warning on the KeepAliveTimeout line', async () => {
    const doc = await open('apache2.conf');
    const diagnostic = await until('the flagship diagnostic', () => flagship(doc.uri));
    assert.strictEqual(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.strictEqual(diagnostic.range.start.line, 110);
    assert.match(diagnostic.message, /prefork with mod_php/);
  });

  it('shows errors for a broken tree', async () => {
    const doc = await open('broken/httpd.conf');
    const errors = await until('errors in broken/httpd.conf', () => {
      const list = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
      return list.length >= 2 ? list : undefined;
    });
    const codes = errors.map((d) => String(typeof d.code === 'object' ? d.code.value : d.code)).sort();
    assert.deepStrictEqual(codes, ['section-unclosed', 'unknown-directive']);
    const typo = errors.find((d) => d.code && typeof d.code === 'object' && d.code.value === 'unknown-directive')!;
    assert.match(typo.message, /^Invalid command 'Listne'/);
    assert.strictEqual(typo.range.start.line, 4);
    assert.strictEqual(typo.source, 'httpd-lint');
  });

  it('explains KeepAliveTimeout on hover', async () => {
    const doc = await open('apache2.conf');
    const hovers = await until('a hover', async () => {
      const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(110, 3));
      return h && h.length ? h : undefined;
    });
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /^\*\*KeepAliveTimeout\*\*/);
    assert.match(text, /KeepAliveTimeout num\[ms\]/, 'the syntax line');
    assert.match(text, /KeepAliveTimeout 15 \(apache2\.conf:111\)/);
  });

  it('applies the preferred quick fix and the warning goes away', async () => {
    const doc = await open('apache2.conf');
    const diagnostic = await until('the flagship diagnostic', () => flagship(doc.uri));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Set KeepAliveTimeout to 2');
    assert.ok(fix?.edit, `actions: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(actions.some((a) => a.title === 'Turn KeepAlive Off'));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.strictEqual(doc.lineAt(110).text, 'KeepAliveTimeout 2');
    await until('the warning to clear', () => (flagship(doc.uri) ? undefined : true));
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.strictEqual(doc.lineAt(110).text, 'KeepAliveTimeout 15');
    await until('the warning to return', () => flagship(doc.uri));
  });

  it('completes directives valid inside <Directory>', async () => {
    const doc = await open('apache2.conf');
    const line = doc.getText().split('\n').findIndex((l) => l.startsWith('<Directory /var/www/>'));
    assert.ok(line > 0);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(line + 1, 0));
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('Require') && labels.includes('AllowOverride'), labels.slice(0, 20).join(','));
    assert.ok(!labels.includes('Listen'), 'Listen is not allowed in <Directory>');
  });

  it('goes to the file of an Include', async () => {
    const doc = await open('apache2.conf');
    const line = doc.getText().split('\n').findIndex((l) => l === 'Include ports.conf');
    const targets = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, new vscode.Position(line, 10));
    const uris = targets.map((t) => ('targetUri' in t ? t.targetUri : t.uri).path);
    assert.ok(uris.some((p) => p.endsWith('/ports.conf')), uris.join(','));
  });

  it('shows "Apache · prefork · mod_php" in the status bar for Apache files only', async () => {
    await open('apache2.conf');
    const shown = await until('the status bar item', () => {
      const bar = api.statusBar();
      return bar.visible && bar.text === 'Apache · prefork · mod_php' ? bar : undefined;
    });
    assert.match(shown.tooltip, /Main configuration:\*\* `[^`]*\/apache2\.conf`/);
    assert.match(shown.tooltip, /php_module/);
    await open('unrelated/app.conf');
    await until('the status bar item to hide', () => (api.statusBar().visible ? undefined : true));
    await open('apache2.conf');
    await until('the status bar item to return', () => api.statusBar().visible || undefined);
  });

  it('opens the server profile as Markdown', async () => {
    await open('apache2.conf');
    await vscode.commands.executeCommand('apache.showServerProfile');
    const report = await until('the profile document', () =>
      vscode.workspace.textDocuments.find((d) => d.languageId === 'markdown' && d.getText().startsWith('# Apache server profile')),
    );
    assert.match(report.getText(), /prefork/);
    assert.match(report.getText(), /mod_php/);
  });

  it('re-analyses when an included file changes on disk (a2dismod php8.2)', async () => {
    const doc = await open('apache2.conf');
    await until('the flagship diagnostic', () => flagship(doc.uri));
    const enabled = ['php8.2.load', 'php8.2.conf'].map((f) => file(`mods-enabled/${f}`));
    const saved = await Promise.all(enabled.map((u) => vscode.workspace.fs.readFile(u)));
    for (const u of enabled) await vscode.workspace.fs.delete(u);
    try {
      await until('the warning to clear without mod_php', () => (flagship(doc.uri) ? undefined : true));
    } finally {
      for (const [i, u] of enabled.entries()) await vscode.workspace.fs.writeFile(u, saved[i]);
    }
    await until('the warning to return with mod_php', () => flagship(doc.uri));
  });

  it('follows the apache.keepAlive.timeoutThreshold setting', async () => {
    const doc = await open('apache2.conf');
    await until('the flagship diagnostic', () => flagship(doc.uri));
    const config = vscode.workspace.getConfiguration('apache');
    await config.update('keepAlive.timeoutThreshold', 20, vscode.ConfigurationTarget.Workspace);
    try {
      await until('the warning to clear at threshold 20', () => (flagship(doc.uri) ? undefined : true));
    } finally {
      await config.update('keepAlive.timeoutThreshold', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await until('the warning to return at the default threshold', () => flagship(doc.uri));
  });

  it('restarts the language server on "Apache: Restart Language Server"', async () => {
    const doc = await open('apache2.conf');
    const before = await until('a server profile', () => api.profile(doc.uri));
    await vscode.commands.executeCommand('apache.restartServer');
    const after = await until('a new server process', async () => {
      const p = await api.profile(doc.uri);
      return p && p.pid !== before.pid ? p : undefined;
    });
    assert.strictEqual(after.label, 'Apache · prefork · mod_php');
    await until('diagnostics after the restart', () => flagship(doc.uri));
  });

  it('restarts the language server after it is killed', async () => {
    const doc = await open('apache2.conf');
    const before = await until('a server profile', () => api.profile(doc.uri));
    process.kill(before.pid, 'SIGKILL');
    const after = await until('a restarted server', async () => {
      const p = await api.profile(doc.uri);
      return p && p.pid !== before.pid ? p : undefined;
    }, 45000);
    assert.strictEqual(after.label, 'Apache · prefork · mod_php');
    await until('diagnostics after the restart', () => flagship(doc.uri));
  });
});
