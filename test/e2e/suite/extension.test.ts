// Runs inside a real VS Code extension host, against the real language server.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, file, open, pause, save, until } from './helpers';

interface Api {
  statusBar(): { text: string; tooltip: string; visible: boolean };
  profile(uri?: vscode.Uri): Promise<{ pid: number; label: string } | undefined>;
  profileView(): { open: boolean; visible: boolean; title: string; html: string; target?: string; renders: number };
  logUri: vscode.Uri;
  traceView(): {
    open: boolean; title: string; html: string;
    result?: { vhost: { serverName: string | null; file: string } | null; outcome: { status: number }; request: { url: string; method: string; clientAddress: string } };
  };
  traceHistory(): { url: string; method: string; clientAddress: string }[];
  virtualHosts(): Promise<{ label: string; description?: string; target?: string; children: { label: string; description?: string; target?: string; children: unknown[] }[] }[]>;
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
    assert.notStrictEqual(unrelated.languageId, 'apache-httpd');
    // The stand-in of the grammar-only Apache extension (installed beside ours) claims every
    // *.conf as `apacheconf`: that must not activate us (see neighbour.test.ts).
    assert.strictEqual(unrelated.languageId, 'apacheconf', 'the apacheconf stand-in extension is installed');
    // Activation would start within milliseconds; give it a second to prove it does not.
    await pause(1000);
    assert.strictEqual(ext.isActive, false, 'activated by an unrelated .conf file');
    const main = await open('apache2.conf');
    assert.strictEqual(main.languageId, 'apache-httpd');
    await until('activation', () => ext.isActive || undefined);
    api = ext.exports;
    for (const rel of ['mods-available/php8.2.load', 'sites-available/000-default.conf', 'conf-available/security.conf', 'broken/httpd.conf']) {
      assert.strictEqual((await open(rel)).languageId, 'apache-httpd', rel);
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
    // The effective value, linked to the line that sets it.
    assert.match(text, /KeepAliveTimeout `15` \(\[`apache2\.conf:111`\]\(file:\/\/\/\S+\/apache2\.conf#L111\)\)/);
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

  it('applies source.fixAll.httpd-lint on save with editor.codeActionsOnSave', async () => {
    const doc = await open('apache2.conf');
    await until('the flagship diagnostic', () => flagship(doc.uri));
    const original = doc.getText();
    const editor = vscode.workspace.getConfiguration('editor', { languageId: doc.languageId });
    await editor.update('codeActionsOnSave', { 'source.fixAll.httpd-lint': 'explicit' }, vscode.ConfigurationTarget.Workspace, true);
    try {
      // A change to save: a comment at the end.
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, doc.positionAt(original.length), '# saved by the test\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      // Preconditions of the save, so the test measures the save participant and not a race: the
      // setting has reached the extension host (so the workbench has it), and the server offers
      // the fix-all for the edited text.
      await until('codeActionsOnSave to take effect', () => (vscode.workspace.getConfiguration('editor', { languageId: doc.languageId }).get<Record<string, string>>('codeActionsOnSave')?.['source.fixAll.httpd-lint'] === 'explicit' ? true : undefined));
      const whole = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
      await until('the server to offer the fix-all', async () => {
        const offered = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, whole, 'source.fixAll.httpd-lint');
        return offered?.some((a) => a.edit) ? true : undefined;
      });
      await save(doc);
      await until('the fix applied on save', () => (doc.lineAt(110).text === 'KeepAliveTimeout 2' && !doc.isDirty ? true : undefined), 15000).catch((e: Error) => {
        // What the editor holds tells a save that never ran from a fix that never came.
        const codes = vscode.languages.getDiagnostics(doc.uri).map((d) => String(typeof d.code === 'object' ? d.code.value : d.code));
        throw new Error(`${e.message}; line 111: ${JSON.stringify(doc.lineAt(110).text)}, dirty: ${doc.isDirty}, version: ${doc.version}, diagnostics: ${codes.join(', ')}`);
      });
      await until('the warning to clear', () => (flagship(doc.uri) ? undefined : true));
    } finally {
      await editor.update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace, true);
      const back = new vscode.WorkspaceEdit();
      back.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), original);
      await vscode.workspace.applyEdit(back);
      await save(doc);
    }
    assert.strictEqual(doc.getText(), original);
    await until('the warning to return', () => flagship(doc.uri));
  });

