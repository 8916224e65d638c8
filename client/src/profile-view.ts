// "Apache: Show Server Profile": one read-only webview that follows the Apache file last active
// in an editor and re-renders whenever the server re-analyses. Its links open file:line through
// the apache.openLocation command, the only command the page may run.

import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import type { ServerProfile } from '../../shared/profile';
import type { LastApacheFile } from './last-apache-file';
import { renderProfileHtml } from './profile-html';
import { OPEN_LOCATION_COMMAND, parseOpenLocationArgs } from './webview-page';

export type ProfileWithContext = ServerProfile & { analysedAs?: string; pid: number };

export class ProfileView implements vscode.Disposable {
  static readonly viewType = 'apache.serverProfile';
  private panel: vscode.WebviewPanel | undefined;
  /** The Apache file whose tree the view shows. */
  private target: vscode.Uri | undefined;
  private rendered = 0;
  private requested = 0;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly fetch: (uri?: vscode.Uri) => Promise<ProfileWithContext | undefined>,
    private readonly lastFile: LastApacheFile,
  ) {
    this.disposables.push(
      vscode.commands.registerCommand(OPEN_LOCATION_COMMAND, (raw: unknown) => this.openLocation(raw)),
      lastFile.onDidChange((uri) => {
        if (uri.toString() === this.target?.toString()) return;
        this.target = uri;
        void this.refresh();
      }),
    );
  }

  /** What the view shows, for the extension tests. */
  state(): { open: boolean; visible: boolean; title: string; html: string; target?: string; renders: number } {
    const p = this.panel;
    return { open: !!p, visible: !!p?.visible, title: p?.title ?? '', html: p?.webview.html ?? '', target: this.target?.toString(), renders: this.rendered };
  }

  async show(): Promise<boolean> {
    this.target = this.lastFile.current ?? this.target;
    if (!this.target) {
      void vscode.window.showInformationMessage('Open an Apache configuration file to see its server profile.');
      return false;
    }
    if (this.panel) {
      this.panel.reveal(undefined, true);
    } else {
      this.panel = vscode.window.createWebviewPanel(ProfileView.viewType, 'Apache Server Profile', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: false,
        enableCommandUris: [OPEN_LOCATION_COMMAND],
        localResourceRoots: [],
        enableFindWidget: true,
      });
      this.panel.onDidDispose(() => (this.panel = undefined), null, this.disposables);
    }
    return this.refresh();
  }

  /** Re-renders with a fresh profile; answers that arrive out of order are dropped. */
  async refresh(): Promise<boolean> {
    if (!this.panel) return false;
    const ticket = ++this.requested;
    const profile = await this.fetch(this.target);
    if (!this.panel || ticket !== this.requested) return false;
    if (!profile) {
      this.panel.webview.html = placeholder('The Apache language server is not running; the profile returns when it is back.');
      return false;
    }
    this.panel.title = `Apache Server Profile · ${profile.label.replace(/^Apache · /, '')}`;
    this.panel.webview.html = renderProfileHtml(profile, {
      nonce: randomBytes(16).toString('base64'),
      toUri: (file) => vscode.Uri.file(file).toString(),
      updated: new Date(),
      analysedAs: profile.analysedAs,
    });
    this.rendered++;
    return true;
  }

  private async openLocation(raw: unknown): Promise<void> {
    const args = parseOpenLocationArgs(raw);
    if (!args) return;
    const uri = vscode.Uri.parse(args.uri, true);
    if (uri.scheme !== 'file') return;
    const position = new vscode.Position(args.line, 0);
    // Beside the view when it sits in the first group, otherwise in the first group.
    const column = this.panel?.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
    const editor = await vscode.window.showTextDocument(uri, { viewColumn: column, selection: new vscode.Range(position, position), preview: true });
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

function placeholder(text: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head><body><p>${text}</p></body></html>`;
}
