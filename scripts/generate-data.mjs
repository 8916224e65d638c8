// Generates server/src/data/directives.generated.json and modules.generated.json from the
// inputs under scripts/data/ (run: npm run generate:data). Inputs:
//   apache-directives.json        facts from the httpd 2.4 manual XML (see PROVENANCE.md)
//   apache-binary-directives.tsv  what Debian's apache2 accepts (`apache2 -L`)
//   httpd-arg-probe.tsv           argument kinds and value checks observed on the real httpd
//   arg-values.json               value types (used only where the probe confirmed them)
//   debian-modules.tsv            a2enmod names and .so files
//   third-party/*.json            facts and descriptions of widely used third-party modules
//   descriptions/*.json           own-words descriptions {"Directive": "text"}
//   guides/<Directive>.md         own-words long guides
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = path.join(here, 'data');
const outDir = path.join(here, '..', 'server', 'src', 'data');

function readTsv(file) {
  if (!fs.existsSync(file)) return [];
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  const header = lines.shift().split('\t');
  return lines.map((l) => Object.fromEntries(l.split('\t').map((v, i) => [header[i], v])));
}

function readJsonDir(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
}

const manual = JSON.parse(fs.readFileSync(path.join(dataDir, 'apache-directives.json'), 'utf8'));
const binary = readTsv(path.join(dataDir, 'apache-binary-directives.tsv'));
const probe = readTsv(path.join(dataDir, 'httpd-arg-probe.tsv'));
const argValues = JSON.parse(fs.readFileSync(path.join(dataDir, 'arg-values.json'), 'utf8')).directives;
const debianModules = readTsv(path.join(dataDir, 'debian-modules.tsv'));
const thirdParty = readJsonDir(path.join(dataDir, 'third-party'));
const descriptions = Object.assign({}, ...readJsonDir(path.join(dataDir, 'descriptions')));

const ALLOWED_IN = {
  '*.conf only outside <Directory>, <Files>, <Location>, or <If>': 'outside-dir',
  '*.conf anywhere and in .htaccess': 'anywhere-htaccess',
  '*.conf only inside <Directory>, <Files>, <Location>, or <If> and in .htaccess': 'inside-dir-htaccess',
  '*.conf anywhere': 'anywhere',
  '*.conf only inside <Directory>, <Files>, <Location>, or <If>': 'inside-dir',
  '*.conf anywhere [no per-dir config] and in .htaccess': 'anywhere-no-perdir-htaccess',
};
const CONTEXTS_OF = {
  'outside-dir': ['server config', 'virtual host'],
  'anywhere-htaccess': ['server config', 'virtual host', 'directory', '.htaccess'],
  'inside-dir-htaccess': ['directory', '.htaccess'],
  anywhere: ['server config', 'virtual host', 'directory'],
  'inside-dir': ['directory'],
  'anywhere-no-perdir-htaccess': ['server config', 'virtual host', 'directory', '.htaccess'],
};
const OVERRIDE_OF = { 'includes AuthConfig': ['AuthConfig'], 'includes FileInfo': ['FileInfo'], 'includes Indexes': ['Indexes'], 'includes Limit': ['Limit'], 'includes Options': ['Options'], 'includes AuthConfig or FileInfo': ['AuthConfig', 'FileInfo'], 'includes AuthConfig or Limit': ['AuthConfig', 'Limit'], "isn't None": ['All'] };
const BOUNDS = { NO_ARGS: [0, 0], TAKE1: [1, 1], TAKE2: [2, 2], TAKE3: [3, 3], TAKE12: [1, 2], TAKE13: [1, 3], TAKE23: [2, 3], TAKE123: [1, 3], FLAG: [1, 1], ITERATE: [1, null], ITERATE2: [2, null], RAW_ARGS: [0, null] };
const DEPRECATED = {
  MaxClients: { successor: 'MaxRequestWorkers', note: 'Old name of MaxRequestWorkers, still accepted by httpd 2.4.' },
  MaxRequestsPerChild: { successor: 'MaxConnectionsPerChild', note: 'Old name of MaxConnectionsPerChild, still accepted by httpd 2.4.' },
  Port: { successor: 'Listen', note: 'httpd 2.4 keeps this name only to refuse it.' },
  SSLLog: { successor: 'ErrorLog', note: 'httpd 2.4 keeps this name only to refuse it.' },
  SSLLogLevel: { successor: 'LogLevel', note: 'httpd 2.4 keeps this name only to refuse it.' },
};
/** Names httpd knows only to reject them, with the message it gives. */
const REJECTED = {
  Port: 'Port was replaced with Listen in Apache 2.0',
  SSLLog: 'SSLLog directive is no longer supported - use ErrorLog.',
  SSLLogLevel: 'SSLLogLevel directive is no longer supported - use LogLevel.',
};

