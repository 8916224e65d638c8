// Asks the real httpd which of its shared modules load only after another one: a module that
// calls functions of another library (mod_dav_lock calls mod_dav's) fails to load while that
// library is not loaded yet ("Cannot load … undefined symbol: dav_push_error"). Writes
// scripts/data/debian-module-symbols.tsv, which generate-data.mjs reads (so regenerating the
// tables needs no httpd).
//
//   node scripts/probe-module-symbols.mjs      (needs Debian's apache2 and binutils' nm; under a minute)
//
// For each module of scripts/data/debian-modules.tsv: load it alone (after an MPM); while httpd
// names an undefined symbol, find the module that defines it (`nm -D --defined-only`), note the
// pair with the symbol httpd named, load that provider first and try again.

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { httpdEnvironment } from './lib/httpd-env.cjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const data = path.join(here, 'data');
const HTTPD = process.env.HTTPD ?? '/usr/sbin/apache2';
const MODULE_DIR = '/usr/lib/apache2/modules';
/** A chain longer than this means something else is wrong. */
const MAX_PROVIDERS = 8;

function readTsv(file) {
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  const header = lines.shift().split('\t');
  return lines.map((l) => Object.fromEntries(l.split('\t').map((v, i) => [header[i], v])));
}

const modules = readTsv(path.join(data, 'debian-modules.tsv')).filter((m) => fs.existsSync(path.join(MODULE_DIR, m.soFile)));
const identifierOf = new Map(modules.map((m) => [m.soFile, m.identifier]));

/** Which module file defines each exported symbol. */
const definedBy = new Map();
for (const m of modules) {
  const nm = spawnSync('nm', ['-D', '--defined-only', path.join(MODULE_DIR, m.soFile)], { encoding: 'utf8' });
  for (const line of nm.stdout.split('\n')) {
    const name = line.trim().split(/\s+/)[2];
    if (name && !definedBy.has(name)) definedBy.set(name, m.soFile);
  }
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'probe-symbols-'));
const env = httpdEnvironment(scratch);
const mpm = 'LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\n';

/** The module file httpd could not load (after `before`, then `soFile`) and the symbol it named, or undefined when all load. */
function failedLoad(soFile, before) {
  const conf = path.join(scratch, 'probe.conf');
  const lines = [...before, soFile].map((so) => `LoadModule ${identifierOf.get(so)} ${path.join(MODULE_DIR, so)}\n`);
  fs.writeFileSync(conf, mpm + lines.join(''));
  const run = spawnSync(HTTPD, ['-d', scratch, '-f', conf, '-t'], { encoding: 'utf8', env });
  const m = /Cannot load (\S+) into server: .*undefined symbol: (\S+)/.exec(run.stderr);
  return m ? { file: path.basename(m[1]), symbol: m[2] } : undefined;
}

const rows = [];
for (const m of modules) {
  if (m.soFile === 'mod_mpm_event.so') continue;
  const before = [];
  for (let failed = failedLoad(m.soFile, before); failed && before.length < MAX_PROVIDERS; failed = failedLoad(m.soFile, before)) {
    const provider = definedBy.get(failed.symbol);
    if (!provider || before.includes(provider)) {
      console.error(`${failed.file}: undefined symbol ${failed.symbol} defined by no module (or a loop)`);
      break;
    }
    // A provider's own needs come from its own probe: only the module's direct ones are rows.
    if (failed.file === m.soFile) rows.push([m.soFile, provider, failed.symbol]);
    before.unshift(provider);
  }
}
fs.rmSync(scratch, { recursive: true, force: true });

const version = spawnSync('dpkg-query', ['-W', '-f', '${Version}', 'apache2'], { encoding: 'utf8' }).stdout || 'unknown';
const out = [`# from Debian apache2 ${version}: scripts/probe-module-symbols.mjs`, 'soFile\tneedsSoFile\tsymbol', ...rows.map((r) => r.join('\t'))];
fs.writeFileSync(path.join(data, 'debian-module-symbols.tsv'), `${out.join('\n')}\n`);
console.log(`${rows.length} load-order needs among ${modules.length} modules`);
