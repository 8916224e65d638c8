// Checks the hand-written module files in this directory against the module binaries Debian
// ships: the directive list, where httpd allows each directive (`apache2 -L`), the AllowOverride
// classes, and the argument kind httpd names when a directive is given no argument.
//
//   node scripts/data/third-party/verify-against-debian.mjs [module-name ...]
//
// Needs Debian's apache2 and apt (packages are downloaded and unpacked, never installed).
// Exits 1 when a file disagrees with its binary.

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { ARG_KINDS, listDirectives, run } from './debian-probe-lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const HTTPD = process.env.HTTPD ?? '/usr/sbin/apache2';
const MODULES = '/usr/lib/apache2/modules';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'third-party-verify-'));
const root = path.join(work, 'root');
fs.mkdirSync(path.join(work, 'logs'));

function installed(pkg) {
  return run('dpkg-query', ['-W', '-f=${Status}', pkg]).stdout.includes('install ok installed');
}

/** Downloads and unpacks a package and its missing library dependencies into `root`. */
function unpack(pkg) {
  const wanted = [pkg];
  const depends = run('apt-cache', ['depends', pkg]).stdout.split('\n');
  for (const line of depends) {
    const m = /^\s+Depends: (lib\S+)$/.exec(line);
    if (m && !installed(m[1])) wanted.push(m[1]);
  }
  for (const name of wanted) {
    const got = run('apt-get', ['download', name], { cwd: work });
    if (got.status !== 0) throw new Error(`apt-get download ${name} failed: ${got.stderr}`);
  }
  for (const deb of fs.readdirSync(work).filter((f) => f.endsWith('.deb'))) {
    run('dpkg', ['-x', path.join(work, deb), root]);
    fs.rmSync(path.join(work, deb));
  }
}

function findFile(dir, name) {
  if (!fs.existsSync(dir)) return null;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const found = findFile(full, name);
      if (found) return found;
    } else if (entry.name === name) return full;
  }
  return null;
}

function libraryEnv() {
  const dirs = ['usr/lib', 'usr/lib/x86_64-linux-gnu', 'lib/x86_64-linux-gnu'].map((d) => path.join(root, d));
  const env = { ...process.env, LANG: 'C', LD_LIBRARY_PATH: dirs.join(':') };
  // Debian's mod_qos uses PCRE1 symbols without linking the library itself.
  const pcre = findFile(root, 'libpcre.so.3');
  if (pcre) env.LD_PRELOAD = pcre;
  return env;
}

function baseConfig(identifier, soPath) {
  const load = (id, so) => `LoadModule ${id} ${so}`;
  return [
    `ServerRoot ${work}`,
    load('mpm_prefork_module', `${MODULES}/mod_mpm_prefork.so`),
    load('authz_core_module', `${MODULES}/mod_authz_core.so`),
    load('authn_core_module', `${MODULES}/mod_authn_core.so`),
    load('unique_id_module', `${MODULES}/mod_unique_id.so`),
    load(identifier, soPath),
    `ErrorLog ${work}/logs/error.log`,
    `PidFile ${work}/logs/httpd.pid`,
    'ServerName localhost',
    'Listen 127.0.0.1:8',
    '',
  ].join('\n');
}

function httpd(config, args, env) {
  const file = path.join(work, 'httpd.conf');
  fs.writeFileSync(file, config);
  const r = run(HTTPD, [...args, '-f', file], { env });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

function argumentKind(config, directive, insideDirectory, env) {
  const line = insideDirectory ? `<Directory /tmp>\n${directive}\n</Directory>\n` : `${directive}\n`;
  const { err } = httpd(config + line, ['-t'], env);
  for (const [pattern, how] of ARG_KINDS) if (pattern.test(err)) return how;
  return 'RAW_ARGS';
}

function verify(file) {
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  const { module } = data;
  const problems = [];
  fs.rmSync(root, { recursive: true, force: true });
  unpack(module.debianPackage);
  const so = findFile(root, module.soFile) ?? path.join(MODULES, module.soFile);
  const env = libraryEnv();
  const config = baseConfig(module.identifier, so);
  const listed = httpd(config, ['-L'], env);
  if (listed.status !== 0) return [`${module.name}: httpd could not load ${so}: ${listed.err.trim()}`];
  const binary = new Map([...listDirectives(listed.out)].filter(([, d]) => d.source === module.sourceFile));
  if (binary.size === 0) problems.push(`${module.name}: no directive is registered by ${module.sourceFile}`);
  const byName = new Map(data.directives.map((d) => [d.isSection ? `<${d.name}` : d.name, d]));
  for (const [name, fact] of binary) {
    const mine = byName.get(name);
    if (!mine) {
      if (!binary.has(`<${name}`)) problems.push(`${name}: registered by the module but missing here`);
      continue;
    }
    if (mine.allowedIn && mine.allowedIn !== fact.allowedIn) problems.push(`${name}: allowedIn ${mine.allowedIn}, httpd says ${fact.allowedIn}`);
    if (mine.override.join(' ') !== fact.override.join(' ')) problems.push(`${name}: override [${mine.override}], httpd says [${fact.override}]`);
    if (mine.args.verified && !name.startsWith('<')) {
      const how = argumentKind(config, name, fact.allowedIn?.startsWith('inside-dir'), env);
      if (how !== mine.args.how) problems.push(`${name}: argument kind ${mine.args.how}, httpd says ${how}`);
    }
  }
  for (const d of data.directives) {
    const name = d.isSection ? `<${d.name}` : d.name;
    if (!binary.has(name) && !d.notInDebianBuild) problems.push(`${name}: not registered by the Debian build`);
  }
  return problems;
}

const only = process.argv.slice(2);
const files = fs.readdirSync(here).filter((f) => f.endsWith('.json')).sort()
  .map((f) => path.join(here, f))
  .filter((f) => {
    const m = JSON.parse(fs.readFileSync(f, 'utf8')).module;
    return m.debianPackage && (only.length === 0 || only.includes(m.name));
  });

let failures = 0;
for (const file of files) {
  const problems = verify(file);
  const name = path.basename(file, '.json');
  if (problems.length === 0) console.log(`ok   ${name}`);
  else {
    failures += problems.length;
    console.log(`FAIL ${name}\n  ${problems.join('\n  ')}`);
  }
}
fs.rmSync(work, { recursive: true, force: true });
process.exit(failures ? 1 : 0);
