// The first unknown directive name typed in a session (every name on the way to a new directive is
// one) counted the letters of the known names near its length and ran the suggestion code for the
// first time, in that keystroke's analysis (≈ 10 ms in a fresh process). The server does both once
// it has analysed the workspace's trees at start (warm-up: a workspace holding a tree is opened to
// be edited), or else once it has answered a round with a file open, before that file is typed
// into. An editor that reopens a file at start sends it during the warm-up: the preparation then
// comes before that file's first diagnostics (≈ 3 ms at 21k lines) instead of in its first
// keystroke. They fill only tables of the directive names, never an analysis's state.

import { prepareSuggestions } from '../service';

let primed = false;

/** Called once a round's diagnostics are written; `open`: files open in the editor. */
export function primeEditing(open: number): void {
  if (open === 0) return;
  // After the protocol library's own setImmediate hop that writes the answer.
  prime(() => setImmediate(() => setImmediate(prepareSuggestions)));
}

/** Called once the warm-up has analysed `trees` trees of the workspace. */
export function primeEditingAfterWarmUp(trees: number): void {
  if (trees > 0) prime(() => setImmediate(prepareSuggestions));
}

function prime(schedule: () => void): void {
  if (primed) return;
  primed = true;
  schedule();
}
