// What one read of the disk gives, as a short string: the cache stores it for every read a run
// made and a later run compares it again. Each kind gives what the reader it stands for sees
// (model/fs.ts nodeFileSystem, the CLI's own disk.ts), no coarser, so a difference that could
// change the output is a difference here. Node builtins only: dist/cli.js runs this before the
// analysis bundle is loaded.

import { createHash } from 'crypto';
import * as fs from 'fs';

/**
 * r: a file's text (its SHA-1, or the read's error); s: file/directory/missing; d: a directory's
 * names; p: real path; i: device and inode; S: file/directory/other/missing; u: whether the CLI
 * can open the file it was given; D: a directory's names with their types (the CLI's globs).
 */
export type ProbeKind = 'r' | 's' | 'd' | 'p' | 'i' | 'S' | 'u' | 'D';

/** model/fs.ts MAX_FILE_BYTES. */
const MAX_FILE_BYTES = 8 * 1024 * 1024;

export function hashText(text: string): string {
  return `H${createHash('sha1').update(text).digest('base64')}`;
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
    case 'r':
      return readOutcome(readRegularFile(path));
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
    const info = fs.statSync(path);
    return info.isFile() ? 'file' : info.isDirectory() ? 'directory' : 'other';
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

/** model/fs.ts readRegularFile: the same outcomes, the text only hashed. */
function readRegularFile(path: string): { text: string } | { error: string; tooLarge?: boolean } {
  if (path === '/dev/null') return { text: '' };
  let fd: number | undefined;
  try {
    fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    const info = fs.fstatSync(fd);
    if (info.isDirectory()) return { error: 'Is a directory' };
    if (!info.isFile()) return { error: 'not a regular file' };
    if (info.size > MAX_FILE_BYTES) return { error: `File too large (${info.size} bytes)`, tooLarge: true };
    const bytes = fs.readFileSync(fd);
    if (bytes.length > MAX_FILE_BYTES) return { error: `File too large (more than ${MAX_FILE_BYTES} bytes)`, tooLarge: true };
    return { text: bytes.toString('utf8') };
  } catch (e) {
    return { error: describeError(e) };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** model/fs.ts describeError (a copy: this file must not load the model). */
export function describeError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'No such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'Permission denied';
    case 'ENOTDIR':
      return 'Not a directory';
    case 'ELOOP':
      return 'Too many levels of symbolic links';
    case 'EAGAIN':
      return 'Resource temporarily unavailable';
    case 'ENXIO':
      return 'No such device or address';
    default:
      return (e as Error)?.message ?? String(e);
  }
}
