// Trees as they live in repositories, inside a real VS Code: the language of files a tree
// includes, and the path mapping of a RHEL tree whose ServerRoot is /etc/httpd.
// (Runs after extension.test.ts, which checks activation.)
import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, file, until, open } from './helpers';

interface Api {
  statusBar(): { text: string; tooltip: string; visible: boolean };
  isTreeFile(uri: vscode.Uri): boolean;
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
