// Asks the real httpd how each directive takes its arguments, checks the hand-written value
// types of scripts/data/arg-values.json against it, and finds the names httpd keeps only to
// refuse them. Writes scripts/data/httpd-arg-probe.tsv, which generate-data.mjs reads (so
// regenerating the tables needs no httpd).
//
//   node --import tsx scripts/probe-httpd-args.mjs     (needs Debian's apache2; about two minutes on 2 cores)
//
// Argument kinds: a directive given no argument makes httpd's invoke_cmd name the kind in its
// error ("takes one argument", "must be On or Off", "requires at least one argument"…).
// Value types: every sample (hand-written and derived from the type) goes both to httpd and to
// our own checker (server/src/rules/lib/argument-check.ts); an entry counts only when they agree.

import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { httpdEnvironment } from './lib/httpd-env.cjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const data = path.join(here, 'data');
const HTTPD = process.env.HTTPD ?? '/usr/sbin/apache2';
const MODULE_DIR = '/usr/lib/apache2/modules';
const STATIC = new Set(['core_module', 'so_module', 'watchdog_module', 'http_module', 'log_config_module', 'logio_module', 'version_module', 'unixd_module']);
const PARALLEL = Math.max(2, os.cpus().length);

const checker = await import(pathToFileURL(path.join(here, '..', 'server', 'src', 'rules', 'lib', 'argument-check.ts')).href).catch(() => {
  console.error('Run with the TypeScript loader: node --import tsx scripts/probe-httpd-args.mjs');
  process.exit(2);
});
const { checkArguments, valueRefusal } = checker.default ?? checker;

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
const BOUNDS = {
  NO_ARGS: [0, 0], TAKE1: [1, 1], TAKE2: [2, 2], TAKE3: [3, 3], TAKE12: [1, 2], TAKE13: [1, 3], TAKE23: [2, 3], TAKE123: [1, 3],
  FLAG: [1, 1], ITERATE: [1, null], ITERATE2: [2, null], RAW_ARGS: [0, null],
};

function readTsv(file) {
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  const header = lines.shift().split('\t');
  return lines.map((l) => Object.fromEntries(l.split('\t').map((v, i) => [header[i], v])));
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-probe-'));
const env = { ...process.env, ...httpdEnvironment(work) };

const modules = readTsv(path.join(data, 'debian-modules.tsv')).filter((m) => !STATIC.has(m.identifier) && fs.existsSync(path.join(MODULE_DIR, m.soFile)));

// One MPM per run; mod_php refuses threaded MPMs, so it only joins prefork.
const orders = new Map();
function loadLines(mpm) {
  if (!orders.has(mpm)) {
    orders.set(mpm, modules
      .filter((m) => (m.identifier.startsWith('mpm_') ? m.identifier === `mpm_${mpm}_module` : true))
      .filter((m) => m.identifier !== 'php_module' || mpm === 'prefork'));
  }
  return orders.get(mpm).map((m) => `LoadModule ${m.identifier} ${MODULE_DIR}/${m.soFile}`);
}

/** Moves modules that need another one (mod_dav_fs needs mod_dav…) after it; drops those that never load. */
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
  const firstBodyLine = prefix.length + 1;
  return new Promise((resolve) => {
    const child = spawn(HTTPD, ['-d', work, '-f', file, '-t'], { env, cwd: '/' });
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    child.on('close', (code, signal) => {
      fs.rmSync(file, { force: true });
      if (signal) return resolve({ ok: false, message: '', crashed: signal, onBody: true });
      const lines = err.split('\n').map((l) => l.replace(/^\[[^\]]*\] /, '').replace(/ \[pid \d+(:tid \d+)?\]/, '').trim()).filter(Boolean);
      if (code === 0) return resolve({ ok: true, message: '' });
      const at = lines.findIndex((l) => l.startsWith('AH00526'));
      const raw = at >= 0 ? lines[at + 1] ?? '' : lines.find((l) => !/AH00558/.test(l)) ?? '';
      // Read-time errors come as "apache2: Syntax error on line N of FILE: message".
      const message = raw.replace(/^.*Syntax error on line \d+ of [^:]+: /, '');
      const line = Number((/line (\d+) of/.exec(at >= 0 ? lines[at] : raw) ?? [])[1]);
      resolve({ ok: false, message, onBody: line >= firstBodyLine });
    });
  });
}

