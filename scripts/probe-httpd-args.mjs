// Asks the real httpd how each directive takes its arguments, and checks the hand-written
// value types of scripts/data/arg-values.json against it. Writes scripts/data/httpd-arg-probe.tsv,
// which generate-data.mjs reads (so regenerating the tables needs no httpd).
//
//   node scripts/probe-httpd-args.mjs        (needs Debian's apache2; about a minute on 2 cores)
//
// Method: a directive given no argument makes httpd's invoke_cmd name the argument kind in its
// error ("takes one argument", "must be On or Off", "requires at least one argument"…).

import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileURLToPath } from 'url';

const here = path.dirname(fileURLToPath(import.meta.url));
const data = path.join(here, 'data');
const HTTPD = process.env.HTTPD ?? '/usr/sbin/apache2';
const MODULE_DIR = '/usr/lib/apache2/modules';
const STATIC = new Set(['core_module', 'so_module', 'watchdog_module', 'http_module', 'log_config_module', 'logio_module', 'version_module', 'unixd_module']);

const KINDS = [
  [/ takes no arguments$/, 'NO_ARGS'],
  [/ takes one argument/, 'TAKE1'],
  [/ takes two arguments/, 'TAKE2'],
  [/ takes three arguments/, 'TAKE3'],
  [/ takes 1-2 arguments/, 'TAKE12'],
  [/ takes one or two arguments/, 'TAKE12'],
  [/ takes one, two or three arguments/, 'TAKE123'],
  [/ takes one or three arguments/, 'TAKE13'],
  [/ takes two or three arguments/, 'TAKE23'],
  [/ requires at least one argument/, 'ITERATE'],
  [/ requires at least two arguments/, 'ITERATE2'],
  [/ must be On or Off/, 'FLAG'],
];

function readTsv(file) {
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  const header = lines.shift().split('\t');
  return lines.map((l) => Object.fromEntries(l.split('\t').map((v, i) => [header[i], v])));
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-probe-'));
for (const d of ['run', 'lock', 'log']) fs.mkdirSync(path.join(work, d));
const env = {
  ...process.env,
  APACHE_RUN_USER: 'www-data',
  APACHE_RUN_GROUP: 'www-data',
  APACHE_RUN_DIR: path.join(work, 'run'),
  APACHE_PID_FILE: path.join(work, 'run', 'apache2.pid'),
  APACHE_LOCK_DIR: path.join(work, 'lock'),
  APACHE_LOG_DIR: path.join(work, 'log'),
  LANG: 'C',
};

const modules = readTsv(path.join(data, 'debian-modules.tsv')).filter((m) => !STATIC.has(m.identifier) && fs.existsSync(path.join(MODULE_DIR, m.soFile)));

const orders = new Map();
function loadLines(mpm) {
  if (!orders.has(mpm)) {
    orders.set(mpm, modules
      .filter((m) => (m.identifier.startsWith('mpm_') ? m.identifier === `mpm_${mpm}_module` : true))
      .filter((m) => m.identifier !== 'php_module' || mpm === 'prefork'));
  }
  return orders.get(mpm).map((m) => `LoadModule ${m.identifier} ${MODULE_DIR}/${m.soFile}`);
}

/** Moves modules that need another one (mod_dav_fs needs mod_dav…) after it, until all load. */
async function settleOrder(mpm) {
  loadLines(mpm);
  for (let attempt = 0; attempt < 60; attempt++) {
    const result = await check(mpm, '');
    const failed = /Cannot load \S*\/([^/ ]+\.so) into server/.exec(result.message);
    if (result.ok || !failed) return;
    const list = orders.get(mpm);
    const index = list.findIndex((m) => m.soFile === failed[1]);
    if (index === -1 || index === list.length - 1) {
      list.splice(index, 1);
      continue;
    }
    list.push(...list.splice(index, 1));
  }
}

let counter = 0;
/** Runs httpd -t on a config body; resolves with the first error message (or '' when accepted). */
function check(mpm, body) {
  const id = counter++;
  const file = path.join(work, `probe-${id}.conf`);
  const prefix = [`ServerRoot ${work}`, `ErrorLog ${work}/log/error.log`, `PidFile ${work}/run/p.pid`, 'ServerName probe.local', ...loadLines(mpm)];
  fs.writeFileSync(file, [...prefix, body, ''].join('\n'));
  const bodyLine = prefix.length + 1;
  return new Promise((resolve) => {
    const child = spawn(HTTPD, ['-d', work, '-f', file, '-t'], { env, cwd: '/' });
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    child.on('close', (code) => {
      fs.rmSync(file, { force: true });
      const lines = err.split('\n').map((l) => l.replace(/^\[[^\]]*\] /, '').replace(/ \[pid \d+(:tid \d+)?\]/, '').trim()).filter(Boolean);
      if (code === 0) return resolve({ ok: true, message: '' });
      const at = lines.findIndex((l) => l.startsWith('AH00526'));
      const raw = at >= 0 ? lines[at + 1] ?? '' : lines.find((l) => !/AH00558/.test(l)) ?? '';
      // Read-time errors come as "apache2: Syntax error on line N of FILE: message".
      const message = raw.replace(/^.*Syntax error on line \d+ of [^:]+: /, '');
      const onBody = at >= 0 ? new RegExp(`line ${bodyLine} of`).test(lines[at]) : true;
      resolve({ ok: false, message, onBody });
    });
  });
}

