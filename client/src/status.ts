// Status bar item "Apache · prefork · mod_php" for the active Apache file. It stays while the
// server restarts (with a spinner) and refreshes when the server is back.

import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import type { ServerProfile as ProfileData } from '../../shared/profile';
import { LANGUAGE_ID } from './language';

export type ServerProfile = ProfileData & {
  analysedAs?: string;
  /** Server paths read from the workspace: from the apache.pathMappings setting or inferred. */
  pathMappings?: { from: string; to: string; origin: 'setting' | 'inferred'; where?: string }[];
  /** Process id of the language server (lets tests check a restart). */
  pid: number;
};

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

  /** Follows the client through restarts: a spinner while it starts, a refresh once it runs. */
  watch(client: LanguageClient): vscode.Disposable {
    return client.onDidChangeState((e) => {
      if (e.newState === State.Running) void this.refresh();
      else if (this.state.visible) this.item.text = `$(sync~spin) ${this.state.text}`;
    });
  }

  async refresh(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (editor?.document.languageId !== LANGUAGE_ID) {
      this.hide();
      return;
    }
    const profile = await this.fetch(editor.document.uri);
    // The answer may arrive after the user switched to another editor. Without an answer (the
    // server is restarting) the item keeps its last text until the server is back.
    if (!profile || vscode.window.activeTextEditor !== editor) return;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**Main configuration:** \`${profile.mainConfig ?? 'none found'}\`  \n**ServerRoot:** \`${profile.serverRoot ?? 'unknown'}\`  \n`);
    if (profile.analysedAs) tooltip.appendMarkdown(`*${profile.analysedAs}.*  \n`);
    for (const m of profile.pathMappings ?? []) {
      const why = m.origin === 'inferred' ? `inferred${m.where ? ` from ${m.where}` : ''}` : 'apache.pathMappings';
      tooltip.appendMarkdown(`**Path mapping:** \`${m.from}\` → \`${m.to}\` (${why})  \n`);
    }
    tooltip.appendMarkdown(`**Loaded modules (${profile.modules.length}):** ${profile.modules.join(', ')}  \n`);
    if (profile.modulesUnknownAfter) tooltip.appendMarkdown(`*Modules loaded past ${profile.modulesUnknownAfter.label} are unknown: that Include could not be read.*  \n`);
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

  dispose(): void {
    this.item.dispose();
  }
}
