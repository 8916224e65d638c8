// Rule links ("httpd-lint(prefork-keepalive-timeout)" in the Problems panel and hovers) open the
// rule's docs page as a rendered Markdown preview. The server links the page file shipped with
// the extension (other editors open it as they like); in VS Code that would open the page as an
// editable file inside the extension, so the client points the link at a command instead.

import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';

export const SHOW_RULE_DOCS_COMMAND = 'apache.showRuleDocs';

const RULE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function ruleDocsUri(extensionUri: vscode.Uri, id: string): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'docs', 'rules', `${id}.md`);
}

export function ruleDocsLink(id: string): vscode.Uri {
  return vscode.Uri.parse(`command:${SHOW_RULE_DOCS_COMMAND}?${encodeURIComponent(JSON.stringify([id]))}`);
}

/** Rewrites the code links of our diagnostics that point at a docs page of the extension. */
export function ruleDocsMiddleware(): Middleware['handleDiagnostics'] {
  return (uri, diagnostics, next) => {
    for (const d of diagnostics) {
      const code = d.code;
      if (!code || typeof code !== 'object' || code.target.scheme !== 'file') continue;
      const id = String(code.value);
      if (RULE_ID.test(id) && code.target.path.endsWith(`/docs/rules/${id}.md`)) d.code = { value: code.value, target: ruleDocsLink(id) };
    }
    next(uri, diagnostics);
  };
}

export function registerRuleDocs(extensionUri: vscode.Uri): vscode.Disposable {
  return vscode.commands.registerCommand(SHOW_RULE_DOCS_COMMAND, async (id: unknown) => {
    if (typeof id !== 'string' || !RULE_ID.test(id)) return false;
    const page = ruleDocsUri(extensionUri, id);
    try {
      await vscode.workspace.fs.stat(page);
    } catch {
      void vscode.window.showWarningMessage(`No documentation page for rule ${id}.`);
      return false;
    }
    await vscode.commands.executeCommand('markdown.showPreview', page);
    return true;
  });
}
