// What a fresh process costs before any analysis, beside apache2 -t: wall medians of alternated
// runs of apache2 -t, bare `node -e 0`, a node run that only reads the tree (the main file and the
// files its Include lines name, as plain globs) and counts its directive lines, and the CLI without
// its result cache. Usage: node test/bench/floor.mjs TREE_DIR [ROUNDS] (TREE_DIR holds httpd.conf,
// as test/bench/generate.mjs makes it). Prints one line; asserts nothing.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createRequire } from 'module';
import { fileURLToPath } from 'url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The read-only run: every file once, line by line; Include globs of the form dir/*.ext only. */
function readTree(main) {
  const root = path.dirname(main);
  let files = 0;
  let lines = 0;
  const read = (file) => {
    files++;
    for (const raw of fs.readFileSync(file, 'latin1').split('\n')) {
      const line = raw.trim();
      if (!line || line.startsWith('#')) continue;
      lines++;
      const include = /^Include(?:Optional)?\s+"?([^"\s]+)/i.exec(line);
      if (!include) continue;
      const target = path.resolve(root, include[1]);
      const [dir, base] = [path.dirname(target), path.basename(target)];
      if (!base.includes('*')) {
        if (fs.existsSync(target)) read(target);
        continue;
      }
      const [head, tail] = base.split('*', 2);
      for (const name of fs.readdirSync(dir).sort()) if (name.startsWith(head) && name.endsWith(tail)) read(path.join(dir, name));
    }
  };
  read(main);
  return `${files} files, ${lines} lines`;
}

if (process.argv[2] === '--read') {
  process.stdout.write(`${readTree(process.argv[3])}\n`);
} else {
  const dir = path.resolve(process.argv[2] ?? '');
  const main = path.join(dir, 'httpd.conf');
  const rounds = Number(process.argv[3] ?? 9);
  const { httpdEnvironment } = createRequire(import.meta.url)('../../scripts/lib/httpd-env.cjs');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-floor-'));
  const runs = {
    'apache2 -t': ['/usr/sbin/apache2', ['-d', dir, '-f', main, '-t'], { env: httpdEnvironment(scratch), cwd: '/' }],
    'node -e 0': [process.execPath, ['-e', '0'], {}],
    'node, reading the tree only': [process.execPath, [fileURLToPath(import.meta.url), '--read', main], {}],
    'httpd-lint --no-cache': [process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), '--no-cache', main], {}],
  };
  const times = new Map(Object.keys(runs).map((name) => [name, []]));
  // Round 0 warms the page cache and is not counted.
  for (let round = 0; round <= rounds; round++) {
    for (const [name, [command, args, options]] of Object.entries(runs)) {
      const start = performance.now();
      const run = spawnSync(command, args, { ...options, stdio: 'ignore' });
      if (run.status === null || run.status > 1) throw new Error(`${name} failed (${run.status ?? run.signal})`);
      if (round > 0) times.get(name).push(performance.now() - start);
    }
  }
  fs.rmSync(scratch, { recursive: true, force: true });
  const median = (values) => values.sort((a, b) => a - b)[values.length >> 1];
  const httpd = median(times.get('apache2 -t'));
  console.log([...times].map(([name, values]) => `${name} ${median(values).toFixed(0)} ms (${(median(values) / httpd).toFixed(2)}×)`).join(', ') + ` — ${rounds} rounds`);
}