  it('shows the value of ${APACHE_LOG_DIR} as an inlay hint', async () => {
    const doc = await open('apache2.conf');
    const line = doc.getText().split('\n').findIndex((l) => l.startsWith('ErrorLog ${APACHE_LOG_DIR}'));
    assert.ok(line > 0);
    const hints = await until('inlay hints', async () => {
      const list = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, new vscode.Range(line, 0, line + 1, 0));
      return list?.length ? list : undefined;
    });
    assert.strictEqual(hints[0].position.line, line);
    assert.match(String(hints[0].label), /^= \/var\/log\/apache2/);
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

  it('gives signature help with its description as Markdown', async () => {
    const doc = await open('apache2.conf');
    assert.strictEqual(doc.lineAt(110).text, 'KeepAliveTimeout 15');
    const help = await vscode.commands.executeCommand<vscode.SignatureHelp>('vscode.executeSignatureHelpProvider', doc.uri, new vscode.Position(110, 18));
    const sig = help.signatures[0];
    assert.strictEqual(sig.label, 'KeepAliveTimeout num[ms]');
    assert.ok(sig.documentation instanceof vscode.MarkdownString, 'Markdown, so `code` renders as code');
    assert.match(sig.documentation.value, /`ms`/);
    assert.deepStrictEqual(sig.parameters.map((p) => p.label), [[17, 24]]);
  });

  it('goes to the file of an Include', async () => {
    const doc = await open('apache2.conf');
    const line = doc.getText().split('\n').findIndex((l) => l === 'Include ports.conf');
    const targets = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, new vscode.Position(line, 10));
    const uris = targets.map((t) => ('targetUri' in t ? t.targetUri : t.uri).path);
    assert.ok(uris.some((p) => p.endsWith('/ports.conf')), uris.join(','));
  });

  it('colours the file with semantic tokens from the server (directives, variables, numbers, comments)', async () => {
    const doc = await open('apache2.conf');
    const legend = await until('the semantic tokens legend', async () => vscode.commands.executeCommand<vscode.SemanticTokensLegend>('vscode.provideDocumentSemanticTokensLegend', doc.uri));
    const tokens = await until('semantic tokens', async () => {
      const answer = await vscode.commands.executeCommand<vscode.SemanticTokens>('vscode.provideDocumentSemanticTokens', doc.uri);
      return answer && answer.data.length > 0 ? answer : undefined;
    });
    // Decoded by text: line, start and length relative to the token before, then type and modifier bits.
    const lines = doc.getText().split(/\r?\n/);
    const decoded: { line: number; text: string; type: string; modifiers: string[] }[] = [];
    let line = 0;
    let start = 0;
    for (let i = 0; i < tokens.data.length; i += 5) {
      line += tokens.data[i];
      start = tokens.data[i] === 0 ? start + tokens.data[i + 1] : tokens.data[i + 1];
      const modifiers = legend.tokenModifiers.filter((_, bit) => tokens.data[i + 4] & (1 << bit));
      decoded.push({ line, text: lines[line].slice(start, start + tokens.data[i + 2]), type: legend.tokenTypes[tokens.data[i + 3]], modifiers });
    }
    const at = (text: string, lineText: string) => decoded.find((t) => t.text === text && lines[t.line].trim() === lineText);
    assert.deepStrictEqual(at('MaxKeepAliveRequests', 'MaxKeepAliveRequests 100'), { line: lines.indexOf('MaxKeepAliveRequests 100'), text: 'MaxKeepAliveRequests', type: 'keyword', modifiers: ['defaultLibrary'] });
    assert.strictEqual(at('100', 'MaxKeepAliveRequests 100')?.type, 'number');
    assert.deepStrictEqual(at('${APACHE_RUN_USER}', 'User ${APACHE_RUN_USER}')?.type, 'variable');
    assert.ok(decoded.some((t) => t.type === 'comment' && t.text.startsWith('# KeepAliveTimeout:')), 'comment lines are comments');
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

  it('shows the server profile in one read-only view, with no document to save', async () => {
    await open('apache2.conf');
    const before = vscode.workspace.textDocuments.length;
    await vscode.commands.executeCommand('apache.showServerProfile');
    const view = await until('the profile view', () => {
      const v = api.profileView();
      return v.visible && v.html.includes('Apache server profile') ? v : undefined;
    });
    assert.strictEqual(view.title, 'Apache Server Profile · prefork · mod_php');
    assert.match(view.html, /<span class="label">Apache · prefork · mod_php<\/span>/);
    const webviewTab = (): vscode.Tab | undefined =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.label === view.title);
    const tab = await until('a webview tab', webviewTab, 10000);
    assert.strictEqual(tab.isDirty, false);
    assert.deepStrictEqual(vscode.workspace.textDocuments.filter((d) => d.isUntitled || d.languageId === 'markdown').map((d) => d.uri.toString()), [], 'no Markdown or untitled document');
    assert.ok(vscode.workspace.textDocuments.length <= before, 'the view opened no document');
    // Showing it again reuses the view.
    await vscode.commands.executeCommand('apache.showServerProfile');
    assert.strictEqual(vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview).length, 1);
  });

