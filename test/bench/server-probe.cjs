// Preload for the language server under the bench: what happens inside it, on the clock of the
// bench client's timelines (process.hrtime, monotonic, shared by the processes of a machine).
//   LSP_BENCH_NODE_ARGS="--require ./test/bench/server-probe.cjs" LSP_PROBE_OUT=FILE node test/bench/lsp.mjs 200 60
// writes at exit: each garbage collection (start, duration, kind) and process.memoryUsage() every
// 10 ms of free event loop. Not part of the server; --trace-gc cannot be used (it prints on
// stdout, the protocol's channel under --stdio).
// LSP_PROBE_PEAK=FILE: where the resident memory was at the highest resident set seen (sampled
// every 100 ms of free event loop): the mappings summed by kind from /proc/self/smaps (the node
// binary, shared libraries, malloc's main heap, anonymous memory: V8's heap, the malloc arenas of
// its helper threads, large buffers) beside V8's heap spaces and Node's external memory then.
'use strict';
const fs = require('fs');
const { PerformanceObserver, performance } = require('perf_hooks');

const MB = 1024 * 1024;
const out = process.env.LSP_PROBE_OUT;
if (out) {
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

/** Resident MB of /proc/self/smaps by kind of mapping. */
function residentByKind() {
  const kinds = {};
  let kind = '';
  for (const line of fs.readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+ (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      const file = head[2];
      if (file === process.execPath || file.endsWith('/node')) kind = `node binary ${head[1]}`;
      else if (file.includes('.so')) kind = 'shared libraries';
      else if (file === '[heap]') kind = 'malloc main heap [heap]';
      else if (file === '') kind = `anonymous ${head[1]}`;
      else kind = file;
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss && rss[1] !== '0') kinds[kind] = (kinds[kind] ?? 0) + Number(rss[1]) / 1024;
  }
  return kinds;
}

const peakOut = process.env.LSP_PROBE_PEAK;
if (peakOut) {
  const v8 = require('v8');
  let peak = { rssMB: 0 };
  const sample = () => {
    const rss = process.memoryUsage.rss() / MB;
    if (rss <= peak.rssMB) return;
    const m = process.memoryUsage();
    const spaces = {};
    for (const s of v8.getHeapSpaceStatistics()) if (s.physical_space_size) spaces[s.space_name] = { sizeMB: s.physical_space_size / MB, usedMB: s.space_used_size / MB };
    const heap = { heapTotalMB: m.heapTotal / MB, heapUsedMB: m.heapUsed / MB, externalMB: m.external / MB, arrayBuffersMB: m.arrayBuffers / MB };
    peak = { rssMB: rss, uptimeMs: performance.now(), ...heap, spaces, mappings: residentByKind() };
  };
  setInterval(sample, 100).unref();
  process.on('exit', () => {
    sample();
    fs.writeFileSync(peakOut, JSON.stringify(peak, (k, v) => (typeof v === 'number' ? Math.round(v * 10) / 10 : v), 2));
  });
}
