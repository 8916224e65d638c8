// The CLI writes its output straight to descriptors 1 and 2 (server/src/cli/stdout.ts), not through
// node's stdio streams: the whole report must arrive through a pipe that is full and non-blocking,
// and a reader that stops early ends the run quietly with its own exit status.

import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CLI, runCli, writeTree } from '../helpers/cli';

/** A tree with 4,000 findings: a report far larger than a pipe's buffer (its Listen makes it a server, not a snippet). */
function bigTree(): string {
  return writeTree({ 'httpd.conf': Array.from({ length: 4000 }, (_, i) => `NoSuchDirective${i} x\n`).join('') + 'Listen 8080\n' });
}

describe('CLI output on descriptors 1 and 2', () => {
  it('writes the whole report into a full non-blocking pipe', () => {
    const dir = bigTree();
    try {
      const main = path.join(dir, 'httpd.conf');
      const expected = runCli(['--no-cache', main]);
      assert.strictEqual(expected.code, 1);
      assert.ok(expected.stdout.length > 128 * 1024, `report of ${expected.stdout.length} bytes, more than a pipe holds`);
      // The parent makes its stdout pipe non-blocking (node does for a pipe it writes to) and the
      // CLI inherits it while the reader waits a second before reading.
      const parent = `process.stdout.write(''); const r = require('child_process').spawnSync(process.execPath, [${JSON.stringify(CLI)}, '--no-cache', ${JSON.stringify(main)}], { stdio: 'inherit' }); process.exitCode = r.status;`;
      const shell = spawnSync('sh', ['-c', `"$0" -e "$1" | (sleep 1; cat)`, process.execPath, parent], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      assert.strictEqual(shell.stderr, '');
      assert.strictEqual(shell.stdout, expected.stdout);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops quietly when the reader goes away', () => {
    const dir = bigTree();
    try {
      const shell = spawnSync('sh', ['-c', `{ "$0" "$1" --no-cache "$2"; echo "exit $?" >&2; } | head -n 1`, process.execPath, CLI, path.join(dir, 'httpd.conf')], { encoding: 'utf8' });
      assert.match(shell.stdout, /NoSuchDirective0/);
      // Its own status (findings at the fail level), and no EPIPE error.
      assert.strictEqual(shell.stderr, 'exit 1\n');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
