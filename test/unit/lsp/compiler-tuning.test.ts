// The server's compiler tuning. V8 flags are set in a child process: set in the mocha process they
// would change its flag hash (see lsp/heap-tuning.ts).

import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as path from 'path';

const tuning = path.resolve(__dirname, '../../../server/src/lsp/compiler-tuning');

/** What TurboFan reports about inlining when it optimizes a function that calls a small one, with or without the server's tuning. */
function inliningTrace(tuned: boolean): string {
  const source = `
    ${tuned ? `require(${JSON.stringify(tuning)}).tuneCompiler();` : ''}
    function inner(x) { return x + 1; }
    function outer(x) { return inner(x) * 2; }
    %PrepareFunctionForOptimization(outer);
    outer(1); outer(2);
    %OptimizeFunctionOnNextCall(outer);
    outer(3);
  `;
  const flags = ['--allow-natives-syntax', '--no-lazy-feedback-allocation', '--trace-turbo-inlining'];
  return execFileSync(process.execPath, [...flags, '--require', 'tsx/cjs', '-e', source], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('lsp compiler tuning', () => {
  it('TurboFan inlines without the tuning (the probe works)', () => {
    assert.match(inliningTrace(false), /Inlining .*inner.* into .*outer/);
  });

  it('TurboFan compiles each function alone once the server has tuned the compiler', () => {
    assert.doesNotMatch(inliningTrace(true), /Inlining/);
  });
});
