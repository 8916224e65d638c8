// npm run bench: times parsing and whole-tree analysis on synthetic trees and on the bundled
// example, plus the cost of re-analysing after an edit of one file (parse cache warm).
// Figures are medians of repeated runs; write them down in docs/benchmarks.md.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createRequire } from 'module';
import { fileURLToPath } from 'url';
import { generateTree } from './generate.mjs';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const { benchApi } = require(path.join(root, 'dist', 'bench.js'));

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn, runs) {
  fn();
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(samples);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-bench-'));
const cases = [
  { name: 'bundled example (Debian, 39 files)', main: path.join(root, 'examples', 'debian-prefork-php', 'apache2.conf'), runs: 30 },
];
for (const vhosts of [200, 2000]) {
  const dir = path.join(work, `v${vhosts}`);
  cases.push({ name: `synthetic, ${vhosts} vhosts`, main: generateTree(dir, vhosts), runs: vhosts > 1000 ? 5 : 15, editFile: path.join(dir, 'sites', 'vh0001.conf') });
}
console.log(`node ${process.version}, ${os.cpus().length} cores`);
console.log('case | lines / files | cold analysis (median ms) | re-analysis after one edit (median ms) | findings');
for (const c of cases) {
  const stats = benchApi.stats(c.main);
  const cold = time(() => benchApi.analyzeCold(c.main), c.runs);
  const warm = benchApi.warmSession(c.main, c.editFile ?? c.main);
  const edit = time(() => warm.editAndAnalyze(), c.runs);
  console.log(`${c.name} | ${stats.lines} / ${stats.files} | ${cold.toFixed(1)} | ${edit.toFixed(1)} | ${stats.findings}`);
}
fs.rmSync(work, { recursive: true, force: true });
