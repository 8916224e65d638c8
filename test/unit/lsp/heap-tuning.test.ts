// The heap's growth factor after the first analysis. V8 flags are set in a child process: set in
// the mocha process they would change its flag hash (see lsp/heap-tuning.ts).

import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as path from 'path';

const lspDir = path.resolve(__dirname, '../../../server/src/lsp');

/** Runs a script with the server's heap tuning loaded, as lsp/main does (over --stdio); returns what it prints. */
function runTuned(script: string): string {
  const source = `
    const { tuneHeap, afterAnalysis } = require(${JSON.stringify(path.join(lspDir, 'heap-tuning'))});
    const { collectWhenQuiet, collectGarbage, keptAfterLastFull } = require(${JSON.stringify(path.join(lspDir, 'idle-gc'))});
    tuneHeap();
    collectWhenQuiet();
    ${script}
    process.exit(0);
  `;
  return execFileSync(process.execPath, ['--require', 'tsx/cjs', '-e', source, '--', '--stdio'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('lsp heap tuning', () => {
  it('the first large analysis is collected before its answer even after a quiet collection of the idle server', () => {
    const out = runTuned(`
      collectGarbage(); // quiet time after initialize: little kept, V8's growth factor in force
      const kept = [];
      for (let i = 0; i < 80; i++) kept.push(new Array(128 * 1024).fill(i)); // ≈ 80 MB, above LARGE_HEAP
      afterAnalysis();
      console.log(keptAfterLastFull() / 1048576);
      globalThis.kept = kept;
    `);
    assert.ok(Number(out) > 64, `kept after the first analysis: ${out.trim()} MB`);
  });
});
