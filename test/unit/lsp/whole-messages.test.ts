// The stdio writer: each protocol message reaches the stream as one write of the header and the
// body, the same bytes in the same order; a large body goes out as it came, without a joined copy.

import * as assert from 'assert';
import { Writable } from 'stream';
import { writeMessagesWhole } from '../../../server/src/lsp/whole-messages';

/** A stream that records what reaches its underlying writes: one entry per write, the chunks of each. */
function recordingStream(): { stream: Writable; writes: Buffer[][] } {
  const writes: Buffer[][] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      writes.push([chunk]);
      callback();
    },
    writev(chunks, callback) {
      writes.push(chunks.map((c) => c.chunk as Buffer));
      callback();
    },
  });
  return { stream, writes };
}

/** Writes a message as vscode-jsonrpc's writer does: the header, then the body once the header's write is done. */
function sendMessage(stream: Writable, body: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(`Content-Length: ${body.length}\r\n\r\n`, 'ascii', (error) => {
      if (error) return reject(error);
      stream.write(body, (e) => (e ? reject(e) : resolve()));
    });
  });
}

describe('whole protocol messages on stdio', () => {
  for (const size of [2, 1000, 64 * 1024 - 1, 64 * 1024, 3_000_000]) {
    it(`writes a ${size}-byte body with its header in one write, bytes unchanged`, async () => {
      const { stream, writes } = recordingStream();
      writeMessagesWhole(stream);
      const body = Buffer.alloc(size, 'x');
      body.write('{"a":1}');
      await sendMessage(stream, body);
      assert.strictEqual(writes.length, 1, 'one write per message');
      assert.deepStrictEqual(Buffer.concat(writes[0]), Buffer.concat([Buffer.from(`Content-Length: ${size}\r\n\r\n`), body]));
      // A large body is handed on as it is (the same buffer), not copied into a joined one.
      if (size >= 64 * 1024) assert.strictEqual(writes[0][1], body);
    });
  }

  it('keeps messages in order and passes other writes through', async () => {
    const { stream, writes } = recordingStream();
    writeMessagesWhole(stream);
    await sendMessage(stream, Buffer.alloc(100_000, 'a'));
    stream.write('plain text');
    await sendMessage(stream, Buffer.from('{}'));
    const all = Buffer.concat(writes.flat()).toString('latin1');
    assert.strictEqual(all, `Content-Length: 100000\r\n\r\n${'a'.repeat(100_000)}plain textContent-Length: 2\r\n\r\n{}`);
    assert.strictEqual(writes.length, 3);
  });
});
