// "Apache: Trace Request…": asks for the URL, method and client address (earlier answers offered
// first, kept in workspace state), sends apache/traceRequest and shows the trace in a read-only
// webview whose file:line links open the configuration. A CodeLens on each <VirtualHost> traces
// a request to its ServerName.

import { randomBytes } from 'crypto';
import * as path from 'path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { TraceResult } from '../../shared/trace';
import { LANGUAGE_ID } from './language';
import type { LastApacheFile } from './last-apache-file';
import { OPEN_LOCATION_COMMAND } from './webview-page';
import { renderTraceHtml } from './trace-html';

export const TRACE_COMMAND = 'apache.traceRequest';
const HISTORY_KEY = 'apache.traceRequest.history';
const HISTORY_SIZE = 10;
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'];

export interface TraceArgs {
  url?: string;
  method?: string;
  clientAddress?: string;
  /** A file whose tree answers (the CodeLens passes its document). */
  uri?: string;
}

interface HistoryEntry {
  url: string;
  method: string;
  clientAddress: string;
}

export class TraceView implements vscode.Disposable {
  static readonly viewType = 'apache.requestTrace';
  private panel: vscode.WebviewPanel | undefined;
  private last: TraceResult | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  /** `lastFile`: the command traces through its tree, also when the trace panel itself or another language's file has focus. */
  constructor(
    private readonly client: () => LanguageClient | undefined,
    private readonly state: vscode.Memento,
    private readonly lastFile: LastApacheFile,
  ) {
    this.disposables.push(
      vscode.commands.registerCommand(TRACE_COMMAND, (args?: TraceArgs) => this.run(args)),
      vscode.languages.registerCodeLensProvider({ language: LANGUAGE_ID, scheme: 'file' }, new VirtualHostLenses()),
    );
  }

  /** What the panel shows, for the extension tests. */
  status(): { open: boolean; title: string; html: string; result?: TraceResult } {
    return { open: !!this.panel, title: this.panel?.title ?? '', html: this.panel?.webview.html ?? '', result: this.last };
  }

  history(): HistoryEntry[] {
    return this.state.get<HistoryEntry[]>(HISTORY_KEY, []);
  }

  /** Runs the command; the arguments given skip their questions. Resolves to the trace shown. */
  async run(args: TraceArgs = {}): Promise<TraceResult | undefined> {
    const history = this.history();
    const url = args.url ?? (await this.askUrl(history));
    if (!url) return undefined;
    const method = args.method ?? (await this.pick('Method', METHODS, history[0]?.method ?? 'GET'));
    if (!method) return undefined;
    const clientAddress = args.clientAddress ?? (await vscode.window.showInputBox({ title: 'Apache: Trace Request (3/3)', prompt: 'Client address (Require ip, Allow from)', value: history[0]?.clientAddress ?? '127.0.0.1', ignoreFocusOut: true }));
    if (clientAddress === undefined) return undefined;
    await this.remember({ url, method, clientAddress: clientAddress || '127.0.0.1' });
    const client = this.client();
    if (!client) {
      void vscode.window.showWarningMessage('The Apache language server is not running.');
      return undefined;
    }
    const result = await client.sendRequest<TraceResult | null>('apache/traceRequest', { url, method, clientAddress: clientAddress || undefined, uri: args.uri ?? onDisk(this.lastFile.current) });
    if (!result) {
      void vscode.window.showInformationMessage('No Apache main configuration found to trace the request through (set apache.mainConfig).');
      return undefined;
    }
    this.show(result);
    return result;
  }

  private async askUrl(history: HistoryEntry[]): Promise<string | undefined> {
    const fresh = 'Enter a URL…';
    if (history.length) {
      const picked = await vscode.window.showQuickPick([fresh, ...new Set(history.map((h) => h.url))], { title: 'Apache: Trace Request (1/3)', placeHolder: 'URL to trace' });
      if (!picked) return undefined;
      if (picked !== fresh) return picked;
    }
    return vscode.window.showInputBox({
      title: 'Apache: Trace Request (1/3)',
      prompt: 'URL to trace, e.g. https://shop.example.com/img/logo.png',
      value: history[0]?.url ?? 'http://localhost/',
      ignoreFocusOut: true,
      validateInput: (v) => (/^(https?:\/\/[^/\s]+)?\/\S*$/i.test(v.trim()) ? undefined : 'An http(s) URL or a path starting with /'),
    }).then((v) => v?.trim());
  }

