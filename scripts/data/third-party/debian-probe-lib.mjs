// What the Debian probes share: running a command and httpd on a scratch configuration, the
// modules to load under a probed one, reading `apache2 -L`, and httpd's wording for each
// argument kind when a directive gets the wrong number of words.

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const HTTPD = process.env.HTTPD ?? '/usr/sbin/apache2';
export const DEBIAN_MODULES = { dir: '/usr/lib/apache2/modules', available: '/etc/apache2/mods-available' };

export const ALLOWED_IN = {
  '*.conf only outside <Directory>, <Files>, <Location>, or <If>': 'outside-dir',
  '*.conf anywhere and in .htaccess': 'anywhere-htaccess',
  '*.conf only inside <Directory>, <Files>, <Location>, or <If> and in .htaccess': 'inside-dir-htaccess',
  '*.conf anywhere': 'anywhere',
  '*.conf only inside <Directory>, <Files>, <Location>, or <If>': 'inside-dir',
  '*.conf anywhere [no per-dir config] and in .htaccess': 'anywhere-no-perdir-htaccess',
  '*.conf anywhere [no per-dir config]': 'anywhere',
};

export const ARG_KINDS = [
  [/ takes no arguments/, 'NO_ARGS'], [/ takes one argument/, 'TAKE1'], [/ takes two arguments/, 'TAKE2'],
  [/ takes three arguments/, 'TAKE3'], [/ takes (1-2|one or two) arguments/, 'TAKE12'],
  [/ takes one, two or three arguments/, 'TAKE123'], [/ takes one or three arguments/, 'TAKE13'],
  [/ takes two or three arguments/, 'TAKE23'], [/ requires at least one argument/, 'ITERATE'],
  [/ requires at least two arguments/, 'ITERATE2'], [/ must be On or Off/, 'FLAG'],
];

export function run(cmd, args, options = {}) {
  return spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
}

/** Parses `apache2 -L` into name → { name, source, allowedIn, override }. */
export function listDirectives(text) {
  const found = new Map();
  let current = null;
  for (const line of text.split('\n')) {
    const head = /^(\S+) \((\S+)\)$/.exec(line);
    if (head) {
      current = { name: head[1], source: head[2], allowedIn: null, override: [] };
      found.set(current.name, current);
      continue;
    }
    if (!current) continue;
    const allowed = /^\tAllowed in (.*)$/.exec(line);
    if (allowed) current.allowedIn = ALLOWED_IN[allowed[1]] ?? allowed[1];
    const override = /^\twhen AllowOverride (.*)$/.exec(line);
    if (override) current.override = override[1] === "isn't None" ? ['All'] : override[1].replace(/^includes /, '').split(' or ');
  }
  return found;
}

/** LoadModule lines of Debian's own .load files, by a2enmod name. */
export function debianLoads() {
  const loads = new Map();
  for (const file of fs.readdirSync(DEBIAN_MODULES.available).filter((f) => f.endsWith('.load')).sort()) {
    const text = fs.readFileSync(path.join(DEBIAN_MODULES.available, file), 'utf8');
    const depends = /^#\s*Depends:\s*(.*)$/mi.exec(text)?.[1].trim().split(/[\s,]+/).filter(Boolean) ?? [];
    const lines = [...text.matchAll(/^\s*LoadModule\s+(\S+)\s+(\S+)/gm)].map((m) => [m[1], m[2]]);
    loads.set(path.basename(file, '.load'), { lines, depends });
  }
  return loads;
}

const PREFORK = ['mpm_prefork_module', `${DEBIAN_MODULES.dir}/mod_mpm_prefork.so`];
const MINIMAL = ['authz_core', 'authn_core', 'unique_id'];

/** A small base: prefork, the core auth modules and Debian's modules a .load file depends on. */
export function minimalBase(debian, extraNames) {
  const out = [PREFORK];
  const add = (name) => {
    const load = debian.get(name);
    if (!load) return;
    for (const dep of load.depends) add(dep);
    for (const line of load.lines) if (!out.some(([id]) => id === line[0])) out.push(line);
  };
  for (const name of [...MINIMAL, ...extraNames]) add(name);
  return out;
}

/** The fallback base: every Debian module (some third-party ones use symbols of others without saying so). */
export function fullBase(debian) {
  const out = [PREFORK];
  for (const [name, load] of debian) if (!/^(mpm_|php)/.test(name)) out.push(...load.lines);
  return out;
}

export function config(work, loads, extra = '') {
  return [
    `ServerRoot ${work}`,
    ...loads.map(([id, so]) => `LoadModule ${id} ${so}`),
    `ErrorLog ${work}/error.log`,
    `PidFile ${work}/httpd.pid`,
    'ServerName localhost',
    'Listen 127.0.0.1:8',
    extra,
    '',
  ].join('\n');
}

export function httpd(work, text, args, env) {
  const file = path.join(work, 'httpd.conf');
  fs.writeFileSync(file, text);
  const r = run(HTTPD, [...args, '-f', file], { env });
  return { status: r.status, signal: r.signal, out: r.stdout ?? '', err: (r.stderr ?? '').trim() };
}
