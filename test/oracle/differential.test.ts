// The validator contract, proved against the real httpd: on every generated case, where
// `apache2 -t` accepts we report no error, and where it rejects we report an error, on its
// file and line. Skipped (with a note) where Debian's apache2 is not installed.

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { lintReport, type LintReport } from '../../server/src/cli/report';
import { repoRoot } from '../helpers/files';
import { httpdAvailable, httpdCheck, httpdModules, removeRunDir, type Verdict } from './httpd';
import { applyCase, generateCases, TREE_NAMES, type Case } from './mutations';
import { debianPhpTree, debianTree, docsTree, ownTree, removeScratch, type Tree } from './trees';

type Classification = 'agree-ok' | 'false-positive' | 'detected' | 'miss';

interface Outcome {
  c: Case;
  verdict: Verdict;
  /** `apache2 -M` on the edited tree, only where httpd accepts it. */
  httpdModules?: { modules: string[]; mpm: string | null };
  report: LintReport;
  errors: LintReport['diagnostics'];
  classification: Classification;
  localised: boolean;
}

/** Cases run on this many copies of the trees at once (httpd idles ~10 ms per run before exiting). */
const POOL = 2;

function buildTrees(copy: number): Map<string, Tree> {
  const trees = [debianTree(copy), debianPhpTree('prefork', copy), docsTree(false, copy), docsTree(true, copy), ownTree('small', 'httpd.conf', [], copy), ownTree('vhosts', 'httpd.conf', [], copy), ownTree('defines', 'httpd.conf', [], copy)];
  return new Map(trees.map((t) => [t.name, t]));
}

function lint(tree: Tree, defines: string[]): LintReport {
  return lintReport({ main: tree.main, serverRoot: tree.serverRoot, defines, env: {} });
}

function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

function classify(verdict: Verdict, report: LintReport): Pick<Outcome, 'errors' | 'classification' | 'localised'> {
  const errors = report.diagnostics.filter((d) => d.severity === 'error');
  if (verdict.ok) return { errors, classification: errors.length ? 'false-positive' : 'agree-ok', localised: true };
  if (!errors.length) return { errors, classification: 'miss', localised: false };
  // Failures found after parsing (no MPM, mod_php on a threaded MPM, bad user) have no line.
  const localised =
    verdict.line === undefined ||
    errors.some((d) => realPath(d.file) === realPath(verdict.file!) && d.range.start.line === verdict.line! - 1);
  return { errors, classification: 'detected', localised };
}

