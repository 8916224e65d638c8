// The file system as the model sees it. Injected so that the model can run on open editor
// buffers, on an in-memory tree in tests, or on the disk for the CLI.

import * as nodeFs from 'fs';
import * as nodePath from 'path';
import { describeError, MAX_FILE_BYTES, readRegularBytes } from './regular-file';

/** `tooLarge` marks a file skipped for its size: httpd would read it, so it is a cap, not an error. */
export type ReadResult = { text: string } | { error: string; tooLarge?: boolean };

export interface ConfigFileSystem {
  readFile(path: string): ReadResult;
  /** 'file', 'directory', or undefined when the path does not exist or cannot be read. */
  stat(path: string): 'file' | 'directory' | undefined;
  /** Entry names of a directory, or an error text. */
  readDirectory(path: string): string[] | { error: string };
  /** The path with symlinks resolved (one identity for a file reached under two names). */
  realPath?(path: string): string;
  /** Device and inode of what the path leads to, to recognise a directory reached twice. */
  identity?(path: string): string | undefined;
  /** Runs `work` (one analysis) with each path's state taken once: what it asks twice it is told the same. */
  batch?<T>(work: () => T): T;
  /** Whether the path's text comes from an editor buffer (the next file to be typed into). */
  isOpen?(path: string): boolean;
}

export { describeError, MAX_FILE_BYTES };

export function nodeFileSystem(): ConfigFileSystem {
  return {
    readFile: readRegularFile,
    identity(path) {
      try {
        const info = nodeFs.statSync(path, { bigint: true });
        return `${info.dev}:${info.ino}`;
      } catch {
        return undefined;
      }
    },
    stat(path) {
      try {
        const info = nodeFs.statSync(path);
        return info.isDirectory() ? 'directory' : 'file';
      } catch {
        return undefined;
      }
    },
    readDirectory(path) {
      try {
        return nodeFs.readdirSync(path);
      } catch (e) {
        return { error: describeError(e) };
      }
    },
    realPath(path) {
      try {
        return nodeFs.realpathSync.native(path);
      } catch {
        return path;
      }
    },
  };
}

/** The disk, with file texts, directory listings and real paths kept between analyses. */
export interface CachedFileSystem extends ConfigFileSystem {
  /** Drops what is kept for a path (a file event); without a path, everything. */
  forget(path?: string): void;
  /**
   * Folders whose changes are reported by file events (a client's registered watchers), or
   * undefined. What a path in such a folder looked like is then kept until the next event
   * instead of being asked again of the disk in every analysis (see statOnce).
   */
  watchedFolders(folders: ReadonlySet<string> | undefined): void;
}

/**
 * The disk for a long-lived service: a file's text is kept and handed out again while a stat of
 * the file shows the same inode, size and modification and change times (one stat instead of
 * open, read, close and decode; the same string, so a parse cache compares texts by identity),
 * a directory's listing likewise. Real paths are kept until a file event: the watcher reports the
 * links a configuration tree is made of (sites-enabled, mods-enabled).
 */
const RACY_MS = 2000;

/** What the cache keeps of a stat: a node Stats holds four Dates and fourteen numbers (≈ 550 bytes; 2,000 files at 208k lines kept). */
interface StatSummary {
  directory: boolean;
  /** The later of mtime and ctime, in ms. */
  changedMs: number;
  /** Device, inode, size, times and mode: a file whose signature is unchanged keeps its text. */
  signature: string;
}

function summaryOf(info: nodeFs.Stats): StatSummary {
  return {
    directory: info.isDirectory(),
    changedMs: Math.max(info.mtimeMs, info.ctimeMs),
    signature: `${info.dev}:${info.ino}:${info.size}:${info.mtimeMs}:${info.ctimeMs}:${info.mode}`,
  };
}

