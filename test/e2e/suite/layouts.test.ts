// Trees as they live in repositories, inside a real VS Code: the language of files a tree
// includes, and the path mapping of a RHEL tree whose ServerRoot is /etc/httpd.
// (Runs after extension.test.ts, which checks activation.)
import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'httpd-tools.apache-httpd-config';

interface Api {
  statusBar(): { text: string; tooltip: string; visible: boolean };
  isTreeFile(uri: vscode.Uri): boolean;
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

describe('Apache trees checked into a repository', () => {
  let api: Api;
  before(async () => {
    const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID)!;
    api = await ext.activate();
  });

  it('gives the Apache language to a file the tree includes although no association matches it', async () => {
    await open('repo-rhel/conf/httpd.conf');
    const inc = file('repo-rhel/conf.d/app.inc');
    await open('repo-rhel/conf.d/app.inc');
    await until('app.inc listed as a tree file', () => api.isTreeFile(inc) || undefined);
    const doc = await until('app.inc in the Apache language', () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === inc.toString() && d.languageId === 'apache-httpd'));
    assert.strictEqual(doc.languageId, 'apache-httpd');
    // The unrelated application .conf stays what it was.
    const unrelated = await vscode.workspace.openTextDocument(file('unrelated/app.conf'));
    assert.ok(!api.isTreeFile(unrelated.uri));
    assert.notStrictEqual(unrelated.languageId, 'apache-httpd');
  });

  it('reads ServerRoot "/etc/httpd" from the workspace and says so in the status tooltip', async () => {
    const doc = await open('repo-rhel/conf.d/ssl.conf');
    assert.strictEqual(doc.languageId, 'apache-httpd');
    const state = await until('the status bar with the mapping', () => {
      const s = api.statusBar();
      return vscode.window.activeTextEditor?.document === doc && s.visible && /Path mapping/.test(s.tooltip) ? s : undefined;
    });
    assert.strictEqual(state.text, 'Apache · event');
    assert.match(state.tooltip, /`\/etc\/httpd` → `[^`]*repo-rhel` \(inferred from [^)]*conf\/httpd\.conf:2\)/);
    await new Promise((r) => setTimeout(r, 1500));
    const errors = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    assert.deepStrictEqual(errors.map((d) => d.message), []);
  });
});
