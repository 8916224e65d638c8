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
        dataFiles.set(name, JSON.stringify(JSON.parse(text)).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
        // __dirname is the bundle's folder (dist/), also when dist/cli.js loads it.
        source = `let value;\nfunction load() { if (value === undefined) value = JSON.parse(require('fs').readFileSync(require('path').join(__dirname, ${JSON.stringify(DATA_DIR)}, ${JSON.stringify(name)}), 'latin1')); return value; }`;
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
  writeFileSync('dist/cli.js', loader.replace('__BUILD_ID__', buildId));
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
