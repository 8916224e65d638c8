// The validator contract, proved against the real httpd: on every generated case, where
// `apache2 -t` accepts we report no error, and where it rejects we report an error, on its
// file and line. Skipped (with a note) where Debian's apache2 is not installed.

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { lintReport, type LintReport } from '../../server/src/cli/report';
import { repoRoot } from '../helpers/files';
import { httpdAvailable, httpdCheck, httpdModules, type Verdict } from './httpd';
import { applyCase, generateCases, type Case } from './mutations';
import { debianPhpTree, debianTree, docsTree, ownTree, removeScratch, type Tree } from './trees';

interface Outcome {
  c: Case;
  verdict: Verdict;
  errors: LintReport['diagnostics'];
  classification: 'agree-ok' | 'false-positive' | 'detected' | 'miss';
  localised: boolean;
}

function lint(tree: Tree): LintReport {
  return lintReport({ main: tree.main, serverRoot: tree.serverRoot, defines: tree.defines, env: {} });
}

function classify(c: Case, tree: Tree, verdict: Verdict, report: LintReport): Outcome {
  const errors = report.diagnostics.filter((d) => d.severity === 'error');
  if (verdict.ok) return { c, verdict, errors, classification: errors.length ? 'false-positive' : 'agree-ok', localised: true };
  if (!errors.length) return { c, verdict, errors, classification: 'miss', localised: false };
  const real = (f: string): string => {
    try {
      return fs.realpathSync(f);
    } catch {
      return f;
    }
  };
  const localised =
    verdict.line === undefined
      ? true
      : errors.some((d) => real(d.file) === real(verdict.file!) && d.range.start.line === verdict.line! - 1);
  return { c, verdict, errors, classification: 'detected', localised };
}

describe('differential tests against the real httpd', function () {
  this.timeout(600000);
  const trees = new Map<string, Tree>();
  const outcomes: Outcome[] = [];

  before(function () {
    if (!httpdAvailable()) {
      console.log('    (skipped: /usr/sbin/apache2 not installed; run scripts/setup-oracle.sh)');
      this.skip();
    }
    trees.set('debian', debianTree());
    trees.set('debian-php-prefork', debianPhpTree('prefork'));
    trees.set('docs', docsTree());
    trees.set('own-small', ownTree('small'));
  });

  after(() => removeScratch());

  it('agrees on loaded modules and MPM for every base tree httpd accepts', () => {
    for (const [name, tree] of trees) {
      assert.ok(httpdCheck(tree.serverRoot, tree.main).ok, `${name} is accepted by httpd`);
      const httpd = httpdModules(tree.serverRoot, tree.main);
      const ours = lint(tree);
      assert.deepStrictEqual([...ours.server.modules].sort(), [...httpd.modules].sort(), name);
      assert.strictEqual(ours.server.mpm, httpd.mpm, name);
      assert.deepStrictEqual(ours.diagnostics.filter((d) => d.severity === 'error'), [], `${name}: no errors on a tree httpd accepts`);
    }
  });

  it('refuses mod_php under the event MPM, as httpd does', () => {
    const tree = debianPhpTree('event');
    const verdict = httpdCheck(tree.serverRoot, tree.main);
    assert.ok(!verdict.ok);
    assert.match(verdict.error ?? '', /threaded MPM, but your PHP Module is not compiled to be threadsafe/);
    assert.deepStrictEqual(lint(tree).diagnostics.filter((d) => d.severity === 'error').map((d) => d.code), ['php-threaded-mpm']);
  });

  it('reports an error exactly where httpd rejects, and none where it accepts', () => {
    const read = (tree: string, rel: string): string => {
      let file = path.join(trees.get(tree)!.dir, rel);
      if (fs.lstatSync(file).isSymbolicLink()) file = path.resolve(path.dirname(file), fs.readlinkSync(file));
      return fs.readFileSync(file, 'utf8');
    };
    const cases = generateCases(read);
    for (const c of cases) {
      const tree = trees.get(c.tree)!;
      const edited = applyCase(tree, c);
      try {
        const verdict = httpdCheck(tree.serverRoot, tree.main, tree.defines);
        outcomes.push(classify(c, tree, verdict, lint(tree)));
      } finally {
        edited.restore();
      }
    }
    const count = (k: Outcome['classification']): number => outcomes.filter((o) => o.classification === k).length;
    const rejected = count('detected') + count('miss');
    const ourErrors = count('detected') + count('false-positive');
    const localised = outcomes.filter((o) => o.classification === 'detected' && o.localised).length;
    const summary = {
      cases: outcomes.length,
      httpdAccepts: count('agree-ok') + count('false-positive'),
      httpdRejects: rejected,
      falsePositives: count('false-positive'),
      misses: count('miss'),
      precision: ourErrors ? count('detected') / ourErrors : 1,
      recall: rejected ? count('detected') / rejected : 1,
      localisation: rejected ? localised / rejected : 1,
      byKind: Object.fromEntries([...new Set(outcomes.map((o) => o.c.kind))].map((k) => {
        const of = outcomes.filter((o) => o.c.kind === k);
        return [k, { cases: of.length, rejected: of.filter((o) => !o.verdict.ok).length, falsePositives: of.filter((o) => o.classification === 'false-positive').length, misses: of.filter((o) => o.classification === 'miss').length, notLocalised: of.filter((o) => o.classification === 'detected' && !o.localised).length }];
      })),
      falsePositiveCases: outcomes.filter((o) => o.classification === 'false-positive').map((o) => ({ case: o.c.name, ours: o.errors.map((e) => `${e.code}: ${e.message.slice(0, 120)}`) })),
      missedCases: outcomes.filter((o) => o.classification === 'miss').map((o) => ({ case: o.c.name, httpd: o.verdict.error })),
      notLocalisedCases: outcomes.filter((o) => o.classification === 'detected' && !o.localised).map((o) => ({ case: o.c.name, httpd: `${path.basename(o.verdict.file ?? '')}:${o.verdict.line} ${o.verdict.error}`, ours: o.errors.map((e) => `${path.basename(e.file)}:${e.range.start.line + 1} ${e.code}`) })),
    };
    fs.mkdirSync(path.join(repoRoot, 'test-results'), { recursive: true });
    fs.writeFileSync(path.join(repoRoot, 'test-results', 'oracle-summary.json'), JSON.stringify(summary, null, 2));
    console.log(`      ${summary.cases} cases: httpd accepts ${summary.httpdAccepts}, rejects ${summary.httpdRejects}; ` +
      `precision ${(summary.precision * 100).toFixed(1)}%, recall ${(summary.recall * 100).toFixed(1)}%, localisation ${(summary.localisation * 100).toFixed(1)}%`);
    for (const fp of summary.falsePositiveCases) console.log(`      FALSE POSITIVE ${fp.case}: ${fp.ours.join(' | ')}`);
    for (const m of summary.missedCases) console.log(`      MISSED ${m.case}: ${m.httpd}`);
    for (const m of summary.notLocalisedCases) console.log(`      NOT LOCALISED ${m.case}: httpd ${m.httpd}; ours ${m.ours.join(', ')}`);
    assert.ok(summary.cases >= 500, `at least 500 cases (got ${summary.cases})`);
    assert.strictEqual(summary.falsePositives, 0, 'no error where httpd accepts');
    assert.ok(summary.recall >= 0.98, `recall ${summary.recall}`);
    assert.ok(summary.localisation >= 0.95, `localisation ${summary.localisation}`);
  });
});
