// The server keeps one analysis alive and makes garbage on every keystroke; what it occupies at its
// peak is mostly how far V8 lets the heap grow before it collects, not what it keeps.
// - V8 grows the young generation's semi-spaces up to 16 MB each when much of it survives, as an
//   analysis does; kept at their first size they cost a few percent more CPU in collections and
//   about 25 MB less peak RSS on a 21k-line tree (test/bench/lsp.mjs).
// - After a full collection V8 lets the old generation grow by a factor of its own choosing, up to
//   4 on a machine with much memory; 1.5 takes about 30 MB off the 21k-line tree's peak (≈ 150 ->
//   ≈ 118 MB) at no measurable CPU cost there. With a large tree every full collection marks much
//   more, and the fixed factor cost 9% CPU per edit at 208k lines: above LARGE_HEAP the choice is
//   V8's. So it is during the first analysis: a fixed factor while the heap grows from nothing
//   means a full collection every half step of growth (+1 s CPU to open the 208k-line tree).

import { getHeapStatistics, setFlagsFromString } from 'v8';
import { collectGarbage, noteActivity } from './idle-gc';

const SMALL_HEAP_GROWTH_PERCENT = 50;
/** Heap in use after an analysis above which V8 chooses the growth factor. */
const LARGE_HEAP = 96 * 1024 * 1024;

let growthPercent = 0;
/** Only the server's own process (lsp/main) tunes: V8 flags set in a process that loads the server otherwise (a test) change its flag hash, and V8 then refuses code caches made without them. */
let tuning = false;

/** At start: the first analysis grows the heap under V8's own factor. */
export function tuneHeap(): void {
  tuning = true;
  setFlagsFromString('--semi-space-growth-factor=1');
}

/** After each analysis: the fixed factor while what the server holds is small. */
export function afterAnalysis(): void {
  if (!tuning) return;
  noteActivity();
  const wanted = getHeapStatistics().used_heap_size > LARGE_HEAP ? 0 : SMALL_HEAP_GROWTH_PERCENT;
  if (wanted === growthPercent) return;
  growthPercent = wanted;
  // Read by V8 each time a full collection sets the next limit (0: its own choice).
  setFlagsFromString(`--heap-growing-percent=${wanted}`);
  // The limit in force was set under V8's factor (up to 4x what was live): one full collection,
  // once the analysis is answered, sets it under the new one.
  if (wanted) setTimeout(() => collectGarbage(), 0).unref();
}
