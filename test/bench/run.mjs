// npm run bench: every figure of docs/benchmarks.md, measured on synthetic trees
// (test/bench/generate.mjs) of 200 and 2,000 virtual hosts (~21k and ~210k lines):
//   - the CLI's whole process beside Debian's `apache2 -t` on the same tree, alternated pairs,
//     as medians and their ratio (skipped when apache2 is not installed): without the result
//     cache (--no-cache), and answered from it (a hit: the tree unchanged since the last run);
//   - CLI startup: `httpd-lint --help` beside bare `node`, and the directive table's first load;
//   - in-process cold analysis and re-analysis after one edit (for profiling work);
//   - the language server over stdio (test/bench/lsp.mjs): didOpen, didChange with debounce 0,
//     completion, hover, peak RSS.
// `--quick` (CI, scripts/test-all.sh): fewer samples, prints the figures, writes nothing; it fails
// only when something crashes or an incremental result differs from a cold analysis.
// Without --quick the figures replace the generated block of docs/benchmarks.md.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createRequire } from 'module';
import { generateTree } from './generate.mjs';
import { measureLsp, percentile, repoRoot } from './lsp.mjs';
import { httpdEnvironment } from '../../scripts/lib/httpd-env.cjs';

const require = createRequire(import.meta.url);
const quick = process.argv.includes('--quick');
const HTTPD = process.env.HTTPD ?? '/usr/sbin/apache2';
const cli = path.join(repoRoot, 'dist', 'cli.js');
const { benchApi } = require(path.join(repoRoot, 'dist', 'bench.js'));

const median = (values) => percentile(values, 50);
const ms = (v) => (Number.isFinite(v) ? (v >= 100 ? v.toFixed(0) : v.toFixed(1)) : 'n/a');

/**
 * CPU time (user + sys, ms) of the children this process has waited for, from /proc/self/stat
 * (cutime, cstime in USER_HZ ticks, 100 per second on Linux); NaN where there is no /proc.
 * Wall time on a loaded machine mostly measures the other processes; CPU time does not.
 */
function childrenCpuMs() {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return NaN;
  }
}

/** Wall and CPU time of one process in ms; its exit status must be one of `ok`. */
function wall(command, args, options, ok) {
  const cpu = childrenCpuMs();
  const t = process.hrtime.bigint();
  const run = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 30, ...options });
  const elapsed = Number(process.hrtime.bigint() - t) / 1e6;
  if (run.error || !ok.includes(run.status)) throw new Error(`${command} ${args.join(' ')} failed (${run.status ?? run.error}): ${run.stderr}`);
  return { ms: elapsed, cpu: childrenCpuMs() - cpu, run };
}

/**
 * CLI and apache2 -t alternated `pairs` times on one tree (one warm-up each first). The CLI runs
 * with `cliOptions` before MAIN: `--no-cache` for the analysis itself, or a result-cache folder,
 * which the warm-up fills so that every timed run is a hit; each timed run must print what `expected` holds.
 */
