// The first unknown directive name typed in a session (every name on the way to a new directive is
// one) counted the letters of the known names near its length and ran the suggestion code for the
// first time, in that keystroke's analysis (≈ 10 ms in a fresh process). The server does both once
// it has answered a round with a file open, before that file is typed into (an editor's user reads
// first; a client that types at once waits for it in its first keystroke). They fill only tables of
// the directive names, never an analysis's state.

import { prepareSuggestions } from '../service';

let primed = false;

/** Called once a round's diagnostics are written; `open`: files open in the editor. */
export function primeEditing(open: number): void {
  if (primed || open === 0) return;
  primed = true;
  // After the protocol library's own setImmediate hop that writes the answer.
  setImmediate(() => setImmediate(prepareSuggestions));
}
