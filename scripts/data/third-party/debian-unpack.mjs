// Downloads a Debian package and the libraries it needs that this system lacks, unpacks them
// (never installs) and finds the Apache modules the package's .load files name.

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEBIAN_MODULES, run } from './debian-probe-lib.mjs';

const MAX_EXTRA_PACKAGES = 80;

export function newWorkDir(pkg) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `debian-probe-${pkg}-`));
}

/** Shared libraries the package needs that are not installed: apt's own simulation of installing it. */
function missingLibraries(pkg) {
  const plan = run('apt-get', ['install', '-s', '--no-install-recommends', pkg]).stdout;
  return [...plan.matchAll(/^Inst (\S+)/gm)].map((m) => m[1]).filter((p) => p !== pkg && p.startsWith('lib')).slice(0, MAX_EXTRA_PACKAGES);
}

/** { root, version, env, ownFiles } or { error }; `libraries: false` skips the missing libraries. */
export function unpackPackage(pkg, work, { libraries = true } = {}) {
  const debs = path.join(work, 'debs');
  const root = path.join(work, 'root');
  fs.mkdirSync(debs, { recursive: true });
  const got = run('apt-get', ['download', pkg], { cwd: debs });
  if (got.status !== 0) return { error: `apt-get download failed: ${got.stderr.trim().split('\n').pop()}` };
  const libs = libraries ? missingLibraries(pkg) : [];
  const failed = [];
  if (libs.length && run('apt-get', ['download', ...libs], { cwd: debs }).status !== 0) {
    for (const lib of libs) if (run('apt-get', ['download', lib], { cwd: debs }).status !== 0) failed.push(lib);
  }
  let version = '';
  const ownFiles = new Set();
  for (const deb of fs.readdirSync(debs).filter((f) => f.endsWith('.deb'))) {
    run('dpkg-deb', ['-x', path.join(debs, deb), root]);
    if (!deb.startsWith(`${pkg}_`)) continue;
    version = run('dpkg-deb', ['-f', path.join(debs, deb), 'Version']).stdout.trim();
    for (const line of run('dpkg-deb', ['-c', path.join(debs, deb)]).stdout.split('\n')) {
      const file = /\.\/(\S+)$/.exec(line)?.[1];
      if (file) ownFiles.add(file);
    }
  }
  const dirs = ['usr/lib', 'usr/lib/x86_64-linux-gnu', 'lib/x86_64-linux-gnu'].map((d) => path.join(root, d));
  for (const extra of findDirs(root, /\.so(\.\d+)*$/)) if (!dirs.includes(extra)) dirs.push(extra);
  const env = { ...process.env, LANG: 'C', LC_ALL: 'C', LD_LIBRARY_PATH: dirs.join(':') };
  // Debian's mod_qos uses PCRE1 symbols without linking the library itself.
  const pcre = path.join(root, 'usr/lib/x86_64-linux-gnu/libpcre.so.3');
  if (fs.existsSync(pcre)) env.LD_PRELOAD = pcre;
  return { root, version, env, ownFiles, failedLibraries: failed };
}

/** Folders under `root` that hold shared libraries (private library folders such as usr/lib/<pkg>/). */
function findDirs(root, pattern) {
  const found = new Set();
  const walk = (dir) => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (pattern.test(e.name) && !full.includes('/apache2/modules/')) found.add(dir);
    }
  };
  walk(path.join(root, 'usr/lib'));
  return [...found];
}

/**
 * Modules named by the unpacked mods-available/*.load files: { debianName, identifier, soPath,
 * loadDepends, own } (own: the package's own file, not one of a dependency such as mod_log_sql's).
 */
export function modulesOfPackage(root, ownFiles) {
  const dir = path.join(root, 'etc/apache2/mods-available');
  const out = [];
  if (!fs.existsSync(dir)) return out;
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.load')).sort()) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const depends = /^#\s*Depends:\s*(.*)$/mi.exec(text)?.[1].trim().split(/[\s,]+/).filter(Boolean) ?? [];
    for (const line of text.split('\n')) {
      const m = /^\s*LoadModule\s+(\S+)\s+(\S+)/.exec(line);
      if (!m) continue;
      const so = path.isAbsolute(m[2]) ? m[2] : path.join('/usr/lib/apache2', m[2]);
      const unpacked = path.join(root, so);
      const own = ownFiles.has(`etc/apache2/mods-available/${file}`);
      out.push({ debianName: path.basename(file, '.load'), identifier: m[1], soPath: fs.existsSync(unpacked) ? unpacked : so, loadDepends: depends, own });
    }
  }
  return out;
}

export { DEBIAN_MODULES };
