// The result cache's lookup, run by dist/cli.js before it loads the analysis bundle: when an
// entry for this command line and folder exists and every read it lists still gives what it
// gave, the stored output is written and the process exits with the stored code. A hit costs
// node's start, this file, and reading and hashing the files the run read.

import { placeFor, readEntry, type Entry } from './entry';
import { probe, sameText } from './probe';
import { isTerminal, writeAll } from '../stdout';

/** A run whose result may be stored (by the bundle, when the run turns out cacheable). */
export interface PendingRun {
  file: string;
  debug: boolean;
  build: string;
  argv: string[];
  cwd: string;
  tty: boolean;
}

/** The global through which dist/cli.js hands the pending run to the bundle. */
export const PENDING_KEY = Symbol.for('httpd-lint.result-cache');

/** Replays a current entry and returns true, or returns false (the pending run is left for the bundle). */
export function replayIfCurrent(build: string, argv: string[]): boolean {
  const cwd = process.cwd();
  const tty = isTerminal(1);
  const place = placeFor(argv, process.env, cwd, tty);
  if ('off' in place) {
    if (place.debug) writeAll(2, `cache: off (${place.off})\n`);
    return false;
  }
  const entry = readEntry(place.file);
  const why = typeof entry === 'string' ? entry : staleness(entry, build, argv, cwd, tty);
  if (why === undefined) {
    if (place.debug) writeAll(2, 'cache: hit\n');
    const e = entry as Entry;
    for (const [stream, text] of e.output) writeAll(stream, text);
    process.exitCode = e.code;
    return true;
  }
  if (place.debug) writeAll(2, `cache: miss ${why}\n`);
  const pending: PendingRun = { file: place.file, debug: place.debug, build, argv, cwd, tty };
  (globalThis as Record<symbol, unknown>)[PENDING_KEY] = pending;
  return false;
}

/** Why the entry does not hold for this run, or undefined when it does. */
export function staleness(entry: Entry, build: string, argv: string[], cwd: string, tty: boolean, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (entry.build !== build) return 'another build';
  if (entry.node !== process.version) return 'another node';
  if (entry.cwd !== cwd || entry.tty !== tty || JSON.stringify(entry.argv) !== JSON.stringify(argv)) return 'another command line';
  if (entry.envAll) {
    const now = Object.keys(env).sort();
    const then = Object.keys(entry.envAll).sort();
    if (now.length !== then.length || now.some((k, i) => k !== then[i] || env[k] !== entry.envAll![k])) return 'environment changed';
  }
  for (const [name, value] of entry.env) if ((env[name] ?? null) !== value) return `environment variable ${name} changed`;
  for (const [kind, file, outcome] of entry.reads) if (kind === 'r' ? !sameText(file, outcome) : probe(kind, file) !== outcome) return `${KIND_NAMES[kind]} ${file} changed`;
  return undefined;
}

const KIND_NAMES = { r: 'file', s: 'stat of', d: 'listing of', p: 'real path of', i: 'identity of', S: 'stat of', u: 'access to', D: 'listing of' } as const;