const sourceFileOf = new Map(Object.values(manual.modules).map((m) => [m.name, m.sourceFile]));
const moduleBySourceFile = new Map(Object.values(manual.modules).filter((m) => m.sourceFile).map((m) => [m.sourceFile, m]));
// Names are case-insensitive for httpd (the manual writes "TimeOut", the binary "Timeout").
const binaryByName = new Map();
for (const row of binary) {
  const list = binaryByName.get(row.name.toLowerCase()) ?? [];
  list.push(row);
  binaryByName.set(row.name.toLowerCase(), list);
}
const probeArgs = new Map(probe.filter((r) => r.kind === 'args').map((r) => [r.name.toLowerCase(), r]));
const probeValues = new Map(probe.filter((r) => r.kind === 'values').map((r) => [r.name.toLowerCase(), r]));
const argValuesLower = Object.fromEntries(Object.entries(argValues).map(([k, v]) => [k.toLowerCase(), v]));

function guideFor(name) {
  const file = path.join(dataDir, 'guides', `${name}.md`);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : undefined;
}

/** Argument kind: the probe's answer, else a guess from the syntax line (never used for errors). */
function argsFor(name, syntax) {
  const key = name.toLowerCase();
  const probed = probeArgs.get(key);
  const values = argValuesLower[key];
  const confirmed = probeValues.get(key)?.verified === 'yes';
  let how = probed?.how;
  const fromProbe = !!how;
  if (!how) how = 'RAW_ARGS';
  const [min, max] = BOUNDS[how];
  const args = { how, min, max };
  if (fromProbe && how !== 'RAW_ARGS' && probed.message) {
    if (how === 'FLAG') args.valueMessage = probed.message;
    else args.countMessage = probed.message;
  }
  if (values && confirmed) {
    args.types = values.types;
    if (probeValues.get(key).message) args.valueMessage = probeValues.get(key).message;
  }
  args.verified = fromProbe;
  void syntax;
  return args;
}

const directives = [];
const seen = new Set();
for (const d of manual.directives) {
  const rows = binaryByName.get(d.name.toLowerCase()) ?? [];
  const allowedIn = rows.length ? ALLOWED_IN[rows[0].allowedIn] ?? null : null;
  const entry = {
    name: d.name,
    isSection: d.isSection,
    module: d.module,
    providedBy: d.providedBy.map((p) => ({ module: p.module, identifier: p.module === 'core' ? null : p.identifier, sourceFile: sourceFileOf.get(p.module) ?? null })),
    syntax: d.syntax,
    default: d.default,
    contexts: d.contexts,
    override: d.override,
    allowedIn,
    ...(d.mpms ? { mpms: d.mpms } : {}),
    ...(d.compatibility?.since ? { since: d.compatibility.since } : {}),
    url: d.url,
    source: 'manual',
    args: d.isSection ? { how: 'RAW_ARGS', min: 0, max: null, verified: false } : argsFor(d.name, d.syntax),
    description: descriptions[d.name] ?? '',
  };
  const guide = guideFor(d.name);
  if (guide) entry.guide = guide;
  directives.push(entry);
  seen.add(d.name.toLowerCase());
}

