// The bundle's side of the result cache: a run the loader found no current entry for is run
// with its reads recorded (file system, environment, output), and when it is one the cache
// may replay (a check that read no standard input and wrote no file, exit 0 or 1) its entry is
// written: atomically (temporary file and rename), silently skipped when the folder is not
// writable, and the folder kept to MAX_ENTRIES files.

import * as fs from 'fs';
import * as path from 'path';
import { cachedNodeFileSystem, type ConfigFileSystem } from '../../service';
import { readArgs } from '../args';
import { nodeDisk, type CliDisk } from '../disk';
import type { CliIo } from '../main';
import { writeAll } from '../stdout';
import { readStdin } from '../stdin';
import { encodeEntry, ENTRY_VERSION, type Chunk, type Entry } from './entry';
import { PENDING_KEY, type PendingRun } from './fast-path';
import { hashText, listingOutcome, readOutcome, type ProbeKind } from './probe';

export const MAX_ENTRIES = 64;

type Main = (argv: string[], out: (s: string) => void, err: (s: string) => void, io?: CliIo) => number;

/** The run dist/cli.js left for the bundle to record, if any. */
export function takePendingRun(): PendingRun | undefined {
  const g = globalThis as Record<symbol, unknown>;
  const pending = g[PENDING_KEY] as PendingRun | undefined;
  delete g[PENDING_KEY];
  return pending;
}

export class RunRecorder {
  private readonly reads = new Map<string, [ProbeKind, string, string]>();
  private readonly envRead = new Map<string, string | null>();
  private envListed = false;
  readonly output: Chunk[] = [];
  stdinRead = false;

  note(kind: ProbeKind, file: string, outcome: string): void {
    const key = `${kind}\u0000${file}`;
    if (!this.reads.has(key)) this.reads.set(key, [kind, file, outcome]);
  }

  write(stream: 1 | 2, text: string): void {
    const last = this.output[this.output.length - 1];
    if (last && last[0] === stream) last[1] += text;
    else this.output.push([stream, text]);
  }

  /** `read`, noting under `kind` what it gave for each path (as `outcome` puts it). */
  private noting<T>(kind: ProbeKind, read: (file: string) => T, outcome: (value: T) => string): (file: string) => T {
    return (file) => {
      const value = read(file);
      this.note(kind, file, outcome(value));
      return value;
    };
  }

  /** The file system the analysis reads, noting each first read. */
  fs(base: ConfigFileSystem): ConfigFileSystem {
    const realPath = base.realPath?.bind(base);
    const identity = base.identity?.bind(base);
    return {
      readFile: this.noting('r', (file) => base.readFile(file), readOutcome),
      stat: this.noting('s', (file) => base.stat(file), (kind) => kind ?? '-'),
      readDirectory: this.noting('d', (dir) => base.readDirectory(dir), listingOutcome),
      realPath: realPath && this.noting('p', realPath, (real) => real),
      identity: identity && this.noting('i', identity, (id) => id ?? '-'),
      batch: base.batch && ((work) => base.batch!(work)),
    };
  }

  /** The CLI's own reads, noted the same way. */
  disk(base: CliDisk): CliDisk {
    const kinds = { file: 'f', directory: 'd', link: 'l', other: 'o' } as const;
    return {
      kind: this.noting('S', (file) => base.kind(file), (kind) => kind ?? '-'),
      unreadable: this.noting('u', (file) => base.unreadable(file), (why) => (why === undefined ? '' : `?${why}`)),
      realPath: this.noting('p', (file) => base.realPath(file), (real) => real),
      list: this.noting('D', (dir) => base.list(dir), (entries) => (entries ? hashText(entries.map((e) => `${e.name}/${kinds[e.kind]}`).join('\u0000')) : 'E?')),
    };
  }

  /** The environment, noting each variable looked up (and, when the whole is listed, that). */
  env(target: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
    const noteVar = (name: string | symbol): void => {
      if (typeof name === 'string' && !this.envRead.has(name)) this.envRead.set(name, target[name] ?? null);
    };
    return new Proxy(target, {
      get: (t, name) => {
        noteVar(name);
        return Reflect.get(t, name);
      },
      has: (t, name) => {
        noteVar(name);
        return Reflect.has(t, name);
      },
      getOwnPropertyDescriptor: (t, name) => {
        noteVar(name);
        return Reflect.getOwnPropertyDescriptor(t, name);
      },
      ownKeys: (t) => {
        this.envListed = true;
        return Reflect.ownKeys(t);
      },
    });
  }

