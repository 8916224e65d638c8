// TurboFan compiles hot functions on V8's helper threads. With inlining it compiles each rule's
// `check` and the model's walk together with their callees (30-60 ms of helper CPU per function),
// and while the user types it keeps compiling: over 60 edits of the 21k-line tree the helpers
// used as much CPU as the main thread (≈ 4 ms per edit), and on a machine with few free cores the
// keystroke's answer waited for a core behind them. Without inlining each compile is small, and the
// main thread's CPU per edit did not change measurably (docs/benchmarks.md, "The edit path's helper threads").

import { setFlagsFromString } from 'v8';

/** At start, in the server's own process only (a flag set in another process changes its flag hash; see heap-tuning.ts). */
export function tuneCompiler(): void {
  // Read by TurboFan each time it starts a compile, so it applies to everything optimized later.
  setFlagsFromString('--no-turbo-inlining');
}
