// Finds the `Require` (authorization) providers each third-party module of Debian 12 registers,
// so that `Require unix-group …` is no error where mod_authz_unixgroup is loaded. A module
// whose binary never calls ap_register_auth_provider registers none; for the others every
// short word of the binary is tried as `Require <word>` under `apache2 -t`: httpd answers
// "Unknown Authz provider" for any name no loaded module registered.
//
//   node scripts/data/third-party/probe-debian-providers.mjs [--out FILE] [package ...]
//
// Reads probed/modules.tsv and the hand-written files here; writes probed/providers.tsv.
// Needs Debian's apache2 and apt (packages are downloaded and unpacked, never installed).

import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { config, debianLoads, fullBase, HTTPD, httpd, minimalBase, run } from './debian-probe-lib.mjs';
import { modulesOfPackage, newWorkDir, unpackPackage } from './debian-unpack.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
// `--out FILE` writes elsewhere (for several runs side by side, merged afterwards).
const outFlag = process.argv.indexOf('--out');
const OUT = outFlag > 0 ? path.resolve(process.argv[outFlag + 1]) : path.join(here, 'probed', 'providers.tsv');
const COLUMNS = ['package', 'identifier', 'registers', 'providers'];

function readRows(file) {
  if (!fs.existsSync(file)) return [];
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  const header = lines.shift()?.split('\t') ?? [];
  return lines.map((l) => Object.fromEntries(l.split('\t').map((v, i) => [header[i], v])));
}

/** Packages to look at: every probed one and every hand-written module with a Debian package. */
function packages() {
  const probed = readRows(path.join(here, 'probed', 'modules.tsv')).filter((r) => r.status === 'probed').map((r) => r.package);
  const handWritten = fs.readdirSync(here).filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(fs.readFileSync(path.join(here, f), 'utf8')).module?.debianPackage).filter(Boolean);
  return [...new Set([...probed, ...handWritten])].sort();
}

function registersProviders(so) {
  return /\bap_register_auth_provider\b/.test(run('nm', ['-D', '--undefined-only', so]).stdout);
}

/** More words than this (mod_perl, whose Perl code registers providers at run time): not probed. */
const MAX_WORDS = 400;

/** Provider names among the binary's words (each run drops the first word httpd refuses); null: too many words. */
function providerNames(work, loads, env, so) {
  let words = [...new Set(run('strings', ['-n', '3', so]).stdout.split('\n').map((w) => w.trim()).filter((w) => /^[a-z][a-z0-9_-]{1,39}$/.test(w)))];
  if (words.length > MAX_WORDS) return null;
  const found = [];
  while (words.length) {
    const lines = words.map((w) => `Require ${w}`);
    const r = httpd(work, config(work, loads, `<Directory /tmp>\n${lines.join('\n')}\n</Directory>`), ['-t'], env);
    if (r.status === 0 && !r.signal) {
      found.push(...words);
      break;
    }
    const line = Number(/Syntax error on line (\d+)/.exec(r.err)?.[1]);
    // config(): ServerRoot, the LoadModule lines, ErrorLog, PidFile, ServerName, Listen, then <Directory>.
    const index = line - (loads.length + 7);
    if (!(index >= 0 && index < words.length)) break; // an error we cannot place: stop rather than guess
    found.push(...words.slice(0, index)); // accepted before the error
    if (!/Unknown Authz provider/.test(r.err)) found.push(words[index]);
    words = words.slice(index + 1);
  }
  return found.sort();
}

function probe(pkg, debian) {
  const work = newWorkDir(pkg);
  const full = newWorkDir(pkg);
  try {
    // The binary alone tells most modules apart; only those that register providers need their libraries.
    const bare = unpackPackage(pkg, work, { libraries: false });
    if (bare.error) return [{ package: pkg, identifier: '', registers: 'unknown', providers: bare.error }];
    const needed = modulesOfPackage(bare.root, bare.ownFiles).filter((o) => o.own && registersProviders(o.soPath));
    const unpacked = needed.length ? unpackPackage(pkg, full) : bare;
    if (unpacked.error) return [{ package: pkg, identifier: '', registers: 'unknown', providers: unpacked.error }];
    const all = modulesOfPackage(unpacked.root, unpacked.ownFiles);
    const rows = [];
    for (const m of all.filter((o) => o.own)) {
      if (!needed.some((o) => o.identifier === m.identifier)) {
        rows.push({ package: pkg, identifier: m.identifier, registers: 'no', providers: '' });
        continue;
      }
      const deps = all.filter((o) => !o.own).map((o) => [o.identifier, o.soPath]);
      const loads = [minimalBase(debian, m.loadDepends), fullBase(debian)].map((b) => [...b, ...deps, [m.identifier, m.soPath]])
        .find((l) => httpd(full, config(full, l), ['-t'], unpacked.env).status === 0);
      if (!loads) {
        rows.push({ package: pkg, identifier: m.identifier, registers: 'unknown', providers: 'httpd cannot load it' });
        continue;
      }
      const names = providerNames(full, loads, unpacked.env, m.soPath);
      rows.push(names ? { package: pkg, identifier: m.identifier, registers: 'yes', providers: names.join(' ') } : { package: pkg, identifier: m.identifier, registers: 'unknown', providers: `more than ${MAX_WORDS} candidate words` });
    }
    return rows;
  } finally {
    for (const dir of [work, full]) fs.rmSync(dir, { recursive: true, force: true });
  }
}

const requested = process.argv.slice(2).filter((a, i, all) => a !== '--out' && all[i - 1] !== '--out');
const debian = debianLoads();
const rows = readRows(OUT).filter((r) => requested.length && !requested.includes(r.package));
for (const pkg of requested.length ? requested : packages()) {
  const got = probe(pkg, debian);
  rows.push(...got);
  console.log(`${pkg}: ${got.map((r) => `${r.identifier} ${r.registers}${r.providers ? ` (${r.providers})` : ''}`).join('; ')}`);
  const version = (run(HTTPD, ['-v']).stdout.match(/Apache\/\S+/) ?? ['apache2'])[0];
  const text = [`# probed with ${version} (Debian 12) by scripts/data/third-party/probe-debian-providers.mjs`, COLUMNS.join('\t'),
    ...rows.sort((a, b) => a.package.localeCompare(b.package) || a.identifier.localeCompare(b.identifier)).map((r) => COLUMNS.map((c) => String(r[c] ?? '').replace(/[\t\n]/g, ' ')).join('\t'))];
  fs.writeFileSync(OUT, text.join('\n') + '\n');
}
