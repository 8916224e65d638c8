// The server keeps one analysis alive and makes garbage on every keystroke; what it occupies at its
// peak is what it keeps plus how far V8 lets the heap grow before it collects.
// - V8 grows the young generation's semi-spaces up to 16 MB each when much of it survives, as an
//   analysis does; kept at their first size they cost a few percent more CPU in collections and
//   about 25 MB less peak RSS on a 21k-line tree (test/bench/lsp.mjs).
// - After a full collection V8 lets the old generation grow by a factor of its own choosing, up to
//   4 on a machine with much memory, and the server's quiet, slow allocation gets the large ones:
//   typing on in the 208k-line tree without a pause took the heap from 96 MB kept to 190 MB. After
//   the first analysis the factor is fixed: 1.5 while what the server keeps is small (the 21k-line
//   tree's peak ≈ 150 -> ≈ 118 MB at no measurable CPU cost), 1.3 above LARGE_HEAP, where each
//   full collection marks more but an edit adds little that survives (a collection every few dozen
//   keystrokes). The first analysis keeps V8's factor: a fixed one while the heap grows from nothing
//   means a full collection every third of a step of growth (+1 s CPU to open the 208k-line tree).
// - V8 schedules a scavenge as a task of the event loop once the young generation is 80% full: it
//   ran as soon as an answer was written, so the client's next message waited for it. The server
//   scavenges itself once quiet after an answer (idle-gc.ts); otherwise the young generation is
//   collected when it is full, as without the task.

import { getHeapStatistics, setFlagsFromString } from 'v8';
import { collectGarbage, keptAfterLastFull, LARGE_HEAP, noteActivity } from './idle-gc';

const SMALL_HEAP_GROWTH_PERCENT = 50;
const LARGE_HEAP_GROWTH_PERCENT = 30;

let growthPercent = 0;
/** Only the server's own process (lsp/main) tunes: V8 flags set in a process that loads the server otherwise (a test) change its flag hash, and V8 then refuses code caches made without them. */
let tuning = false;

/** At start: the first analysis grows the heap under V8's own factor. */
export function tuneHeap(): void {
  tuning = true;
  setFlagsFromString('--semi-space-growth-factor=1');
  setFlagsFromString('--no-minor-gc-task');
}

function setGrowth(percent: number): void {
  if (percent === growthPercent) return;
  growthPercent = percent;
  // Read by V8 each time a full collection sets the next limit.
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}

/** After each analysis: the fixed factor for the size of what the server keeps. */
export function afterAnalysis(): void {
  if (!tuning) return;
  noteActivity();
  const kept = keptAfterLastFull();
  // A collection in quiet time before the first analysis (the idle server after initialize) kept
  // little and left V8's factor in force: the first analysis still sets the fixed one.
  if (growthPercent > 0) {
    // Applies from the next full collection, V8's or the quiet time's.
    setGrowth(kept > LARGE_HEAP ? LARGE_HEAP_GROWTH_PERCENT : SMALL_HEAP_GROWTH_PERCENT);
    return;
  }
  // The first analysis: the limit in force was set under V8's factor (up to 4x). One full collection
  // now, before the answer goes out, sets it under the fixed one; at 208k lines it takes ≈ 150 ms,
  // part of the start as the analysis is, rather than a pause on the first request after it.
  setGrowth(getHeapStatistics().used_heap_size > LARGE_HEAP * 1.25 ? LARGE_HEAP_GROWTH_PERCENT : SMALL_HEAP_GROWTH_PERCENT);
  collectGarbage();
  setGrowth(keptAfterLastFull() > LARGE_HEAP ? LARGE_HEAP_GROWTH_PERCENT : SMALL_HEAP_GROWTH_PERCENT);
}
