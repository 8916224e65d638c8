// workspace/symbol: the service's symbols of every tree (virtual hosts, sections, Defines,
// modules) as protocol SymbolInformation.

import { SymbolKind, type Connection, type SymbolInformation } from 'vscode-languageserver/node';
import type { ApacheService, WorkspaceSymbolKind } from '../service';
import { runSafe } from './run-safe';

export interface WorkspaceSymbolHost {
  service: ApacheService;
  /** Brings the analyses up to date with the open buffers. */
  ensureFresh(): void;
  /** Local paths of the open documents (their trees are searched too). */
  openFiles(): string[];
  uriOf(file: string): string;
}

const KIND: Record<WorkspaceSymbolKind, SymbolKind> = {
  vhost: SymbolKind.Namespace,
  section: SymbolKind.Package,
  define: SymbolKind.Constant,
  module: SymbolKind.Module,
};

export function registerWorkspaceSymbols(c: Connection, host: WorkspaceSymbolHost): void {
  c.onWorkspaceSymbol((p, token) =>
    runSafe(token, [], () => {
      host.ensureFresh();
      const items = host.service.workspaceSymbols(typeof p.query === 'string' ? p.query : '', host.openFiles());
      return items.map((item): SymbolInformation => {
        return { name: item.name, kind: KIND[item.kind], containerName: item.container || undefined, location: { uri: host.uriOf(item.file), range: item.range } };
      });
    }),
  );
}