/** httpd's message with names, numbers and paths blanked, to group the verdicts of a class. */
function messageShape(verdict: Verdict): string {
  if (verdict.ok) return 'ok';
  return (verdict.error ?? '(no message)')
    .replace(/\/[^\s:'`,]+/g, 'PATH')
    .replace(/'[^']*'/g, "'X'")
    .replace(/\d+/g, 'N')
    .slice(0, 100);
}

function modulesDiffer(outcome: Outcome): string | undefined {
  const httpd = outcome.httpdModules;
  if (!httpd) return undefined;
  const ours = new Set(outcome.report.server.modules);
  const theirs = new Set(httpd.modules);
  const missing = [...theirs].filter((m) => !ours.has(m));
  const extra = [...ours].filter((m) => !theirs.has(m));
  if (!missing.length && !extra.length && outcome.report.server.mpm === httpd.mpm) return undefined;
  return `mpm ours ${outcome.report.server.mpm} httpd ${httpd.mpm}; not in ours [${missing.join(' ')}]; only in ours [${extra.join(' ')}]`;
}

describe('differential tests against the real httpd', function () {
  // A loaded machine may need longer: ORACLE_TIMEOUT_MS overrides the bound.
  this.timeout(Number(process.env.ORACLE_TIMEOUT_MS) || 600000);
  let trees = new Map<string, Tree>();
  const outcomes: Outcome[] = [];
  let seconds = 0;

  before(async function () {
    if (!httpdAvailable()) {
      console.log('    (skipped: /usr/sbin/apache2 not installed; run scripts/setup-oracle.sh)');
      this.skip();
    }
    const started = Date.now();
    const copies = Array.from({ length: POOL }, (_, i) => buildTrees(i));
    trees = copies[0];
    assert.deepStrictEqual([...trees.keys()].sort(), [...TREE_NAMES].sort());
    const read = (tree: string, rel: string): string => {
      let file = path.join(trees.get(tree)!.dir, rel);
      if (fs.lstatSync(file).isSymbolicLink()) file = path.resolve(path.dirname(file), fs.readlinkSync(file));
      return fs.readFileSync(file, 'utf8');
    };
    // ORACLE_CASES=<regex> runs the cases whose name matches (a quick local loop; CI runs them all).
    const only = process.env.ORACLE_CASES ? new RegExp(process.env.ORACLE_CASES) : undefined;
    const cases = generateCases(read).filter((c) => !only || only.test(c.name));
    console.log(`      ${cases.length} generated cases on ${trees.size} trees`);
    const results: Outcome[] = [];
    let next = 0;
    const worker = async (own: Map<string, Tree>): Promise<void> => {
      while (next < cases.length) {
        const index = next++;
        const c = cases[index];
        const tree = own.get(c.tree)!;
        const defines = c.defines ?? tree.defines;
        const edited = applyCase(tree, c);
        try {
          const pending = httpdCheck(tree.serverRoot, tree.main, defines);
          const report = lint(tree, defines); // synchronous: runs while httpd does
          const verdict = await pending;
          const modules = verdict.ok ? await httpdModules(tree.serverRoot, tree.main, defines) : undefined;
          results[index] = { c, verdict, httpdModules: modules, report, ...classify(verdict, report) };
        } finally {
          edited.restore();
        }
      }
    };
    await Promise.all(copies.map(worker));
    outcomes.push(...results);
    seconds = (Date.now() - started) / 1000;
  });

  after(() => {
    removeScratch();
    removeRunDir();
  });

  it('accepts every base tree, with the same modules and MPM as apache2 -M', async () => {
    for (const [name, tree] of trees) {
      const verdict = await httpdCheck(tree.serverRoot, tree.main, tree.defines);
      assert.ok(verdict.ok, `${name} is accepted by httpd: ${verdict.messages.join(' | ')}`);
      const httpd = await httpdModules(tree.serverRoot, tree.main, tree.defines);
      const ours = lint(tree, tree.defines);
      assert.deepStrictEqual([...ours.server.modules].sort(), [...httpd.modules].sort(), name);
      assert.strictEqual(ours.server.mpm, httpd.mpm, name);
      assert.deepStrictEqual(ours.diagnostics.filter((d) => d.severity === 'error'), [], `${name}: no errors on a tree httpd accepts`);
    }
  });

  it('gets from httpd the verdict each hand-written case was written for (checks the generator)', () => {
    const byKind = new Map<string, Map<string, number>>();
    for (const o of outcomes) {
      const shapes = byKind.get(o.c.kind) ?? new Map<string, number>();
      shapes.set(messageShape(o.verdict), (shapes.get(messageShape(o.verdict)) ?? 0) + 1);
      byKind.set(o.c.kind, shapes);
    }
    for (const [kind, shapes] of [...byKind].sort()) {
      const total = [...shapes.values()].reduce((a, b) => a + b, 0);
      const top = [...shapes].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([s, n]) => `${n}× ${s}`);
      console.log(`      ${kind} (${total}): ${top.join(' ; ')}`);
    }
    const wrong = outcomes.filter((o) => {
      if (!o.c.expect) return false;
      if (o.c.expect === 'ok') return !o.verdict.ok;
      return o.verdict.ok || !o.c.expect.test(o.verdict.messages.join('\n'));
    });
    assert.deepStrictEqual(
      wrong.map((o) => `${o.c.name}: httpd ${o.verdict.ok ? 'ok' : o.verdict.error}`),
      [],
    );
    assert.ok(outcomes.some((o) => o.verdict.ok) && outcomes.some((o) => !o.verdict.ok));
  });

  it('reports the same loaded modules and MPM as apache2 -M wherever httpd accepts', () => {
    const differing = outcomes.flatMap((o) => {
      const diff = modulesDiffer(o);
      return diff ? [`${o.c.name}: ${diff}`] : [];
    });
    for (const d of differing) console.log(`      MODULES DIFFER ${d}`);
    assert.deepStrictEqual(differing, []);
  });

  it('reports an error exactly where httpd rejects, and none where it accepts', () => {
    const count = (k: Classification): number => outcomes.filter((o) => o.classification === k).length;
    const rejected = count('detected') + count('miss');
    const ourErrors = count('detected') + count('false-positive');
    const localised = outcomes.filter((o) => o.classification === 'detected' && o.localised).length;
    const kinds = [...new Set(outcomes.map((o) => o.c.kind))].sort();
    const summary = {
      cases: outcomes.length,
      seconds,
      httpdAccepts: count('agree-ok') + count('false-positive'),
      httpdRejects: rejected,
      falsePositives: count('false-positive'),
      misses: count('miss'),
      precision: ourErrors ? count('detected') / ourErrors : 1,
      recall: rejected ? count('detected') / rejected : 1,
      localisation: rejected ? localised / rejected : 1,
      byTree: Object.fromEntries(TREE_NAMES.map((t) => [t, outcomes.filter((o) => o.c.tree === t).length])),
      byKind: Object.fromEntries(
        kinds.map((k) => {
          const of = outcomes.filter((o) => o.c.kind === k);
          return [
            k,
            {
              cases: of.length,
              httpdRejects: of.filter((o) => !o.verdict.ok).length,
              falsePositives: of.filter((o) => o.classification === 'false-positive').length,
              misses: of.filter((o) => o.classification === 'miss').length,
              notLocalised: of.filter((o) => o.classification === 'detected' && !o.localised).length,
            },
          ];
        }),
      ),
      falsePositiveCases: outcomes
        .filter((o) => o.classification === 'false-positive')
        .map((o) => ({ case: o.c.name, httpd: o.verdict.messages.join(' | '), ours: o.errors.map((e) => `${path.basename(e.file)}:${e.range.start.line + 1} ${e.code}: ${e.message.slice(0, 160)}`) })),
      missedCases: outcomes
        .filter((o) => o.classification === 'miss')
        .map((o) => ({ case: o.c.name, httpd: `${path.basename(o.verdict.file ?? '')}:${o.verdict.line ?? '-'} ${o.verdict.error}`, ours: o.report.diagnostics.map((e) => `${path.basename(e.file)}:${e.range.start.line + 1} ${e.severity} ${e.code}`) })),
      notLocalisedCases: outcomes
        .filter((o) => o.classification === 'detected' && !o.localised)
        .map((o) => ({ case: o.c.name, httpd: `${path.basename(o.verdict.file ?? '')}:${o.verdict.line} ${o.verdict.error}`, ours: o.errors.map((e) => `${path.basename(e.file)}:${e.range.start.line + 1} ${e.code}`) })),
    };
    fs.mkdirSync(path.join(repoRoot, 'test-results'), { recursive: true });
    fs.writeFileSync(path.join(repoRoot, 'test-results', 'oracle-summary.json'), JSON.stringify(summary, null, 2));
    const tsvField = (x: string): string => x.replace(/[\t\n]/g, ' ').slice(0, 300);
    const rows = outcomes.map((o) =>
      [o.c.name, o.classification, o.localised ? 'localised' : '-', o.verdict.ok ? 'ok' : `${path.basename(o.verdict.file ?? '')}:${o.verdict.line ?? '-'} ${o.verdict.error}`, o.errors.map((e) => `${path.basename(e.file)}:${e.range.start.line + 1} ${e.code}`).join(', ')]
        .map(tsvField)
        .join('\t'),
    );
    fs.writeFileSync(path.join(repoRoot, 'test-results', 'oracle-cases.tsv'), ['case\tclassification\tlocalised\thttpd\tour errors', ...rows].join('\n') + '\n');
    const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
    console.log(
      `      ${summary.cases} cases in ${seconds.toFixed(0)} s: httpd accepts ${summary.httpdAccepts}, rejects ${summary.httpdRejects}; ` +
      `precision ${pct(summary.precision)}, recall ${pct(summary.recall)}, localisation ${pct(summary.localisation)}`,
    );
    for (const fp of summary.falsePositiveCases) console.log(`      FALSE POSITIVE ${fp.case}: ${fp.ours.join(' | ')}`);
    for (const m of summary.missedCases) console.log(`      MISSED ${m.case}: httpd ${m.httpd}`);
    for (const m of summary.notLocalisedCases) console.log(`      NOT LOCALISED ${m.case}: httpd ${m.httpd}; ours ${m.ours.join(', ')}`);
    assert.ok(summary.cases >= 500 || process.env.ORACLE_CASES !== undefined, `at least 500 cases (got ${summary.cases})`);
    assert.strictEqual(summary.falsePositives, 0, 'no error where httpd accepts');
    assert.ok(summary.recall >= 0.98, `recall ${summary.recall}`);
    assert.ok(summary.localisation >= 0.95, `localisation ${summary.localisation}`);
  });
});
