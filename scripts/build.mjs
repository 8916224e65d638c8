// Bundles the extension client, the language server and the CLI into dist/ with esbuild.
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { basename, join } from 'path';
import { build } from 'esbuild';

/**
 * The generated tables (server/src/data/*.generated.json, 1.5 MB) are parsed on first access: a JS
 * object literal of that size costs more to load than JSON.parse, and commands that never look a
 * directive up (--help, rules) skip it entirely. The CLI bundles read them from dist/data/ (compact,
 * ASCII-only JSON): as a string inside dist/cli-main.js they were read, decoded and deserialized
 * from the code cache at every start (the cache was 3.8 MB with them, 0.8 MB without).
 * The language server reads them from there too: inside its bundle the text was a 2.9 MB string
 * literal (two-byte: a few non-ASCII characters) kept by the compiled code, and the 2.3 MB source
 * cost about 10 MB of resident memory to hold and compile (idle server 68 -> 58 MB RSS). The
 * extension's own bundle keeps the JSON text inside.
 */
const DATA_DIR = 'data';
/**
 * Tables whose entries (a top-level array of objects with a `name`) the CLI and server bundles
 * parse one at a time, on first lookup: a lint run looks up some tens of the 1,867 directives,
 * and reading and parsing the whole 1.45 MB table cost ≈ 15 ms of a run's start (more with the
 * scavenges that copy what it makes). Beside the table, `<name>.index.json` lists each entry's
 * name and span in the table's text; the table file itself is unchanged, and reading all of it
 * (completion's name lists, suggestions for an unknown name) keeps the entries already handed out.
 */
const ENTRY_TABLES = { 'directives.generated.json': 'directives' };
const asciiJson = (value) => JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const lazyJson = (external) => ({
  name: 'lazy-generated-json',
  setup(b) {
    b.onLoad({ filter: /\.generated\.json$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const keys = Object.keys(JSON.parse(text));
      const getters = keys.map((k) => `get ${JSON.stringify(k)}() { return load()[${JSON.stringify(k)}]; }`);
      let source;
      if (external) {
        const name = basename(args.path);
        // Non-ASCII escaped, so the file reads as latin1 into a one-byte string (no UTF-8 decoding).
        const table = JSON.parse(text);
        const data = asciiJson(table);
        dataFiles.set(name, data);
        // __dirname is the bundle's folder (dist/), also when dist/cli.js loads it.
        const file = `require('path').join(__dirname, ${JSON.stringify(DATA_DIR)}, ${JSON.stringify(name)})`;
        const key = ENTRY_TABLES[name];
        if (key) {
          dataFiles.set(entryIndexName(name), JSON.stringify(entryIndex(table, key, data)));
          source = entryTableSource(file, key);
          getters.push('get entries() { return entries; }');
        } else {
          source = `let value;\nfunction load() { if (value === undefined) value = JSON.parse(require('fs').readFileSync(${file}, 'latin1')); return value; }`;
        }
      } else {
        // The text is dropped once parsed (2.9 MB of heap: a few non-ASCII characters make it two-byte).
        source = `let text = ${JSON.stringify(text)};\nlet value;\nfunction load() { if (value === undefined) { value = JSON.parse(text); text = undefined; } return value; }`;
      }
      return { loader: 'js', contents: `${source}\nexport default { ${getters.join(', ')} };\n` };
    });
  },
});
/** The tables the CLI bundles read at run time, by file name: written to dist/data/. */
const dataFiles = new Map();

const entryIndexName = (name) => name.replace(/\.json$/, '.index.json');

/** Each entry's name and [start, end) in the table's text (one character per byte: ASCII). */
function entryIndex(table, key, data) {
  const spans = [];
  let at = data.indexOf(`${JSON.stringify(key)}:[`) + key.length + 4;
  for (const entry of table[key]) {
    const text = asciiJson(entry);
    if (data.slice(at, at + text.length) !== text) throw new Error(`entry ${entry.name} of ${key} is not where the index would put it`);
    spans.push(at, at + text.length);
    at += text.length + 1;
  }
  return { size: data.length, names: table[key].map((e) => e.name), spans };
}

/**
 * The bundled module of an entry table: `entries.names()` and `entries.at(i)` (parsed on first
 * use, read from the table's file by position), and the whole table through `load()`, whose array
 * holds the entries already parsed. When the table file's size is not the one the index was made
 * for, the whole table is read and the names come from it.
 */
function entryTableSource(file, key) {
  const k = JSON.stringify(key);
  return `const fs = require('fs');
const file = ${file};
let value, index, parsed, fd;
function indexed() {
  if (index === undefined) {
    if (value === undefined) {
      index = JSON.parse(fs.readFileSync(file.replace(/\\.json$/, '.index.json'), 'latin1'));
      fd = fs.openSync(file, 'r');
      if (fs.fstatSync(fd).size !== index.size) load();
    }
    // The table read whole (asked for first, or a file that does not fit the index): names from it.
    if (value !== undefined) index = { names: value[${k}].map((e) => e.name) };
    parsed ??= new Array(index.names.length);
  }
  return index;
}
function readEntry(i) {
  if (fd === undefined) return load()[${k}][i];
  const start = index.spans[2 * i], length = index.spans[2 * i + 1] - start;
  const bytes = Buffer.allocUnsafe(length);
  fs.readSync(fd, bytes, 0, length, start);
  return JSON.parse(bytes.latin1Slice(0, length));
}
const entries = { names: () => indexed().names, at: (i) => (indexed(), parsed[i] ?? (parsed[i] = readEntry(i))) };
function load() {
  if (value === undefined) {
    value = JSON.parse(fs.readFileSync(file, 'latin1'));
    const all = value[${k}];
    parsed ??= new Array(all.length);
    for (let i = 0; i < all.length; i++) parsed[i] ??= all[i];
    value[${k}] = parsed;
    // Every entry is parsed now: the file is not read again.
    if (fd !== undefined) fs.closeSync(fd);
    fd = undefined;
  }
  return value;
}`;
}

