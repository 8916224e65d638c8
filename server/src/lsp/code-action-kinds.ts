// Code action kinds the server offers, and the client's `only` filter (a kind matches itself and
// every kind it is a prefix of: `source.fixAll` asks for `source.fixAll.httpd-lint`).

import { CodeActionKind } from 'vscode-languageserver/node';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.httpd-lint`;

export const OFFERED_KINDS = [CodeActionKind.QuickFix, FIX_ALL_KIND, CodeActionKind.RefactorRewrite, CodeActionKind.RefactorExtract];

/** Whether a client asking for `only` wants actions of `kind` (no filter: every kind but source actions, which editors request by name). */
export function wanted(only: string[] | undefined, kind: string): boolean {
  if (!only?.length) return !kind.startsWith(CodeActionKind.Source);
  return only.some((o) => kind === o || kind.startsWith(`${o}.`));
}
