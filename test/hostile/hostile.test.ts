// The hostile-input suite: every case runs through the real CLI process (bin/httpd-lint) and the
// real language server over stdio, under a CPU, wall and RSS bound that only a hang or a blow-up
// can cross. Expected diagnostics are checked on both, and a secret never appears in the output.

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../helpers/files';
import { RSS_BOUND_MB, runCli, runLsp, TIME_BOUND_MS, type Measured } from './bounds';
import { CASES, scratch, type HostileCase, type HostileTree } from './cases';

interface JsonReport {
  diagnostics: { code: string; message: string; file: string }[];
}

function withinBounds(what: string, run: Measured & { killed?: string }, timeBoundMs = TIME_BOUND_MS): void {
  assert.strictEqual(run.killed, undefined, `${what}: stopped for crossing the ${run.killed} bound (${run.cpuMs} ms CPU, ${run.rssMB.toFixed(0)} MB)`);
  assert.ok(run.cpuMs < timeBoundMs, `${what}: ${run.cpuMs} ms CPU`);
  assert.ok(run.rssMB < RSS_BOUND_MB, `${what}: ${run.rssMB.toFixed(0)} MB RSS`);
}

function expectFindings(c: HostileCase, codes: string[], messages: string[]): void {
  for (const code of c.expectCodes ?? []) assert.ok(codes.includes(code), `expected ${code} among ${[...new Set(codes)].join(', ')}`);
  if (c.expectMessage) assert.ok(messages.some((m) => c.expectMessage!.test(m)), `expected a message like ${c.expectMessage} among:\n${messages.slice(0, 20).join('\n')}`);
}

describe('hostile input: CLI and language server stay within bounds', function () {
  this.timeout(180000);

  before(function () {
    if (!fs.existsSync(path.join(repoRoot, 'dist', 'cli.js')) || !fs.existsSync(path.join(repoRoot, 'dist', 'server.js'))) {
      throw new Error('dist/ missing: run npm run build first');
    }
  });

  for (const c of CASES) {
    describe(c.name, () => {
      let tree: HostileTree;
      before(function () {
        const reason = c.skip?.();
        if (reason) {
          this.test?.parent?.tests.forEach((t) => (t.title += ` (skipped: ${reason})`));
          this.skip();
        }
        tree = c.make(scratch('case'));
      });
      after(() => {
        if (!tree) return;
        // Undo what could stop the removal (modes, FIFOs are removed like files).
        for (const name of fs.readdirSync(tree.root)) fs.chmodSync(path.join(tree.root, name), 0o755);
        fs.rmSync(tree.root, { recursive: true, force: true });
      });

      it('CLI (bin/httpd-lint --format json)', async () => {
        const run = await runCli(['--format', 'json', tree.main], { timeMs: c.timeBoundMs });
        withinBounds('CLI', run, c.timeBoundMs);
        assert.ok(run.code === 0 || run.code === 1, `exit ${run.code}: ${run.stderr.slice(0, 500)}`);
        assert.doesNotMatch(run.stderr, /internal error|\n\s+at /);
        const report = JSON.parse(run.stdout) as JsonReport;
        // An unsaved buffer exists only in the editor; the CLI reads the file on disk.
        if (!tree.buffer) expectFindings(
          c,
          report.diagnostics.map((d) => d.code),
          report.diagnostics.map((d) => d.message),
        );
        if (c.onlyFinding) {
          const { file, code } = c.onlyFinding;
          const codes = report.diagnostics.filter((d) => path.basename(d.file) === file).map((d) => d.code);
          assert.deepStrictEqual([...new Set(codes)], [code], `findings in ${file}`);
        }
        if (c.controlSequences) {
          const text = await runCli([tree.main]);
          withinBounds('CLI text', text);

          assert.doesNotMatch(text.stdout + text.stderr, /[\x00-\x08\x0b-\x1f\x7f-\x9f]/, 'a control character reached the terminal');
        }
        if (c.secret) {
          assert.ok(!run.stdout.includes(c.secret), 'the JSON report echoes the secret');
          for (const args of [[tree.main], ['--profile', tree.main], ['--hints', tree.main]]) {
            const text = await runCli(args);
            withinBounds(`CLI ${args.join(' ')}`, text);
            assert.ok(!text.stdout.includes(c.secret) && !text.stderr.includes(c.secret), `${args.join(' ')} echoes the secret`);
          }
        }
      });

      it('language server (stdio)', async () => {
        const run = await runLsp(tree.root, tree.main, { text: tree.buffer, settings: tree.settings, timeMs: c.timeBoundMs });
        withinBounds('server', run, c.timeBoundMs);
        assert.ok(run.alive, 'the server stopped answering');
        if (c.onOpenedFile !== false) expectFindings(c, run.codes, run.messages);
        if (c.secret) assert.ok(!run.messages.some((m) => m.includes(c.secret!)), 'a diagnostic echoes the secret');
      });
    });
  }
});
