// Diagnostic messages are one sentence of the problem and one of the way out, at most
// MAX_MESSAGE characters; the longer story is on the rule's docs page and in the hover.

export const MAX_MESSAGE = 160;

/** The first candidate that fits, most detailed first; the last one is the fallback. */
export function fitMessage(...candidates: string[]): string {
  return candidates.find((c) => c.length <= MAX_MESSAGE) ?? candidates[candidates.length - 1];
}
