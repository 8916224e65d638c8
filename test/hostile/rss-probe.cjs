// Preloaded into a child node process: writes its peak resident size (kB) and CPU time (µs) when
// it exits, so the hostile suite measures the child itself rather than guessing from outside.
const fs = require('fs');
const out = process.env.HOSTILE_RSS_FILE;
if (out) {
  process.on('exit', () => {
    try {
      const usage = process.resourceUsage();
      fs.writeFileSync(out, `${usage.maxRSS} ${usage.userCPUTime} ${usage.systemCPUTime}`);
    } catch {
      /* the parent falls back to its own samples */
    }
  });
}
