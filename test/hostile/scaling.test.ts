// Every phase stays linear (or n·log n) in the input: the same hostile shape at size n and 4n,
// through parse, model, rules, formatting, outline and semantic tokens. Linear work takes about 4x the CPU time,
// quadratic work 16x; the bound of 8x sits between them with room for garbage collection and a
// loaded machine (n against 2n left a 3x bound 1x from linear, and a busy CI crossed it once).
// A ratio, not an absolute time; the best of a few runs keeps scheduling noise out.

import * as assert from 'assert';
import { memoryFileSystem } from '../../server/src/model';
import { DEFAULT_SETTINGS } from '../../server/src/rules';
import { analyze } from '../../server/src/service/analysis';
import { formatFile } from '../../server/src/service/formatting';
import { outline } from '../../server/src/service/navigation';
import { semanticTokens } from '../../server/src/service/semantic-tokens';
import { continuations, directoryBlocks, ifElsePairs, keepAliveHosts, requireLines, serverNameLines } from './cases';

const MAIN = '/srv/httpd/httpd.conf';
const GROWTH = 4;
const MAX_RATIO = 8;
const RUNS = 3;

function cpuMsOf(text: string): number {
  let best = Infinity;
  for (let run = 0; run < RUNS; run++) {
    const started = process.cpuUsage();
    const result = analyze({ mainFile: MAIN, fs: memoryFileSystem({ [MAIN]: text }), env: {}, settings: DEFAULT_SETTINGS });
    const parsed = result.model.parsed.get(MAIN)!;
    formatFile(parsed, { tabSize: 4, insertSpaces: true });
    outline(parsed);
    semanticTokens(parsed, { model: result.model });
    const used = process.cpuUsage(started);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

const SHAPES: { name: string; n: number; make: (n: number) => string }[] = [
  { name: 'one directive continued over n lines', n: 50_000, make: continuations },
  { name: 'n <Directory> blocks with Order/Allow', n: 2_000, make: directoryBlocks },
  { name: 'n Require not ip lines in one <RequireAll>', n: 10_000, make: requireLines },
  { name: 'n <If>/<Else> pairs', n: 2_000, make: ifElsePairs },
  { name: 'n virtual hosts each with KeepAlive and MaxKeepAliveRequests', n: 1_000, make: keepAliveHosts },
  { name: 'n ServerName lines in the main server', n: 20_000, make: serverNameLines },
];

describe('hostile input: time grows linearly with the input', function () {
  this.timeout(300000);
  for (const shape of SHAPES) {
    it(`${shape.name}: ${GROWTH}x the input at most ${MAX_RATIO}x the CPU time`, () => {
      cpuMsOf(shape.make(shape.n / 4)); // warm up the JIT
      const single = cpuMsOf(shape.make(shape.n));
      const grown = cpuMsOf(shape.make(shape.n * GROWTH));
      const ratio = grown / Math.max(single, 1);
      console.log(`      n=${shape.n}: ${single.toFixed(0)} ms, ${GROWTH}n: ${grown.toFixed(0)} ms, ratio ${ratio.toFixed(2)}`);
      assert.ok(ratio < MAX_RATIO, `ratio ${ratio.toFixed(2)} (${single.toFixed(0)} ms -> ${grown.toFixed(0)} ms)`);
    });
  }
});