  private async pick(what: string, items: string[], preferred: string): Promise<string | undefined> {
    const ordered = [preferred, ...items.filter((i) => i !== preferred)];
    return vscode.window.showQuickPick(ordered, { title: 'Apache: Trace Request (2/3)', placeHolder: what });
  }

  private async remember(entry: HistoryEntry): Promise<void> {
    const rest = this.history().filter((h) => h.url !== entry.url || h.method !== entry.method || h.clientAddress !== entry.clientAddress);
    await this.state.update(HISTORY_KEY, [entry, ...rest].slice(0, HISTORY_SIZE));
  }

  private show(result: TraceResult): void {
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(TraceView.viewType, 'Apache Request Trace', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: false,
        enableCommandUris: [OPEN_LOCATION_COMMAND],
        localResourceRoots: [],
        enableFindWidget: true,
      });
      this.panel.onDidDispose(() => (this.panel = undefined), null, this.disposables);
    } else {
      this.panel.reveal(undefined, true);
    }
    this.last = result;
    this.panel.title = `Trace · ${result.request.method} ${result.request.url}`;
    const base = result.vhost ? path.dirname(result.vhost.file) : result.sections[0] ? path.dirname(result.sections[0].file) : '/';
    this.panel.webview.html = renderTraceHtml(result, { nonce: randomBytes(16).toString('base64'), toUri: (f) => vscode.Uri.file(f).toString(), base: path.dirname(base) });
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/** Requests are traced through trees on disk; an unsaved buffer leaves the choice to the server. */
function onDisk(uri: vscode.Uri | undefined): string | undefined {
  return uri?.scheme === 'file' ? uri.toString() : undefined;
}

/** One lens per <VirtualHost> that names a ServerName: "Trace a request to NAME". */
export class VirtualHostLenses implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const lenses: vscode.CodeLens[] = [];
    const lines = document.getText().split(/\r?\n/);
    // Bounded scan: one pass over the lines, the open host remembered until its closing tag.
    let open: { line: number; address: string; name?: string } | undefined;
    for (let i = 0; i < lines.length; i++) {
      const text = lines[i];
      const start = /^\s*<VirtualHost\s([^>]*)>/i.exec(text);
      if (start) {
        open = { line: i, address: start[1].trim().split(/\s+/)[0] ?? '' };
        continue;
      }
      if (!open) continue;
      const name = /^\s*ServerName\s+("?)([^\s"]+)\1/i.exec(text);
      if (name && !open.name) open.name = name[2];
      if (/^\s*<\/VirtualHost\s*>/i.test(text)) {
        if (open.name) lenses.push(lensFor(document, open.line, open.address, open.name));
        open = undefined;
      }
    }
    return lenses;
  }
}

function lensFor(document: vscode.TextDocument, line: number, address: string, serverName: string): vscode.CodeLens {
  const port = /:(\d+)$/.exec(address)?.[1];
  const named = /^(https?):\/\//i.exec(serverName);
  const host = serverName.replace(/^https?:\/\//i, '');
  const scheme = named?.[1].toLowerCase() ?? (port === '443' ? 'https' : 'http');
  const hostPort = host.includes(':') || !port || (scheme === 'http' && port === '80') || (scheme === 'https' && port === '443') ? host : `${host}:${port}`;
  const url = `${scheme}://${hostPort}/`;
  const args: TraceArgs = { url, method: 'GET', clientAddress: '127.0.0.1', uri: document.uri.toString() };
  return new vscode.CodeLens(new vscode.Range(line, 0, line, 0), { title: `Trace a request to ${host}`, command: TRACE_COMMAND, arguments: [args] });
}
