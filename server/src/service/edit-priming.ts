// The first keystroke of a session was the first time the server spliced a model, checked the
// reads of the last analysis against the kept stats and ran the per-file rules on a changed file:
// 8-14 ms of main-thread CPU (functions compiled on first call, feedback collected) where a later
// keystroke takes 3-4. Priming types a few throwaway lines into a copy of one file of a tree and
// analyses each state the way a keystroke would, then the file's own text again, so what is kept
// afterwards is an analysis of the same texts as before. Nothing of it is published or logged.

import type { ConfigModel } from '../model';

/**
 * Trees of more text are not primed: each throwaway state costs a keystroke's analysis (at 208k lines,
 * 8.8 MB, the priming took 0.3-0.6 s of CPU at start and 10 MB more resident memory), against a few
 * milliseconds saved on a keystroke that takes tens there.
 */
const MAX_TREE_CHARS = 4 * 1024 * 1024;
/** A file of a usual size is enough to run the code; typing into a huge one costs its size six times. */
const MAX_TARGET_CHARS = 64 * 1024;

/** The included file a priming types into: the largest `eligible` one of a usual size (most directives, so most rules run), never the main file. */
export function primingTarget(model: ConfigModel, eligible: (file: string) => boolean): string | undefined {
  let total = 0;
  for (const parsed of model.parsed.values()) total += parsed.text.length;
  if (total > MAX_TREE_CHARS) return undefined;
  let best: string | undefined;
  let size = 0;
  for (const file of model.files) {
    if (file === model.mainFile || !eligible(file)) continue;
    const length = model.parsed.get(file)?.text.length ?? 0;
    if (length > size && length <= MAX_TARGET_CHARS) {
      best = file;
      size = length;
    }
  }
  return best;
}

/**
 * The states of `text` a user's first keystrokes make: a new line before the file's last line
 * (inside the section it closes, if it closes one), holding only indentation, then a name being
 * typed (not a directive yet), then a directive without and with its argument.
 */
export function throwawayTexts(text: string): string[] {
  const trimmed = text.trimEnd();
  const at = trimmed.lastIndexOf('\n') + 1;
  const last = trimmed.slice(at);
  const indent = (/^[ \t]*/.exec(last)?.[0] ?? '') + (last.trimStart().startsWith('</') ? '    ' : '');
  const lineWith = (typed: string): string => `${text.slice(0, at)}${indent}${typed}\n${text.slice(at)}`;
  return [lineWith(''), lineWith('Ke'), lineWith('KeepAlive'), lineWith('KeepAlive On')];
}
