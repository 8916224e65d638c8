// What one read of the disk gives, as a short string: the cache stores it for every read a run
// made and a later run compares it again. Each kind gives what the reader it stands for sees
// (model/fs.ts nodeFileSystem, the CLI's own disk.ts), no coarser, so a difference that could
// change the output is a difference here. Node builtins only: dist/cli.js runs this before the
// analysis bundle is loaded.

import * as fs from 'fs';
import { describeError, readRegularBytes } from '../../service/file-reading';

/**
 * r: a file's text (its SHA-1, or the read's error); s: file/directory/missing; d: a directory's
 * names; p: real path; i: device and inode; S: file/directory/other/missing; u: whether the CLI
 * can open the file it was given; D: a directory's names with their types (the CLI's globs).
 */
export type ProbeKind = 'r' | 's' | 'd' | 'p' | 'i' | 'S' | 'u' | 'D';

/**
 * SHA-1 in one call where node has crypto.hash (20.12+): no Hash object per file. `crypto` is
 * loaded on the first hash: its modules cost 5-10 ms CPU of every start, and a run without the
 * cache (--no-cache, HTTPD_LINT_NO_CACHE) hashes nothing.
 */
let sha1Of: ((data: string | Buffer) => string) | undefined;
function sha1(data: string | Buffer): string {
  if (!sha1Of) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const crypto = require('crypto') as typeof import('crypto');
    sha1Of = typeof (crypto as { hash?: unknown }).hash === 'function'
      ? (d) => (crypto as unknown as { hash(a: string, d: string | Buffer, e: string): string }).hash('sha1', d, 'base64')
      : (d) => crypto.createHash('sha1').update(d).digest('base64');
  }
  return sha1Of(data);
}

export function hashText(text: string): string {
  return `H${sha1(text)}`;
}

/** A read's outcome as nodeFileSystem().readFile gives it: text, or error (`+` when too large). */
export function readOutcome(read: { text: string } | { error: string; tooLarge?: boolean }): string {
  return 'text' in read ? hashText(read.text) : `E${read.tooLarge ? '+' : ''}${read.error}`;
}

export function listingOutcome(entries: string[] | { error: string }): string {
  return Array.isArray(entries) ? hashText(entries.join('\u0000')) : `E${entries.error}`;
}

export function probe(kind: ProbeKind, path: string): string {
  switch (kind) {
    case 'r': {
      const read = readRegularFile(path);
      return 'bytes' in read ? hashText(read.bytes.toString('utf8')) : readOutcome(read);
    }
    case 's':
      return statKind(path) === 'directory' ? 'directory' : statKind(path) ? 'file' : '-';
    case 'd':
      try {
        return listingOutcome(fs.readdirSync(path));
      } catch (e) {
        return listingOutcome({ error: describeError(e) });
      }
    case 'p':
      try {
        return fs.realpathSync.native(path);
      } catch {
        return path;
      }
    case 'i':
      try {
        const info = fs.statSync(path, { bigint: true });
        return `${info.dev}:${info.ino}`;
      } catch {
        return '-';
      }
    case 'S':
      return statKind(path) ?? '-';
    case 'u':
      return openable(path);
    case 'D':
      try {
        return hashText(fs.readdirSync(path, { withFileTypes: true }).map((e) => `${e.name}/${e.isFile() ? 'f' : e.isDirectory() ? 'd' : e.isSymbolicLink() ? 'l' : 'o'}`).join('\u0000'));
      } catch (e) {
        return `E${describeError(e)}`;
      }
  }
}

/** What a path leads to (symlinks followed): file, directory, other, or undefined when missing or unreadable. */
export function statKind(path: string): 'file' | 'directory' | 'other' | undefined {
  try {
    // No exception for a missing path (most stats a run makes look for files that are not there).
    const info = fs.statSync(path, { throwIfNoEntry: false });
    return !info ? undefined : info.isFile() ? 'file' : info.isDirectory() ? 'directory' : 'other';
  } catch {
    return undefined;
  }
}

/** '' when the CLI can check the file (a regular file it can open), else why not. */
export function openable(path: string): string {
  try {
    if (!fs.statSync(path).isFile()) return 'not a file';
    fs.closeSync(fs.openSync(path, 'r'));
    return '';
  } catch (e) {
    return describeError(e);
  }
}

/** A file's outcome against a stored one: the same as `probe('r', path) === stored`, made cheaper. */
export function sameText(path: string, stored: string): boolean {
  const read = readRegularFile(path);
  if (!('bytes' in read)) return readOutcome(read) === stored;
  // Valid UTF-8 (nearly every file) hashes to the stored text's hash as it is; only other bytes
  // need decoding as the analysis did (invalid sequences replaced) before hashing.
  return `H${sha1(read.bytes)}` === stored || hashText(read.bytes.toString('utf8')) === stored;
}

/** Where files are read: one buffer for every file a check reads (its bytes are used before the next read). */
let scratch = Buffer.allocUnsafe(0);

/** The model's read of a file (model/regular-file.ts), into the scratch buffer: valid until the next call. */
function readRegularFile(path: string): ReturnType<typeof readRegularBytes> {
  return readRegularBytes(path, (size) => {
    if (scratch.length < size) scratch = Buffer.allocUnsafe(Math.max(size, 256 * 1024));
    return scratch;
  });
}
