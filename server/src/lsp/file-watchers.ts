// Registers workspace/didChangeWatchedFiles at run time for what the trees read, so every client
// that can watch files (Neovim, Helix, Emacs as well as VS Code) tells the server about changes on
// disk: configuration-like names in the workspace folders, and every folder holding a file of a
// tree (an Include may pick up a new file there, in or out of the workspace).

import { DidChangeWatchedFilesNotification, type Connection, type Disposable, type FileSystemWatcher } from 'vscode-languageserver/node';
import * as path from 'path';
import { uriOf } from './uris';

/** Names worth a watch anywhere in a workspace folder: main files, includes, .htaccess, settings. */
const WORKSPACE_PATTERNS = ['**/*.conf', '**/*.load', '**/.htaccess', '**/envvars', '**/.httpd-lint.json', '**/mime.types'];
/** Folders watched beside the workspace patterns; a tree of more folders keeps the first ones. */
const MAX_FOLDERS = 500;

export class FileWatchers {
  private current = '';
  private registration: Promise<Disposable | undefined> | undefined;

  /**
   * @param onWatched told the folders whose every entry the client now reports changes of (once
   *   the registration is accepted), and undefined while a registration is replaced or was refused.
   */
  constructor(
    private readonly connection: Connection,
    private readonly relativePatterns: boolean,
    private readonly onWatched: (folders: ReadonlySet<string> | undefined) => void = () => undefined,
  ) {}

  /** Registers the watchers for these roots and tree files, replacing the previous set when it differs. */
  update(roots: string[], treeFiles: Iterable<string>): void {
    const { watchers, folders } = this.watchersFor(roots, treeFiles);
    const key = JSON.stringify(watchers);
    if (key === this.current) return;
    this.current = key;
    this.onWatched(undefined);
    const previous = this.registration;
    this.registration = (async () => {
      (await previous)?.dispose();
      try {
        const registered = await this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers });
        if (this.current === key) this.onWatched(folders);
        return registered;
      } catch {
        // A client that refuses keeps the events it sends anyway.
        return undefined;
      }
    })();
  }

  private watchersFor(roots: string[], treeFiles: Iterable<string>): { watchers: FileSystemWatcher[]; folders: Set<string> } {
    const watchers: FileSystemWatcher[] = [];
    for (const root of roots) {
      for (const pattern of WORKSPACE_PATTERNS) watchers.push({ globPattern: this.relativePatterns ? { baseUri: uriOf(root), pattern } : `${globSafe(root)}/${pattern}` });
    }
    const folders = new Set<string>();
    for (const file of treeFiles) {
      if (folders.size >= MAX_FOLDERS) break;
      folders.add(path.dirname(file));
    }
    for (const folder of [...folders].sort()) {
      watchers.push({ globPattern: this.relativePatterns ? { baseUri: uriOf(folder), pattern: '*' } : `${globSafe(folder)}/*` });
    }
    return { watchers, folders };
  }
}

/** A folder path inside a glob: the characters a glob reads as patterns, each in a bracket class. */
function globSafe(folder: string): string {
  return folder.replace(/[*?[\]{}]/g, (c) => `[${c}]`);
}