  it('lists findings most severe first and its links open the file at the line', async () => {
    const doc = await open('apache2.conf');
    await vscode.commands.executeCommand('apache.showServerProfile');
    const html = await until('the profile view', () => (api.profileView().html.includes('class="finding') ? api.profileView().html : undefined));
    const order = [...html.matchAll(/<li class="finding (\w+)">/g)].map((m) => ['error', 'warning', 'information', 'hint'].indexOf(m[1]));
    assert.deepStrictEqual(order, [...order].sort((a, b) => a - b), 'most severe first');
    assert.strictEqual(order[0], 1, 'the warnings come first in the example');
    const flagshipDiagnostic = await until('the flagship diagnostic', () => flagship(doc.uri));
    const unescape = (t: string): string => t.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!);
    assert.ok(html.includes(`<p>${flagshipDiagnostic.message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')}</p>`), 'the whole message');
    // The link of the finding on conf-enabled/security.conf opens that file at its line.
    const link = /<a class="loc" href="([^"]*)"[^>]*>conf-enabled\/security\.conf:(\d+)<\/a>/.exec(html);
    assert.ok(link, 'a link to conf-enabled/security.conf');
    const href = vscode.Uri.parse(unescape(link[1]), true);
    assert.strictEqual(href.scheme, 'command');
    assert.strictEqual(href.path, 'apache.openLocation');
    const args = JSON.parse(href.query) as unknown[];
    await vscode.commands.executeCommand(href.path, ...args);
    const editor = await until('the linked file in an editor', () => (vscode.window.activeTextEditor?.document.uri.path.endsWith('/conf-enabled/security.conf') ? vscode.window.activeTextEditor : undefined));
    assert.strictEqual(editor.selection.active.line + 1, Number(link[2]));
    assert.ok(api.profileView().open, 'the view stays open');
  });

  it('refreshes the profile view when the analysis changes', async () => {
    const doc = await open('apache2.conf');
    await vscode.commands.executeCommand('apache.showServerProfile');
    await until('the view with KeepAliveTimeout 15', () => (/KeepAliveTimeout<\/th><td>15\b/.test(api.profileView().html) ? true : undefined));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, doc.lineAt(110).range, 'KeepAliveTimeout 3');
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      await until('the view with KeepAliveTimeout 3', () => (/KeepAliveTimeout<\/th><td>3\b/.test(api.profileView().html) ? true : undefined));
      assert.ok(!api.profileView().html.includes('prefork-keepalive-timeout'), 'the flagship warning left the view');
    } finally {
      const back = new vscode.WorkspaceEdit();
      back.replace(doc.uri, doc.lineAt(110).range, 'KeepAliveTimeout 15');
      await vscode.workspace.applyEdit(back);
      await save(doc);
    }
    await until('the view with KeepAliveTimeout 15 again', () => (/KeepAliveTimeout<\/th><td>15\b/.test(api.profileView().html) ? true : undefined));
    // Closing it asks nothing (no save prompt) and leaves no view behind.
    const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview)!;
    assert.ok(await vscode.window.tabGroups.close(tab));
    await until('the view to close', () => (api.profileView().open ? undefined : true));
  });

  it('shows the virtual hosts in the Explorer view: address, default host, what it serves, with places', async () => {
    await open('apache2.conf');
    const nodes = await until('the virtual hosts', async () => {
      const shown = await api.virtualHosts();
      return shown.length ? shown : undefined;
    });
    const address = nodes.find((n) => n.label === '*:80');
    assert.ok(address, JSON.stringify(nodes.map((n) => n.label)));
    const host = address.children[0];
    assert.match(host.description ?? '', /default/);
    assert.match(host.target ?? '', /sites-enabled\/000-default\.conf:1$/);
    const details = Object.fromEntries((host.children as { label: string; description?: string; target?: string }[]).map((d) => [d.label, d]));
    assert.strictEqual(details.DocumentRoot.description, '/var/www/html');
    assert.match(details.DocumentRoot.target ?? '', /000-default\.conf:12$/);
    assert.strictEqual(details.PHP.description, 'mod_php, inside the server processes');
    assert.strictEqual(details.KeepAliveTimeout.description, '15');
    assert.ok(nodes.some((n) => n.label === 'Main server'));
    // The view's context key is set, so the Explorer shows it, and its refresh command runs.
    await vscode.commands.executeCommand('apache.refreshVirtualHosts');
  });

  it("opens a rule's docs page as a Markdown preview, not as an editable file", async () => {
    const doc = await open('apache2.conf');
    const diagnostic = await until('the flagship diagnostic', () => flagship(doc.uri));
    const code = diagnostic.code as { value: string; target: vscode.Uri };
    assert.deepStrictEqual([code.target.scheme, code.target.path], ['command', 'apache.showRuleDocs']);
    const args = JSON.parse(code.target.query) as unknown[];
    assert.deepStrictEqual(args, ['prefork-keepalive-timeout']);
    assert.strictEqual(await vscode.commands.executeCommand(code.target.path, ...args), true);
    const preview = (): vscode.Tab | undefined =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType) && t.label.includes('prefork-keepalive-timeout'));
    const tab = await until('the docs preview', preview);
    assert.ok(!vscode.window.visibleTextEditors.some((e) => e.document.uri.path.endsWith('.md')), 'no editor on the .md file');
    assert.strictEqual(await vscode.commands.executeCommand(code.target.path, 'no-such-rule'), false);
    await vscode.window.tabGroups.close(tab);
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

  it('restarts the language server on "Apache: Restart Language Server", keeping the status bar and confirming', async () => {
    const doc = await open('apache2.conf');
    const before = await until('a server profile', () => api.profile(doc.uri));
    await until('the status bar item', () => api.statusBar().visible || undefined);
    const message = await vscode.commands.executeCommand<string>('apache.restartServer');
    assert.strictEqual(message, 'Apache language server restarted: Apache · prefork · mod_php.');
    // Right after the command, without switching tabs, the item is there with the new server's answer.
    assert.deepStrictEqual([api.statusBar().visible, api.statusBar().text], [true, 'Apache · prefork · mod_php']);
    const after = await until('a new server process', async () => {
      const p = await api.profile(doc.uri);
      return p && p.pid !== before.pid ? p : undefined;
    });
    assert.strictEqual(after.label, 'Apache · prefork · mod_php');
    await until('diagnostics after the restart', () => flagship(doc.uri));
  });

  it('logs what the server analyses in the "Apache httpd" output channel', async () => {
    await open('apache2.conf');
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const log = vscode.Uri.joinPath(api.logUri, 'Apache httpd.log');
    const read = async (): Promise<string> => {
      try {
        return new TextDecoder().decode(await vscode.workspace.fs.readFile(log));
      } catch {
        return '';
      }
    };
    const text = await until('the server log', async () => {
      const t = await read();
      return /Analysed .*apache2\.conf: ServerRoot/.test(t) ? t : undefined;
    });
    assert.match(text, /httpd-lsp 0\.1\.0 started \(process \d+, Node v[\d.]+\); log level info\./);
    assert.ok(text.includes(`Main configurations found: ${folder}/apache2.conf`), 'the main configuration found');
    assert.match(text, /Analysed \S+\/apache2\.conf: ServerRoot \S+, \d+ files, Apache · prefork · mod_php; findings: .*; \d+ ms\./);
    assert.match(text, /Apache language server restarted: Apache · prefork · mod_php\./, 'the restart is logged too');
    assert.ok(!/analysed under/.test(text), 'no debug lines at the default level');
    const config = vscode.workspace.getConfiguration('apache');
    await config.update('log.level', 'debug', vscode.ConfigurationTarget.Workspace);
    try {
      await until('debug lines', async () => (/apache2\.conf: analysed under /.test(await read()) ? true : undefined));
    } finally {
      await config.update('log.level', undefined, vscode.ConfigurationTarget.Workspace);
    }
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
  it('traces a request into a read-only panel whose file:line links open the configuration, and keeps the history', async () => {
    await open('apache2.conf');
    await vscode.commands.executeCommand('apache.traceRequest', { url: 'http://localhost/index.html', method: 'GET', clientAddress: '203.0.113.5' });
    const view = await until('the trace panel', () => (api.traceView().html.includes('Sections, in merge order') ? api.traceView() : undefined));
    assert.strictEqual(view.title, 'Trace · GET http://localhost/index.html');
    assert.strictEqual(view.result?.request.clientAddress, '203.0.113.5');
    assert.match(view.html, /script-src &#39;none&#39;/, 'no script in the panel');
    const link = /<a class="loc" href="([^"]*)"[^>]*>([^<]*000-default\.conf):(\d+)<\/a>/.exec(view.html);
    assert.ok(link, 'a link to the virtual host file');
    const href = vscode.Uri.parse(link[1].replace(/&(amp|quot|#39);/g, (_, e: string) => ({ amp: '&', quot: '"', '#39': "'" })[e]!), true);
    assert.strictEqual(href.path, 'apache.openLocation');
    await vscode.commands.executeCommand(href.path, ...(JSON.parse(href.query) as unknown[]));
    const editor = await until('the linked file', () => (vscode.window.activeTextEditor?.document.uri.path.endsWith('000-default.conf') ? vscode.window.activeTextEditor : undefined));
    assert.strictEqual(editor.selection.active.line + 1, Number(link[3]));
    assert.deepStrictEqual(api.traceHistory()[0], { url: 'http://localhost/index.html', method: 'GET', clientAddress: '203.0.113.5' });
  });

  it('offers a CodeLens on each <VirtualHost> that traces its ServerName', async () => {
    const doc = await open('repo-rhel/conf.d/ssl.conf');
    const lenses = await until('the lenses', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      return found?.find((l) => l.command?.command === 'apache.traceRequest') ? found : undefined;
    });
    const lens = lenses.find((l) => l.command?.command === 'apache.traceRequest')!;
    assert.strictEqual(lens.command!.title, 'Trace a request to www.example.com');
    assert.strictEqual(lens.range.start.line, 1);
    await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
    const view = await until('the trace of the lens', () => (api.traceView().result?.request.url === 'https://www.example.com/' ? api.traceView() : undefined));
    assert.strictEqual(view.result?.vhost?.serverName, 'www.example.com');
    assert.ok(view.result?.vhost?.file.endsWith('repo-rhel/conf.d/ssl.conf'));
  });

  it('traces through the tree of the Apache file last active when another file has focus', async () => {
    await open('repo-rhel/conf.d/ssl.conf');
    const readme = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'README.md'));
    await vscode.window.showTextDocument(readme);
    await vscode.commands.executeCommand('apache.traceRequest', { url: 'https://www.example.com/last-active', method: 'GET', clientAddress: '127.0.0.1' });
    const view = await until('the trace', () => (api.traceView().result?.request.url === 'https://www.example.com/last-active' ? api.traceView() : undefined));
    assert.ok(view.result?.vhost?.file.endsWith('repo-rhel/conf.d/ssl.conf'), `traced through ${view.result?.vhost?.file}`);
  });

  // References, rename and workspace symbols (issue 15, item 2 and 3).
  it('finds the references of ${APACHE_LOG_DIR} in every file of the tree', async () => {
    const doc = await open('apache2.conf');
    const line = doc.getText().split('\n').findIndex((l) => l.startsWith('ErrorLog ${APACHE_LOG_DIR}'));
    const refs = await until('the references', async () => {
      const found = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri, new vscode.Position(line, 13));
      return found?.length ? found : undefined;
    });
    const files = [...new Set(refs.map((r) => vscode.workspace.asRelativePath(r.uri)))].sort();
    assert.deepStrictEqual(files, ['apache2.conf', 'conf-enabled/other-vhosts-access-log.conf', 'sites-enabled/000-default.conf']);
    assert.ok(refs.every((r) => r.range.start.line === r.range.end.line && r.range.end.character - r.range.start.character === 'APACHE_LOG_DIR'.length));
  });

  it('refuses to rename a name that envvars sets, saying why', async () => {
    const doc = await open('apache2.conf');
    const line = doc.getText().split('\n').findIndex((l) => l.startsWith('ErrorLog ${APACHE_LOG_DIR}'));
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('vscode.prepareRename', doc.uri, new vscode.Position(line, 13))),
      (e: Error) => /APACHE_LOG_DIR is set in envvars:23/.test(e.message),
    );
  });

  it('renames a Define at its Define and <IfDefine> lines', async () => {
    const doc = await open('conf-enabled/serve-cgi-bin.conf');
    const text = doc.getText();
    const at = doc.positionAt(text.indexOf('IfDefine ENABLE_USR_LIB_CGI_BIN') + 12);
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', doc.uri, at, 'CGI_BIN');
    const entries = edit.entries();
    assert.deepStrictEqual(entries.map(([uri, edits]) => [vscode.workspace.asRelativePath(uri), edits.length]), [['conf-enabled/serve-cgi-bin.conf', 3]]);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.strictEqual(doc.getText(), text.replaceAll('ENABLE_USR_LIB_CGI_BIN', 'CGI_BIN'));
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.strictEqual(doc.getText(), text);
  });

  it('lists the virtual hosts of every tree of the workspace as workspace symbols', async () => {
    const find = async (query: string) => (await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', query)) ?? [];
    const repo = await until('the symbols', async () => ((await find('repo.example')).length ? find('repo.example') : undefined));
    assert.deepStrictEqual(repo.map((s) => [s.name, s.kind, vscode.workspace.asRelativePath(s.location.uri)]), [['repo.example.com', vscode.SymbolKind.Namespace, 'repo-debian/sites-enabled/repo-site.conf']]);
    const rhel = await find('www.example.com');
    assert.ok(rhel.some((s) => s.name === 'www.example.com' && vscode.workspace.asRelativePath(s.location.uri) === 'repo-rhel/conf.d/ssl.conf'), JSON.stringify(rhel.map((s) => s.name)));
    const modules = await find('php');
    assert.ok(modules.some((s) => s.name === 'php_module' && s.kind === vscode.SymbolKind.Module));
  });
});
