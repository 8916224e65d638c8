// textDocument/rangeFormatting and textDocument/onTypeFormatting: the service cuts both from the
// whole-document formatter, so they agree with it.

import type { Connection, TextEdit } from 'vscode-languageserver/node';
import { documentFor, rangeOf } from '../service';
import { runSafe } from './run-safe';
import type { TextFeatureHost } from './selection-ranges';

/** `>` ends a closing tag; a newline starts a line that takes its depth's indentation. */
export const ON_TYPE_TRIGGERS = { firstTriggerCharacter: '>', moreTriggerCharacter: ['\n'] };

export function registerMoreFormatting(c: Connection, host: TextFeatureHost): void {
  const edits = (uri: string, run: (parsed: ReturnType<TextFeatureHost['service']['parseText']>, at: (p: { line: number; character: number }) => number) => { start: number; end: number; newText: string }[]): TextEdit[] => {
    const doc = host.document(uri);
    if (!doc) return [];
    const parsed = host.service.parseText(doc.getText());
    const view = documentFor(parsed, parsed.text);
    return run(parsed, (p) => view.offsetAt(p)).map((e) => ({ range: rangeOf(view, e.start, e.end), newText: e.newText }));
  };
  c.onDocumentRangeFormatting((p, token) =>
    runSafe(token, [], () => edits(p.textDocument.uri, (parsed, at) => host.service.formatRange(parsed, p.options, at(p.range.start), at(p.range.end)))),
  );
  c.onDocumentOnTypeFormatting((p, token) =>
    runSafe(token, [], () => edits(p.textDocument.uri, (parsed, at) => host.service.formatOnType(parsed, p.options, at(p.position), p.ch))),
  );
}
