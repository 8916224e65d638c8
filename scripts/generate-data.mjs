// Generates server/src/data/directives.generated.json and modules.generated.json from the
// inputs under scripts/data/ (run: npm run generate:data; plain Node, no dependencies). Inputs:
//   apache-directives.json        facts from the httpd 2.4 manual XML (see PROVENANCE.md)
//   apache-binary-directives.tsv  what Debian's apache2 accepts (`apache2 -L`)
//   httpd-arg-probe.tsv           argument kinds, refusals and value checks observed on the real httpd
//   arg-values.json               value types (used only where the probe confirmed them)
//   debian-modules.tsv            a2enmod names and .so files
//   debian-module-symbols.tsv     modules whose library loads only after another one's (probe-module-symbols.mjs)
//   third-party/*.json            facts and descriptions of widely used third-party modules
//   third-party/probed/           modules of other Debian packages, probed from their binaries
//   descriptions/*.json           own-words descriptions {"Directive": "text"}
//   guides/<Directive>.md         own-words long guides
// Missing third-party, description or guide files are not an error: the tables simply lack them.
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { ALLOWED_IN } from './data/third-party/debian-probe-lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = path.join(here, 'data');
// `--out DIR` writes elsewhere (the tests compare a fresh run with the committed files).
const outFlag = process.argv.indexOf('--out');
const outDir = outFlag > 0 ? path.resolve(process.argv[outFlag + 1]) : path.join(here, '..', 'server', 'src', 'data');

/** Rows of a tab-separated file whose first non-comment line names the columns. */
function readTsv(file) {
  if (!fs.existsSync(file)) return [];
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  const header = lines.shift().split('\t');
  return lines.map((l) => Object.fromEntries(l.split('\t').map((v, i) => [header[i], v])));
}