async function pool(items, work) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: PARALLEL }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  }));
  return results;
}

const rows = readTsv(path.join(data, 'apache-binary-directives.tsv'));
const byName = new Map();
for (const r of rows) if (!byName.has(r.name.toLowerCase())) byName.set(r.name.toLowerCase(), r);

function placement(row, text) {
  if (row.allowedIn.includes('only inside')) return `<Directory />\n${text}\n</Directory>`;
  return text;
}

/** The MPM to load: any for common directives, else one the directive belongs to. */
function mpmFor(row) {
  const mpms = rows.filter((r) => r.name === row.name).map((r) => r.mpms);
  return mpms.includes('all') || mpms.includes('event') ? 'event' : mpms.includes('prefork') ? 'prefork' : 'worker';
}

const started = Date.now();
for (const mpm of ['prefork', 'worker', 'event']) await settleOrder(mpm);

// 1. Argument kinds.
const names = [...byName.values()].filter((r) => r.isSection !== 'yes');
const probes = await pool(names, async (row) => {
  const mpm = mpmFor(row);
  const empty = await check(mpm, placement(row, row.name));
  let how = 'RAW_ARGS';
  let message = empty.message;
  if (empty.crashed) return { name: row.name, how, message: '', crashed: empty.crashed };
  if (empty.ok) {
    // Accepted bare: NO_ARGS refuses a word, RAW_ARGS takes any number.
    const one = await check(mpm, placement(row, `${row.name} x`));
    if (!one.ok && / takes no arguments$/.test(one.message)) {
      how = 'NO_ARGS';
      message = one.message;
    }
  } else {
    for (const [pattern, kind] of KINDS) if (pattern.test(message)) how = kind;
  }
  return { name: row.name, how, message: message.replace(/\t/g, ' ') };
});
const howOf = new Map(probes.map((p) => [p.name.toLowerCase(), p.how]));

// 2. Names the manual does not know that httpd refuses whatever they are given (Port, SSLLog…).
const unknownToManual = names.filter((r) => r.inManual === 'no');
const refusals = (await pool(unknownToManual, async (row) => {
  const mpm = mpmFor(row);
  const tries = await Promise.all(['x', 'On', '80'].map((v) => check(mpm, placement(row, `${row.name} ${v}`))));
  if (tries.some((t) => t.crashed)) return undefined;
  const same = tries.every((t) => !t.ok && t.message === tries[0].message);
  return same && !KINDS.some(([pattern]) => pattern.test(tries[0].message)) ? { name: row.name, message: tries[0].message } : undefined;
})).filter(Boolean);

