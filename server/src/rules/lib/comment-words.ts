// httpd has no trailing comments: `Directive arg # note` passes "#", "note" as arguments.

import type { DirectiveUse } from '../../model';

/** Index of the first argument word that starts an intended comment, if any. */
export function commentStart(use: DirectiveUse): number | undefined {
  const words = use.words;
  if (words.length !== use.args.length) return undefined;
  // A plain loop: this runs for every line of every file.
  for (let i = 0; i < words.length; i++) if (words[i].quote === null && words[i].value.startsWith('#')) return i;
  return undefined;
}
