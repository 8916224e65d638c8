// Packs the npm package once per test run (npm pack runs `prepack`, which builds the bundles)
// and installs the tarball into an empty prefix, offline and with an empty npm cache, from a
// directory outside the project: what a user gets from `npm install -g apache-httpd-config`.

import { spawnSync, type SpawnSyncOptions } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot } from '../helpers/files';

export interface Packed {
  /** Scratch folder of this run (tarball, prefix, cache, copies of fixtures). */
  dir: string;
  tarball: string;
  /** Bytes of the .tgz, and of its content unpacked. */
  size: number;
  unpackedSize: number;
  /** Paths inside the tarball, e.g. "dist/cli.js". */
  files: string[];
  /** The prefix `npm install -g --prefix` installed into; its bin/ holds httpd-lint and httpd-lsp. */
  prefix: string;
  /** Where the package itself landed (PREFIX/lib/node_modules/apache-httpd-config). */
  installed: string;
}

let cached: Packed | undefined;

function run(cmd: string, args: string[], options: SpawnSyncOptions): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  return String(r.stdout);
}

/** An environment with no npm settings of the project or the user: a fresh HOME and cache. */
export function isolatedNpmEnv(dir: string): NodeJS.ProcessEnv {
  const home = path.join(dir, 'home');
  fs.mkdirSync(home, { recursive: true });
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  return { ...env, HOME: home, npm_config_cache: path.join(dir, 'npm-cache'), npm_config_update_notifier: 'false' };
}

export function packed(): Packed {
  if (cached) return cached;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-pack-'));
  const info = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] }))[0];
  const tarball = path.join(dir, info.filename);
  const prefix = path.join(dir, 'prefix');
  const outside = path.join(dir, 'elsewhere');
  fs.mkdirSync(outside);
  // --offline with an empty cache: any dependency the package declared would fail to install.
  run('npm', ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball], { cwd: outside, env: isolatedNpmEnv(dir) });
  cached = {
    dir,
    tarball,
    size: fs.statSync(tarball).size,
    unpackedSize: info.unpackedSize,
    files: info.files.map((f: { path: string }) => f.path).sort(),
    prefix,
    installed: path.join(prefix, 'lib', 'node_modules', info.name),
  };
  return cached;
}

/** A copy of the example tree outside the project, as a user's own configuration would be. */
export function exampleCopy(dir: string): string {
  const target = path.join(dir, 'etc-apache2');
  if (!fs.existsSync(target)) fs.cpSync(path.join(repoRoot, 'examples', 'debian-prefork-php'), target, { recursive: true, verbatimSymlinks: true });
  return target;
}