// 3. Value types: hand samples plus edge samples derived from each type.
function edgeSamples(type) {
  switch (type.kind) {
    case 'flag':
      return ['On', 'OFF', 'on', 'yes', 'true', '1', '0', 'Onn'];
    case 'enum':
      return [...type.values.flatMap((v) => [v, v.toLowerCase(), v.toUpperCase(), `${v}x`, `x${v}`]), 'foo', '1'];
    case 'cint': {
      const near = [type.min, type.max].filter((n) => n !== undefined).flatMap((n) => [BigInt(n) - 1n, BigInt(n), BigInt(n) + 1n]);
      const wide = ['2147483647', '2147483648', '4294967296', '9223372036854775807', '9223372036854775808', '-9223372036854775809'];
      return ['abc', '5x', '1.5', '0x10', '-1', '0', '1', '010', '12345678', '+5', ...wide, ...near.map(String)];
    }
    case 'digits':
      return ['abc', '5x', '1.5', '0x10', '-1', '-0', '0', '010', '+5', '9223372036854775808'];
    case 'cfloat':
      return ['abc', '2x', '-1', '0', '-0', '1', '1.5', '.5', '5.', '.', '1e3', '1e', '1e-400', '1e400', '0x10', '0x', '0x1p-2000', 'inf', '-inf', 'nan', 'infin'];
    case 'reqtimeout':
      return ['header=20', 'header=-5', 'header=abc', 'body=-5', 'body=abc', 'handshake=5', 'HEADER=5', 'header=+5', 'header=5x', 'header=', 'header', 'foo=5', '=5',
        'header=20-40', 'header=20-40,MinRate=500', 'header=20-40,minrate=500', 'header=40-20,MinRate=500', 'header=20-20,MinRate=500', 'header=5-0,MinRate=1',
        'header=20,MinRate=0', 'header=20,MinRate=-5', 'header=20,MinRate=abc', 'header=20,MinRate=5x', 'header=-5-40,MinRate=500', 'header=20--5,MinRate=500',
        'header=abc-40,MinRate=500', 'header=20-abc,MinRate=500', 'header=20-,MinRate=500', 'header=20-40-60,MinRate=500', 'header=20,MinRate=500,MinRate=600',
        'header=2147483648', 'header=4294967296', 'header=9223372036854775808', 'header=20-2147483648,MinRate=1', 'header=20-4294967296,MinRate=1',
        'body=10,MinRate=4294967296', 'header=5 body=-1'];
    case 'duration':
      return ['0', '5', '-1', '+5', '5s', '5ms', '500ms', '5mi', '5min', '5h', '5m', '5S', '5sec', '5x', 'abc', '1.5'];
    default:
      return [];
  }
}
const values = JSON.parse(fs.readFileSync(path.join(data, 'arg-values.json'), 'utf8')).directives;
const verified = await pool(Object.entries(values), async ([name, spec]) => {
  const row = byName.get(name.toLowerCase()) ?? { name, allowedIn: '' };
  const mpm = mpmFor(row);
  const how = howOf.get(name.toLowerCase()) ?? 'RAW_ARGS';
  const [min, max] = BOUNDS[how];
  const info = { name, args: { how, min, max, types: spec.types, verified: true } };
  const handWritten = new Set([...spec.valid, ...spec.invalid]);
  const samples = [
    ...spec.valid.map((text) => ({ text, expect: true })),
    ...spec.invalid.map((text) => ({ text, expect: false })),
    ...[...new Set(edgeSamples(spec.types[0]))].filter((text) => !handWritten.has(text)).map((text) => ({ text, expect: undefined })),
  ];
  const failures = [];
  const gaps = [];
  // httpd's messages by the checker's reason for refusing ('' where it gives none).
  const messages = new Map();
  for (const sample of samples) {
    const result = await check(mpm, placement(row, `${row.name} ${sample.text}`));
    const httpdAccepts = result.ok;
    const words = sample.text.split(/\s+/);
    const ours = checkArguments(info, words);
    const oursAccepts = ours === undefined;
    if (!httpdAccepts && !result.onBody) failures.push(`'${sample.text}': refused elsewhere: ${result.message}`);
    if (sample.expect !== undefined && httpdAccepts !== sample.expect) failures.push(`'${sample.text}': httpd ${httpdAccepts ? 'accepts' : `refuses (${result.message})`}, the entry says otherwise`);
    if (httpdAccepts !== oursAccepts) {
      const line = `'${sample.text}': httpd ${httpdAccepts ? 'accepts' : 'refuses'}, the type ${oursAccepts ? 'accepts' : 'refuses'}`;
      (sample.expect === undefined ? gaps : failures).push(line);
    }
    if (!httpdAccepts && !oursAccepts) {
      const at = ours.wordIndex ?? 0;
      const refusal = valueRefusal(spec.types[Math.min(at, spec.types.length - 1)], words[at] ?? '') ?? {};
      // A message the checker builds from the value must be httpd's, word for word.
      if (refusal.message !== undefined) {
        if (refusal.message !== result.message) failures.push(`'${sample.text}': httpd says '${result.message}', the checker '${refusal.message}'`);
      } else {
        const reason = refusal.reason ?? '';
        if (!messages.has(reason)) messages.set(reason, { texts: new Set(), samples: [] });
        messages.get(reason).texts.add(result.message);
        messages.get(reason).samples.push(sample.text);
      }
    }
  }
  // One message for every wrong value of a reason is httpd's text to reuse; one that quotes the value
  // is not, which a lone refused sample can only show by containing it ("Invalid MaxMemFree value: -1").
  const single = (reason) => {
    const seen = messages.get(reason);
    if (seen?.texts.size !== 1) return '';
    const [text] = seen.texts;
    return seen.samples.length === 1 && text.includes(seen.samples[0]) ? '' : text;
  };
  const message = single('');
  const byReason = [...messages.keys()].filter((r) => r !== '' && single(r) !== '').map((r) => [r, single(r)]);
  return { name, ok: failures.length === 0, samples: samples.length, message, byReason, failures, gaps, varies: [...messages.keys()].some((r) => single(r) === '') };
});

