// Our extension installed next to a grammar-only Apache extension that gives the language id
// `apacheconf` to every *.conf (test/fixtures/apacheconf-standin, the language contribution of
// mrmlnc.vscode-apache): nginx's configuration opens in that language, and our server must
// never check it; httpd's files stay ours.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, file, until, open } from './helpers';

const STANDIN_ID = 'test-standin.vscode-apache-standin';

interface Api {
  isTreeFile(uri: vscode.Uri): boolean;
}

describe('Next to a grammar-only Apache extension that claims every *.conf', () => {
  it('leaves nginx.conf to that extension: no diagnostics from our server, not our language', async () => {
    assert.ok(vscode.extensions.getExtension(STANDIN_ID), 'the apacheconf stand-in is installed');
    const ours = vscode.extensions.getExtension<Api>(EXTENSION_ID)!;
    await ours.activate();
    const nginx = await open('nginx/nginx.conf');
    assert.strictEqual(nginx.languageId, 'apacheconf', 'the stand-in claims nginx.conf');
    // Edit it too: a change of a document our client tracked would be sent and analysed.
    const editor = vscode.window.activeTextEditor!;
    await editor.edit((e) => e.insert(new vscode.Position(2, 0), 'Listne 80\n'));
    // The server answers in order: once a file opened after nginx.conf has its diagnostics,
    // nginx.conf would have had its own.
    const main = await open('apache2.conf');
    assert.strictEqual(main.languageId, 'apache-httpd');
    await until('the flagship diagnostic of apache2.conf', () => vscode.languages.getDiagnostics(main.uri).find((d) => String(typeof d.code === 'object' ? d.code.value : d.code) === 'prefork-keepalive-timeout'));
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepStrictEqual(vscode.languages.getDiagnostics(nginx.uri).map((d) => d.message), []);
    assert.strictEqual(ours.exports.isTreeFile(nginx.uri), false);
    assert.strictEqual(nginx.languageId, 'apacheconf', 'our tree-file rule did not take it over');
    await vscode.window.showTextDocument(nginx);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('keeps httpd files in our language although the stand-in matches their extension too', async () => {
    for (const rel of ['apache2.conf', 'ports.conf', 'sites-available/000-default.conf', 'conf-available/security.conf', 'broken/httpd.conf']) {
      const doc = await vscode.workspace.openTextDocument(file(rel));
      assert.strictEqual(doc.languageId, 'apache-httpd', rel);
    }
  });
});