function firstComment(file) {
  if (!fs.existsSync(file)) return '';
  return (fs.readFileSync(file, 'utf8').split('\n').find((l) => l.startsWith('#')) ?? '').replace(/^#\s*/, '');
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
const moduleSymbols = readTsv(path.join(dataDir, 'debian-module-symbols.tsv'));
const thirdParty = readJsonDir(path.join(dataDir, 'third-party'));
const descriptions = Object.assign({}, ...readJsonDir(path.join(dataDir, 'descriptions')));

/** Manual-style contexts for names only the binary knows. */
const CONTEXTS_OF = {
  'outside-dir': ['server config', 'virtual host'],
  'anywhere-htaccess': ['server config', 'virtual host', 'directory', '.htaccess'],
  'inside-dir-htaccess': ['directory', '.htaccess'],
  anywhere: ['server config', 'virtual host', 'directory'],
  'inside-dir': ['directory'],
  'anywhere-no-perdir-htaccess': ['server config', 'virtual host', 'directory', '.htaccess'],
};
const OVERRIDE_OF = { 'includes AuthConfig': ['AuthConfig'], 'includes FileInfo': ['FileInfo'], 'includes Indexes': ['Indexes'], 'includes Limit': ['Limit'], 'includes Options': ['Options'], 'includes AuthConfig or FileInfo': ['AuthConfig', 'FileInfo'], 'includes AuthConfig or Limit': ['AuthConfig', 'Limit'], "isn't None": ['All'] };
const BOUNDS = {
  NO_ARGS: [0, 0], TAKE1: [1, 1], TAKE2: [2, 2], TAKE3: [3, 3], TAKE12: [1, 2], TAKE13: [1, 3], TAKE23: [2, 3], TAKE123: [1, 3],
  FLAG: [1, 1], ITERATE: [1, null], ITERATE2: [2, null], RAW_ARGS: [0, null],
};
const MPM_FILES = { 'prefork.c': 'prefork', 'worker.c': 'worker', 'event.c': 'event' };

/** Names the manual dropped. `aliasOf`: still accepted, same meaning as the successor. */
const DEPRECATED = {
  MaxClients: { successor: 'MaxRequestWorkers', aliasOf: true, note: 'Old name of MaxRequestWorkers, still accepted by httpd 2.4.' },
  MaxRequestsPerChild: { successor: 'MaxConnectionsPerChild', aliasOf: true, note: 'Old name of MaxConnectionsPerChild, still accepted by httpd 2.4.' },
  Port: { successor: 'Listen', note: 'httpd 2.4 keeps this name only to refuse it.' },
  SSLLog: { successor: 'ErrorLog', note: 'httpd 2.4 keeps this name only to refuse it.' },
  SSLLogLevel: { successor: 'LogLevel', note: 'httpd 2.4 keeps this name only to refuse it.' },
  FancyIndexing: { note: 'httpd 2.4 keeps this name only to refuse it; write IndexOptions FancyIndexing.' },
  Lua_____ByteCodeHack: { note: 'Internal to mod_lua, not meant for configuration files; httpd -t crashes on it.' },
};

// --- probe results ---------------------------------------------------------------------------
const lower = (s) => s.toLowerCase();
const probeArgs = new Map(probe.filter((r) => r.kind === 'args').map((r) => [lower(r.name), r]));
const probeValues = new Map(probe.filter((r) => r.kind === 'values').map((r) => [lower(r.name), r]));
/** httpd's message for a refusal with a reason of its own (the probe writes the reason in the how column). */
const probeReasons = new Map();
for (const r of probe.filter((x) => x.kind === 'reason')) probeReasons.set(lower(r.name), { ...probeReasons.get(lower(r.name)), [r.how]: r.message });
const refusals = new Map(probe.filter((r) => r.kind === 'refuses').map((r) => [lower(r.name), r.message]));
const crashes = new Map(probe.filter((r) => r.kind === 'crashes').map((r) => [lower(r.name), r.message]));
const argValuesLower = new Map(Object.entries(argValues).map(([k, v]) => [lower(k), v]));

// --- modules of the manual, with the source-file name httpd itself reports ---------------------
// The binary's `-L` names the real source file (the manual has "mod_heartbeat" and a file list for mod_sed).
const binaryByName = new Map();
for (const row of binary) {
  const list = binaryByName.get(lower(row.name)) ?? [];
  list.push(row);
  binaryByName.set(lower(row.name), list);
}
const manualModules = Object.values(manual.modules);
const sourceFileOf = new Map();
for (const m of manualModules) {
  const own = manual.directives.filter((d) => d.module === m.name).flatMap((d) => binaryByName.get(lower(d.name)) ?? []).map((r) => r.sourceFile);
  const fromBinary = [...new Set(own)].filter((f) => f !== 'core.c' && f !== 'http_core.c');
  const fromManual = m.sourceFile?.split(/\s+/).find((f) => f.endsWith('.c')) ?? m.sourceFile ?? null;
  sourceFileOf.set(m.name, fromBinary.length === 1 ? fromBinary[0] : fromManual);
}
const moduleBySourceFile = new Map(manualModules.filter((m) => sourceFileOf.get(m.name)).map((m) => [sourceFileOf.get(m.name), m]));
const providerOf = (m) => ({ module: m.name, identifier: m.name === 'core' ? null : m.identifier, sourceFile: sourceFileOf.get(m.name) ?? null });

// --- arguments -------------------------------------------------------------------------------
/** Word counts a manual syntax line allows: "[x]" is optional, "..." repeats. */
function boundsFromSyntax(name, syntax) {
  let rest = syntax.trim().replace(/^<?/, '');
  if (lower(rest).startsWith(lower(name))) rest = rest.slice(name.length);
  rest = rest.replace(/>\s*$/, '');
  const words = [];
  let word = '';
  let depth = 0;
  for (const c of rest) {
    if (c === '[') depth++;
    if (c === ']') depth = Math.max(0, depth - 1);
    if (/\s/.test(c) && depth === 0) {
      if (word) words.push(word);
      word = '';
    } else word += c;
  }
  if (word) words.push(word);
  let min = 0;
  let max = 0;
  for (const w of words) {
    if (w.includes('...') || w.includes('…')) max = Infinity;
    const wholeOptional = w.startsWith('[') && w.endsWith(']');
    if (w === '...' || w === '…') continue;
    if (!wholeOptional) min++;
    max += wholeOptional ? w.split(/\s+/).length : 1;
  }
  return { min, max, onOff: words.length === 1 && /^on\|off$/i.test(words[0]) };
}

function howFromBounds({ min, max, onOff }) {
  const key = `${min},${max === Infinity ? 'n' : max}`;
  const how = { '0,0': 'NO_ARGS', '1,1': onOff ? 'FLAG' : 'TAKE1', '2,2': 'TAKE2', '3,3': 'TAKE3', '1,2': 'TAKE12', '1,3': 'TAKE123', '2,3': 'TAKE23', '1,n': 'ITERATE', '2,n': 'ITERATE2' }[key];
  return how ?? 'RAW_ARGS';
}

/** Argument schema: the probe's kind (verified), else a guess from the syntax line. */
function argsFor(name, syntax) {
  const key = lower(name);
  const probed = probeArgs.get(key);
  if (!probed) {
    const bounds = boundsFromSyntax(name, syntax);
    const how = howFromBounds(bounds);
    const [min, max] = how === 'RAW_ARGS' ? [bounds.min, bounds.max === Infinity ? null : bounds.max] : BOUNDS[how];
    return { how, min, max, verified: false };
  }
  const how = probed.how;
  const [min, max] = BOUNDS[how];
  const args = { how, min, max };
  if (how !== 'RAW_ARGS' && probed.message) {
    if (how === 'FLAG') args.valueMessage = probed.message;
    else args.countMessage = probed.message;
  }
  const values = argValuesLower.get(key);
  const checked = probeValues.get(key);
  if (values && checked?.verified === 'yes') {
    args.types = values.types;
    if (checked.message) args.valueMessage = checked.message;
    if (probeReasons.has(key)) args.valueMessages = probeReasons.get(key);
  }
  args.verified = true;
  return args;
}

/** A syntax line for names the manual lacks, from the argument kind. */
function syntaxFromKind(name, how) {
  const shapes = {
    NO_ARGS: '', TAKE1: 'value', FLAG: 'On|Off', TAKE2: 'value1 value2', TAKE3: 'value1 value2 value3', TAKE12: 'value1 [value2]',
    TAKE13: 'value1 [value2 value3]', TAKE23: 'value1 value2 [value3]', TAKE123: 'value1 [value2 [value3]]', ITERATE: 'value [value] ...',
    ITERATE2: 'value1 value2 [value2] ...', RAW_ARGS: '[arguments]',
  };
  return `${name} ${shapes[how]}`.trim();
}

// --- directives of the manual ----------------------------------------------------------------
const manualByName = new Map(manual.directives.map((d) => [lower(d.name), d]));
const modulesByName = new Map(manualModules.map((m) => [m.name, m]));
const directives = [];
const seen = new Set();

function guideFor(name) {
  const file = path.join(dataDir, 'guides', `${name}.md`);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : undefined;
}

for (const d of manual.directives) {
  const rows = binaryByName.get(lower(d.name)) ?? [];
  const entry = {
    name: d.name,
    isSection: d.isSection,
    module: d.module,
    providedBy: d.providedBy.map((p) =>
      modulesByName.has(p.module) ? providerOf(modulesByName.get(p.module)) : { module: p.module, identifier: p.identifier ?? null, sourceFile: null },
    ),
    syntax: d.syntax,
    default: d.default,
    contexts: d.contexts,
    // The manual's classes; where it names none, the ones httpd itself prints (apache2 -L).
    override: d.override?.length ? d.override : (rows.length ? OVERRIDE_OF[rows[0].allowOverride] ?? [] : []),
    allowedIn: rows.length ? ALLOWED_IN[rows[0].allowedIn] ?? null : null,
    ...(rows.length && rows[0].name.replace(/^</, '') !== d.name ? { httpdName: rows[0].name.replace(/^</, '') } : {}),
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
  seen.add(lower(d.name));
}

// --- names only the binary knows (legacy names, newer mod_md/mod_http2/mod_ssl directives…) ---
const MPM_ORDER = ['prefork', 'worker', 'event'];
for (const rows of binaryByName.values()) {
  const name = rows[0].name;
  if (seen.has(lower(name))) continue;
  const files = [...new Set(rows.map((r) => r.sourceFile))];
  const mpmOnly = files.every((f) => MPM_FILES[f]);
  const providers = files.map((f) => moduleBySourceFile.get(f)).filter(Boolean).map(providerOf);
  const fallbackModule = files[0].replace(/\.c$/, '').replace(/^http_core$/, 'core');
  const module = mpmOnly && files.length > 1 ? 'mpm_common' : files.every((f) => f === 'core.c' || f === 'http_core.c') ? 'core' : providers[0]?.module ?? fallbackModule;
  const allowedIn = ALLOWED_IN[rows[0].allowedIn] ?? null;
  const how = probeArgs.get(lower(name))?.how ?? 'RAW_ARGS';
  const deprecated = DEPRECATED[name];
  const successor = deprecated?.aliasOf ? manualByName.get(lower(deprecated.successor)) : undefined;
  const rejected = refusals.get(lower(name)) ?? (crashes.has(lower(name)) ? `${name} is internal to mod_lua; ${crashes.get(lower(name))}.` : undefined);
  const entry = {
    name,
    isSection: rows[0].isSection === 'yes',
    module,
    providedBy: module === 'core' ? [{ module: 'core', identifier: null, sourceFile: null }] : providers.length ? providers : [{ module, identifier: null, sourceFile: files[0] }],
    syntax: successor ? successor.syntax.replace(successor.name, name) : syntaxFromKind(name, how),
    default: successor?.default ? successor.default.replace(successor.name, name) : null,
    contexts: CONTEXTS_OF[allowedIn] ?? [],
    override: OVERRIDE_OF[rows[0].allowOverride] ?? [],
    allowedIn,
    ...(mpmOnly ? { mpms: MPM_ORDER.filter((m) => files.some((f) => MPM_FILES[f] === m)) } : {}),
    url: successor?.url ?? null,
    source: 'binary',
    ...(deprecated ? { deprecated: { ...(deprecated.successor ? { successor: deprecated.successor } : {}), note: deprecated.note } } : {}),
    ...(rejected ? { rejected } : {}),
    args: argsFor(name, ''),
    description: descriptions[name] ?? '',
  };
  const guide = guideFor(name);
  if (guide) entry.guide = guide;
  directives.push(entry);
  seen.add(lower(name));
}

// --- modules ---------------------------------------------------------------------------------
const modules = [];
const debianByIdentifier = new Map(debianModules.map((m) => [m.identifier, m]));
const identifierOfSo = new Map(debianModules.map((m) => [m.soFile, m.identifier]));
/** What a Debian module library needs loaded before it: the provider and the symbol httpd names. */
function loadsAfterOf(soFile) {
  const needs = moduleSymbols.filter((r) => r.soFile === soFile).map((r) => ({ module: identifierOfSo.get(r.needsSoFile), symbol: r.symbol }));
  return needs.length ? { loadsAfter: needs } : {};
}
for (const m of manualModules) {
  const debian = m.identifier ? debianByIdentifier.get(m.identifier) : undefined;
  modules.push({
    name: m.name,
    identifier: m.name === 'core' ? 'core_module' : m.identifier,
    sourceFile: sourceFileOf.get(m.name) ?? null,
    // Debian's file where it ships the module, else httpd's conventional name.
    soFile: debian?.soFile ?? (m.identifier && m.name.startsWith('mod_') ? `${m.name}.so` : null),
    debianName: debian?.debianName ?? null,
    status: m.status,
    url: m.url,
    ...(debian ? loadsAfterOf(debian.soFile) : {}),
  });
}

// `Require` providers of third-party modules, probed from their binaries (probe-debian-providers.mjs).
const providersOf = new Map(readTsv(path.join(dataDir, 'third-party', 'probed', 'providers.tsv'))
  .filter((r) => r.registers === 'yes' || r.registers === 'no')
  .map((r) => [r.identifier, r.providers ? r.providers.toLowerCase().split(' ') : []]));

// --- third-party modules ---------------------------------------------------------------------
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
    ...(m.debianPackage ? { debianPackage: m.debianPackage } : {}),
    ...(providersOf.has(m.identifier) ? { authzProviders: providersOf.get(m.identifier) } : {}),
  });
  for (const d of pack.directives ?? []) {
    if (seen.has(lower(d.name))) continue;
    seen.add(lower(d.name));
    const how = d.args?.how ?? howFromBounds(boundsFromSyntax(d.name, d.syntax ?? d.name));
    directives.push({
      name: d.name,
      isSection: !!d.isSection,
      module: m.name,
      providedBy: [{ module: m.name, identifier: m.identifier, sourceFile: m.sourceFile ?? null }],
      syntax: d.syntax ?? syntaxFromKind(d.name, how),
      default: d.default ?? null,
      contexts: d.contexts ?? [],
      override: d.override ?? [],
      allowedIn: d.allowedIn ?? null,
      url: m.url ?? null,
      source: 'third-party',
      ...(d.deprecated ? { deprecated: d.deprecated } : {}),
      args: {
        how,
        min: d.args?.min ?? BOUNDS[how][0],
        max: d.args?.max !== undefined ? d.args.max : BOUNDS[how][1],
        verified: !!d.args?.verified,
        ...(d.args?.countMessage ? { countMessage: d.args.countMessage } : {}),
        ...(d.args?.valueMessage ? { valueMessage: d.args.valueMessage } : {}),
      },
      description: d.description ?? '',
    });
  }
}

