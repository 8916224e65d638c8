// Over stdio the protocol library writes each message as two writes, its header and then its
// body, and a pipe makes each a system call that wakes the client: two wake-ups per answer, the
// first for a header it cannot use yet. The header is held back here and goes out with the body
// in one write, the same bytes in the same order. A small body is joined to its header in one
// buffer; a large one (references of a name every vhost shares: 3 MB of JSON at 208k lines) is not
// copied: header and body go to the stream corked, which hands both to one vectored write.

import type { Writable } from 'stream';

const HEADER = /^Content-Length: \d+\r\n\r\n$/;
/** Bodies from this size go out without a joined copy. */
const LARGE_BODY = 64 * 1024;

type Callback = (error?: Error | null) => void;

export function writeMessagesWhole(stream: Writable): void {
  const write = stream.write.bind(stream) as (chunk: string | Uint8Array, encoding?: BufferEncoding | Callback, callback?: Callback) => boolean;
  let header: Buffer | undefined;
  stream.write = ((chunk: string | Uint8Array, encoding?: BufferEncoding | Callback, callback?: Callback): boolean => {
    const done = typeof encoding === 'function' ? encoding : callback;
    const charset = typeof encoding === 'string' ? encoding : undefined;
    // The library writes the header as an ASCII string and waits for it before writing the body.
    if (header === undefined && typeof chunk === 'string' && chunk.length < 64 && HEADER.test(chunk)) {
      header = Buffer.from(chunk, 'ascii');
      if (done) process.nextTick(done);
      return true;
    }
    if (header === undefined) return write(chunk, encoding, callback);
    const body = typeof chunk === 'string' ? Buffer.from(chunk, charset) : chunk;
    const head = header;
    header = undefined;
    if (body.length < LARGE_BODY) {
      const whole = Buffer.concat([head, body]);
      return done ? write(whole, done) : write(whole);
    }
    stream.cork();
    write(head);
    const ok = done ? write(body, done) : write(body);
    stream.uncork();
    return ok;
  }) as typeof stream.write;
}
