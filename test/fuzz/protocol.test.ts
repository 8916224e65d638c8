// Protocol fuzzing of the real server over stdio: malformed and out-of-order messages, random
// edit sequences on open documents, unknown and hostile URIs. After every step the server must
// answer textDocument/documentSymbol within a bound, and its resident memory stays bounded over
// FUZZ_EDITS (default 10,000) edits, read from /proc/PID/status.

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot } from '../helpers/files';
import { TestClient } from '../lsp/client';
import { SEED } from './budget';
import { seededRandom as random } from '../helpers/random';

const EDITS = Number(process.env.FUZZ_EDITS ?? 10000);
const STEPS = Number(process.env.FUZZ_PROTOCOL_STEPS ?? 600);
/** A hang, not a slow answer: normal answers take milliseconds. */
const ANSWER_BOUND_MS = 10000;
const RSS_BOUND_MB = 512;

function rssMB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

async function within<T>(what: string, promise: Promise<T>, ms = ANSWER_BOUND_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

const SNIPPETS = ['Listen 80\n', '<Directory /x>\n', '</Directory>\n', 'KeepAliveTimeout 15\n', 'Include conf.d/*.conf\n', '${X}', '\\\n', '"', '<IfModule !x>\n', '\r\n', '\u0000', 'é', '# c\n', 'Listne 8080\n', 'Require all denied\n'];

describe('fuzz: the language server over stdio', function () {
  this.timeout(0);
  let client: TestClient;
  let root: string;
  let mainUri: string;
  const seed = SEED ?? Date.now() % 2147483647;
  const rnd = random(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];

  before(async function () {
    if (!fs.existsSync(path.join(repoRoot, 'dist', 'server.js'))) throw new Error('dist/server.js missing: run npm run build first');
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-fuzz-lsp-'));
    fs.cpSync(path.join(repoRoot, 'examples', 'debian-prefork-php'), root, { recursive: true, verbatimSymlinks: true });
    client = new TestClient();
    await client.initialize(root);
    mainUri = client.uri(path.join(root, 'apache2.conf'));
    await client.openUri(mainUri, fs.readFileSync(path.join(root, 'apache2.conf'), 'utf8'));
    console.log(`      seed ${seed} (replay with FUZZ_SEED=${seed})`);
  });

  after(async () => {
    await client?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  async function stillAnswers(step: string): Promise<void> {
    assert.ok(client.alive, `server died after ${step}`);
    const symbols = await within(`documentSymbol after ${step}`, client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: mainUri } }));
    assert.ok(Array.isArray(symbols), `documentSymbol after ${step}`);
  }

  it('keeps answering through malformed, out-of-order and unknown-URI messages', async () => {
    const uris = [mainUri, client.uri(path.join(root, 'ports.conf')), client.uri(path.join(root, 'new dir', 'x (1).conf')), 'file://fileserver/share/a.conf', 'file:///%ZZ', 'untitled:1', 'file:///etc/a%2Fb.conf', 'nonsense'];
    const versions = new Map<string, number>();
    const steps: (() => Promise<string>)[] = [
      async () => {
        const uri = pick(uris.slice(1));
        versions.set(uri, 1);
        await client.openUri(uri, pick(SNIPPETS).repeat(1 + Math.floor(rnd() * 5)));
        return `didOpen ${uri}`;
      },
      async () => {
        const uri = pick(uris);
        const version = (versions.get(uri) ?? 0) + (rnd() < 0.2 ? -1 : 1);
        versions.set(uri, version);
        const line = Math.floor(rnd() * 40) - 2;
        const character = Math.floor(rnd() * 30) - 2;
        const range = { start: { line, character }, end: { line: line + Math.floor(rnd() * 3), character: Math.floor(rnd() * 10) } };
        await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [rnd() < 0.1 ? { text: pick(SNIPPETS) } : { range, text: pick(SNIPPETS) }] });
        return `didChange ${uri} v${version} ${JSON.stringify(range)}`;
      },
      async () => {
        const uri = pick(uris.slice(1));
        await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
        return `didClose ${uri}`;
      },
      async () => {
        const method = pick(['textDocument/hover', 'textDocument/completion', 'textDocument/definition', 'textDocument/documentLink', 'textDocument/foldingRange', 'textDocument/formatting', 'textDocument/codeAction', 'textDocument/signatureHelp', 'textDocument/documentSymbol', 'apache/serverProfile']);
        const uri = pick(uris);
        const position = pick([{ line: Math.floor(rnd() * 50), character: Math.floor(rnd() * 40) }, { line: -1, character: -5 }, { line: 1e9, character: 1e9 }]);
        const full = { textDocument: { uri }, position, range: { start: position, end: position }, context: { diagnostics: [] }, options: { tabSize: 4, insertSpaces: true } };
        const params = pick([full, {}, { textDocument: null }, { uri }]);
        await within(method, client.request(method, params).catch(() => undefined));
        return `${method} ${JSON.stringify(params).slice(0, 120)}`;
      },
      async () => {
        const bodies = ['{', '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":null}', '{"jsonrpc":"2.0","id":"x","method":"nope/unknown","params":[1,2]}', '[]', 'null', '{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":5},"contentChanges":"x"}}', '\u0000\u00ff'];
        const body = pick(bodies);
        client.writeRaw(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
        return `raw ${JSON.stringify(body)}`;
      },
    ];
    for (let i = 0; i < STEPS; i++) {
      const step = await pick(steps)();
      await stillAnswers(`step ${i}: ${step}`);
    }
    // The tree still gets real diagnostics after all that.
    await client.openUri(mainUri, fs.readFileSync(path.join(root, 'apache2.conf'), 'utf8'));
  });

  it(`keeps its memory bounded over ${EDITS} random edits of an open document`, async () => {
    const pid = client.pid!;
    const file = path.join(root, 'sites-enabled', '000-default.conf');
    const uri = client.uri(file);
    let text = fs.readFileSync(file, 'utf8');
    let version = 1;
    await client.openUri(uri, text);
    await stillAnswers('open');
    const samples: [number, number][] = [[0, rssMB(pid)]];
    for (let i = 1; i <= EDITS; i++) {
      // An incremental edit at a random place, mirrored here so the document stays sane.
      const at = Math.floor(rnd() * (text.length + 1));
      const remove = rnd() < 0.4 ? Math.floor(rnd() * Math.min(20, text.length - at)) : 0;
      const insert = rnd() < 0.7 ? pick(SNIPPETS) : '';
      const before = text.slice(0, at);
      const line = before.split('\n').length - 1;
      const character = at - (before.lastIndexOf('\n') + 1);
      const endText = text.slice(0, at + remove);
      const endLine = endText.split('\n').length - 1;
      const endCharacter = at + remove - (endText.lastIndexOf('\n') + 1);
      text = before + insert + text.slice(at + remove);
      if (text.length > 20000) text = text.slice(0, 5000);
      await client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: ++version },
        contentChanges: text.length === 5000 ? [{ text }] : [{ range: { start: { line, character }, end: { line: endLine, character: endCharacter } }, text: insert }],
      });
      if (i % 10 === 0) await stillAnswers(`edit ${i}`);
      if (i % 1000 === 0) samples.push([i, rssMB(pid)]);
    }
    await stillAnswers('the last edit');
    const symbols = await client.request<{ name: string }[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(Array.isArray(symbols));
    console.log(`      RSS over ${EDITS} edits (MB): ${samples.map(([n, mb]) => `${n}: ${mb.toFixed(0)}`).join(', ')}`);
    const peak = Math.max(...samples.map(([, mb]) => mb));
    assert.ok(peak < RSS_BOUND_MB, `RSS peak ${peak.toFixed(0)} MB under ${RSS_BOUND_MB} MB`);
  });
});
