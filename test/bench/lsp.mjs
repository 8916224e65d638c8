// Times the language server the way an editor uses it: the built dist/server.js over stdio, a
// workspace holding a synthetic tree (test/bench/generate.mjs), diagnostics debounce 0.
//   didOpen -> first publishDiagnostics of the opened file;
//   didChange -> publishDiagnostics of that version, while a directive is typed and deleted again
//   character by character (every intermediate state analysed);
//   completion and hover requests over the opened file;
//   the server's peak RSS (VmHWM) at the end.
// It also checks that incremental work equals cold work: after the typing is undone, the file's
// diagnostics must equal those of its first (cold) analysis, and those must equal what the CLI
// reports for the file. A difference throws.
//
// Standalone: node test/bench/lsp.mjs [VHOSTS] [EDITS]  (after npm run build)
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createRequire } from 'module';
import { fileURLToPath, pathToFileURL } from 'url';
import { generateTree } from './generate.mjs';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-languageserver-protocol/node');

export function percentile(values, p) {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

const now = () => Number(process.hrtime.bigint()) / 1e6;

/** Peak resident set of a process in MB (Linux), or NaN. */
export function peakRssMB(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** CPU time (user + system) a process has used, in ms (Linux; NaN elsewhere): on a loaded machine it says what wall times cannot. */
export function cpuMs(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

/** CPU time of a process's main thread in ms, to the nanosecond (Linux schedstat; NaN elsewhere): the JS thread alone, without V8's helper threads. */
export function mainThreadCpuMs(pid) {
  try {
    return Number(fs.readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return NaN;
  }
}

/** CPU time of a process's other threads in ms (Linux schedstat; NaN elsewhere): V8's helpers, which compile optimized code and help the collector. */
export function helperThreadsCpuMs(pid) {
  try {
    let ms = 0;
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      if (task !== String(pid)) ms += Number(fs.readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
    }
    return ms;
  } catch {
    return NaN;
  }
}

/** Resident set of a process now, in MB (Linux), or NaN. */
export function rssMB(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/**
 * LSP_BENCH_MEMORY_TIMELINE=FILE: the server's resident set every few milliseconds, each sample
 * with the bench's phase then (edits, check, queries, symbols, references), to see when the peak
 * comes. Each sample has the peak so far (VmHWM) too: the resident set can rise and fall between
 * two samples, the peak cannot, so the first sample where it reaches its final value says when.
 */
class MemoryTimeline {
  constructor(pid, file) {
    this.file = file;
    this.samples = [];
    this.phase = 'start';
    this.timer = setInterval(() => this.samples.push({ t: now(), phase: this.phase, rss: rssMB(pid), peak: peakRssMB(pid) }), 5);
  }

  write() {
    clearInterval(this.timer);
    fs.writeFileSync(this.file, JSON.stringify(this.samples));
  }
}

class BenchClient {
  constructor(settings) {
    // LSP_BENCH_NODE_ARGS: node flags for the server process (e.g. --cpu-prof --cpu-prof-dir=DIR).
    // LSP_BENCH_SERVER: another build's server.js (to compare two builds in alternated runs).
    const nodeArgs = (process.env.LSP_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const server = process.env.LSP_BENCH_SERVER || path.join(repoRoot, 'dist', 'server.js');
    this.process = spawn(process.execPath, [...nodeArgs, server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout), new StreamMessageWriter(this.process.stdin));
    this.waiters = [];
    this.latest = new Map();
    this.configured = new Promise((resolve) => {
      this.connection.onRequest('workspace/configuration', (p) => {
        setTimeout(resolve, 0);
        return p.items.map(() => settings);
      });
    });
    this.connection.onNotification('textDocument/publishDiagnostics', (p) => {
      this.latest.set(p.uri, p);
      for (const w of this.waiters.splice(0)) w(p);
    });
    // Like VS Code, the client takes the server's file watchers and reports changes it makes on disk.
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('client/unregisterCapability', () => null);
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.onNotification('apache/analysisUpdated', () => undefined);
    this.connection.onNotification('apache/treeFiles', () => undefined);
    this.connection.listen();
  }

  async initialize(root) {
    const uri = pathToFileURL(root).toString();
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: 'bench' }],
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true } },
        textDocument: { publishDiagnostics: { relatedInformation: true } },
      },
    });
    await this.connection.sendNotification('initialized', {});
    await this.configured;
  }

  /** Writes a file as an editor's save would and sends the watcher's event for it. */
  async writeFile(file, text) {
    fs.writeFileSync(file, text);
    await this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(file).toString(), type: 2 }] });
  }

  /** Resolves with the first publishDiagnostics for `uri` (of `version`, when given). */
  next(uri, version, timeoutMs = 120000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version} within ${timeoutMs} ms`)), timeoutMs);
      const wait = (p) => {
        if (p.uri === uri && (version === undefined || p.version === version)) {
          clearTimeout(timer);
          resolve(p.diagnostics);
        } else this.waiters.push(wait);
      };
      this.waiters.push(wait);
    });
  }

  async stop() {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 5000))]);
      await this.connection.sendNotification('exit');
    } catch {
      /* gone already */
    }
    // Let the server exit by itself (a --cpu-prof profile is written at exit), then make sure.
    const exited = new Promise((r) => this.process.once('exit', r));
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    this.connection.dispose();
    this.process.kill();
  }
}

/** What a diagnostic is, independent of the face that reported it. */
const key = (d) => `${d.code} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.message}`;
const keys = (list) => list.map(key).sort();

/** The CLI's diagnostics for one file of the tree (a cold analysis in its own process). */
function cliDiagnostics(main, file) {
  const { spawnSync } = require('child_process');
  const run = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), '--no-cache', '--format', 'json', main], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.status !== 0 && run.status !== 1) throw new Error(`httpd-lint failed (${run.status}): ${run.stderr}`);
  const report = JSON.parse(run.stdout);
  return report.diagnostics.filter((d) => d.file === file && d.severity !== 'hint');
}

const withoutHints = (list) => list.filter((d) => d.severity !== 4);

function assertSame(what, expected, actual) {
  const a = keys(expected).join('\n');
  const b = keys(actual).join('\n');
  if (a !== b) throw new Error(`${what} differ:\n--- expected\n${a}\n--- got\n${b}`);
}

/**
 * Measures one tree. `edits` keystrokes (half typing a directive, half deleting it), `queries`
 * completion and hover requests each. Returns the figures in milliseconds and MB.
 */
export async function measureLsp({ main, editFile, edits = 40, queries = 60, compareWithCli = true }) {
  const root = path.dirname(main);
  const client = new BenchClient({ diagnostics: { debounceMs: 0 } });
  const memory = process.env.LSP_BENCH_MEMORY_TIMELINE ? new MemoryTimeline(client.process.pid, process.env.LSP_BENCH_MEMORY_TIMELINE) : undefined;
  try {
    // The server analyses the workspace's trees as soon as it is initialized: the start figure
    // (initialize -> first diagnostics of the opened file) counts that work, didOpen does not.
    const started = now();
    await client.initialize(root);
    const uri = pathToFileURL(editFile).toString();
    const original = fs.readFileSync(editFile, 'utf8');

    // didOpen -> first diagnostics (cold: nothing analysed yet).
    let t = now();
    const opened = client.next(uri, 1);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'apacheconf', version: 1, text: original } });
    const cold = await opened;
    const openMs = now() - t;
    const startMs = now() - started;

    // Keystrokes: type a directive on a new line before </VirtualHost>, then delete it again.
    const at = original.lastIndexOf('</VirtualHost>');
    const typed = '    KeepAliveTimeout 3\n';
    const states = [];
    const half = Math.max(1, Math.floor(edits / 2));
    for (let i = 1; i <= half; i++) states.push(typed.slice(0, Math.ceil((i * typed.length) / half)));
    for (let i = half - 1; i >= 0; i--) states.push(typed.slice(0, Math.ceil((i * typed.length) / half)));
    // States compared with a cold CLI run on the same text: half-typed and fully typed.
    const checkpoints = new Set(compareWithCli ? [Math.ceil(half / 2), half] : []);
    const changeMs = [];
    if (memory) memory.phase = 'edits';
    // LSP_BENCH_TIMELINE=FILE: each edit's start and end (monotonic ms, the clock of a --cpu-prof profile) and CPU (the
    // process; its main thread; its other threads), as JSON.
    const timeline = process.env.LSP_BENCH_TIMELINE ? [] : undefined;
    let changeCpu = 0;
    let version = 1;
    for (const s of states) {
      version++;
      const text = original.slice(0, at) + s + original.slice(at);
      t = now();
      const cpuBefore = cpuMs(client.process.pid);
      const threadBefore = timeline && mainThreadCpuMs(client.process.pid);
      const helpersBefore = timeline && helperThreadsCpuMs(client.process.pid);
      const published = client.next(uri, version);
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
      const diagnostics = await published;
      const end = now();
      changeMs.push(end - t);
      const cpu = cpuMs(client.process.pid) - cpuBefore;
      changeCpu += cpu;
      timeline?.push({
        edit: version - 1,
        start: t,
        end,
        ms: end - t,
        cpu,
        thread: mainThreadCpuMs(client.process.pid) - threadBefore,
        helpers: helperThreadsCpuMs(client.process.pid) - helpersBefore,
        afterCheckpoint: checkpoints.has(version - 2),
      });
      if (checkpoints.has(version - 1)) {
        // The server reads the open buffer, not the disk: the file changes on disk only for the CLI.
        await client.writeFile(editFile, text);
        try {
          assertSame(`language server after ${version - 1} edits vs CLI (cold) on the same text`, cliDiagnostics(main, editFile), withoutHints(diagnostics));
        } finally {
          await client.writeFile(editFile, original);
        }
      }
    }
    if (timeline) fs.writeFileSync(process.env.LSP_BENCH_TIMELINE, JSON.stringify(timeline));
    if (memory) memory.phase = 'check';
    const restored = client.latest.get(uri).diagnostics;
    assertSame('diagnostics after typing and deleting a line vs the cold analysis of the same text', cold, restored);
    if (compareWithCli) assertSame('language server (didOpen) vs CLI diagnostics of the opened file', cliDiagnostics(main, editFile), withoutHints(cold));

    // Completion and hover over the file's directive lines.
    const lines = original.split('\n');
    const spots = [];
    lines.forEach((line, n) => {
      const m = /^(\s*)([A-Za-z]\w+)(\s+)?/.exec(line);
      if (m) spots.push({ line: n, name: m[1].length + Math.floor(m[2].length / 2), arg: m[3] ? m[0].length : undefined });
    });
    const completionMs = [];
    const hoverMs = [];
    // LSP_BENCH_QUERY_TIMELINE=FILE: each request's start, end, wall time, the server's main-thread
    // CPU over it and the reply's JSON size, to tell a slow reply's own work from a pause or a wait.
    const queryTimeline = process.env.LSP_BENCH_QUERY_TIMELINE ? [] : undefined;
    const timed = async (kind, i, method, params, into) => {
      const threadBefore = queryTimeline && mainThreadCpuMs(client.process.pid);
      const start = now();
      const reply = await client.connection.sendRequest(method, params);
      const end = now();
      into.push(end - start);
      queryTimeline?.push({ kind, i, start, end, ms: end - start, thread: mainThreadCpuMs(client.process.pid) - threadBefore, bytes: JSON.stringify(reply)?.length ?? 0 });
    };
    if (memory) memory.phase = 'queries';
    const queriesCpuBefore = cpuMs(client.process.pid);
    for (let i = 0; i < queries; i++) {
      const s = spots[i % spots.length];
      const character = i % 2 === 0 || s.arg === undefined ? s.name : s.arg;
      await timed('completion', i, 'textDocument/completion', { textDocument: { uri }, position: { line: s.line, character } }, completionMs);
      await timed('hover', i, 'textDocument/hover', { textDocument: { uri }, position: { line: s.line, character: s.name } }, hoverMs);
    }
    const queriesCpu = cpuMs(client.process.pid) - queriesCpuBefore;
    if (queryTimeline) fs.writeFileSync(process.env.LSP_BENCH_QUERY_TIMELINE, JSON.stringify(queryTimeline));
    if (memory) memory.phase = 'symbols';
    // Workspace symbols over the whole tree: the first query builds each tree's symbol list, the
    // others reuse it; then the references of a Define and of the Alias target every vhost shares.
    const symbolQueries = ['site0001', 'location area3', 'vh', 'directory www', '', 'stxmpl'];
    t = now();
    const firstSymbols = await client.connection.sendRequest('workspace/symbol', { query: symbolQueries[0] });
    const symbolFirstMs = now() - t;
    if (!firstSymbols.some((s) => s.name === 'site0001.example')) throw new Error(`workspace/symbol did not find the vhost site0001.example: ${JSON.stringify(firstSymbols.slice(0, 3))}`);
    const symbolMs = [];
    for (let i = 0; i < queries; i++) {
      t = now();
      await client.connection.sendRequest('workspace/symbol', { query: symbolQueries[i % symbolQueries.length] });
      symbolMs.push(now() - t);
    }
    if (memory) memory.phase = 'references';
    const defineAt = lines.findIndex((l) => l.startsWith('Define VH'));
    t = now();
    const defineRefs = await client.connection.sendRequest('textDocument/references', { textDocument: { uri }, position: { line: defineAt, character: 9 }, context: { includeDeclaration: true } });
    const defineRefsMs = now() - t;
    const aliasAt = lines.findIndex((l) => /^\s*Alias /.test(l));
    t = now();
    const aliasRefs = await client.connection.sendRequest('textDocument/references', { textDocument: { uri }, position: { line: aliasAt, character: lines[aliasAt].lastIndexOf(' ') + 2 }, context: { includeDeclaration: true } });
    const aliasRefsMs = now() - t;
    if (defineRefs.length !== 4 || aliasRefs.length === 0) throw new Error(`references: ${defineRefs.length} for the Define (4 expected), ${aliasRefs.length} for the Alias target`);
    const rss = peakRssMB(client.process.pid);
    if (memory) memory.phase = 'end';
    return {
      openMs,
      startMs,
      changeP95: percentile(changeMs, 95),
      changeMedian: percentile(changeMs, 50),
      /** The server's CPU time per edit and per completion + hover pair (means; the proc clock ticks in 10 ms). */
      changeCpuMs: changeCpu / changeMs.length,
      queryPairCpuMs: queriesCpu / queries,
      completionP95: percentile(completionMs, 95),
      hoverP95: percentile(hoverMs, 95),
      completionMedian: percentile(completionMs, 50),
      hoverMedian: percentile(hoverMs, 50),
      completionMax: Math.max(...completionMs),
      hoverMax: Math.max(...hoverMs),
      peakRssMB: rss,
      symbolFirstMs,
      symbolP95: percentile(symbolMs, 95),
      defineRefsMs,
      aliasRefsMs,
      aliasRefs: aliasRefs.length,
      edits: changeMs.length,
      queries,
      diagnostics: cold.length,
    };
  } finally {
    memory?.write();
    await client.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const vhosts = Number(process.argv[2] ?? 200);
  const edits = Number(process.argv[3] ?? 40);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-bench-lsp-'));
  try {
    const main = generateTree(dir, vhosts);
    // As in npm run bench, where the trees are made long before: the server trusts a file's kept
    // text only once it has been still for two seconds (model/fs.ts RACY_MS), so a tree made just
    // now would be read from disk again on every keystroke of the first seconds.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const result = await measureLsp({ main, editFile: path.join(dir, 'sites', 'vh0001.conf'), edits });
    console.log(JSON.stringify(result, (k, v) => (typeof v === 'number' ? Math.round(v * 10) / 10 : v), 2));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
