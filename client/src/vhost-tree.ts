// The "Apache Virtual Hosts" view in the Explorer: addresses -> virtual hosts (the default of each
// address marked, as `httpd -S` lists them) -> what each host serves; every entry opens its
// file:line. It shows the tree of the Apache file last active in an editor (else the workspace's
// first main configuration) and refreshes when the server re-analyses, while the view is visible
// (a hidden view only notes that it is stale and asks again when it is shown).

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { VirtualHostDetail, VirtualHostEntry, VirtualHostsView } from '../../shared/virtual-hosts';
import type { LastApacheFile } from './last-apache-file';

type Node =
  | { kind: 'address'; address: string; hosts: VirtualHostEntry[] }
  | { kind: 'host'; host: VirtualHostEntry; main: boolean }
  | { kind: 'detail'; detail: VirtualHostDetail };

/** A node as the extension tests read it: label, description and children. */
export interface ShownNode {
  label: string;
  description?: string;
  target?: string;
  children: ShownNode[];
}

export class VirtualHostTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  static readonly viewId = 'apache.virtualHosts';
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private view: VirtualHostsView | null = null;
  private target: vscode.Uri | undefined;
  private requested = 0;
  private stale = false;
  private readonly treeView: vscode.TreeView<Node>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly client: () => LanguageClient | undefined,
    private readonly lastFile: LastApacheFile,
  ) {
    this.treeView = vscode.window.createTreeView(VirtualHostTree.viewId, { treeDataProvider: this });
    this.disposables.push(
      this.changed,
      this.treeView,
      this.treeView.onDidChangeVisibility(({ visible }) => {
        if (visible && this.stale) void this.refresh();
      }),
      lastFile.onDidChange((uri) => {
        if (uri.toString() === this.target?.toString()) return;
        this.target = uri;
        this.changedOnServer();
      }),
    );
  }

  /**
   * The analysis changed: ask again now if the view is shown (or has nothing yet: the view appears
   * only once there is a tree to show), else when it is next shown.
   */
  changedOnServer(): void {
    if (this.treeView.visible || !this.view) void this.refresh();
    else this.stale = true;
  }

  /** Asks the server again; answers that arrive out of order are dropped. */
  async refresh(): Promise<void> {
    const client = this.client();
    if (!client) return;
    this.stale = false;
    const ticket = ++this.requested;
    this.target ??= this.lastFile.current;
    let view: VirtualHostsView | null = null;
    try {
      view = await client.sendRequest<VirtualHostsView | null>('apache/virtualHosts', { uri: this.target?.toString() });
    } catch {
      view = null;
    }
    if (ticket !== this.requested) return;
    this.view = view;
    await vscode.commands.executeCommand('setContext', 'apache.virtualHosts.available', !!view);
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    if (!this.view) return [];
    if (!node) {
      const addresses: Node[] = this.view.addresses.map((a) => ({ kind: 'address', address: a.address, hosts: a.hosts }));
      return [...addresses, { kind: 'host', host: this.view.mainServer, main: true }];
    }
    if (node.kind === 'address') return node.hosts.map((host) => ({ kind: 'host', host, main: false }));
    if (node.kind === 'host') return node.host.details.map((detail) => ({ kind: 'detail', detail }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'address') {
      const item = new vscode.TreeItem(node.address, vscode.TreeItemCollapsibleState.Expanded);
      item.description = `${node.hosts.length} host${node.hosts.length === 1 ? '' : 's'}`;
      item.iconPath = new vscode.ThemeIcon('plug');
      return item;
    }
    if (node.kind === 'host') {
      const { host } = node;
      const item = new vscode.TreeItem(node.main ? 'Main server' : host.name, vscode.TreeItemCollapsibleState.Collapsed);
      const notes = [host.default ? 'default' : '', host.aliases.length ? `aliases: ${host.aliases.join(', ')}` : ''].filter(Boolean);
      item.description = node.main ? 'answers what no <VirtualHost> address takes' : notes.join(' · ');
      item.tooltip = node.main ? undefined : `${host.name}${host.default ? ' (default: answers every Host header no other name here matches)' : ''}`;
      item.iconPath = new vscode.ThemeIcon(node.main ? 'server' : host.default ? 'star-full' : 'globe');
      item.command = openCommand(host.file, host.line);
      return item;
    }
    const { detail } = node;
    const item = new vscode.TreeItem(detail.label, vscode.TreeItemCollapsibleState.None);
    item.description = detail.value;
    item.tooltip = `${detail.label} ${detail.value}`;
    if (detail.file !== undefined) item.command = openCommand(detail.file, detail.line ?? 0);
    return item;
  }

  /** The whole tree as plain data, for the extension tests. */
  shown(): ShownNode[] {
    const walk = (node: Node): ShownNode => {
      const item = this.getTreeItem(node);
      const label = typeof item.label === 'string' ? item.label : item.label?.label ?? '';
      const args = item.command?.arguments as [vscode.Uri, { selection: vscode.Range }] | undefined;
      const target = args ? `${args[0].fsPath}:${args[1].selection.start.line + 1}` : undefined;
      return { label, description: typeof item.description === 'string' ? item.description : undefined, target, children: this.getChildren(node).map(walk) };
    };
    return this.getChildren().map(walk);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function openCommand(file: string, line: number): vscode.Command {
  const at = new vscode.Range(line, 0, line, 0);
  return { command: 'vscode.open', title: 'Open', arguments: [vscode.Uri.file(file), { selection: at }] };
}