function cliVersusHttpd(main, pairs, env, cliOptions, expected) {
  const dir = path.dirname(main);
  const httpdArgs = ['-d', dir, '-f', main, '-t'];
  const cliRun = () => {
    const r = wall(process.execPath, [cli, ...cliOptions, main], { env: { ...process.env, HTTPD_LINT_CACHE_DEBUG: '', HTTPD_LINT_NO_CACHE: '' } }, [0, 1]);
    if (expected.output === undefined) expected.output = r.run.stdout;
    else if (r.run.stdout !== expected.output) throw new Error(`httpd-lint ${cliOptions.join(' ')} printed another report than the first run`);
    return r;
  };
  const httpdRun = () => wall(HTTPD, httpdArgs, { env, cwd: '/' }, [0]);
  cliRun();
  if (env) httpdRun();
  const cliTimes = { ms: [], cpu: [] };
  const httpdTimes = { ms: [], cpu: [] };
  const ratios = [];
  const cpuRatios = [];
  for (let i = 0; i < pairs; i++) {
    // Alternate which goes first, so a burst of load hits both alike.
    const first = i % 2 === 0;
    const c1 = first ? cliRun() : undefined;
    const h = env ? httpdRun() : { ms: NaN, cpu: NaN };
    const c = first ? c1 : cliRun();
    cliTimes.ms.push(c.ms);
    cliTimes.cpu.push(c.cpu);
    httpdTimes.ms.push(h.ms);
    httpdTimes.cpu.push(h.cpu);
    ratios.push(c.ms / h.ms);
    cpuRatios.push(c.cpu / h.cpu);
  }
  return {
    cli: median(cliTimes.ms),
    httpd: median(httpdTimes.ms),
    ratio: median(ratios),
    spread: [Math.min(...ratios), Math.max(...ratios)],
    cliCpu: median(cliTimes.cpu),
    httpdCpu: median(httpdTimes.cpu),
    cpuRatio: median(cpuRatios),
  };
}

function inProcess(fn, runs) {
  fn();
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(samples);
}

