// "Apache: Restart Language Server": restart, wait for the first answer of the new process,
// refresh the status bar and say so.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { LANGUAGE_ID } from './language';
import type { ProfileStatus } from './status';

/** Returns the confirmation shown to the user (the extension tests read it). */
export async function restartServer(client: LanguageClient, status: ProfileStatus): Promise<string> {
  client.outputChannel.appendLine('Restart requested by the user.');
  try {
    await client.restart();
  } catch (e) {
    const message = `The Apache language server did not restart: ${(e as Error).message}`;
    void vscode.window.showErrorMessage(message);
    return message;
  }
  const editor = vscode.window.activeTextEditor;
  const profile = await status.fetch(editor?.document.languageId === LANGUAGE_ID ? editor.document.uri : undefined);
  await status.refresh();
  const message = profile ? `Apache language server restarted: ${profile.label}.` : 'Apache language server restarted.';
  client.outputChannel.appendLine(message);
  void vscode.window.showInformationMessage(message);
  return message;
}
