// Scratch copies of the configuration trees the differential tests run httpd and httpd-lint on.

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot } from '../helpers/files';

const CORPUS = path.join(repoRoot, 'test', 'fixtures', 'corpus');
const OWN = path.join(repoRoot, 'test', 'fixtures', 'oracle');
export const MODULE_DIR = '/usr/lib/apache2/modules';

export interface Tree {
  name: string;
  dir: string;
  main: string;
  serverRoot: string;
  defines: string[];
}

let scratch: string | undefined;
/** A fresh scratch directory; `copy` tells apart several copies of one tree run side by side. */
function scratchDir(name: string, copy: number): string {
  scratch ??= fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-oracle-'));
  const dir = path.join(scratch, `${name}.${copy}`);
  fs.rmSync(dir, { recursive: true, force: true });
  return dir;
}

export function removeScratch(): void {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
}

function copyTree(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true, verbatimSymlinks: true });
}

function enable(dir: string, kind: 'mods' | 'conf' | 'sites', name: string): void {
  const target = path.join(dir, `${kind}-enabled`, name);
  fs.rmSync(target, { force: true });
  fs.symlinkSync(`../${kind}-available/${name}`, target);
}

/** Debian's stock tree (event MPM). */
export function debianTree(copy = 0): Tree {
  const dir = scratchDir('debian', copy);
  copyTree(path.join(CORPUS, 'debian-apache2'), dir);
  return { name: 'debian', dir, main: path.join(dir, 'apache2.conf'), serverRoot: dir, defines: [] };
}

/** Debian's tree switched to prefork with mod_php, as a2enmod would leave it. */
export function debianPhpTree(mpm: 'prefork' | 'event' = 'prefork', copy = 0): Tree {
  const dir = scratchDir(`debian-php-${mpm}`, copy);
  copyTree(path.join(CORPUS, 'debian-apache2'), dir);
  for (const f of fs.readdirSync(path.join(CORPUS, 'debian-mod-php', 'mods-available'))) {
    fs.copyFileSync(path.join(CORPUS, 'debian-mod-php', 'mods-available', f), path.join(dir, 'mods-available', f));
  }
  for (const f of fs.readdirSync(path.join(dir, 'mods-enabled'))) if (f.startsWith('mpm_')) fs.rmSync(path.join(dir, 'mods-enabled', f));
  for (const f of [`mpm_${mpm}.load`, `mpm_${mpm}.conf`, 'php8.2.load', 'php8.2.conf']) enable(dir, 'mods', f);
  return { name: `debian-php-${mpm}`, dir, main: path.join(dir, 'apache2.conf'), serverRoot: dir, defines: [] };
}

const DOCS_MODULES = ['mpm_event', 'authz_core', 'authz_host', 'authn_core', 'authn_file', 'auth_basic', 'authz_user', 'authz_groupfile', 'access_compat', 'alias', 'dir', 'mime', 'autoindex', 'env', 'setenvif', 'headers', 'filter', 'deflate', 'reqtimeout', 'status'];
/** What the optional extra/*.conf files need on top (SSL included: -t checks only that the key files exist). */
const DOCS_EXTRA_MODULES = ['include', 'negotiation', 'userdir', 'info', 'dav', 'dav_fs', 'auth_digest', 'proxy', 'proxy_html', 'xml2enc', 'ssl', 'socache_shmcb'];

/**
 * httpd's own docs/conf/httpd.conf.in with its build placeholders filled in. With `extras`, every
 * commented-out `Include …/extra/*.conf` is enabled, with the modules and paths they need.
 */
export function docsTree(extras = false, copy = 0): Tree {
  const name = extras ? 'docs-extras' : 'docs';
  const dir = scratchDir(name, copy);
  const conf = path.join(dir, 'conf');
  copyTree(path.join(CORPUS, 'httpd-docs-conf'), conf);
  for (const d of ['htdocs', 'cgi-bin', 'logs', 'error', 'icons', 'manual']) fs.mkdirSync(path.join(dir, d), { recursive: true });
  const modules = extras ? [...DOCS_MODULES, ...DOCS_EXTRA_MODULES] : DOCS_MODULES;
  const loads = modules.map((m) => `LoadModule ${m}_module ${MODULE_DIR}/mod_${m}.so`).join('\n');
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.conf.in')) {
        let text = fs
          .readFileSync(full, 'utf8')
          .replace(/@@ServerRoot@@/g, dir)
          .replace(/@@Port@@/g, '18080')
          .replace(/@@SSLPort@@/g, '18443')
          .replace(/@@LoadModule@@/g, loads)
          .replace(/@exp_(\w+?)dir@/g, (_, n: string) => path.join(dir, docsDirName(n)))
          .replace(/@rel_(\w+?)dir@/g, (_, n: string) => docsDirName(n));
        if (extras) text = text.replace(/^#(Include conf\/extra\/)/gm, '$1');
        fs.writeFileSync(full.replace(/\.in$/, ''), text);
        fs.rmSync(full);
      }
    }
  };
  walk(conf);
  if (extras) {
    for (const d of ['docs/dummy-host.example.com', 'docs/dummy-host2.example.com', 'uploads', 'var']) fs.mkdirSync(path.join(dir, d), { recursive: true });
    // Placeholders: `-t` only checks that these files exist and are not empty.
    for (const f of ['conf/server.crt', 'conf/server.key', 'user.passwd']) fs.writeFileSync(path.join(dir, f), 'placeholder for the syntax check\n');
  }
  return { name, dir, main: path.join(conf, 'httpd.conf'), serverRoot: dir, defines: [] };
}

function docsDirName(name: string): string {
  switch (name) {
    case 'sysconf':
      return 'conf';
    case 'logfile':
    case 'runtime':
      return 'logs';
    case 'htdocs':
      return 'htdocs';
    case 'cgi':
      return 'cgi-bin';
    default:
      return name;
  }
}

/** Small hand-written trees (test/fixtures/oracle/<name>), with @ROOT@ replaced by the scratch dir. */
export function ownTree(name: string, main = 'httpd.conf', defines: string[] = [], copy = 0): Tree {
  const dir = scratchDir(`own-${name}`, copy);
  copyTree(path.join(OWN, name), dir);
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) fs.writeFileSync(full, fs.readFileSync(full, 'utf8').replace(/@ROOT@/g, dir).replace(/@MODULES@/g, MODULE_DIR));
    }
  };
  walk(dir);
  return { name: `own-${name}`, dir, main: path.join(dir, main), serverRoot: dir, defines };
}
