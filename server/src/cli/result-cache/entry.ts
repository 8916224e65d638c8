// A result-cache entry: what a run printed and exited with, and everything it read to get there
// (file system reads, environment variables), under the command line and folder it ran with.
// One file per command line and folder: `<sha1 of the body>\n<JSON body>`, so a truncated or
// damaged file is a miss, never a wrong replay.

import type { Hash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { ProbeKind } from './probe';

export const ENTRY_VERSION = 1;

/** Output in the order it was written: 1 standard output, 2 standard error. */
export type Chunk = [1 | 2, string];

export interface Entry {
  v: number;
  build: string;
  node: string;
  argv: string[];
  cwd: string;
  tty: boolean;
  /** Variables read, with their values (null: unset); `all` when the run listed the whole environment. */
  env: [string, string | null][];
  envAll?: Record<string, string>;
  reads: [ProbeKind, string, string][];
  output: Chunk[];
  code: number;
}

/** Where this command line's entry lives, or why the cache is off for it. */
export type Place = { file: string; debug: boolean } | { off: string; debug: boolean };

export function placeFor(argv: string[], env: NodeJS.ProcessEnv, cwd: string, tty: boolean): Place {
  const debug = env.HTTPD_LINT_CACHE_DEBUG === '1';
  if (env.HTTPD_LINT_NO_CACHE && env.HTTPD_LINT_NO_CACHE !== '0') return { off: 'HTTPD_LINT_NO_CACHE', debug };
  let dir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') break;
    if (a === '--no-cache') return { off: '--no-cache', debug };
    if (a === '--cache-location') dir = argv[++i];
    else if (a.startsWith('--cache-location=')) dir = a.slice('--cache-location='.length);
  }
  if (!dir) {
    const xdg = env.XDG_CACHE_HOME;
    dir = path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(homedir(), '.cache'), 'httpd-lint');
  }
  const key = createHash('sha1').update(JSON.stringify([ENTRY_VERSION, argv, cwd, tty])).digest('hex');
  return { file: path.join(path.resolve(cwd, dir), `${key}.json`), debug };
}

/** `crypto` and `os` are loaded when the cache is used: a run without it never needs them (5-10 ms CPU of a start). */
function createHash(algorithm: string): Hash {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('crypto') as typeof import('crypto')).createHash(algorithm);
}

function homedir(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('os') as typeof import('os')).homedir();
}

export function encodeEntry(entry: Entry): string {
  const body = JSON.stringify(entry);
  return `${createHash('sha1').update(body).digest('hex')}\n${body}`;
}

/** The entry in a file's text, or why there is none (missing, damaged). */
export function decodeEntry(text: string): Entry | string {
  const nl = text.indexOf('\n');
  if (nl !== 40) return 'damaged entry';
  const body = text.slice(41);
  if (createHash('sha1').update(body).digest('hex') !== text.slice(0, 40)) return 'damaged entry';
  try {
    const entry = JSON.parse(body) as Entry;
    return entry && entry.v === ENTRY_VERSION ? entry : 'entry of another format';
  } catch {
    return 'damaged entry';
  }
}

export function readEntry(file: string): Entry | string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return 'no entry';
  }
  return decodeEntry(text);
}
