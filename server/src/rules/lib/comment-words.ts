// httpd has no trailing comments: `Directive arg # note` passes "#", "note" as arguments.

import type { DirectiveUse } from '../../model';

/** Index of the first argument word that starts an intended comment, if any. */
export function commentStart(use: DirectiveUse): number | undefined {
  if (use.words.length !== use.args.length) return undefined;
  const index = use.words.findIndex((w) => w.quote === null && w.value.startsWith('#'));
  return index === -1 ? undefined : index;
}
