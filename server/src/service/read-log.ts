// What one analysis read from the file system (texts, listings, stats, real paths), so a later
// round can tell that nothing it read changed and keep the analysis instead of redoing it.

import type { ConfigFileSystem } from '../model';

type ReadResult = ReturnType<ConfigFileSystem['readFile']>;

type Kind = 'r' | 's' | 'd' | 'p' | 'i';

/** A read's outcome: a file's text itself (no copy, so it compares by identity first), else a string or a marked error. */
type Outcome = string | undefined | { error: string };

/** One kind's reads in the order made: paths and outcomes side by side (a check walks them with no iterator objects), and each path's place. */
interface Reads {
  paths: string[];
  outcomes: Outcome[];
  at: Map<string, number>;
}

const noReads = (): Reads => ({ paths: [], outcomes: [], at: new Map() });

export class ReadLog {
  /** Per kind of read, what the first read of each path gave (file texts first: what edits change). */
  private readonly seen: Record<Kind, Reads> = { r: noReads(), d: noReads(), s: noReads(), p: noReads(), i: noReads() };

  note(kind: Kind, path: string, outcome: Outcome): void {
    const reads = this.seen[kind];
    if (!reads.at.has(path)) append(reads, path, outcome);
  }

  /** Whether every read gives what it gave then. Stops at the first difference. */
  stillCurrent(fs: ConfigFileSystem): boolean {
    return this.change(fs) === 'none';
  }

  /**
   * What changed since: 'none'; the one file whose text is all that differs (an edited buffer),
   * with its new text; or 'more' (stops at the second difference, or at one that is not a text).
   */
  change(fs: ConfigFileSystem): 'none' | 'more' | { file: string; text: string } {
    let found: { file: string; text: string } | undefined;
    for (let k = 0; k < KINDS.length; k++) {
      const kind = KINDS[k];
      const { paths, outcomes } = this.seen[kind];
      for (let i = 0; i < paths.length; i++) {
        const before = outcomes[i];
        const now = ask(fs, kind, paths[i]);
        if (same(before, now)) continue;
        if (found || kind !== 'r' || typeof before !== 'string' || typeof now !== 'string') return 'more';
        found = { file: paths[i], text: now };
      }
    }
    return found ?? 'none';
  }

  /**
   * This log with `newer`'s reads laid over it (a build that read again only what it kept of the
   * last build's reads): each read of `newer` replaces this log's read of the same path. Changes
   * this log in place, so the work is that of `newer`'s reads, not of the whole tree's.
   */
  updatedWith(newer: ReadLog): ReadLog {
    for (const kind of KINDS) {
      const mine = this.seen[kind];
      const theirs = newer.seen[kind];
      for (let i = 0; i < theirs.paths.length; i++) {
        const path = theirs.paths[i];
        const at = mine.at.get(path);
        if (at !== undefined) mine.outcomes[at] = theirs.outcomes[i];
        else append(mine, path, theirs.outcomes[i]);
      }
    }
    return this;
  }
}

function append(reads: Reads, path: string, outcome: Outcome): void {
  reads.at.set(path, reads.paths.length);
  reads.paths.push(path);
  reads.outcomes.push(outcome);
}

const KINDS: readonly Kind[] = ['r', 'd', 's', 'p', 'i'];

function same(a: Outcome, b: Outcome): boolean {
  if (typeof a === 'object' && typeof b === 'object') return a.error === b.error;
  return a === b;
}

function readOutcome(read: ReadResult): Outcome {
  return 'text' in read ? read.text : { error: `${read.tooLarge ? '+' : ''}${read.error}` };
}

function listingOutcome(entries: string[] | { error: string }): Outcome {
  return Array.isArray(entries) ? entries.join('\u0000') : { error: entries.error };
}

function ask(fs: ConfigFileSystem, kind: Kind, path: string): Outcome {
  switch (kind) {
    case 'r':
      return readOutcome(fs.readFile(path));
    case 's':
      return fs.stat(path);
    case 'd':
      return listingOutcome(fs.readDirectory(path));
    case 'p':
      return fs.realPath ? fs.realPath(path) : path;
    case 'i':
      return fs.identity?.(path);
  }
}

/** The file system `fs`, noting every read in `log`. */
export function recordingFileSystem(fs: ConfigFileSystem, log: ReadLog): ConfigFileSystem {
  const realPath = fs.realPath?.bind(fs);
  const identity = fs.identity?.bind(fs);
  return {
    readFile: noting(log, 'r', (path) => fs.readFile(path), readOutcome),
    stat: noting(log, 's', (path) => fs.stat(path), (kind) => kind),
    readDirectory: noting(log, 'd', (path) => fs.readDirectory(path), listingOutcome),
    realPath: realPath && noting(log, 'p', realPath, (real) => real),
    identity: identity && noting(log, 'i', identity, (id) => id),
    // Not a read of the tree's state (it only says where the next splice may happen).
    isOpen: fs.isOpen?.bind(fs),
  };
}

/** `read`, noting under `kind` what it gave for each path (as `outcome` puts it). */
function noting<T>(log: ReadLog, kind: Kind, read: (path: string) => T, outcome: (value: T) => Outcome): (path: string) => T {
  return (path) => {
    const value = read(path);
    log.note(kind, path, outcome(value));
    return value;
  };
}
