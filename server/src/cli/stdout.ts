// Standard output and error written synchronously to their file descriptors, without node's
// process.stdout / process.stderr streams: making the stream of a pipe loads net and the stream
// modules (≈ 25 internal modules, 5-10 ms CPU of every start), and the CLI is one synchronous run
// anyway. Node builtins only: dist/cli.js uses it before the analysis bundle is loaded.

import * as fs from 'fs';

/** Whether the descriptor is a terminal; only a character device can be, so pipes and files skip loading `tty`. */
export function isTerminal(fd: number): boolean {
  try {
    if (!fs.fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('tty') as typeof import('tty')).isatty(fd);
}

/** Descriptors whose reader has gone (EPIPE) or that are not open: what is written to them is dropped. */
const gone = new Set<number>();
let pause: Int32Array | undefined;

/**
 * Writes all of `text` to `fd`. A descriptor in non-blocking mode (shared with a parent that set
 * it so) that is full (EAGAIN) is waited for; a closed reader or descriptor drops the output, as
 * node's streams do when nobody reads it.
 */
export function writeAll(fd: number, text: string): void {
  if (!text || gone.has(fd)) return;
  let bytes = Buffer.from(text, 'utf8');
  while (bytes.length > 0) {
    let n: number;
    try {
      n = fs.writeSync(fd, bytes);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        Atomics.wait((pause ??= new Int32Array(new SharedArrayBuffer(4))), 0, 0, 5);
        continue;
      }
      if (code === 'EPIPE' || code === 'EBADF') {
        gone.add(fd);
        return;
      }
      throw e;
    }
    bytes = bytes.subarray(n);
  }
}
