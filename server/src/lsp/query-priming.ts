// The first completion of a session made the directive-name lists of its place, compiling the
// code that makes them on the way (≈ 15-30 ms on the 21k-line tree, against ≈ 1 ms after), and
// the first hover compiled its own. The server does both when it first goes quiet after an
// analysis, before the user asks.

import { prepareCompletion, prepareHover, type Analysis } from '../service';
import { whenQuiet } from './idle-gc';

let primed = false;

export function primeQueries(analysis: Analysis): void {
  if (primed) return;
  primed = true;
  whenQuiet(() => {
    prepareCompletion(analysis);
    prepareHover(analysis);
  });
}

/** Open documents whose hovers were prepared or are waiting for a quiet moment. */
const hoversPrepared = new Set<string>();

/**
 * Once per opened document, when the server is next quiet: the hover of each kind of directive in
 * it answered and dropped (service/hover.ts prepareFileHovers), before the user points at one.
 */
export function primeFileHovers(uri: string, prepare: (uri: string) => void): void {
  if (hoversPrepared.has(uri)) return;
  hoversPrepared.add(uri);
  whenQuiet(() => prepare(uri));
}

/** A closed document is prepared again when it is opened again. */
export function forgetFileHovers(uri: string): void {
  hoversPrepared.delete(uri);
}
