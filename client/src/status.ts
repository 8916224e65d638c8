// Status bar item "Apache · prefork · mod_php" for the active Apache file, and the server
// profile report opened as a Markdown preview.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export interface ServerProfile {
  label: string;
  mainConfig: string | null;
  serverRoot: string | null;
  mpm: string | null;
  modules: string[];
  languageModules: string[];
  analysedAs?: string;
  /** Server paths read from the workspace: from the apache.pathMappings setting or inferred. */
  pathMappings?: { from: string; to: string; origin: 'setting' | 'inferred'; where?: string }[];
  markdown: string;
  /** Process id of the language server (lets tests check a restart). */
  pid: number;
}

export class ProfileStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('apache.profile', vscode.StatusBarAlignment.Left, 50);
  /** What the item shows now; read by the extension tests through the extension's API. */
  readonly state = { text: '', tooltip: '', visible: false };

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
    const profile = editor?.document.languageId === 'apacheconf' ? await this.fetch(editor.document.uri) : undefined;
    // The answer may arrive after the user switched to another editor.
    if (!profile || vscode.window.activeTextEditor !== editor) {
      if (vscode.window.activeTextEditor === editor) this.hide();
      return;
    }
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**Main configuration:** \`${profile.mainConfig ?? 'none found'}\`  \n**ServerRoot:** \`${profile.serverRoot ?? 'unknown'}\`  \n`);
    if (profile.analysedAs) tooltip.appendMarkdown(`*${profile.analysedAs}.*  \n`);
    for (const m of profile.pathMappings ?? []) {
      const why = m.origin === 'inferred' ? `inferred${m.where ? ` from ${m.where}` : ''}` : 'apache.pathMappings';
      tooltip.appendMarkdown(`**Path mapping:** \`${m.from}\` → \`${m.to}\` (${why})  \n`);
    }
    tooltip.appendMarkdown(`**Loaded modules (${profile.modules.length}):** ${profile.modules.join(', ')}  \n`);
    tooltip.appendMarkdown('Click for the full server profile.');
    this.item.text = `$(server) ${profile.label}`;
    this.item.tooltip = tooltip;
    this.item.show();
    Object.assign(this.state, { text: profile.label, tooltip: tooltip.value, visible: true });
  }

  private hide(): void {
    this.item.hide();
    this.state.visible = false;
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