const version = await new Promise((resolve) => {
  const child = spawn(HTTPD, ['-v'], { env });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  child.on('close', () => resolve((/Server version: (.*)/.exec(out) ?? [])[1] ?? 'unknown'));
});

const lines = [`# ${version}; generated by scripts/probe-httpd-args.mjs (argument kinds from httpd's own errors; refusals; value checks of scripts/data/arg-values.json)`];
lines.push('kind\tname\thow\tverified\tmessage');
for (const p of probes) lines.push(`args\t${p.name}\t${p.how}\t\t${p.message}`);
for (const p of probes.filter((x) => x.crashed)) lines.push(`crashes\t${p.name}\t\t\thttpd -t dies with ${p.crashed}`);
for (const r of refusals) lines.push(`refuses\t${r.name}\t\t\t${r.message.replace(/\t/g, ' ')}`);
for (const v of verified) lines.push(`values\t${v.name}\t\t${v.ok ? 'yes' : 'no'}\t${v.message.replace(/\t/g, ' ')}`);
// A refusal with a message of its own (the checker's reason in the how column): LimitRequestBody's overflow.
for (const v of verified) for (const [reason, message] of v.byReason) lines.push(`reason\t${v.name}\t${reason}\t\t${message.replace(/\t/g, ' ')}`);
// Edge samples where our checker and httpd disagree although the hand-written samples pass.
for (const v of verified) for (const gap of v.gaps) lines.push(`gap\t${v.name}\t\t\t${gap}`);
fs.writeFileSync(path.join(data, 'httpd-arg-probe.tsv'), lines.join('\n') + '\n');
fs.rmSync(work, { recursive: true, force: true });

const counts = {};
for (const p of probes) counts[p.how] = (counts[p.how] ?? 0) + 1;
const runs = counter;
console.log(`${version}: ${runs} httpd runs in ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`argument kinds of ${probes.length} directives:`, counts);
console.log(`refused whatever their arguments: ${refusals.map((r) => r.name).join(', ')}; crash httpd: ${probes.filter((p) => p.crashed).map((p) => p.name).join(', ') || 'none'}`);
console.log(`value types: ${verified.filter((v) => v.ok).length}/${verified.length} confirmed with ${verified.reduce((n, v) => n + v.samples, 0)} samples; message quotes the value for: ${verified.filter((v) => v.varies).map((v) => v.name).join(', ') || 'none'}`);
for (const v of verified.filter((x) => x.gaps.length)) console.log(`  gap for ${v.name}: ${v.gaps.join('; ')}`);
for (const v of verified.filter((x) => !x.ok)) console.log(`  NOT confirmed: ${v.name}: ${v.failures.join('; ')}`);