for (const rows of binaryByName.values()) {
  const name = rows[0].name;
  if (seen.has(name.toLowerCase())) continue;
  const providers = [];
  for (const row of rows) {
    const module = moduleBySourceFile.get(row.sourceFile);
    if (module && !providers.some((p) => p.module === module.name)) providers.push({ module: module.name, identifier: module.identifier, sourceFile: module.sourceFile });
  }
  const allowedIn = ALLOWED_IN[rows[0].allowedIn] ?? null;
  const isMpm = rows.some((r) => r.mpms !== 'all');
  const entry = {
    name,
    isSection: rows[0].isSection === 'yes',
    module: providers[0]?.module ?? rows[0].sourceFile.replace(/\.c$/, ''),
    providedBy: providers.length ? providers : [{ module: rows[0].sourceFile.replace(/\.c$/, ''), identifier: null, sourceFile: rows[0].sourceFile }],
    syntax: `${name} ${BOUNDS[probeArgs.get(name.toLowerCase())?.how ?? 'RAW_ARGS'][0] ? 'value' : '[arguments]'}`.trim(),
    default: null,
    contexts: CONTEXTS_OF[allowedIn] ?? [],
    override: OVERRIDE_OF[rows[0].allowOverride] ?? [],
    allowedIn,
    ...(isMpm ? { mpms: rows.map((r) => r.mpms) } : {}),
    url: null,
    source: 'binary',
    ...(DEPRECATED[name] ? { deprecated: DEPRECATED[name] } : {}),
    ...(REJECTED[name] ? { rejected: REJECTED[name] } : {}),
    args: argsFor(name, ''),
    description: descriptions[name] ?? '',
  };
  directives.push(entry);
  seen.add(name.toLowerCase());
}

const modules = [];
const debianBySo = new Map(debianModules.map((m) => [m.identifier, m]));
for (const m of Object.values(manual.modules)) {
  const debian = m.identifier ? debianBySo.get(m.identifier) : undefined;
  modules.push({
    name: m.name,
    identifier: m.name === 'core' ? 'core_module' : m.identifier,
    sourceFile: m.sourceFile,
    soFile: debian?.soFile ?? (m.identifier && m.name.startsWith('mod_') ? `${m.name}.so` : null),
    debianName: debian?.debianName ?? null,
    status: m.status,
    url: m.url,
  });
}

for (const pack of thirdParty) {
  const m = pack.module;
  modules.push({
    name: m.name,
    identifier: m.identifier,
    sourceFile: m.sourceFile ?? null,
    soFile: m.soFile ?? null,
    debianName: m.debianName ?? m.a2enmodName ?? null,
    status: 'External',
    url: m.url ?? null,
    ...(m.description ? { description: m.description } : {}),
    ...(m.identifierAliases?.length ? { identifierAliases: m.identifierAliases } : {}),
    ...(m.sourceFileAliases?.length ? { sourceFileAliases: m.sourceFileAliases } : {}),
  });
  for (const d of pack.directives) {
    if (seen.has(d.name.toLowerCase())) continue;
    seen.add(d.name.toLowerCase());
    const how = d.args?.how ?? 'RAW_ARGS';
    directives.push({
      name: d.name,
      isSection: !!d.isSection,
      module: m.name,
      providedBy: [{ module: m.name, identifier: m.identifier, sourceFile: m.sourceFile ?? null }],
      syntax: d.syntax,
      default: d.default ?? null,
      contexts: d.contexts,
      override: d.override ?? [],
      allowedIn: d.allowedIn ?? null,
      url: m.url ?? null,
      source: 'third-party',
      ...(d.deprecated ? { deprecated: d.deprecated } : {}),
      args: {
        how,
        min: d.args?.min ?? BOUNDS[how][0],
        max: d.args?.max ?? BOUNDS[how][1],
        verified: !!d.args?.verified,
        ...(d.args?.countMessage ? { countMessage: d.args.countMessage } : {}),
        ...(d.args?.valueMessage ? { valueMessage: d.args.valueMessage } : {}),
      },
      description: d.description ?? '',
    });
  }
}

directives.sort((a, b) => a.name.localeCompare(b.name));
const header = {
  generator: 'scripts/generate-data.mjs',
  sources: [manual.source, 'Debian apache2 2.4.71 `apache2 -L` and probes (scripts/data/httpd-arg-probe.tsv)', 'third-party module facts in scripts/data/third-party'],
};
fs.writeFileSync(path.join(outDir, 'directives.generated.json'), JSON.stringify({ ...header, directives }) + '\n');
fs.writeFileSync(path.join(outDir, 'modules.generated.json'), JSON.stringify({ ...header, modules }) + '\n');
const missing = directives.filter((d) => !d.description).length;
console.log(`${directives.length} directives (${directives.filter((d) => d.source === 'manual').length} manual, ${directives.filter((d) => d.source === 'binary').length} binary-only, ${directives.filter((d) => d.source === 'third-party').length} third-party), ${modules.length} modules; ${directives.filter((d) => d.args.verified).length} with probed arguments; ${missing} without description`);
