// Gives the Apache language to every open file the analysed trees include (ports.conf opened
// as "Properties", a vhost under a folder with another name…). The server sends the list.

import * as vscode from 'vscode';
import { LANGUAGE_ID } from './language';

export class TreeLanguage implements vscode.Disposable {
  private files = new Set<string>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    this.subscriptions.push(vscode.workspace.onDidOpenTextDocument((doc) => void this.apply(doc)));
  }

  /** The server's list of tree files (file: URIs). */
  update(uris: string[]): void {
    this.files = new Set(uris.map((u) => vscode.Uri.parse(u).toString()));
    for (const doc of vscode.workspace.textDocuments) void this.apply(doc);
  }

  has(uri: vscode.Uri): boolean {
    return this.files.has(uri.toString());
  }

  private async apply(doc: vscode.TextDocument): Promise<void> {
    if (doc.languageId === LANGUAGE_ID || doc.uri.scheme !== 'file' || !this.files.has(doc.uri.toString())) return;
    try {
      await vscode.languages.setTextDocumentLanguage(doc, LANGUAGE_ID);
    } catch {
      /* closed meanwhile */
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
