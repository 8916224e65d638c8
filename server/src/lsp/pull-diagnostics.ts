// Pull diagnostics (textDocument/diagnostic, workspace/diagnostic) for clients that prefer asking
// to being told. Each report carries a result id derived from its content, so a client asking
// again with the id it holds gets "unchanged" instead of the same list.

import { createHash } from 'crypto';
import {
  DocumentDiagnosticReportKind,
  type Connection,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver/node';

export interface PullSource {
  /** The diagnostics of an open document (after bringing the analysis up to date). */
  document(uri: string): Diagnostic[];
  /** Every file of the trees with its diagnostics, when the scope is the whole tree; else none. */
  workspace(): { uri: string; version: number | null; diagnostics: Diagnostic[] }[];
}

/** A result id that changes exactly when the list does. */
export function resultIdOf(diagnostics: Diagnostic[]): string {
  return createHash('sha1').update(JSON.stringify(diagnostics)).digest('hex').slice(0, 16);
}

export function registerPullDiagnostics(connection: Connection, source: PullSource): void {
  connection.languages.diagnostics.on((params): DocumentDiagnosticReport => {
    const items = source.document(params.textDocument.uri);
    const resultId = resultIdOf(items);
    if (params.previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
    return { kind: DocumentDiagnosticReportKind.Full, resultId, items };
  });
  connection.languages.diagnostics.onWorkspace((params) => {
    const previous = new Map(params.previousResultIds.map((p) => [p.uri, p.value]));
    const items: WorkspaceDocumentDiagnosticReport[] = source.workspace().map(({ uri, version, diagnostics }) => {
      const resultId = resultIdOf(diagnostics);
      return previous.get(uri) === resultId
        ? { kind: DocumentDiagnosticReportKind.Unchanged, uri, version, resultId }
        : { kind: DocumentDiagnosticReportKind.Full, uri, version, resultId, items: diagnostics };
    });
    return { items };
  });
}