// --- modules of other Debian packages, probed from their binaries ------------------------------
// Only modules httpd could load in the probe: one that could not be probed stays unknown, so
// its directives are information rather than errors (see rules/lib/unknown-modules.ts).
const probedDir = path.join(dataDir, 'third-party', 'probed');
const probedModules = readTsv(path.join(probedDir, 'modules.tsv')).filter((m) => m.status === 'probed');
const probedDirectives = readTsv(path.join(probedDir, 'directives.tsv'));
const probedProse = fs.existsSync(path.join(probedDir, 'descriptions.json'))
  ? JSON.parse(fs.readFileSync(path.join(probedDir, 'descriptions.json'), 'utf8'))
  : { modules: {}, directives: {} };
const knownIdentifiers = new Set(modules.flatMap((m) => [m.identifier, ...(m.identifierAliases ?? [])]));
const probedByIdentifier = new Map();
for (const m of probedModules) {
  const same = probedByIdentifier.get(m.identifier);
  if (same && m.sourceFile && same.sourceFile !== m.sourceFile) {
    // Two packages build modules with one identifier (mod_uwsgi and mod_Ruwsgi): <IfModule> knows either file.
    same.sourceFileAliases = [...new Set([...(same.sourceFileAliases ?? [same.sourceFile]), ...m.sourceFile.split(' ')])];
  }
  if (knownIdentifiers.has(m.identifier)) continue;
  const prose = probedProse.modules[m.identifier] ?? {};
  const sourceFiles = m.sourceFile ? m.sourceFile.split(' ') : [];
  const module = {
    name: prose.name ?? (sourceFiles[0] ? sourceFiles[0].replace(/\.c$/, '') : `mod_${m.debianName}`),
    identifier: m.identifier,
    sourceFile: sourceFiles[0] ?? null,
    soFile: m.soFile || null,
    debianName: m.debianName || null,
    status: 'External',
    url: prose.url ?? null,
    ...(prose.description ? { description: prose.description } : {}),
    ...(sourceFiles.length > 1 ? { sourceFileAliases: sourceFiles } : {}),
    debianPackage: m.package,
    ...(providersOf.has(m.identifier) ? { authzProviders: providersOf.get(m.identifier) } : {}),
  };
  modules.push(module);
  knownIdentifiers.add(m.identifier);
  probedByIdentifier.set(m.identifier, module);
}
const probedEntries = new Map();
for (const d of probedDirectives) {
  const module = probedByIdentifier.get(d.identifier);
  if (!module) continue;
  const provider = { module: module.name, identifier: module.identifier, sourceFile: module.sourceFile };
  const again = probedEntries.get(lower(d.name));
  if (again) {
    // The same name in two packages' modules (mod_auth_tkt and mod_auth_pubtkt): either provides
    // it; where their facts differ, only what both accept is checked.
    again.providedBy.push(provider);
    if (again.args.how !== d.how) again.args = { how: 'RAW_ARGS', min: 0, max: null, verified: false };
    if (again.args.countMessage !== undefined && again.args.countMessage !== d.message) delete again.args.countMessage;
    if (again.args.valueMessage !== undefined && again.args.valueMessage !== d.message) delete again.args.valueMessage;
    if (again.allowedIn !== (d.allowedIn || null)) {
      again.allowedIn = null;
      again.contexts = [...new Set([...again.contexts, ...(CONTEXTS_OF[d.allowedIn] ?? [])])];
    }
    if (d.override) again.override = [...new Set([...again.override, ...d.override.split(' ')])];
    continue;
  }
  if (seen.has(lower(d.name))) continue;
  seen.add(lower(d.name));
  const how = d.how;
  const verified = how !== 'RAW_ARGS' || d.message === '';
  const entry = {
    name: d.name,
    isSection: d.isSection === 'yes',
    module: module.name,
    providedBy: [provider],
    syntax: syntaxFromKind(d.name, how),
    default: null,
    contexts: CONTEXTS_OF[d.allowedIn] ?? [],
    override: d.override ? d.override.split(' ') : [],
    allowedIn: d.allowedIn || null,
    url: module.url,
    source: 'third-party',
    args: {
      how,
      min: BOUNDS[how][0],
      max: BOUNDS[how][1],
      // RAW_ARGS with the module's own complaint: the handler checks its words, we cannot say how.
      verified,
      ...(how === 'FLAG' && d.message ? { valueMessage: d.message } : {}),
      ...(how !== 'FLAG' && how !== 'RAW_ARGS' && d.message ? { countMessage: d.message } : {}),
    },
    description: probedProse.directives[d.name] ?? '',
  };
  probedEntries.set(lower(d.name), entry);
  directives.push(entry);
}

