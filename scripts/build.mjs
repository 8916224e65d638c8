// Bundles the extension client, the language server and the CLI into dist/ with esbuild.
import { existsSync } from 'fs';
import { build } from 'esbuild';

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
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js' },
  { entryPoints: ['server/src/cli/bench-api.ts'], outfile: 'dist/bench.js' },
];

// The client is built only where its sources are present (a server-only checkout works too).
const present = bundles.filter((b) => existsSync(b.entryPoints[0]));
await Promise.all(present.map((b) => build({ ...common, ...b })));
