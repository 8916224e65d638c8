// textDocument/inlayHint: values of ${VAR}, durations in seconds and (when enabled) the value
// that overrides a directive, from the service; here only positions and the protocol's shape.

import { InlayHintKind, type Connection, type InlayHint } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { documentFor, type ApacheService, type FileAnalysis } from '../service';
import { runSafe } from './run-safe';

export interface InlayHintHost {
  service: ApacheService;
  fileAnalysis(uri: string): (FileAnalysis & { doc: TextDocument }) | undefined;
}

export function registerInlayHints(c: Connection, host: InlayHintHost): void {
  c.languages.inlayHint.on((p, token) =>
    runSafe(token, [], () => {
      const fa = host.fileAnalysis(p.textDocument.uri);
      if (!fa) return [];
      const parsed = fa.analysis.model.parsed.get(fa.modelFile);
      if (!parsed) return [];
      const view = documentFor(parsed, parsed.text);
      return host.service.inlayHints(fa, view.offsetAt(p.range.start), view.offsetAt(p.range.end)).map((h): InlayHint => ({
        position: view.positionAt(h.offset),
        label: h.label,
        kind: h.kind === 'overridden' ? InlayHintKind.Parameter : InlayHintKind.Type,
        paddingLeft: true,
        tooltip: h.tooltip,
      }));
    }),
  );
}
