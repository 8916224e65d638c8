// Runs inside a real VS Code extension host, against the real language server.
import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'httpd-tools.apache-httpd-config';

interface Api {
  statusText(): string;
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

  before(async () => {
    await open('apache2.conf');
    const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID);
    assert.ok(ext, 'extension is installed');
    api = await ext.activate();
  });

  it('activates on Apache files and leaves an unrelated *.conf alone', async () => {
    const main = await open('apache2.conf');
    assert.strictEqual(main.languageId, 'apacheconf');
    const load = await open('mods-available/php8.2.load');
    assert.strictEqual(load.languageId, 'apacheconf');
    const unrelated = await open('unrelated/app.conf');
    assert.notStrictEqual(unrelated.languageId, 'apacheconf');
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID)!.isActive);
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
  });

  it('explains KeepAliveTimeout on hover', async () => {
    const doc = await open('apache2.conf');
    const hovers = await until('a hover', async () => {
      const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(110, 3));
      return h && h.length ? h : undefined;
    });
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /\*\*KeepAliveTimeout\*\*/);
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

  it('shows "Apache · prefork · mod_php" in the status bar', async () => {
    await open('apache2.conf');
    await until('the status bar text', () => (api.statusText() === 'Apache · prefork · mod_php' ? true : undefined));
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
