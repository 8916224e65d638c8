// Status bar item "Apache · prefork · mod_php" for the active Apache file, and the server
// profile report opened as a Markdown preview.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export interface ServerProfile {
  label: string;
  mainConfig: string;
  serverRoot: string;
  mpm: string | null;
  modules: string[];
  languageModules: string[];
  analysedAs?: string;
  markdown: string;
  /** Process id of the language server (lets tests check a restart). */
  pid: number;
}

export class ProfileStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('apache.profile', vscode.StatusBarAlignment.Left, 50);
  /** Last label shown; read by the extension tests. */
  text = '';

  constructor(private readonly client: () => LanguageClient | undefined) {
    this.item.name = 'Apache server profile';
    this.item.command = 'apache.showServerProfile';
  }

  async fetch(uri?: vscode.Uri): Promise<ServerProfile | undefined> {
    const client = this.client();
    if (!client?.isRunning()) return undefined;
    try {
      const result = await client.sendRequest<ServerProfile | null>('apache/serverProfile', { uri: uri?.toString() });
      return result ?? undefined;
    } catch {
      return undefined;
    }
  }

  async refresh(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'apacheconf') {
      this.item.hide();
      return;
    }
    const profile = await this.fetch(editor.document.uri);
    if (!profile) {
      this.item.hide();
      return;
    }
    this.text = profile.label;
    this.item.text = `$(server) ${profile.label}`;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**Main configuration:** \`${profile.mainConfig}\`  \n**ServerRoot:** \`${profile.serverRoot}\`  \n`);
    if (profile.analysedAs) tooltip.appendMarkdown(`*This file is ${profile.analysedAs}.*  \n`);
    tooltip.appendMarkdown(`**Loaded modules (${profile.modules.length}):** ${profile.modules.join(', ')}`);
    this.item.tooltip = tooltip;
    this.item.show();
  }

  async showProfile(): Promise<void> {
    const profile = await this.fetch(vscode.window.activeTextEditor?.document.uri);
    if (!profile) {
      void vscode.window.showInformationMessage('Open an Apache configuration file to see its server profile.');
      return;
    }
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: profile.markdown });
    await vscode.commands.executeCommand('markdown.showPreview', doc.uri);
  }

  dispose(): void {
    this.item.dispose();
  }
}
