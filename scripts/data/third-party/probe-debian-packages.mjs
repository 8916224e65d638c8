// Reads the directive facts of every Apache module Debian packages (libapache2-mod-*,
// libapache2-mpm-*) that no hand-written file in this directory covers, straight from the
// binaries: each package (and the libraries it needs that are not installed) is downloaded and
// unpacked, never installed; its .load files name the modules; `apache2 -L` lists the
// directives each module registers; each directive given no argument (then one) under
// `apache2 -t` names its argument kind in httpd's own words.
//
//   node scripts/data/third-party/probe-debian-packages.mjs [--all | package ...]
//
// Writes probed/modules.tsv and probed/directives.tsv under this folder. Without
// arguments it probes the packages the tables lack (an interrupted run resumes); `--all` probes
// every package again; package names replace only those packages' rows. Needs Debian's apache2
// and apt.

import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { ARG_KINDS, config, debianLoads, fullBase, HTTPD, httpd, listDirectives, minimalBase, run } from './debian-probe-lib.mjs';
import { modulesOfPackage, newWorkDir, unpackPackage } from './debian-unpack.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
// `--out DIR` writes elsewhere (for several runs side by side, merged afterwards).
const outFlag = process.argv.indexOf('--out');
const outDir = outFlag > 0 ? path.resolve(process.argv[outFlag + 1]) : path.join(here, 'probed');
const MODULES_OUT = path.join(outDir, 'modules.tsv');
const DIRECTIVES_OUT = path.join(outDir, 'directives.tsv');
const MODULE_COLUMNS = ['package', 'version', 'debianName', 'identifier', 'soFile', 'sourceFile', 'loadDepends', 'status', 'note'];
const DIRECTIVE_COLUMNS = ['identifier', 'name', 'isSection', 'allowedIn', 'override', 'how', 'message'];

/** Packages whose modules a hand-written file already describes (verify-against-debian.mjs checks those). */
function handWrittenPackages() {
  return new Set(fs.readdirSync(here).filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(fs.readFileSync(path.join(here, f), 'utf8')).module?.debianPackage).filter(Boolean));
}

/** Every Debian package named like an Apache module, without its -dev, -doc and -dbg companions. */
function debianModulePackages() {
  const out = run('apt-cache', ['search', '--names-only', '^libapache2-(mod|mpm)-']).stdout;
  return out.split('\n').map((l) => l.split(' - ')[0].trim()).filter((p) => p && !/-(dev|doc|dbg)$/.test(p)).sort();
}

/** httpd's words for a directive given `args`, or null when it accepted them. */
function tryDirective(work, loads, env, name, insideDirectory, args) {
  const line = `${name}${args ? ` ${args}` : ''}`;
  const text = insideDirectory ? `<Directory /tmp>\n${line}\n</Directory>` : line;
  const r = httpd(work, config(work, loads, text), ['-t'], env);
  if (r.signal) return { crashed: r.signal };
  if (r.status === 0) return null;
  const lines = r.err.split('\n').filter((l) => !/^AH00558|^Syntax OK/.test(l));
  const msg = lines.find((l) => l.includes(name)) ?? lines.find((l) => !/^AH00526|^Action '-t'|^The Apache error log/.test(l)) ?? lines[0] ?? '';
  return { message: msg.replace(/^AH00526: Syntax error on line \d+ of \S+:\s*/, '').trim() };
}

/** Argument kind and httpd's message; RAW_ARGS when httpd's wording names no fixed kind. */
function argumentKind(work, loads, env, name, insideDirectory) {
  const none = tryDirective(work, loads, env, name, insideDirectory, '');
  if (none?.crashed) return { how: 'RAW_ARGS', message: `crashes (${none.crashed}) without arguments` };
  if (none) {
    for (const [pattern, how] of ARG_KINDS) if (pattern.test(none.message)) return { how, message: none.message };
    return { how: 'RAW_ARGS', message: none.message };
  }
  // Accepted with nothing: no-argument or free-form; one word tells them apart.
  const one = tryDirective(work, loads, env, name, insideDirectory, 'x');
  if (one?.message && / takes no arguments/.test(one.message)) return { how: 'NO_ARGS', message: one.message };
  return { how: 'RAW_ARGS', message: '' };
}