directives.sort((a, b) => a.name.localeCompare(b.name));
const header = {
  generator: 'scripts/generate-data.mjs',
  sources: [
    `httpd manual: ${manual.source}`,
    `apache-binary-directives.tsv: ${firstComment(path.join(dataDir, 'apache-binary-directives.tsv'))}`,
    `httpd-arg-probe.tsv: ${firstComment(path.join(dataDir, 'httpd-arg-probe.tsv'))}`,
    `debian-modules.tsv: ${firstComment(path.join(dataDir, 'debian-modules.tsv'))}`,
    `debian-module-symbols.tsv: ${firstComment(path.join(dataDir, 'debian-module-symbols.tsv'))}`,
    `third-party: ${thirdParty.map((p) => p.module.name).join(', ') || 'none'}`,
    `probed Debian packages: ${firstComment(path.join(probedDir, 'modules.tsv')) || 'none'}`,
    `probed Require providers: ${firstComment(path.join(probedDir, 'providers.tsv')) || 'none'}`,
  ],
};
// One entry per line: a change to one directive is a one-line diff that can be reviewed.
function entryPerLine(head, key, entries) {
  const fields = Object.entries(head).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`);
  const lines = entries.map((e) => `    ${JSON.stringify(e)}`).join(',\n');
  return `{\n${fields.join('\n')}\n  ${JSON.stringify(key)}: [\n${lines}\n  ]\n}\n`;
}
fs.writeFileSync(path.join(outDir, 'directives.generated.json'), entryPerLine(header, 'directives', directives));
fs.writeFileSync(path.join(outDir, 'modules.generated.json'), entryPerLine(header, 'modules', modules));

const count = (f) => directives.filter(f).length;
if (outFlag < 0) console.log(
  `${directives.length} directives (${count((d) => d.source === 'manual')} manual, ${count((d) => d.source === 'binary')} binary-only, ${count((d) => d.source === 'third-party')} third-party), ${modules.length} modules; ` +
  `${count((d) => d.source !== 'third-party' && d.args.verified)} with a probed argument kind, ${count((d) => d.args.types)} with verified value types; ${count((d) => !d.description)} without description`,
);
