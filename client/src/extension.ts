// The VS Code side: starts the language server, shows the server profile in the status bar,
// and offers the profile and restart commands. No parsing or rules here.

import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { contributedKeys, explicitSettingsMiddleware } from './explicit-settings';
import { LastApacheFile } from './last-apache-file';
import { ProfileView } from './profile-view';
import { restartServer } from './restart';
import { registerRuleDocs, ruleDocsMiddleware } from './rule-docs';
import { ProfileStatus, type ServerProfile } from './status';
import { LANGUAGE_ID } from './language';
import { TreeLanguage } from './tree-language';
import { TraceView } from './trace-view';
import { VirtualHostTree, type ShownNode } from './vhost-tree';

let client: LanguageClient | undefined;

/** What the extension offers to other extensions and to its own tests. */
export interface ApacheExtensionApi {
  /** The status bar item: its text (e.g. "Apache · prefork · mod_php"), Markdown tooltip and visibility. */
  statusBar(): { text: string; tooltip: string; visible: boolean };
  /** The server profile for a file (the status bar's source). */
  profile(uri?: vscode.Uri): Promise<ServerProfile | undefined>;
  /** Whether the server listed the file as part of an analysed tree (it then gets the Apache language). */
  isTreeFile(uri: vscode.Uri): boolean;
  /** The profile view: whether it is open and visible, its title and the HTML it shows. */
  profileView(): ReturnType<ProfileView['state']>;
  /** The request trace panel: open, title, HTML and the last trace shown. */
  traceView(): ReturnType<TraceView['status']>;
  /** The trace history kept in workspace state, newest first. */
  traceHistory(): ReturnType<TraceView['history']>;
  /** The Virtual Hosts view's tree as shown (after a refresh). */
  virtualHosts(): Promise<ShownNode[]>;
  /** This extension's log folder, where VS Code writes the "Apache httpd" output channel. */
  logUri: vscode.Uri;
}

export async function activate(context: vscode.ExtensionContext): Promise<ApacheExtensionApi> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const watcher = vscode.workspace.createFileSystemWatcher('**/{*.conf,*.load,*.template,.htaccess,*.htaccess,htaccess,htaccess.txt,htaccess.dist,envvars,.httpd-lint.json}');
  context.subscriptions.push(watcher);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: LANGUAGE_ID },
      { scheme: 'untitled', language: LANGUAGE_ID },
    ],
    synchronize: { configurationSection: 'apache', fileEvents: watcher },
    // Only what the user set goes to the server, per folder (scopeUri): it overrides .httpd-lint.json there.
    middleware: { handleDiagnostics: ruleDocsMiddleware(), workspace: explicitSettingsMiddleware('apache', contributedKeys(context.extension, 'apache')) },
  };
  // The id 'apache' makes vscode-languageclient read the `apache.trace.server` setting.
  client = new LanguageClient('apache', 'Apache httpd', serverOptions, clientOptions);
  const status = new ProfileStatus(() => client);
  const lastFile = new LastApacheFile();
  const view = new ProfileView((uri) => status.fetch(uri), lastFile);
  const trace = new TraceView(() => client, context.workspaceState, lastFile);
  const hosts = new VirtualHostTree(() => client, lastFile);
  context.subscriptions.push(lastFile, hosts, vscode.commands.registerCommand('apache.refreshVirtualHosts', () => hosts.refresh()));
  context.subscriptions.push(status, view, trace, status.watch(client), registerRuleDocs(context.extensionUri));

  context.subscriptions.push(
    vscode.commands.registerCommand('apache.showServerProfile', () => view.show()),
    vscode.commands.registerCommand('apache.restartServer', () => (client ? restartServer(client, status) : undefined)),
    vscode.window.onDidChangeActiveTextEditor(() => status.refresh()),
  );
  await client.start();
  const treeLanguage = new TreeLanguage();
  // Handlers registered on the client survive restarts (the client registers them again).
  context.subscriptions.push(
    client.onNotification('apache/analysisUpdated', () => {
      void status.refresh();
      void view.refresh();
      hosts.changedOnServer();
    }),
    treeLanguage,
    client.onNotification('apache/treeFiles', (p: { uris: string[] }) => treeLanguage.update(p.uris)),
  );
  await status.refresh();
  return {
    statusBar: () => ({ ...status.state }),
    profile: (uri) => status.fetch(uri),
    isTreeFile: (uri) => treeLanguage.has(uri),
    profileView: () => view.state(),
    traceView: () => trace.status(),
    traceHistory: () => trace.history(),
    virtualHosts: async () => {
      await hosts.refresh();
      return hosts.shown();
    },
    logUri: context.logUri,
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
