// What the extension-host test files share: the extension's id, the workspace's files, waiting
// for a condition, and opening a file in an editor.
import * as vscode from 'vscode';

export const EXTENSION_ID = 'httpd-tools.apache-httpd-config';

export function file(rel: string): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, rel);
}

/** Polls `probe` until it returns a truthy value; fails after `timeoutMs` naming `what`. */
export async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
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