/**
 * `import * as fs from 'fs'` in a CommonJS bundle becomes a fresh copy of the module's ~100
 * properties in every file that writes it (esbuild's __toESM: 14 files for fs, 41 for path, ≈ a
 * tenth of the CLI's load time). One shared ESM module per builtin re-exports it once instead.
 */
const sharedBuiltins = {
  name: 'shared-node-builtins',
  setup(b) {
    b.onResolve({ filter: /^(node:)?(fs|path)$/ }, (args) =>
      args.namespace === 'node-builtin' ? { path: args.path, external: true } : { path: args.path.replace(/^node:/, ''), namespace: 'node-builtin' });
    b.onLoad({ filter: /.*/, namespace: 'node-builtin' }, (args) => ({ contents: `export * from ${JSON.stringify(args.path)};`, loader: 'js' }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: process.env.SOURCEMAP === '1',
  logLevel: 'warning',
  minify: process.env.MINIFY !== '0',
};

const bundles = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [sharedBuiltins, lazyJson(false)] },
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js', plugins: [sharedBuiltins, lazyJson(true)] },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli-main.js', plugins: [sharedBuiltins, lazyJson(true)] },
  { entryPoints: ['server/src/cli/bench-api.ts'], outfile: 'dist/bench.js', plugins: [sharedBuiltins, lazyJson(true)] },
];

// The client is built only where its sources are present (a server-only checkout works too).
const present = bundles.filter((b) => existsSync(b.entryPoints[0]));
await Promise.all(present.map((b) => build({ ...common, ...b })));
rmSync(join('dist', DATA_DIR), { recursive: true, force: true });
mkdirSync(join('dist', DATA_DIR));
for (const [name, text] of dataFiles) writeFileSync(join('dist', DATA_DIR, name), text);

// dist/cli.js is a small loader of dist/cli-main.js that uses V8's code cache (scripts/cli-loader.cjs).
// The cache is written by one run of the CLI on a sample tree, so it holds the functions a lint
// run compiles, not only the top level.
// Before loading the bundle it answers from the result cache (server/src/cli/result-cache/fast-path.ts,
// inlined): node builtins only, so a hit loads nothing else.
if (present.some((b) => b.outfile === 'dist/cli-main.js')) {
  const fastPath = await build({ ...common, entryPoints: ['server/src/cli/result-cache/fast-path.ts'], format: 'iife', globalName: 'httpdLintResultCache', write: false, plugins: [] });
  const loader = readFileSync('scripts/cli-loader.cjs', 'utf8').replace('/* __RESULT_CACHE__ */', () => fastPath.outputFiles[0].text.trim());
  // The build id names everything a run's output depends on: the code, the tables it reads, the loader.
  const hash = createHash('sha256').update(readFileSync('dist/cli-main.js')).update(loader);
  for (const name of [...dataFiles.keys()].sort()) hash.update(name).update(dataFiles.get(name));
  const buildId = `httpd-lint-${hash.digest('hex').slice(0, 16)}`;
  // An ASCII bundle (esbuild escapes non-ASCII in code; MINIFY=0 keeps comments that may have some)
  // is read as latin1: the same text without UTF-8 decoding.
  const encoding = /[^\x00-\x7f]/.test(readFileSync('dist/cli-main.js', 'latin1')) ? 'utf8' : 'latin1';
  writeFileSync('dist/cli.js', loader.replace('__BUILD_ID__', buildId).replace('__BUNDLE_ENCODING__', encoding));
  await writeCodeCache();
}

async function writeCodeCache() {
  const cacheFile = join(process.cwd(), 'dist', 'cli-main.cache');
  if (existsSync(cacheFile)) unlinkSync(cacheFile);
  // The benchmark's tree generator where the tests are present, else the example.
  const sample = existsSync('test/bench/generate.mjs') ? mkdtempSync(join(tmpdir(), 'httpd-lint-cache-')) : undefined;
  try {
    const main = sample ? (await import('../test/bench/generate.mjs')).generateTree(sample, 20) : 'examples/debian-prefork-php/apache2.conf';
    if (!existsSync(main)) return;
    const run = spawnSync(process.execPath, ['dist/cli.js', main], { env: { ...process.env, HTTPD_LINT_WRITE_CODE_CACHE: cacheFile, HTTPD_LINT_NO_CACHE: '1' }, encoding: 'utf8' });
    if (run.status !== 0 && run.status !== 1) console.warn(`code cache not written: httpd-lint exited ${run.status}: ${run.stderr}`);
  } finally {
    if (sample) rmSync(sample, { recursive: true, force: true });
  }
}
