// The npm package as a user installs it: packed, installed offline into an empty prefix, and
// its two commands run from there (nothing of the project tree on their path).

import * as assert from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { exampleCopy, packed, type Packed } from './packed';

/** Runs a command with a PATH of the prefix and node only, from a folder outside the project. */
function installedEnv(pkg: Packed): NodeJS.ProcessEnv {
  return { PATH: [path.join(pkg.prefix, 'bin'), path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter), HOME: path.join(pkg.dir, 'home') };
}

/** A minimal LSP client: Content-Length framed JSON-RPC over the server's stdio. */
class StdioLsp {
  private buffer = Buffer.alloc(0);
  private readonly listeners: ((m: { id?: number; method?: string; params?: any; result?: any }) => void)[] = [];
  readonly child;
  constructor(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) {
    this.child = spawn(command, args, { ...options, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      for (;;) {
        const end = this.buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, end).toString())?.[1]);
        if (this.buffer.length < end + 4 + length) return;
        const message = JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString('utf8'));
        this.buffer = this.buffer.subarray(end + 4 + length);
        for (const l of [...this.listeners]) l(message);
      }
    });
  }
  send(message: object): void {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }
  /** Resolves with the first message the predicate accepts; answers server requests with null meanwhile. */
  wait<T>(what: string, pick: (m: any) => T | undefined, timeoutMs = 30000): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
      const listener = (m: any): void => {
        if (m.method && m.id !== undefined) this.send({ id: m.id, result: m.method === 'workspace/configuration' ? m.params.items.map(() => ({})) : null });
        const value = pick(m);
        if (value === undefined) return;
        clearTimeout(timer);
        this.listeners.splice(this.listeners.indexOf(listener), 1);
        resolve(value);
      };
      this.listeners.push(listener);
    });
  }
}

describe('npm package (packed, installed offline into an empty prefix)', function () {
  this.timeout(240000);
  let pkg: Packed;

  before(() => {
    pkg = packed();
    console.log(`      tarball: ${pkg.size} bytes (${pkg.unpackedSize} unpacked, ${pkg.files.length} files)`);
  });

  it('holds the bundles, commands, grammar, rule docs, config schema, action and notices, and no sources or tests', () => {
    for (const f of ['dist/cli.js', 'dist/cli-main.js', 'dist/cli-main.cache', 'dist/data/directives.generated.json', 'dist/data/directives.generated.index.json', 'dist/data/modules.generated.json', 'dist/data/php-ini.generated.json', 'dist/server.js', 'bin/httpd-lint', 'bin/httpd-lsp', 'syntaxes/apacheconf.tmLanguage.json', 'docs/rules/README.md', 'docs/rules/prefork-keepalive-timeout.md', 'schemas/httpd-lint.schema.json', 'action.yml', 'action/main.js', 'README.md', 'LICENSE', 'CHANGELOG.md', 'package.json']) {
      assert.ok(pkg.files.includes(f), `${f} is in the tarball`);
    }
    const strays = pkg.files.filter((f) => /^(test|scripts|examples|server|client|node_modules|\.cache)\//.test(f) || f === 'dist/bench.js' || f === 'dist/extension.js');
    assert.deepStrictEqual(strays, []);
    const manifest = JSON.parse(fs.readFileSync(path.join(pkg.installed, 'package.json'), 'utf8'));
    assert.strictEqual(manifest.private, undefined);
    assert.deepStrictEqual(manifest.dependencies ?? {}, {}, 'the bundles carry every runtime dependency');
  });

  it('httpd-lint from the prefix reports the flagship warning on a copy of the example', () => {
    const etc = exampleCopy(pkg.dir);
    const r = spawnSync('httpd-lint', ['apache2.conf'], { cwd: etc, env: installedEnv(pkg), encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stdout, /^apache2\.conf:111:18: warning prefork-keepalive-timeout: /m);
    const which = spawnSync('sh', ['-c', 'command -v httpd-lint'], { env: installedEnv(pkg), encoding: 'utf8' }).stdout.trim();
    assert.strictEqual(which, path.join(pkg.prefix, 'bin', 'httpd-lint'));
    const broken = path.join(pkg.dir, 'broken', 'httpd.conf');
    fs.mkdirSync(path.dirname(broken), { recursive: true });
    fs.writeFileSync(broken, 'Listne 80\n');
    const e = spawnSync('httpd-lint', [broken], { cwd: pkg.dir, env: installedEnv(pkg), encoding: 'utf8' });
    assert.strictEqual(e.status, 1, 'an error finding fails the run');
    assert.match(e.stdout, /error unknown-directive: Invalid command 'Listne'/);
  });

  it('httpd-lsp --stdio from the prefix answers initialize and publishes the flagship diagnostic', async () => {
    const etc = exampleCopy(pkg.dir);
    const lsp = new StdioLsp('httpd-lsp', ['--stdio'], { cwd: pkg.dir, env: installedEnv(pkg) });
    try {
      const root = pathToFileURL(etc).toString();
      lsp.send({ id: 1, method: 'initialize', params: { processId: process.pid, rootUri: root, workspaceFolders: [{ uri: root, name: 'etc' }], capabilities: {} } });
      const init = await lsp.wait('initialize result', (m) => (m.id === 1 ? m.result : undefined));
      assert.ok(init.capabilities.hoverProvider, 'server capabilities');
      lsp.send({ method: 'initialized', params: {} });
      const uri = pathToFileURL(path.join(etc, 'apache2.conf')).toString();
      lsp.send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'apache-httpd', version: 1, text: fs.readFileSync(path.join(etc, 'apache2.conf'), 'utf8') } } });
      const flagship = await lsp.wait('the flagship diagnostic', (m) =>
        m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri ? m.params.diagnostics.find((d: any) => d.code === 'prefork-keepalive-timeout') : undefined,
      );
      assert.strictEqual(flagship.range.start.line, 110);
      lsp.send({ id: 2, method: 'shutdown' });
      await lsp.wait('shutdown result', (m) => (m.id === 2 ? true : undefined));
      const exited = new Promise<number | null>((resolve) => lsp.child.on('exit', (code) => resolve(code)));
      lsp.send({ method: 'exit' });
      assert.strictEqual(await exited, 0);
    } finally {
      lsp.child.kill();
    }
  });
});
