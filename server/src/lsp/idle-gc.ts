// Garbage collection while the server is quiet. Each keystroke's analysis leaves its survivors in
// the young generation and grows the old one; left alone, V8 copies them in the next scavenge and
// finishes its next full collection whenever the heap reaches its limit: both land on whatever
// request comes then, often the hover or completion the user asks for after typing. Once no
// message has come and no analysis has ended for QUIET_MS, the server collects itself: a scavenge,
// or a full collection when the heap has grown since the last one and is small enough for it to
// take a few tens of milliseconds. A larger heap that has grown is collected in full only after a
// longer pause (typing has stopped); until then V8 collects it when it reaches the limit
// heap-tuning.ts bounds. Only in the server's own process (lsp/main), like heap-tuning.ts.

import { getHeapSpaceStatistics, getHeapStatistics, setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';

/** Quiet this long: typing has paused (editors wait longer before they ask for a hover). */
const QUIET_MS = 150;
/**
 * Above this much heap a full collection forced here is long enough to be felt by a request arriving
 * during it (≈ 150 ms at 96 MB, the 208k-line tree): it waits for a longer pause, and heap-tuning.ts
 * gives the heap a tighter growth factor.
 */
export const LARGE_HEAP = 64 * 1024 * 1024;
/** A full collection at a pause once the heap in use has grown this much over what the last one kept. */
const GROWTH_FOR_FULL = 1.25;
/** Quiet this long before a heap above LARGE_HEAP is collected in full (its pause: 130-300 ms at 208k lines on a loaded machine). */
const LONG_QUIET_MS = 1500;

/** Set by collectWhenQuiet (lsp/main): a process that loads the server otherwise, such as a test, keeps its V8 flags. */
let watching = false;
let lastActivity = 0;
let timer: NodeJS.Timeout | undefined;
let longTimer: NodeJS.Timeout | undefined;
/** Heap in use after the last full collection asked for here (the quiet ones and heap-tuning's). */
let keptByLastFull = 0;

/** Starts watching the connection's incoming messages (stdio or IPC); other transports count analyses only. */
export function collectWhenQuiet(): void {
  watching = true;
  if (process.argv.includes('--stdio')) process.stdin.on('data', noteActivity);
  if (process.argv.includes('--node-ipc')) process.on('message', noteActivity);
}

/** Something happened (a message, an analysis): the quiet period starts again. */
export function noteActivity(): void {
  if (!watching) return;
  lastActivity = performance.now();
  if (!timer) timer = setTimeout(onQuiet, QUIET_MS).unref();
}

/** Work to do once the server is next quiet, before its collection (which then takes the work's garbage too). */
const quietTasks: (() => void)[] = [];

export function whenQuiet(task: () => void): void {
  if (watching) quietTasks.push(task);
}

function onQuiet(): void {
  const quiet = performance.now() - lastActivity;
  if (quiet < QUIET_MS) {
    timer = setTimeout(onQuiet, QUIET_MS - quiet + 1).unref();
    return;
  }
  timer = undefined;
  for (const task of quietTasks.splice(0)) {
    try {
      task();
    } catch (error) {
      console.error(`httpd-lsp: work done while quiet failed: ${(error as Error)?.stack ?? String(error)}`);
    }
  }
  const used = getHeapStatistics().used_heap_size;
  if (used < LARGE_HEAP && used > keptByLastFull * GROWTH_FOR_FULL) collectGarbage();
  else {
    collectGarbage(true);
    if (used > keptByLastFull * GROWTH_FOR_FULL && !longTimer) longTimer = setTimeout(onLongQuiet, LONG_QUIET_MS - quiet).unref();
  }
}

/** A large heap that grew: a full collection if nothing came since (else the next quiet period asks again). */
function onLongQuiet(): void {
  longTimer = undefined;
  if (timer || performance.now() - lastActivity < LONG_QUIET_MS) return;
  if (getHeapStatistics().used_heap_size > keptByLastFull * GROWTH_FOR_FULL) collectGarbage();
}

/** Past this share of the young generation in use after an answer, the next keystroke's analysis would likely fill it. */
const YOUNG_FULL_AFTER_ANSWER = 0.4;
/**
 * Quiet this long after an answer before its scavenge. A client that sends its next message as soon
 * as it reads the answer (a fast typist, test/bench/lsp.mjs) found the scavenge running, its
 * parallel helpers on both cores of the machine: the message waited for it, and the client itself
 * for a core to read the answer on.
 */
const AFTER_ANSWER_QUIET_MS = 5;
let afterAnswerTimer: NodeJS.Timeout | undefined;
/** lastActivity when the last answer was written: anything since means the server is busy again. */
let answeredAt = 0;

/**
 * Once an answer (an analysis round's diagnostics) is written and nothing has come for
 * AFTER_ANSWER_QUIET_MS: a scavenge when the young generation is past YOUNG_FULL_AFTER_ANSWER,
 * between keystrokes, instead of in the middle of the next keystroke's analysis, which then starts
 * with room for what it allocates.
 */
export function collectAfterAnswer(): void {
  if (!watching) return;
  answeredAt = lastActivity;
  if (afterAnswerTimer) afterAnswerTimer.refresh();
  else afterAnswerTimer = setTimeout(scavengeAfterAnswer, AFTER_ANSWER_QUIET_MS).unref();
}

function scavengeAfterAnswer(): void {
  // A message came, or another analysis ran: that work fills the young generation and collects it itself.
  if (lastActivity !== answeredAt) return;
  let used = 0;
  let capacity = 0;
  for (const space of getHeapSpaceStatistics()) {
    if (space.space_name === 'new_space') capacity = space.space_used_size + space.space_available_size;
    if (space.space_name === 'new_space' || space.space_name === 'new_large_object_space') used += space.space_used_size;
  }
  if (capacity > 0 && used > capacity * YOUNG_FULL_AFTER_ANSWER) collectGarbage(true);
}

let gc: ((options?: { type: 'minor' }) => void) | undefined;

/** Heap in use after the last full collection asked for here (0 before the first). */
export function keptAfterLastFull(): number {
  return keptByLastFull;
}

/** A full collection, or a young-generation one (a scavenge) with `minor`. */
export function collectGarbage(minor = false): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as (options?: { type: 'minor' }) => void;
  }
  if (minor) gc({ type: 'minor' });
  else {
    gc();
    keptByLastFull = getHeapStatistics().used_heap_size;
  }
}
