// How a configuration file is read from disk, in httpd's terms: regular files only, /dev/null as
// empty, a size cap, and errors in httpd's words. A leaf module (node's fs only), so the CLI's
// result-cache check, which runs before the analysis bundle loads, reads files by the same rules.

import * as nodeFs from 'fs';

/** Files above this size are not read: no real configuration file comes close. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;
const CHUNK_BYTES = 64 * 1024;

/** A file's bytes, or why they were not read (`tooLarge` marks the size cap, not an error). */
export type RegularFileBytes = { bytes: Buffer } | { error: string; tooLarge?: boolean };

/**
 * Reads a regular file, at most MAX_FILE_BYTES. Like httpd, refuses anything else (devices,
 * FIFOs, sockets: "not a regular file"); opens without blocking so a FIFO cannot stall us, and
 * reads in chunks rather than trusting the size (files under /proc claim 0 bytes). `room(size)`
 * gives the buffer of at least `size` bytes the first read goes into (a fresh one by default;
 * a reused one makes the bytes valid only until its next use).
 */
export function readRegularBytes(path: string, room: (size: number) => Buffer = Buffer.allocUnsafe): RegularFileBytes {
  // httpd makes an exception for /dev/null, which reads as an empty file.
  if (path === '/dev/null') return { bytes: Buffer.alloc(0) };
  let fd: number | undefined;
  try {
    fd = nodeFs.openSync(path, nodeFs.constants.O_RDONLY | nodeFs.constants.O_NONBLOCK);
    const info = nodeFs.fstatSync(fd);
    if (info.isDirectory()) return { error: 'Is a directory' };
    if (!info.isFile()) return { error: 'not a regular file' };
    if (info.size > MAX_FILE_BYTES) return { error: `File too large (${info.size} bytes)`, tooLarge: true };
    const chunks: Buffer[] = [];
    let total = 0;
    // The first read is sized to the file (one byte more, to see the end at once); /proc files
    // claim size 0 and are read in chunks.
    let size = info.size > 0 ? info.size + 1 : CHUNK_BYTES;
    let chunk = room(size);
    for (;;) {
      const n = nodeFs.readSync(fd, chunk, 0, size, null);
      // A regular file read short of the room it was given has ended: no copy, no second read.
      if (total === 0 && info.size > 0 && n < size) return { bytes: chunk.subarray(0, n) };
      if (n === 0) break;
      chunks.push(total === 0 ? Buffer.from(chunk.subarray(0, n)) : n === chunk.length ? chunk : chunk.subarray(0, n));
      total += n;
      size = CHUNK_BYTES;
      if (total > MAX_FILE_BYTES) return { error: `File too large (more than ${MAX_FILE_BYTES} bytes)`, tooLarge: true };
      chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    }
    return { bytes: Buffer.concat(chunks, total) };
  } catch (e) {
    return { error: describeError(e) };
  } finally {
    if (fd !== undefined) nodeFs.closeSync(fd);
  }
}

/** httpd-style error text: "No such file or directory", "Permission denied". */
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
