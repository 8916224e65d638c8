// textDocument/completion and completionItem/resolve. Labels and kinds go first; the shared
// range and the document go once in itemDefaults when the client takes them, and the detail and
// documentation of directives, sections and recipes come from completionItem/resolve. A reply can
// hold hundreds of names, so the protocol objects every item shares are made once per reply.

import { CompletionItemKind, InsertTextFormat, type CompletionItem, type CompletionList, type Range } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { rangeOf, snippetToPlainText, type ApacheService, type CompletionKind, type FileAnalysis } from '../service';
import { markup, type ClientCapabilities } from './client-capabilities';

export interface CompletionHost {
  service: ApacheService;
  document(uri: string): TextDocument | undefined;
  fileAnalysis(uri: string): FileAnalysis | undefined;
  client: ClientCapabilities;
  /** CompletionList.itemDefaults the client understands (editRange, data…). */
  itemDefaults: Set<string>;
}

const COMPLETION_KIND: Record<CompletionKind, CompletionItemKind> = {
  directive: CompletionItemKind.Keyword,
  section: CompletionItemKind.Module,
  value: CompletionItemKind.EnumMember,
  module: CompletionItemKind.Module,
  variable: CompletionItemKind.Variable,
  path: CompletionItemKind.File,
  snippet: CompletionItemKind.Snippet,
};

export function completionReply(host: CompletionHost, uri: string, position: { line: number; character: number }): CompletionList {
  const doc = host.document(uri);
  if (!doc) return { isIncomplete: false, items: [] };
  const fa = host.fileAnalysis(uri);
  const { items, isIncomplete } = host.service.completion({ text: doc.getText(), offset: doc.offsetAt(position), uriOrFile: uri, fa });
  const first = items[0];
  const shared = !!first && host.itemDefaults.has('editRange') && items.every((i) => i.start === first.start && i.end === first.end);
  const sharedData = shared && host.itemDefaults.has('data');
  const list: CompletionList = { isIncomplete, items: [] };
  const sortText = compactSortTexts(items.map((i) => i.rank));
  if (shared) list.itemDefaults = { editRange: rangeOf(doc, first.start, first.end), ...(sharedData ? { data: { uri } } : {}) };
  // One data object and one range per distinct place for the whole reply (they serialize alike).
  const data = { uri };
  let rangeStart = -1;
  let rangeEnd = -1;
  let range: Range | undefined;
  const markdown = host.client.completionMarkdown;
  const snippets = host.client.snippets;
  list.items = items.map((item) => {
    const out: CompletionItem = { label: item.label, kind: COMPLETION_KIND[item.kind] };
    const sort = sortText(item.rank);
    if (sort !== undefined) out.sortText = sort;
    if (item.detail) out.detail = item.detail;
    if (item.documentation) out.documentation = keptMarkup(item.documentation, markdown);
    // As insertable() does, without an object per item: the snippet, or what it inserts by default.
    const text = item.snippet && !snippets ? plainSnippet(item.insertText) : item.insertText;
    if (item.snippet && snippets) out.insertTextFormat = InsertTextFormat.Snippet;
    if (!shared) {
      if (range === undefined || item.start !== rangeStart || item.end !== rangeEnd) {
        range = rangeOf(doc, item.start, item.end);
        rangeStart = item.start;
        rangeEnd = item.end;
      }
      out.textEdit = { range, newText: text };
    } else if (text !== item.label) out.insertText = text;
    if (!sharedData) out.data = data;
    return out;
  });
  return list;
}

export function resolveReply(host: CompletionHost, item: CompletionItem): CompletionItem {
  const uri = (item.data as { uri?: string } | undefined)?.uri;
  const kind = item.kind === CompletionItemKind.Keyword ? 'directive' : item.kind === CompletionItemKind.Module && item.label.startsWith('<') ? 'section' : item.kind === CompletionItemKind.Snippet ? 'snippet' : undefined;
  if (!kind) return item;
  const extra = host.service.resolveCompletion(item.label, kind, uri ? host.fileAnalysis(uri) : undefined);
  if (extra.detail) item.detail = extra.detail;
  if (extra.documentation) item.documentation = markup(extra.documentation, host.client.completionMarkdown);
  return item;
}

/**
 * Sort texts that cost nothing for the commonest rank: its items carry none and sort by label,
 * lower ranks get a digit (before any label), higher ranks '~' and a digit (after any label).
 */
function compactSortTexts(ranks: number[]): (rank: number) => string | undefined {
  const counts = new Map<number, number>();
  for (const r of ranks) counts.set(r, (counts.get(r) ?? 0) + 1);
  const common = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  return (rank) => (rank === common ? undefined : rank < (common ?? 0) ? String(rank) : `~${rank}`);
}

/**
 * What a reply's items share between requests: the same value descriptions and section snippets
 * come back at every completion, and for a client without Markdown or snippets converting them
 * cost more than the rest of the item. The objects go out as they are (serialized, never changed).
 */
const markups = [new Map<string, ReturnType<typeof markup>>(), new Map<string, ReturnType<typeof markup>>()];
const plainSnippets = new Map<string, string>();
const CONVERSIONS_KEPT = 512;

function keptMarkup(markdown: string, asMarkdown: boolean): ReturnType<typeof markup> {
  const kept = markups[asMarkdown ? 1 : 0];
  let content = kept.get(markdown);
  if (content === undefined) {
    if (kept.size >= CONVERSIONS_KEPT) kept.delete(kept.keys().next().value as string);
    kept.set(markdown, (content = markup(markdown, asMarkdown)));
  }
  return content;
}

function plainSnippet(snippet: string): string {
  let text = plainSnippets.get(snippet);
  if (text === undefined) {
    if (plainSnippets.size >= CONVERSIONS_KEPT) plainSnippets.delete(plainSnippets.keys().next().value as string);
    plainSnippets.set(snippet, (text = snippetToPlainText(snippet)));
  }
  return text;
}
