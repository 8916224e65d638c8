// What the extension-host test files share: the extension's id, the workspace's files, waiting
// for a condition, and opening a file in an editor.
import * as vscode from 'vscode';

export const EXTENSION_ID = 'httpd-tools.apache-httpd-config';

export function file(rel: string): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, rel);
}

/** VS Code's answer to a request it cancelled itself (see `save`). */
export function isCancellation(e: unknown): boolean {
  return (e as { message?: unknown } | undefined)?.message === 'Canceled';
}

/**
 * Polls `probe` until it returns a truthy value; fails after `timeoutMs` naming `what`. A probe
 * that VS Code cancelled (a provider query cut short by a change in the workbench) counts as
 * "not yet", and the next poll asks again.
 */
export async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let value: T | undefined;
    try {
      value = await probe();
    } catch (e) {
      if (!isCancellation(e)) throw e;
      console.log(`a probe for ${what} was cancelled by VS Code; polling again`);
    }
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function pause(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

export async function open(rel: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(file(rel));
  await vscode.window.showTextDocument(doc);
  return doc;
}

/**
 * Saves `doc` from its editor, as a user would: again when the save did not take. VS Code gives up
 * a save whose code-action participant is cut short by a change elsewhere in the workbench (the
 * document's content, or the set of code-action providers: tried in this suite, the command
 * returns and the file stays dirty), and a provider request it cancels can surface as "Canceled".
 * At most three attempts, each retry said in the log.
 */
export async function save(doc: vscode.TextDocument): Promise<void> {
  for (let attempt = 1; attempt <= 3; attempt++) {
    await vscode.window.showTextDocument(doc);
    try {
      await vscode.commands.executeCommand('workbench.action.files.save');
    } catch (e) {
      if (!isCancellation(e)) throw e;
      console.log(`save of ${vscode.workspace.asRelativePath(doc.uri)} cancelled by VS Code (attempt ${attempt})`);
      continue;
    }
    // The dirty flag reaches the extension host just after the command returns.
    const saved = await until('the save', () => (doc.isDirty ? undefined : true), 2000).catch(() => false);
    if (saved) return;
    console.log(`save of ${vscode.workspace.asRelativePath(doc.uri)} did not take (attempt ${attempt})`);
  }
}
