// textDocument/selectionRange: the service's nested spans as the protocol's linked list.

import type { Connection, SelectionRange } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { documentFor, rangeOf, type ApacheService } from '../service';
import { runSafe } from './run-safe';

export interface TextFeatureHost {
  service: ApacheService;
  document(uri: string): TextDocument | undefined;
}

export function registerSelectionRanges(c: Connection, host: TextFeatureHost): void {
  c.onSelectionRanges((p, token) =>
    runSafe(token, [], () => {
      const doc = host.document(p.textDocument.uri);
      if (!doc) return [];
      const parsed = host.service.parseText(doc.getText());
      const view = documentFor(parsed, parsed.text);
      return p.positions.map((position): SelectionRange => {
        const offset = view.offsetAt(position);
        const spans = host.service.selectionRanges(parsed, offset);
        // Outermost first, each the parent of the next; a position outside every span gets an empty range.
        let range: SelectionRange | undefined;
        for (let i = spans.length - 1; i >= 0; i--) range = { range: rangeOf(view, spans[i].start, spans[i].end), parent: range };
        return range ?? { range: { start: position, end: position } };
      });
    }),
  );
}