  entry(pending: PendingRun, code: number): Entry {
    // Cheap checks first: a hit makes all of them, a miss stops at the first difference.
    const order = 'SsipuDdr';
    // A file whose text is checked is a regular file that opens: its stats and access need no check of their own.
    const texts = new Set([...this.reads.values()].filter(([kind, , outcome]) => kind === 'r' && outcome.startsWith('H')).map(([, file]) => file));
    const implied = ([kind, file, outcome]: [ProbeKind, string, string]): boolean =>
      texts.has(file) && ((kind === 's' && outcome === 'file') || (kind === 'S' && outcome === 'file') || (kind === 'u' && outcome === ''));
    const reads = [...this.reads.values()].filter((r) => !implied(r)).sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]));
    return {
      v: ENTRY_VERSION,
      build: pending.build,
      node: process.version,
      argv: pending.argv,
      cwd: pending.cwd,
      tty: pending.tty,
      env: [...this.envRead],
      ...(this.envListed ? { envAll: Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined)) } : {}),
      reads,
      output: this.output,
      code,
    };
  }
}

/** Runs the command line with its reads recorded, and stores the result when the cache may replay it. */
export function runRecorded(pending: PendingRun, argv: string[], main: Main): number {
  const rec = new RunRecorder();
  const io: CliIo = {
    readStdin: () => {
      rec.stdinRead = true;
      return readStdin();
    },
    isTTY: pending.tty,
    env: rec.env(process.env),
    fs: rec.fs(cachedNodeFileSystem()),
    disk: rec.disk(nodeDisk),
  };
  const out = (s: string): void => {
    writeAll(1, `${s}\n`);
    rec.write(1, `${s}\n`);
  };
  const err = (s: string): void => {
    writeAll(2, `${s}\n`);
    rec.write(2, `${s}\n`);
  };
  const code = main(argv, out, err, io);
  const why = notCacheable(argv, code, rec);
  if (why) {
    if (pending.debug) writeAll(2, `cache: not stored (${why})\n`);
    return code;
  }
  try {
    store(pending.file, encodeEntry(rec.entry(pending, code)));
    if (pending.debug) writeAll(2, 'cache: stored\n');
  } catch (e) {
    // An unwritable cache folder: the run is simply not cached.
    if (pending.debug) writeAll(2, `cache: not stored (${(e as Error).message})\n`);
  }
  return code;
}

/** Why this run's result may not be replayed, or undefined. */
function notCacheable(argv: string[], code: number, rec: RunRecorder): string | undefined {
  if (code !== 0 && code !== 1) return `exit ${code}`;
  if (rec.stdinRead) return 'read standard input';
  if (['trace', 'test', 'capacity'].includes(argv[0])) return `the ${argv[0]} command`;
  let args;
  try {
    args = readArgs(argv);
  } catch {
    return 'usage error';
  }
  if (args.command !== 'check') return `the ${args.command} command`;
  if (args.fix) return '--fix writes files';
  if (args.output) return '--output writes a file';
  if (args.inputs.includes('-')) return 'reads standard input';
  return undefined;
}

function store(file: string, text: string): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, text, { mode: 0o600 });
    fs.renameSync(temp, file);
  } finally {
    fs.rmSync(temp, { force: true });
  }
  prune(dir);
}

/** Keeps the MAX_ENTRIES most recently written entries. */
function prune(dir: string): void {
  const names = fs.readdirSync(dir).filter((n) => n.endsWith('.json'));
  if (names.length <= MAX_ENTRIES) return;
  const dated = names.map((n) => {
    const file = path.join(dir, n);
    return { file, mtime: fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0 };
  });
  dated.sort((a, b) => a.mtime - b.mtime);
  for (const { file } of dated.slice(0, dated.length - MAX_ENTRIES)) fs.rmSync(file, { force: true });
}
