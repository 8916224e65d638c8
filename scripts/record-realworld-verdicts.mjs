// Records what the real httpd (Debian's apache2) says about every case of the real-world corpus
// (test/realworld/cases.json) into test/realworld/verdicts.json, which the CI test compares
// httpd-lint with (so CI needs neither the network nor third-party module binaries).
//
//   node --import tsx scripts/record-realworld-verdicts.mjs [CASE-ID...]
//
// Server trees: `apache2 -t` (verdict, first error's file and line) and `apache2 -t -D DUMP_MODULES`
// (modules and MPM). Third-party modules are downloaded with `apt-get download` and unpacked
// with `dpkg-deb -x` under /tmp (never installed); their LoadModule paths are pointed there and
// their libraries found through LD_LIBRARY_PATH. .htaccess files: the tree is started on
// 127.0.0.1, the folder holding the file is requested once, and the error log says whether
// httpd accepted the file.

import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { httpdEnvironment } from './lib/httpd-env.cjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const load = async (rel) => {
  const mod = await import(pathToFileURL(path.join(repo, rel)).href).catch((e) => {
    console.error(`${e.message}\nRun with the TypeScript loader: node --import tsx scripts/record-realworld-verdicts.mjs`);
    process.exit(2);
  });
  return mod.default ?? mod;
};
const { loadCases, buildCase, HTACCESS_LISTEN } = await load('test/realworld/tree.ts');
const { parseVerdict } = await load('test/oracle/httpd.ts');

const HTTPD = process.env.HTTPD ?? '/usr/sbin/apache2';
const DEB_CACHE = process.env.REALWORLD_DEBS ?? path.join(os.tmpdir(), 'realworld-debs-cache');
const OUT = path.join(repo, 'test', 'realworld', 'verdicts.json');

function unpacked(pkg) {
  const dir = path.join(DEB_CACHE, pkg);
  if (fs.existsSync(path.join(dir, '.done'))) return dir;
  fs.mkdirSync(dir, { recursive: true });
  const dl = spawnSync('apt-get', ['download', '-qq', pkg], { cwd: DEB_CACHE, encoding: 'utf8' });
  const deb = fs.readdirSync(DEB_CACHE).find((f) => f.startsWith(`${pkg}_`) && f.endsWith('.deb'));
  if (!deb) throw new Error(`apt-get download ${pkg} failed: ${dl.stderr}`);
  spawnSync('dpkg-deb', ['-x', path.join(DEB_CACHE, deb), dir]);
  fs.writeFileSync(path.join(dir, '.done'), '');
  return dir;
}

function walk(dir, visit) {
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop();
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else visit(p, e);
    }
  }
}

/** Points LoadModule lines at the unpacked binaries; returns LD_LIBRARY_PATH for their libraries. */
function useThirdParty(root, packages, preload = []) {
  const binaries = new Map();
  const libDirs = new Set();
  for (const pkg of packages) {
    walk(unpacked(pkg), (p) => {
      if (/\/usr\/lib\/apache2\/modules\/[^/]+$/.test(p)) binaries.set(path.basename(p), p);
      if (/\.so(\.\d+)*$/.test(p) && !p.includes('/apache2/modules/')) libDirs.add(path.dirname(p));
    });
  }
  walk(root, (p, e) => {
    if (!e.isFile()) return;
    const text = fs.readFileSync(p, 'latin1');
    const out = text.replace(/^(\s*LoadModule\s+\S+\s+"?)(\/usr\/lib\/apache2\/modules\/([^\s"]+))/gm, (m, head, full, base) =>
      !fs.existsSync(full) && binaries.has(base) ? head + binaries.get(base) : m,
    );
    if (out !== text) fs.writeFileSync(p, out, 'latin1');
  });
  const preloaded = preload.map((name) => [...libDirs].map((d) => path.join(d, name)).find((p) => fs.existsSync(p))).filter(Boolean);
  return { libraryPath: [...libDirs].join(':'), preloaded: preloaded.join(':') };
}

function environment(runDir, { libraryPath, preloaded } = {}) {
  return {
    ...httpdEnvironment(runDir),
    ...(libraryPath ? { LD_LIBRARY_PATH: libraryPath } : {}),
    ...(preloaded ? { LD_PRELOAD: preloaded } : {}),
  };
}

