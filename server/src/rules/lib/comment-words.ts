// httpd has no trailing comments: `Directive arg # note` passes "#", "note" as arguments.

import { argCount, argQuote, argValue } from '../../parser';
import type { DirectiveUse } from '../../model';

/** Index of the first argument word that starts an intended comment, if any. */
export function commentStart(use: DirectiveUse): number | undefined {
  const line = use.line;
  const count = argCount(line);
  if (count !== use.args.length) return undefined;
  // A plain loop without making the words: this runs for every line of every file.
  for (let i = 0; i < count; i++) if (argQuote(line, i) === null && argValue(line, i).startsWith('#')) return i;
  return undefined;
}
