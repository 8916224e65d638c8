// textDocument/references, documentHighlight, prepareRename and rename: the service finds the
// places of a name across the tree; here they become protocol locations and a WorkspaceEdit.

import { DocumentHighlightKind, ResponseError, type Connection, type DocumentHighlight, type Location, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { documentFor, rangeInFile, rangeOf, type Analysis, type ApacheService, type FileAnalysis } from '../service';
import { runSafe } from './run-safe';

/** What the handlers need from the server: the analysis of an open document and the URI to show a file under. */
export interface NameFeatureHost {
  service: ApacheService;
  fileAnalysis(uri: string): (FileAnalysis & { doc: TextDocument }) | undefined;
  uriOf(file: string): string;
}

function docOf(analysis: Analysis, file: string): TextDocument | undefined {
  const parsed = analysis.model.parsed.get(file);
  return parsed ? documentFor(parsed, parsed.text) : undefined;
}

/** ErrorCodes.RequestFailed: the request was valid but the server refuses it (shown to the user). */
const REQUEST_FAILED = -32803;

export function registerReferences(c: Connection, host: NameFeatureHost): void {
  const { service } = host;
  c.onReferences((p, token) =>
    runSafe(token, [], () => {
      const fa = host.fileAnalysis(p.textDocument.uri);
      if (!fa) return [];
      const places = service.references(fa, fa.doc.offsetAt(p.position), p.context?.includeDeclaration ?? true);
      // A name of every vhost has thousands of places in as many files: each file's URI once.
      const uris = new Map<string, string>();
      const locations: Location[] = [];
      for (const place of places) {
        const parsed = fa.analysis.model.parsed.get(place.file);
        if (!parsed) continue;
        let uri = uris.get(place.file);
        if (uri === undefined) uris.set(place.file, (uri = host.uriOf(place.file)));
        locations.push({ uri, range: rangeInFile(parsed, place.start, place.end) });
      }
      return locations;
    }),
  );

  c.onDocumentHighlight((p, token) =>
    runSafe(token, [], () => {
      const fa = host.fileAnalysis(p.textDocument.uri);
      if (!fa) return [];
      return service.highlights(fa, fa.doc.offsetAt(p.position)).map((place): DocumentHighlight => ({
        range: rangeOf(fa.doc, place.start, place.end),
        kind: place.role === 'definition' ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
      }));
    }),
  );

  c.onPrepareRename((p) => refusable(() => {
    const fa = host.fileAnalysis(p.textDocument.uri);
    if (!fa) return null;
    const check = service.prepareRename(fa, fa.doc.offsetAt(p.position));
    if (!check) return null;
    if ('error' in check) throw new ResponseError(REQUEST_FAILED, check.error);
    return { range: rangeOf(fa.doc, check.start, check.end), placeholder: check.placeholder };
  }));

  c.onRenameRequest((p) => refusable(() => {
    const fa = host.fileAnalysis(p.textDocument.uri);
    if (!fa) return null;
    const result = service.rename(fa, fa.doc.offsetAt(p.position), p.newName);
    if (!result) return null;
    if ('error' in result) throw new ResponseError(REQUEST_FAILED, result.error);
    const changes: Record<string, TextEdit[]> = {};
    for (const edit of result.edits) {
      const doc = docOf(fa.analysis, edit.file);
      if (!doc) continue;
      (changes[host.uriOf(edit.file)] ??= []).push({ range: rangeOf(doc, edit.start, edit.end), newText: edit.newText });
    }
    const edit: WorkspaceEdit = { changes };
    return edit;
  }));
}

/** A refusal reaches the user as the request's error; any other failure answers null (and is logged). */
function refusable<T>(work: () => T): T | null {
  try {
    return work();
  } catch (error) {
    if (error instanceof ResponseError) throw error;
    console.error(`httpd-lsp: ${(error as Error)?.stack ?? String(error)}`);
    return null;
  }
}