function run(args, env) {
  return new Promise((resolve) => {
    const child = spawn(HTTPD, args, { env, cwd: '/', stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

function request(urlPath) {
  const [host, port] = HTACCESS_LISTEN.split(':');
  return new Promise((resolve) => {
    const req = http.get({ host, port: Number(port), path: urlPath, timeout: 10000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', () => resolve(null));
    req.on('timeout', () => req.destroy());
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Where a path inside the scratch tree sits in the repository's terms. */
function relative(built, file) {
  return file && file.startsWith(built.root + path.sep) ? path.relative(built.root, file) : file;
}

async function record(c, scratch) {
  const built = buildCase(c, scratch);
  // httpd's children (www-data) must read the tree to serve the .htaccess cases.
  for (let d = built.root; d.startsWith(scratch) || d === scratch; d = path.dirname(d)) {
    fs.chmodSync(d, 0o755);
    if (d === scratch) break;
  }
  const libraries = c.thirdParty?.length ? useThirdParty(built.root, c.thirdParty, c.preload) : {};
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'realworld-run-'));
  const env = { ...environment(runDir, libraries), ...(c.env ?? {}) };
  const base = ['-d', built.root, '-f', built.main, ...(c.defines ?? []).flatMap((d) => ['-D', d])];
  const check = await run([...base, '-t'], env);
  const verdict = parseVerdict(check.status, check.stderr);
  const entry = { id: c.id, ok: verdict.ok };
  if (!verdict.ok) Object.assign(entry, { error: verdict.error, file: relative(built, verdict.file), line: verdict.line });
  if (verdict.ok) {
    const dump = await run([...base, '-t', '-D', 'DUMP_MODULES'], env);
    const modules = [...dump.stdout.matchAll(/^ (\S+) \((?:static|shared)\)$/gm)].map((m) => m[1]).sort();
    entry.modules = modules;
    entry.mpm = modules.find((m) => /^mpm_(prefork|worker|event)_module$/.test(m))?.replace(/^mpm_|_module$/g, '') ?? null;
  }
  if (c.kind === 'htaccess' && verdict.ok) {
    const start = await run([...base, '-k', 'start'], env);
    let status = null;
    for (let i = 0; i < 50 && status === null; i++) {
      await sleep(100);
      status = await request(built.urlPath);
    }
    await run([...base, '-k', 'stop'], env);
    for (let i = 0; i < 50 && fs.existsSync(env.APACHE_PID_FILE); i++) await sleep(100);
    const log = fs.existsSync(path.join(env.APACHE_LOG_DIR, 'error.log')) ? fs.readFileSync(path.join(env.APACHE_LOG_DIR, 'error.log'), 'utf8') : '';
    const problem = log.split('\n').find((l) => l.includes(built.htaccess) && /\[(core|[a-z_]+):(alert|crit|error)\]/.test(l));
    // A 500 without a complaint about the file is the request's fate (a rewrite to a missing
    // front controller, a loop), not a refusal of the configuration.
    const other = log.split('\n').filter((l) => /\[[a-z_]+:(alert|crit|error)\]/.test(l) && !l.includes(built.htaccess));
    Object.assign(entry, { htaccessStatus: status, htaccessOk: status !== null && !problem });
    if (status === 500 && !problem) entry.htaccessNote = other.map((l) => l.replace(/^.*?\[client [^\]]+\] /, '')).join(' | ').replaceAll(built.root, '<root>');
    if (problem) entry.htaccessError = problem.replace(/^.*?\[client [^\]]+\] /, '').replace(built.htaccess, '.htaccess');
    if (status === null) entry.htaccessError = `httpd did not answer: ${start.stderr.trim()}`;
  }
  fs.rmSync(runDir, { recursive: true, force: true });
  return entry;
}

const only = process.argv.slice(2);
const cases = loadCases().filter((c) => only.length === 0 || only.includes(c.id));
const previous = fs.existsSync(OUT) ? JSON.parse(fs.readFileSync(OUT, 'utf8')) : { cases: [] };
const byId = new Map(previous.cases.map((e) => [e.id, e]));
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'realworld-'));
try {
  for (const c of cases) {
    const entry = await record(c, scratch);
    byId.set(c.id, entry);
    const summary = entry.ok ? `ok ${entry.mpm ?? '-'} ${entry.modules.length} modules` : `REJECTED ${entry.file}:${entry.line}: ${entry.error}`;
    console.log(`${c.id}: ${summary}${c.kind === 'htaccess' ? ` | .htaccess ${entry.htaccessOk ? 'ok' : `REJECTED ${entry.htaccessError ?? entry.htaccessStatus}`}` : ''}`);
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
const order = loadCases().map((c) => c.id);
const out = {
  httpd: spawnSync(HTTPD, ['-v'], { encoding: 'utf8' }).stdout.split('\n')[0].replace(/^Server version: /, ''),
  cases: order.filter((id) => byId.has(id)).map((id) => byId.get(id)),
};
fs.writeFileSync(OUT, `${JSON.stringify(out, null, 1)}\n`);
console.log(`wrote ${path.relative(repo, OUT)} (${out.cases.length} cases)`);
