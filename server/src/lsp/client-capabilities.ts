// What the client said it can do, read once at initialize: the server answers in Markdown or
// plain text, with or without snippets, registers file watchers and serves pull diagnostics
// according to these, so a minimal client gets answers it can show.

import { MarkupKind, type InitializeParams, type MarkupContent } from 'vscode-languageserver/node';
import { markdownToPlainText, snippetToPlainText } from '../service';

export interface ClientCapabilities {
  hoverMarkdown: boolean;
  completionMarkdown: boolean;
  signatureMarkdown: boolean;
  snippets: boolean;
  /** workspace/didChangeWatchedFiles can be registered at run time. */
  dynamicWatchers: boolean;
  /** Watchers may be relative patterns (a base folder and a glob), LSP 3.17. */
  relativePatterns: boolean;
  /** textDocument/diagnostic is understood. */
  pullDiagnostics: boolean;
  /** The client re-pulls when asked (workspace/diagnostic/refresh). */
  diagnosticRefresh: boolean;
  /** The client asks for inlay hints again when told to (workspace/inlayHint/refresh). */
  inlayHintRefresh: boolean;
  /** textDocument/publishDiagnostics is understood. */
  pushDiagnostics: boolean;
  /** workspace/didChangeWorkspaceFolders is sent. */
  workspaceFolders: boolean;
}

export function readClientCapabilities(params: InitializeParams): ClientCapabilities {
  const text = params.capabilities.textDocument;
  const workspace = params.capabilities.workspace;
  const markdownIn = (formats: MarkupKind[] | undefined) => !!formats?.includes(MarkupKind.Markdown);
  return {
    hoverMarkdown: markdownIn(text?.hover?.contentFormat),
    completionMarkdown: markdownIn(text?.completion?.completionItem?.documentationFormat),
    signatureMarkdown: markdownIn(text?.signatureHelp?.signatureInformation?.documentationFormat),
    snippets: !!text?.completion?.completionItem?.snippetSupport,
    dynamicWatchers: !!workspace?.didChangeWatchedFiles?.dynamicRegistration,
    relativePatterns: !!workspace?.didChangeWatchedFiles?.relativePatternSupport,
    pullDiagnostics: !!text?.diagnostic,
    diagnosticRefresh: !!workspace?.diagnostics?.refreshSupport,
    inlayHintRefresh: !!workspace?.inlayHint?.refreshSupport,
    pushDiagnostics: !!text?.publishDiagnostics,
    workspaceFolders: !!workspace?.workspaceFolders,
  };
}

/** Markdown we wrote, as the client can show it. */
export function markup(markdown: string, asMarkdown: boolean): MarkupContent {
  return asMarkdown ? { kind: MarkupKind.Markdown, value: markdown } : { kind: MarkupKind.PlainText, value: markdownToPlainText(markdown) };
}

/** A completion's text: the snippet itself, or the text it inserts by default when the client has no snippets. */
export function insertable(text: string, isSnippet: boolean, snippets: boolean): { text: string; snippet: boolean } {
  return isSnippet && !snippets ? { text: snippetToPlainText(text), snippet: false } : { text, snippet: isSnippet };
}
