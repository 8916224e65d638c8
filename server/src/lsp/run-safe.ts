// Every handler runs through here: a cancelled request or a bug in one feature answers with
// an empty result instead of taking the server down.

import type { CancellationToken } from 'vscode-languageserver/node';

export function runSafe<T>(token: CancellationToken | undefined, fallback: T, work: () => T): T {
  if (token?.isCancellationRequested) return fallback;
  try {
    const result = work();
    return token?.isCancellationRequested ? fallback : result;
  } catch (error) {
    console.error(`httpd-lsp: ${(error as Error)?.stack ?? String(error)}`);
    return fallback;
  }
}
