// Bundles the extension client, the language server and the CLI into dist/ with esbuild.
import { existsSync, readFileSync } from 'fs';
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
      const getters = keys.map((k) => `get ${JSON.stringify(k)}() { return (value ??= JSON.parse(text))[${JSON.stringify(k)}]; }`);
      return { loader: 'js', contents: `const text = ${JSON.stringify(text)};\nlet value;\nexport default { ${getters.join(', ')} };\n` };
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
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js' },
  { entryPoints: ['server/src/cli/bench-api.ts'], outfile: 'dist/bench.js' },
];

// The client is built only where its sources are present (a server-only checkout works too).
const present = bundles.filter((b) => existsSync(b.entryPoints[0]));
await Promise.all(present.map((b) => build({ ...common, ...b })));
