// Heap measurements run in a child process: --expose-gc set in the test's own process would change
// V8's flag hash (and V8 would then refuse code caches made without it). --single-threaded keeps the
// compiler's threads from adding code between two readings; --no-flush-bytecode keeps bytecode.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { repoRoot } from './files';

export const HEAP_FLAGS = ['--expose-gc', '--single-threaded', '--no-flush-bytecode'];

/** Runs `script` (CommonJS, in the repository, with tsx) under `flags` and parses the JSON it prints. */
export function runInChild<T>(script: string, flags: readonly string[] = HEAP_FLAGS): T {
  const r = spawnSync(process.execPath, [...flags, '--require', 'tsx/cjs', '-e', script], { cwd: repoRoot, encoding: 'utf8' });
  assert.strictEqual(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as T;
}