export function cachedNodeFileSystem(): CachedFileSystem {
  const disk = nodeFileSystem();
  const texts = new Map<string, { signature: string; read: ReadResult }>();
  const listings = new Map<string, { signature: string; entries: string[] }>();
  const reals = new Map<string, string>();
  // A file changed within RACY_MS of its stat may change again under the same times (coarse
  // file system clocks), so it is read again until it has been still for longer (as git does).
  // Inside batch(): one stat per path. An analysis asks for the kind of each included file and
  // then reads it (a stat for the text's signature): one stat serves both.
  const statsNow = new Map<string, StatSummary | undefined>();
  let batches = 0;
  // With watched folders: stats kept across analyses until any file event. A file is kept when its
  // folder (and its real path's folder) is watched, a directory when it is watched itself (its
  // entries' events), a missing path when its folder is; never a file changed within RACY_MS.
  let watched: ReadonlySet<string> | undefined;
  const steady = new Map<string, StatSummary | undefined>();
  const keepable = (path: string, info: StatSummary | undefined): boolean => {
    if (!watched) return false;
    if (info && Date.now() - info.changedMs < RACY_MS) return false;
    const folder = info?.directory ? path : nodePath.dirname(path);
    if (!watched.has(folder)) return false;
    if (!info) return true;
    const real = realPathOf(path);
    return real === path || watched.has(info.directory ? real : nodePath.dirname(real));
  };
  const statOnce = (path: string): StatSummary | undefined => {
    if (batches > 0 && statsNow.has(path)) return statsNow.get(path);
    if (watched && steady.has(path)) return steady.get(path);
    let info: StatSummary | undefined;
    try {
      const stats = nodeFs.statSync(path, { throwIfNoEntry: false });
      info = stats && summaryOf(stats);
    } catch {
      info = undefined;
    }
    if (batches > 0) statsNow.set(path, info);
    if (keepable(path, info)) steady.set(path, info);
    return info;
  };
  const realPathOf = (path: string): string => {
    let real = reals.get(path);
    if (real === undefined) reals.set(path, (real = disk.realPath!(path)));
    return real;
  };
  const signature = (path: string): string | undefined => {
    const info = statOnce(path);
    if (!info || Date.now() - info.changedMs < RACY_MS) return undefined;
    return info.signature;
  };
  return {
    ...disk,
    stat(path) {
      const info = statOnce(path);
      return info ? (info.directory ? 'directory' : 'file') : undefined;
    },
    readFile(path) {
      if (path === '/dev/null') return disk.readFile(path);
      let sig: string | undefined;
      try {
        sig = signature(path);
      } catch {
        sig = undefined;
      }
      const kept = texts.get(path);
      if (sig !== undefined && kept?.signature === sig) return kept.read;
      const read = disk.readFile(path);
      // Only texts are kept: errors (missing, unreadable, not regular) are asked again.
      if (sig !== undefined && 'text' in read) texts.set(path, { signature: sig, read });
      else texts.delete(path);
      return read;
    },
    readDirectory(path) {
      let sig: string | undefined;
      try {
        sig = signature(path);
      } catch {
        sig = undefined;
      }
      const kept = listings.get(path);
      if (sig !== undefined && kept?.signature === sig) return [...kept.entries];
      const entries = disk.readDirectory(path);
      if (sig !== undefined && Array.isArray(entries)) listings.set(path, { signature: sig, entries: [...entries] });
      else listings.delete(path);
      return entries;
    },
    realPath: realPathOf,
    watchedFolders(folders) {
      watched = folders;
      steady.clear();
    },
    batch(work) {
      batches++;
      try {
        return work();
      } finally {
        if (--batches === 0) statsNow.clear();
      }
    },
    forget(path) {
      statsNow.clear();
      if (path === undefined) {
        reals.clear();
        steady.clear();
        texts.clear();
        listings.clear();
        return;
      }
      // What an event at `path` can change: the path, what lies under it (a folder or a link to
      // one), its folder (listing and times), and every path reached through a link (a link on
      // the way may be the path itself, or lead through it). A path that resolved to itself
      // passes through no link, so it changes only with an event at itself or above it.
      const folder = nodePath.dirname(path);
      const under = path.endsWith(nodePath.sep) ? path : path + nodePath.sep;
      const stale = (p: string): boolean => p === path || p === folder || p.startsWith(under);
      for (const [p, real] of reals) {
        if (real !== p || stale(p)) {
          reals.delete(p);
          steady.delete(p);
          texts.delete(p);
        }
      }
      for (const p of steady.keys()) if (stale(p) || reals.get(p) !== p) steady.delete(p);
      texts.delete(path);
      listings.delete(path);
      listings.delete(folder);
    },
  };
}

/** A regular file's text (see readRegularBytes), decoded as UTF-8. */
function readRegularFile(path: string): ReadResult {
  const read = readRegularBytes(path);
  return 'bytes' in read ? { text: read.bytes.toString('utf8') } : read;
}

/** A file system whose files can be replaced by in-memory texts (open editor buffers). */
export function overlayFileSystem(base: ConfigFileSystem, overlay: (path: string) => string | undefined): ConfigFileSystem {
  return {
    readFile(path) {
      const text = overlay(path);
      return text !== undefined ? { text } : base.readFile(path);
    },
    stat(path) {
      return overlay(path) !== undefined ? 'file' : base.stat(path);
    },
    readDirectory(path) {
      return base.readDirectory(path);
    },
    realPath(path) {
      return base.realPath ? base.realPath(path) : path;
    },
    identity: base.identity ? (path) => base.identity!(path) : undefined,
    batch: base.batch ? (work) => base.batch!(work) : undefined,
    isOpen: (path) => overlay(path) !== undefined,
  };
}

/** An in-memory tree: keys are absolute paths, values file texts. Directories are implied. */
export function memoryFileSystem(files: Record<string, string>): ConfigFileSystem {
  const normalized = new Map(Object.entries(files).map(([p, t]) => [nodePath.posix.normalize(p), t]));
  const isDir = (path: string): boolean => {
    const prefix = path.endsWith('/') ? path : `${path}/`;
    for (const key of normalized.keys()) if (key.startsWith(prefix)) return true;
    return false;
  };
  return {
    readFile(path) {
      const text = normalized.get(nodePath.posix.normalize(path));
      if (text !== undefined) return { text };
      return { error: isDir(path) ? 'Is a directory' : 'No such file or directory' };
    },
    stat(path) {
      const p = nodePath.posix.normalize(path);
      if (normalized.has(p)) return 'file';
      return isDir(p) ? 'directory' : undefined;
    },
    readDirectory(path) {
      const p = nodePath.posix.normalize(path);
      if (!isDir(p)) return { error: 'No such file or directory' };
      const prefix = p.endsWith('/') ? p : `${p}/`;
      const names = new Set<string>();
      for (const key of normalized.keys()) {
        if (key.startsWith(prefix)) names.add(key.slice(prefix.length).split('/')[0]);
      }
      return [...names];
    },
  };
}
