// Runs the real CLI and the real language server on a hostile tree, under a time and memory
// bound that only a hang or a blow-up can cross (normal runs take well under a second and 100 MB).
// Time is bounded twice: CPU time of the child (10 s; a runaway loop), and wall time (60 s; a
// child blocked on a FIFO uses no CPU). CPU time keeps the bound meaningful on a loaded CI machine.

import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot } from '../helpers/files';
import { TestClient } from '../lsp/client';

export const TIME_BOUND_MS = Number(process.env.HOSTILE_TIME_MS ?? 10000);
export const WALL_BOUND_MS = Number(process.env.HOSTILE_WALL_MS ?? 60000);
export const RSS_BOUND_MB = Number(process.env.HOSTILE_RSS_MB ?? 512);

const CLI = path.join(repoRoot, 'bin', 'httpd-lint');
const PROBE = path.join(__dirname, 'rss-probe.cjs');

export interface Measured {
  /** Wall time. */
  ms: number;
  /** CPU time (user + system) of the child. */
  cpuMs: number;
  /** Peak resident set size of the child process, in MB. */
  rssMB: number;
  /** Set when the run was stopped for crossing a bound. */
  killed?: 'time' | 'memory';
}

export interface CliRun extends Measured {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Peak RSS (VmHWM) of a live process, in MB; 0 when it is gone. */
export function peakRssMB(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+)/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU time (user + system) of a live process in ms, from /proc/PID/stat; 0 when it is gone. */
export function cpuMsOf(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at state, field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

interface Guard {
  stop(): { rssMB: number; cpuMs: number };
}

/** Watches a child: kills it when it crosses the CPU, wall or memory bound. */
function guard(pid: number | undefined, onKill: (why: 'time' | 'memory') => void, timeMs = TIME_BOUND_MS, rssMB = RSS_BOUND_MB): Guard {
  let peak = 0;
  let cpu = 0;
  const started = Date.now();
  const timer = setInterval(() => {
    peak = Math.max(peak, peakRssMB(pid));
    cpu = Math.max(cpu, cpuMsOf(pid));
    const why = peak > rssMB ? 'memory' : cpu > timeMs || Date.now() - started > WALL_BOUND_MS ? 'time' : undefined;
    if (!why) return;
    clearInterval(timer);
    try {
      onKill(why);
    } catch {
      /* already gone */
    }
  }, 25);
  return {
    stop() {
      clearInterval(timer);
      return { rssMB: Math.max(peak, peakRssMB(pid)), cpuMs: Math.max(cpu, cpuMsOf(pid)) };
    },
  };
}

/** Runs bin/httpd-lint with the given arguments under the bounds. */
export function runCli(args: string[], options: { cwd?: string; stdin?: 'pipe' | 'ignore'; timeMs?: number } = {}): Promise<CliRun> {
  const rssFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-rss-')), 'rss');
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--max-old-space-size=1024', '-r', PROBE, CLI, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: { ...process.env, HOSTILE_RSS_FILE: rssFile },
      // A pipe nobody writes to: reading its own stdin would hang the run into the time bound.
      stdio: [options.stdin ?? 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killed: 'time' | 'memory' | undefined;
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout.length < 1 << 24 ? (stdout += d) : undefined));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr.length < 1 << 20 ? (stderr += d) : undefined));
    const watch = guard(
      child.pid,
      (why) => {
        killed ??= why;
        child.kill('SIGKILL');
      },
      options.timeMs,
    );
    child.on('error', reject);
    child.on('close', (code) => {
      let { rssMB, cpuMs } = watch.stop();
      try {
        const [maxRss, user, system] = fs.readFileSync(rssFile, 'utf8').split(' ').map(Number);
        rssMB = Math.max(rssMB, maxRss / 1024);
        cpuMs = Math.max(cpuMs, (user + system) / 1000);
      } catch {
        /* killed before it could write */
      }
      fs.rmSync(path.dirname(rssFile), { recursive: true, force: true });
      resolve({ code, stdout, stderr, ms: Date.now() - started, cpuMs, rssMB, killed });
    });
  });
}

export interface LspRun extends Measured {
  /** Diagnostics codes published for the opened file. */
  codes: string[];
  messages: string[];
  /** The server still answers a request after the analysis. */
  alive: boolean;
}

/**
 * Starts the language server, opens `file` (its text from disk unless given), waits for its
 * diagnostics and checks that the server still answers; all within the bounds.
 */
export async function runLsp(root: string, file: string, options: { text?: string; settings?: Record<string, unknown>; timeMs?: number } = {}): Promise<LspRun> {
  const started = Date.now();
  const client = new TestClient();
  if (options.settings) client.settings = options.settings;
  let killed: 'time' | 'memory' | undefined;
  const watch = guard(
    client.pid,
    (why) => {
      killed ??= why;
      process.kill(client.pid!, 'SIGKILL');
    },
    options.timeMs,
  );
  try {
    await client.initialize(root);
    const text = options.text ?? readTextSafely(file);
    await client.open(file, text);
    const diagnostics = await client.diagnosticsFor(file, () => true, WALL_BOUND_MS);
    const uri = { textDocument: { uri: client.uri(file) } };
    // Outline and semantic tokens read every line of the buffer, selection ranges every enclosing section: all must answer within the bounds.
    const middle = { line: Math.floor(text.split('\n', 400_000).length / 2), character: 1 };
    const answered = await withTimeout(
      client
        .request('textDocument/documentSymbol', uri)
        .then(() => client.request('textDocument/semanticTokens/full', uri))
        .then(() => client.request('textDocument/selectionRange', { ...uri, positions: [middle] }))
        .then(() => true),
      WALL_BOUND_MS,
    );
    const codes = diagnostics.map((d) => String(d.code));
    return { ms: Date.now() - started, ...watch.stop(), killed, codes, messages: diagnostics.map((d) => String(d.message)), alive: answered === true };
  } catch (e) {
    const measured = watch.stop();
    if (killed) return { ms: Date.now() - started, ...measured, killed, codes: [], messages: [], alive: false };
    throw e;
  } finally {
    await client.stop();
  }
}

function readTextSafely(file: string): string {
  const info = fs.statSync(file);
  return info.isFile() ? fs.readFileSync(file, 'utf8') : '';
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([promise, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms))]);
}
