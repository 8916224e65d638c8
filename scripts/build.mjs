// Bundles the extension client, the language server and the CLI into dist/ with esbuild.
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { build } from 'esbuild';

/**
 * The generated tables (server/src/data/*.generated.json, 1.5 MB) stay JSON text in the bundle
 * and are parsed on first access: a JS object literal of that size costs more to load than
 * JSON.parse, and commands that never look a directive up (--help, rules) skip it entirely.
 */
const lazyJson = {
  name: 'lazy-generated-json',
  setup(b) {
    b.onLoad({ filter: /\.generated\.json$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const keys = Object.keys(JSON.parse(text));
      const getters = keys.map((k) => `get ${JSON.stringify(k)}() { return load()[${JSON.stringify(k)}]; }`);
      // The text is dropped once parsed (2.9 MB of heap: a few non-ASCII characters make it two-byte).
      const load = 'function load() { if (value === undefined) { value = JSON.parse(text); text = undefined; } return value; }';
      return { loader: 'js', contents: `let text = ${JSON.stringify(text)};\nlet value;\n${load}\nexport default { ${getters.join(', ')} };\n` };
    });
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
  plugins: [lazyJson],
};

const bundles = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli-main.js' },
  { entryPoints: ['server/src/cli/bench-api.ts'], outfile: 'dist/bench.js' },
];

// The client is built only where its sources are present (a server-only checkout works too).
const present = bundles.filter((b) => existsSync(b.entryPoints[0]));
await Promise.all(present.map((b) => build({ ...common, ...b })));

// dist/cli.js is a small loader of dist/cli-main.js that uses V8's code cache (scripts/cli-loader.cjs).
// The cache is written by one run of the CLI on a sample tree, so it holds the functions a lint
// run compiles, not only the top level.
if (present.some((b) => b.outfile === 'dist/cli-main.js')) {
  const buildId = `httpd-lint-${createHash('sha256').update(readFileSync('dist/cli-main.js')).digest('hex').slice(0, 16)}`;
  writeFileSync('dist/cli.js', readFileSync('scripts/cli-loader.cjs', 'utf8').replace('__BUILD_ID__', buildId));
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
    const run = spawnSync(process.execPath, ['dist/cli.js', main], { env: { ...process.env, HTTPD_LINT_WRITE_CODE_CACHE: cacheFile }, encoding: 'utf8' });
    if (run.status !== 0 && run.status !== 1) console.warn(`code cache not written: httpd-lint exited ${run.status}: ${run.stderr}`);
  } finally {
    if (sample) rmSync(sample, { recursive: true, force: true });
  }
}