async function pool(items, size, work) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: size }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  }));
  return results;
}

const rows = readTsv(path.join(data, 'apache-binary-directives.tsv'));
const byName = new Map();
for (const r of rows) if (!byName.has(r.name)) byName.set(r.name, r);

function placement(row, text) {
  if (row.allowedIn.includes('only inside')) return `<Directory />\n${text}\n</Directory>`;
  return text;
}

function mpmFor(row) {
  const mpms = rows.filter((r) => r.name === row.name).map((r) => r.mpms);
  return mpms.includes('all') || mpms.includes('event') ? 'event' : mpms.includes('prefork') ? 'prefork' : 'worker';
}

for (const mpm of ['prefork', 'worker', 'event']) await settleOrder(mpm);
const started = Date.now();
const names = [...byName.values()].filter((r) => r.isSection !== 'yes');
const probes = await pool(names, 2, async (row) => {
  const mpm = mpmFor(row);
  const empty = await check(mpm, placement(row, row.name));
  let how = 'RAW_ARGS';
  let message = empty.message;
  if (empty.ok) {
    const one = await check(mpm, placement(row, `${row.name} x`));
    if (!one.ok && / takes no arguments$/.test(one.message)) {
      how = 'NO_ARGS';
      message = one.message;
    }
  } else {
    for (const [pattern, kind] of KINDS) if (pattern.test(message)) how = kind;
  }
  return { name: row.name, how, mpm, message: message.replace(/\t/g, ' ') };
});

// Value types written by hand, each checked here: valid samples accepted, invalid rejected.
const values = JSON.parse(fs.readFileSync(path.join(data, 'arg-values.json'), 'utf8'));
const verified = [];
for (const [name, spec] of Object.entries(values.directives)) {
  const row = byName.get(name) ?? { name, allowedIn: '' };
  const mpm = mpmFor(row);
  const valid = await Promise.all(spec.valid.map((v) => check(mpm, placement(row, `${name} ${v}`))));
  const invalid = await Promise.all(spec.invalid.map((v) => check(mpm, placement(row, `${name} ${v}`))));
  const validOk = valid.every((r) => r.ok);
  const invalidOk = invalid.every((r) => !r.ok && r.onBody);
  const message = invalid[0]?.message ?? '';
  verified.push({ name, ok: validOk && invalidOk, message, failures: [...spec.valid.filter((_, i) => !valid[i].ok).map((v) => `rejected valid '${v}': ${valid[spec.valid.indexOf(v)].message}`), ...spec.invalid.filter((_, i) => invalid[i].ok).map((v) => `accepted invalid '${v}'`)] });
}

const version = await new Promise((resolve) => {
  const child = spawn(HTTPD, ['-v'], { env });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  child.on('close', () => resolve((/Server version: (.*)/.exec(out) ?? [])[1] ?? 'unknown'));
});

const lines = [`# ${version}; generated by scripts/probe-httpd-args.mjs (argument kinds from httpd's own errors; value checks from scripts/data/arg-values.json)`];
lines.push('kind\tname\thow\tverified\tmessage');
for (const p of probes) lines.push(`args\t${p.name}\t${p.how}\t\t${p.message}`);
for (const v of verified) lines.push(`values\t${v.name}\t\t${v.ok ? 'yes' : 'no'}\t${v.message}`);
fs.writeFileSync(path.join(data, 'httpd-arg-probe.tsv'), lines.join('\n') + '\n');
fs.rmSync(work, { recursive: true, force: true });

const counts = {};
for (const p of probes) counts[p.how] = (counts[p.how] ?? 0) + 1;
console.log(`probed ${probes.length} directives in ${((Date.now() - started) / 1000).toFixed(1)} s:`, counts);
console.log(`value checks: ${verified.filter((v) => v.ok).length}/${verified.length} confirmed`);
for (const v of verified.filter((x) => !x.ok)) console.log(`  not confirmed: ${v.name}: ${v.failures.join('; ')}`);
