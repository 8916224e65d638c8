// textDocument/hover: the service's Markdown, or plain text for a client that shows no Markdown.

import type { Hover } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { rangeOf, type ApacheService, type FileAnalysis } from '../service';
import { markup } from './client-capabilities';

export interface HoverHost {
  service: ApacheService;
  fileAnalysis(uri: string): (FileAnalysis & { doc: TextDocument }) | undefined;
  /** The client shows Markdown in hovers. */
  markdown: boolean;
}

export function hoverReply(host: HoverHost, uri: string, position: { line: number; character: number }): Hover | null {
  const fa = host.fileAnalysis(uri);
  if (!fa) return null;
  const result = host.service.hover(fa, fa.doc.offsetAt(position));
  if (!result) return null;
  return { contents: host.markdown ? markup(result.markdown, true) : plainText(result.markdown), range: rangeOf(fa.doc, result.start, result.end) };
}

/**
 * The last hovers as plain text: the service hands back the same text while the pointer moves
 * within a word, and converting a long hover costs more than the lookup.
 */
const plainTexts = new Map<string, ReturnType<typeof markup>>();
const PLAIN_TEXTS_KEPT = 64;

function plainText(markdown: string): ReturnType<typeof markup> {
  let kept = plainTexts.get(markdown);
  if (kept === undefined) {
    if (plainTexts.size >= PLAIN_TEXTS_KEPT) plainTexts.delete(plainTexts.keys().next().value as string);
    plainTexts.set(markdown, (kept = markup(markdown, false)));
  }
  return kept;
}
