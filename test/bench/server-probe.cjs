// Preload for the language server under the bench: what happens inside it, on the clock of the
// bench client's timelines (process.hrtime, monotonic, shared by the processes of a machine).
//   LSP_BENCH_NODE_ARGS="--require ./test/bench/server-probe.cjs" LSP_PROBE_OUT=FILE node test/bench/lsp.mjs 200 60
// writes at exit: each garbage collection (start, duration, kind) and process.memoryUsage() every
// 10 ms of free event loop. Not part of the server; --trace-gc cannot be used (it prints on
// stdout, the protocol's channel under --stdio).
'use strict';
const fs = require('fs');
const { PerformanceObserver, performance } = require('perf_hooks');

const out = process.env.LSP_PROBE_OUT;
if (out) {
  const MB = 1024 * 1024;
  const monotonicNow = () => Number(process.hrtime.bigint()) / 1e6;
  // performance.now() counts from the process's time origin; this turns it into the monotonic clock.
  const origin = monotonicNow() - performance.now();
  const KINDS = { 1: 'scavenge', 2: 'minor-mark-compact', 4: 'mark-compact', 8: 'incremental', 16: 'weak-callbacks' };
  const gcs = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcs.push({ t: origin + e.startTime, ms: e.duration, kind: KINDS[e.detail?.kind] ?? e.detail?.kind });
  }).observe({ entryTypes: ['gc'] });
  const memory = [];
  setInterval(() => {
    const m = process.memoryUsage();
    memory.push({ t: monotonicNow(), rss: m.rss / MB, heapUsed: m.heapUsed / MB, heapTotal: m.heapTotal / MB, external: m.external / MB });
  }, 10).unref();
  process.on('exit', () => fs.writeFileSync(out, JSON.stringify({ gcs, memory })));
}