/** The source-file name httpd knows a module by, for a module that registers no directive. */
function sourceFileByIfModule(work, loads, env, so) {
  const candidates = [...new Set((run('strings', [so]).stdout.match(/[\w.-]+\.c\b/g) ?? []))];
  for (const c of candidates) {
    const probe = httpd(work, config(work, loads, `<IfModule ${c}>\nNoSuchDirectiveForProbe\n</IfModule>`), ['-t'], env);
    const without = httpd(work, config(work, loads.slice(0, -1), `<IfModule ${c}>\nNoSuchDirectiveForProbe\n</IfModule>`), ['-t'], env);
    if (probe.status !== 0 && without.status === 0) return c;
  }
  return '';
}

function dependencyOrder(modules) {
  const out = [];
  const visit = (m, depth) => {
    if (out.includes(m) || depth > modules.length) return;
    for (const dep of m.loadDepends) for (const o of modules) if (o.debianName === dep && o !== m) visit(o, depth + 1);
    if (!out.includes(m)) out.push(m);
  };
  for (const m of modules) visit(m, 0);
  return out;
}

function probePackage(pkg, debian) {
  const work = newWorkDir(pkg);
  const rows = { modules: [], directives: [] };
  try {
    const unpacked = unpackPackage(pkg, work);
    if (unpacked.error) {
      rows.modules.push({ package: pkg, version: unpacked.version ?? '', status: 'not-probed', note: unpacked.error });
      return rows;
    }
    const unpackedModules = modulesOfPackage(unpacked.root, unpacked.ownFiles);
    // A module another of the package depends on loads first (dav_svn before authz_svn).
    const modules = dependencyOrder(unpackedModules.filter((m) => m.own));
    if (modules.length === 0) {
      rows.modules.push({ package: pkg, version: unpacked.version, status: 'not-probed', note: 'no Apache module in the package (transitional or helper package)' });
      return rows;
    }
    const env = unpacked.env;
    // Dependencies among the unpacked modules (mod_log_sql for its drivers) load from the unpacked files.
    const unpackedNames = new Set(unpackedModules.map((m) => m.debianName));
    const small = minimalBase(debian, modules.flatMap((m) => m.loadDepends).filter((d) => !unpackedNames.has(d)));
    // One module may need another of the same package (its .load "Depends"), so they load in order.
    // Modules of dependency packages (mod_log_sql under its drivers) load first, named in a .load "Depends" or not.
    const foreign = unpackedModules.filter((o) => !o.own).map((o) => [o.identifier, o.soPath]);
    const candidates = [[...small, ...foreign], [...fullBase(debian), ...foreign]];
    let base = null;
    let listedAll = null;
    for (const b of candidates) {
      listedAll = httpd(work, config(work, [...b, ...modules.map((m) => [m.identifier, m.soPath])]), ['-L'], env);
      if (listedAll.status === 0) {
        base = b;
        break;
      }
    }
    const baseline = listDirectives(httpd(work, config(work, base ?? candidates[0]), ['-L'], env).out);
    const loaded = [...(base ?? candidates[0])];
    for (const m of modules) {
      for (const dep of m.loadDepends) {
        const own = unpackedModules.find((o) => o.debianName === dep);
        if (own && !loaded.some(([id]) => id === own.identifier)) loaded.push([own.identifier, own.soPath]);
      }
      const loads = loaded.some(([id]) => id === m.identifier) ? loaded : [...loaded, [m.identifier, m.soPath]];
      const listed = base ? httpd(work, config(work, loads), ['-L'], env) : listedAll;
      const row = { package: pkg, version: unpacked.version, debianName: m.debianName, identifier: m.identifier, soFile: path.basename(m.soPath), loadDepends: m.loadDepends.join(' ') };
      if (listed.status !== 0) {
        const reason = listed.err.split('\n').find((l) => /Cannot load|undefined symbol|error/i.test(l)) ?? listed.err.split('\n')[0];
        rows.modules.push({ ...row, sourceFile: '', status: 'not-probed', note: `httpd cannot load it: ${reason.replaceAll(work, '…').replace(/\s+/g, ' ').slice(0, 300)}` });
        continue;
      }
      const mine = [...listDirectives(listed.out).values()].filter((d) => !baseline.has(d.name) && !rows.directives.some((r) => r.name === d.name));
      const sources = [...new Set(mine.map((d) => d.source))];
      const sourceFile = sources.length === 1 ? sources[0] : sources.length ? sources.join(' ') : sourceFileByIfModule(work, loads, env, m.soPath);
      rows.modules.push({ ...row, sourceFile, status: 'probed', note: mine.length ? '' : 'registers no directive' });
      for (const d of mine) {
        const isSection = d.name.startsWith('<');
        const name = isSection ? d.name.slice(1) : d.name;
        const kind = isSection ? { how: 'RAW_ARGS', message: '' } : argumentKind(work, loads, env, name, d.allowedIn?.startsWith('inside-dir'));
        rows.directives.push({ identifier: m.identifier, name, isSection: isSection ? 'yes' : 'no', allowedIn: d.allowedIn ?? '', override: d.override.join(' '), how: kind.how, message: kind.message });
      }
      loaded.splice(0, loaded.length, ...loads);
    }
    return rows;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function readRows(file) {
  if (!fs.existsSync(file)) return [];
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  const header = lines.shift()?.split('\t') ?? [];
  return lines.map((l) => Object.fromEntries(l.split('\t').map((v, i) => [header[i], v])));
}

function writeRows(file, columns, rows, comment) {
  const clean = (v) => String(v ?? '').replace(/[\t\n]/g, ' ');
  fs.writeFileSync(file, [`# ${comment}`, columns.join('\t'), ...rows.map((r) => columns.map((c) => clean(r[c])).join('\t'))].join('\n') + '\n');
}

const httpdVersion = (run(HTTPD, ['-v']).stdout.match(/Apache\/\S+/) ?? ['apache2'])[0];
const comment = `probed with ${httpdVersion} (Debian 12) by scripts/data/third-party/probe-debian-packages.mjs`;
const byPackageThenName = (a, b) => a.package.localeCompare(b.package) || (a.identifier ?? '').localeCompare(b.identifier ?? '');
const byModuleThenName = (a, b) => a.identifier.localeCompare(b.identifier) || a.name.localeCompare(b.name);

// `--all` probes every package again; package names probe those; nothing probes the packages not yet in the table.
const args = process.argv.slice(2).filter((a, i, all) => all[i - 1] !== '--out');
const all = args.includes('--all');
const requested = args.filter((a) => !a.startsWith('--'));
const skip = handWrittenPackages();
const moduleRows = all ? [] : readRows(MODULES_OUT).filter((r) => !requested.includes(r.package));
const directiveRows = readRows(DIRECTIVES_OUT).filter((r) => moduleRows.some((m) => m.identifier === r.identifier));
const done = new Set(moduleRows.map((r) => r.package));
const packages = requested.length ? requested : debianModulePackages().filter((p) => !skip.has(p) && !done.has(p));
const debian = debianLoads();
for (const pkg of packages) {
  const rows = probePackage(pkg, debian);
  moduleRows.push(...rows.modules);
  directiveRows.push(...rows.directives);
  const probed = rows.modules.filter((m) => m.status === 'probed').length;
  console.log(`${pkg}: ${probed}/${rows.modules.length} modules probed, ${rows.directives.length} directives${rows.modules.some((m) => m.note) ? ` (${rows.modules.map((m) => m.note).filter(Boolean).join('; ')})` : ''}`);
  // Written after each package, so an interrupted run keeps what it learnt.
  writeRows(MODULES_OUT, MODULE_COLUMNS, [...moduleRows].sort(byPackageThenName), comment);
  writeRows(DIRECTIVES_OUT, DIRECTIVE_COLUMNS, [...directiveRows].sort(byModuleThenName), comment);
}
