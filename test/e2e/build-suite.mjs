// Compiles the extension-host suite (test/e2e/suite/*.ts) to $E2E_DIR/suite-out/ (default
// .cache/e2e/suite-out/) for VS Code to load.
import { build } from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';

const src = 'test/e2e/suite';
const out = path.join(process.env.E2E_DIR || '.cache/e2e', 'suite-out');
fs.rmSync(out, { recursive: true, force: true });
await build({
  entryPoints: fs.readdirSync(src).filter((f) => f.endsWith('.ts')).map((f) => path.join(src, f)),
  outdir: out,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  bundle: false,
  logLevel: 'warning',
});
