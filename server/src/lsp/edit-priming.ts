// The first unknown directive name typed in a session (every name on the way to a new directive is
// one) counted the letters of the known names near its length and ran the suggestion code for the
// first time, in that keystroke's analysis. The server does both when it first goes quiet after an
// analysis; they fill only tables of the directive names, never an analysis's state.

import { prepareSuggestions } from '../service';
import { whenQuiet } from './idle-gc';

let primed = false;

export function primeEditing(): void {
  if (primed) return;
  primed = true;
  whenQuiet(prepareSuggestions);
}
