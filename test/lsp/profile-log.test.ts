// The server profile request and the server's log (window/logMessage), over stdio.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { repoRoot } from '../helpers/files';
import { TestClient } from './client';

interface Profile {
  label: string;
  findings: { severity: string; code: string; message: string; where: { file: string; line: number; label: string } }[];
  findingCounts: Record<string, number>;
  findingsOmitted: number;
  sections: { title: string; rows: { label: string; value: string; where?: { file: string; line: number; label: string }; note?: string }[] }[];
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const RANK: Record<string, number> = { error: 0, warning: 1, information: 2, hint: 3 };

function copyExample(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-lsp-profile-'));
  fs.cpSync(path.join(repoRoot, 'examples', 'debian-prefork-php'), dir, { recursive: true, verbatimSymlinks: true });
  return dir;
}

async function started(root: string, settings: Record<string, unknown>): Promise<TestClient> {
  const client = new TestClient();
  client.settings = settings;
  await client.initialize(root);
  return client;
}

describe('server profile and log over the protocol', function () {
  this.timeout(30000);
  let root: string;
  let main: string;
  const clients: TestClient[] = [];

  before(() => {
    if (!fs.existsSync(path.join(repoRoot, 'dist', 'server.js'))) throw new Error('dist/server.js missing: run npm run build first');
    root = copyExample();
    main = path.join(root, 'apache2.conf');
  });

  after(async () => {
    for (const c of clients) await c.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('lists every finding most severe first, with its full message and its file:line', async () => {
    const client = await started(root, {});
    clients.push(client);
    await client.open(main, fs.readFileSync(main, 'utf8'));
    const diagnostics: Diagnostic[] = await client.diagnosticsFor(main, (d) => d.some((x) => x.code === 'prefork-keepalive-timeout'));
    const profile = await client.request<Profile>('apache/serverProfile', { uri: client.uri(main) });
    const severities = profile.findings.map((f) => RANK[f.severity]);
    assert.deepStrictEqual(severities, [...severities].sort((a, b) => a - b), 'sorted by severity');
    assert.ok(profile.findings.some((f) => f.severity === 'hint') && profile.findings.some((f) => f.severity === 'warning'), 'the example has warnings and hints');
    const total = Object.values(profile.findingCounts).reduce((a, b) => a + b, 0);
    assert.strictEqual(total, profile.findings.length + profile.findingsOmitted);
    // Every finding of the open file appears with the same message and line as its diagnostic.
    for (const d of diagnostics) {
      const f = profile.findings.find((x) => x.code === d.code && x.where.file === main && x.where.line === d.range.start.line);
      assert.ok(f, `${d.code} at line ${d.range.start.line + 1} is in the profile`);
      assert.strictEqual(f.message, d.message, 'the whole message');
      assert.strictEqual(f.where.label, `apache2.conf:${d.range.start.line + 1}`);
    }
    const keepAlive = profile.sections.find((s) => s.title === 'Keep-alive and timeouts')!.rows.find((r) => r.label === 'KeepAliveTimeout')!;
    assert.deepStrictEqual([keepAlive.value, keepAlive.where?.file, keepAlive.where?.line], ['15', main, 110]);
  });

  it('logs the main configurations found and each analysed tree with its time at the default level', async () => {
    const client = await started(root, {});
    clients.push(client);
    await client.open(main, fs.readFileSync(main, 'utf8'));
    assert.match(await client.logLine(/^httpd-lsp .* started/), /log level info/);
    assert.match(await client.logLine(/^Main configurations found/), new RegExp(`^Main configurations found: ${escape(main)} \\(searched in \\d+ ms\\)\\.$`));
    const analysed = await client.logLine(/^Analysed /);
    assert.match(analysed, new RegExp(`^Analysed ${escape(main)}: ServerRoot ${escape(root)}, 39 files, Apache · prefork · mod_php; findings: 2 warnings, 4 information, 8 hints; \\d+ ms\\.$`));
    assert.ok(!client.logs.some((l) => /analysed under/.test(l.message)), 'no debug lines at the info level');
  });

  it('adds per-file decisions and timings at the debug level, and says nothing when off', async () => {
    const debug = await started(root, { log: { level: 'debug' } });
    clients.push(debug);
    const site = path.join(root, 'sites-available', '000-default.conf');
    await debug.open(site, fs.readFileSync(site, 'utf8'));
    assert.match(await debug.logLine(/analysed under/), new RegExp(`^${escape(site)}: analysed under ${escape(main)}`));
    assert.match(await debug.logLine(/^Diagnostics of/), /^Diagnostics of 1 open file published in \d+ ms\.$/);
    assert.match(await debug.logLine(/^Settings:/), /httpd 2\.4\.\d+/);

    const quiet = await started(root, { log: { level: 'off' } });
    clients.push(quiet);
    await quiet.open(main, fs.readFileSync(main, 'utf8'));
    await quiet.diagnosticsFor(main, (d) => d.some((x) => x.code === 'prefork-keepalive-timeout'));
    await quiet.request('apache/serverProfile', { uri: quiet.uri(main) });
    assert.deepStrictEqual(quiet.logs.map((l) => l.message), []);
  });
});