/** Startup: `httpd-lint --help` and bare node, alternated; the directive table's first lookup. */
function startup(runs) {
  const help = [];
  const bare = [];
  for (let i = 0; i < runs; i++) {
    bare.push(wall(process.execPath, ['-e', '0'], {}, [0]));
    help.push(wall(process.execPath, [cli, '--no-cache', '--help'], {}, [0]));
  }
  const data = [];
  for (let i = 0; i < runs; i++) {
    const probe = `const t=process.hrtime.bigint();const {benchApi}=require(${JSON.stringify(path.join(repoRoot, 'dist', 'bench.js'))});const l=Number(process.hrtime.bigint()-t)/1e6;const d=benchApi.loadDirectiveTable();process.stdout.write(JSON.stringify({load:l,data:d}))`;
    data.push(JSON.parse(wall(process.execPath, ['-e', probe], {}, [0]).run.stdout));
  }
  return {
    help: median(help.map((r) => r.ms)),
    node: median(bare.map((r) => r.ms)),
    helpCpu: median(help.map((r) => r.cpu)),
    nodeCpu: median(bare.map((r) => r.cpu)),
    benchLoad: median(data.map((d) => d.load)),
    data: median(data.map((d) => d.data)),
  };
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-bench-'));
const figures = [];
const add = (measure, value, target, command) => {
  figures.push({ measure, value, target, command });
  console.log(`${measure}: ${value}${target ? `   (target ${target})` : ''}`);
};
try {
  const loadBefore = os.loadavg()[0];
  console.log(`node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}${quick ? ', quick mode' : ''}`);
  const trees = [200, 2000].map((vhosts) => {
    const dir = path.join(work, `v${vhosts}`);
    const main = generateTree(dir, vhosts);
    const stats = benchApi.stats(main);
    console.log(`tree of ${vhosts} vhosts: ${stats.lines} lines, ${stats.files} files, ${stats.findings} findings`);
    return { vhosts, dir, main, stats, editFile: path.join(dir, 'sites', 'vh0001.conf'), label: `${Math.round(stats.lines / 1000)}k lines` };
  });

  // CLI beside apache2 -t.
  const env = fs.existsSync(HTTPD) ? httpdEnvironment(path.join(work, 'httpd-run')) : undefined;
  if (!env) console.log(`${HTTPD} not installed: CLI times without the apache2 -t ratio`);
  for (const t of trees) {
    if (env) {
      const verdict = spawnSync(HTTPD, ['-d', t.dir, '-f', t.main, '-t'], { env, cwd: '/', encoding: 'utf8' });
      if (verdict.status !== 0) throw new Error(`apache2 -t rejects the synthetic tree of ${t.vhosts} vhosts: ${verdict.stderr}`);
    }
    const pairs = quick ? (t.vhosts > 1000 ? 1 : 3) : t.vhosts > 1000 ? 5 : 9;
    const expected = {};
    const r = cliVersusHttpd(t.main, pairs, env, ['--no-cache'], expected);
    const target = t.vhosts > 1000 ? '≤ 0.7×' : '≤ 1.5×';
    add(
      `CLI whole process / apache2 -t wall, ${t.label}`,
      env ? `${r.ratio.toFixed(2)}× (${ms(r.cli)} ms vs ${ms(r.httpd)} ms; pair ratios ${r.spread[0].toFixed(2)}–${r.spread[1].toFixed(2)}, ${pairs} pairs)` : `${ms(r.cli)} ms`,
      target,
      `node dist/cli.js MAIN vs apache2 -d DIR -f MAIN -t, alternated, median of ${pairs} pairs`,
    );
    add(
      `CLI whole process CPU time (user + sys) / apache2 -t, ${t.label}`,
      env ? `${ms(r.cliCpu)} ms vs ${ms(r.httpdCpu)} ms (${r.cpuRatio.toFixed(2)}×)` : `${ms(r.cliCpu)} ms`,
      '',
      `the same runs, CPU time of each process (/proc/self/stat of the benchmark: its waited-for children), medians`,
    );
    // The result cache (README, CLI): the tree unchanged since the last run; the report must be the uncached one.
    const hit = cliVersusHttpd(t.main, pairs, env, ['--cache-location', path.join(work, `result-cache-${t.vhosts}`)], expected);
    add(
      `CLI with result cache hit / apache2 -t wall, ${t.label}`,
      env ? `${hit.ratio.toFixed(2)}× (${ms(hit.cli)} ms vs ${ms(hit.httpd)} ms; pair ratios ${hit.spread[0].toFixed(2)}–${hit.spread[1].toFixed(2)}, ${pairs} pairs)` : `${ms(hit.cli)} ms`,
      '',
      `node dist/cli.js --cache-location DIR MAIN (a warm-up run stores the result) vs apache2 -t, alternated, median of ${pairs} pairs`,
    );
    add(
      `CLI with result cache hit, CPU time (user + sys) / apache2 -t, ${t.label}`,
      env ? `${ms(hit.cliCpu)} ms vs ${ms(hit.httpdCpu)} ms (${hit.cpuRatio.toFixed(2)}×)` : `${ms(hit.cliCpu)} ms`,
      '',
      'the same runs, CPU time of each process, medians',
    );
  }

  const s = startup(quick ? 3 : 9);
  add('CLI startup: httpd-lint --help wall (bare node)', `${ms(s.help)} ms (${ms(s.node)} ms)`, '', 'node dist/cli.js --no-cache --help vs node -e 0, medians');
  add('CLI startup: httpd-lint --help CPU time (bare node)', `${ms(s.helpCpu)} ms (${ms(s.nodeCpu)} ms)`, '', 'the same runs, user + sys of each process, medians');
  add('bundle load (require of the bundle) / directive table first lookup', `${ms(s.benchLoad)} ms / ${ms(s.data)} ms`, '', 'require(dist/bench.js), then benchApi.loadDirectiveTable(), fresh process, medians');

  // In-process analysis, for profiling work (what the CLI does after startup).
  for (const t of quick ? trees.slice(0, 1) : trees) {
    const runs = quick ? 2 : t.vhosts > 1000 ? 5 : 15;
    const cold = inProcess(() => benchApi.analyzeCold(t.main), runs);
    const warm = benchApi.warmSession(t.main, t.editFile);
    const edit = inProcess(() => warm.editAndAnalyze(), runs);
    const same = warm.compareWithCold();
    if (same.incremental !== same.cold) throw new Error(`${t.label}: re-analysis after an edit differs from a cold analysis of the same text:\n--- cold\n${same.cold}\n--- after the edit\n${same.incremental}`);
    add(`in-process cold analysis / re-analysis after one edit, ${t.label}`, `${ms(cold)} ms / ${ms(edit)} ms`, '', `benchApi.analyzeCold / warmSession (dist/bench.js), median of ${runs}`);
  }

  // The language server.
  const small = await measureLsp({ main: trees[0].main, editFile: trees[0].editFile, edits: quick ? 16 : 60, queries: quick ? 40 : 200 });
  add(`LSP: didOpen → first diagnostics, ${trees[0].label}`, `${ms(small.openMs)} ms`, '≤ 120 ms', 'test/bench/lsp.mjs: dist/server.js over stdio, one run');
  add(`LSP: initialize → first diagnostics of the opened file (start-up included), ${trees[0].label}`, `${ms(small.startMs)} ms`, '', 'test/bench/lsp.mjs: the server analyses the trees when initialized, before didOpen');
  add(`LSP: didChange → publishDiagnostics (debounce 0), p95, ${trees[0].label}`, `${ms(small.changeP95)} ms (median ${ms(small.changeMedian)} ms, ${small.edits} edits)`, '≤ 10 ms', 'test/bench/lsp.mjs: a directive typed and deleted key by key');
  add(`LSP: completion p95 / hover p95, ${trees[0].label}`, `${ms(small.completionP95)} ms / ${ms(small.hoverP95)} ms (${small.queries} each)`, '≤ 5 ms / ≤ 2 ms', 'test/bench/lsp.mjs');
  const large = await measureLsp({ main: trees[1].main, editFile: trees[1].editFile, edits: quick ? 2 : 10, queries: quick ? 2 : 20, compareWithCli: !quick });
  add(`LSP: didOpen → first diagnostics / didChange p95, ${trees[1].label}`, `${ms(large.openMs)} ms / ${ms(large.changeP95)} ms`, '', 'test/bench/lsp.mjs');
  add(
    `LSP: workspace/symbol first / p95, ${trees[1].label} (${trees[1].vhosts} vhosts)`,
    `${ms(large.symbolFirstMs)} ms / ${ms(large.symbolP95)} ms (${large.queries} queries)`,
    '',
    'test/bench/lsp.mjs: queries over vhosts, sections, Defines, modules; the first builds the symbol list',
  );
  add(
    `LSP: references of a Define / of an Alias target shared by every vhost, ${trees[1].label}`,
    `${ms(large.defineRefsMs)} ms / ${ms(large.aliasRefsMs)} ms (${large.aliasRefs} places)`,
    '',
    'test/bench/lsp.mjs: first references request builds the name index',
  );
  add(`server peak RSS, ${trees[0].label} / ${trees[1].label}`, `${small.peakRssMB.toFixed(0)} MB / ${large.peakRssMB.toFixed(0)} MB`, '≤ 100 MB / ≤ 150 MB', 'VmHWM of dist/server.js at the end of test/bench/lsp.mjs');

  const load = `load average ${loadBefore.toFixed(2)} before, ${os.loadavg()[0].toFixed(2)} after`;
  console.log(load);
  if (!quick) writeDoc(figures, `node ${process.version}, ${os.cpus().length} cores, ${load}`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

function writeDoc(rows, machine) {
  const file = path.join(repoRoot, 'docs', 'benchmarks.md');
  const text = fs.readFileSync(file, 'utf8');
  const begin = '<!-- bench:begin (written by npm run bench) -->';
  const end = '<!-- bench:end -->';
  const table = [
    begin,
    `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench\` (${machine}):`,
    '',
    '| measure | figure | target | how |',
    '|---|---|---|---|',
    ...rows.map((r) => `| ${r.measure} | ${r.value} | ${r.target || '–'} | ${r.command} |`),
    end,
  ].join('\n');
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  const next = from !== -1 && to > from ? text.slice(0, from) + table + text.slice(to + end.length) : `${text.trimEnd()}\n\n${table}\n`;
  fs.writeFileSync(file, next);
  console.log(`written to docs/benchmarks.md`);
}
