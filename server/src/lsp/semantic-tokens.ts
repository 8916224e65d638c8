// textDocument/semanticTokens (full, delta and range): the service says what each part of the
// text is; this file encodes it as LSP wants (relative positions) and keeps the last result of
// each document so a delta request answers with the changed slice only.

import { type Connection, type SemanticTokensEdit, type SemanticTokens, type SemanticTokensDelta, type SemanticTokensOptions } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { TOKEN_MODIFIERS, TOKEN_TYPES, type ApacheService, type FileAnalysis, type ParsedFile, type SemanticToken } from '../service';
import { runSafe } from './run-safe';

/** The capability: the legend is fixed, so clients map indexes once. */
export const SEMANTIC_TOKENS_PROVIDER: SemanticTokensOptions = {
  legend: { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] },
  full: { delta: true },
  range: true,
};

export interface SemanticTokensHost {
  service: ApacheService;
  document(uri: string): TextDocument | undefined;
  /** The document's analysis (current with its text), or undefined for a buffer outside the disk. */
  analysis(uri: string): FileAnalysis | undefined;
}

/** Documents whose last result is kept for deltas; older ones get a full answer. */
const KEPT_RESULTS = 32;

export function registerSemanticTokens(connection: Connection, host: SemanticTokensHost): void {
  const results = new Map<string, { id: string; data: number[] }>();
  let nextId = 1;
  const remember = (uri: string, data: number[]): string => {
    const id = String(nextId++);
    results.delete(uri);
    if (results.size >= KEPT_RESULTS) results.delete(results.keys().next().value as string);
    results.set(uri, { id, data });
    return id;
  };

  const tokensOf = (uri: string, range?: { start: { line: number; character: number }; end: { line: number; character: number } }): number[] | undefined => {
    const doc = host.document(uri);
    if (!doc) return undefined;
    const fa = host.analysis(uri);
    const parsed = parsedOf(host.service, doc, fa);
    const offsets = range ? { start: doc.offsetAt(range.start), end: doc.offsetAt(range.end) } : undefined;
    return encode(host.service.semanticTokens(parsed, fa, offsets));
  };

  connection.languages.semanticTokens.on((p, token) =>
    runSafe<SemanticTokens | null>(token, null, () => {
      const data = tokensOf(p.textDocument.uri);
      if (!data) return { data: [] };
      return { resultId: remember(p.textDocument.uri, data), data };
    }),
  );
  connection.languages.semanticTokens.onDelta((p, token) =>
    runSafe<SemanticTokens | SemanticTokensDelta | null>(token, null, () => {
      const uri = p.textDocument.uri;
      const data = tokensOf(uri);
      if (!data) return { data: [] };
      const previous = results.get(uri);
      const resultId = remember(uri, data);
      if (previous?.id !== p.previousResultId) return { resultId, data };
      return { resultId, edits: changedSlice(previous.data, data) };
    }),
  );
  connection.languages.semanticTokens.onRange((p, token) => runSafe<SemanticTokens | null>(token, null, () => ({ data: tokensOf(p.textDocument.uri, p.range) ?? [] })));
}

/** The analysis's parse of the file when it is of this very text, else a parse of the buffer. */
function parsedOf(service: ApacheService, doc: TextDocument, fa: FileAnalysis | undefined): ParsedFile {
  const text = doc.getText();
  const analysed = fa?.analysis.model.parsed.get(fa.modelFile);
  return analysed && analysed.text === text ? analysed : service.parseText(text);
}

/** One edit replacing what differs between the common prefix and the common suffix (none when equal). */
export function changedSlice(before: number[], after: number[]): SemanticTokensEdit[] {
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before[start] === after[start]) start++;
  if (start === before.length && start === after.length) return [];
  let tail = 0;
  while (tail < shorter - start && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  return [{ start, deleteCount: before.length - start - tail, data: after.slice(start, after.length - tail) }];
}

/** LSP's encoding: five numbers a token, line and start relative to the token before. */
function encode(tokens: SemanticToken[]): number[] {
  const data = new Array<number>(tokens.length * 5);
  let line = 0;
  let character = 0;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    const i = k * 5;
    data[i] = t.line - line;
    data[i + 1] = t.line === line ? t.character - character : t.character;
    data[i + 2] = t.length;
    data[i + 3] = t.type;
    data[i + 4] = t.modifiers;
    line = t.line;
    character = t.character;
  }
  return data;
}
