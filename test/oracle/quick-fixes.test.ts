// Every quick fix leaves a configuration that the real httpd accepts. Each fix of every finding on
// the base trees, and of every rule that fires on the generated cases httpd accepts (a few fixes
// per rule and title), is applied to the files on disk and checked with `apache2 -t`: a tree that
// was accepted before the fix must be accepted after it.

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { lintAnalysis } from '../../server/src/cli/report';
import { fixesFor, type CodeFix, type Finding } from '../../server/src/rules';
import type { Analysis } from '../../server/src/service/analysis';
import { applyFixEdits } from '../helpers/edits';
import { httpdAvailable, httpdCheck, removeRunDir } from './httpd';
import { applyCase, generateCases, type Case } from './mutations';
import { debianPhpTree, debianTree, docsTree, ownTree, removeScratch, type Tree } from './trees';

/** Fixes tried per rule and fix title on the generated cases (the base trees try every one). */
const PER_TITLE = 2;
/** Generated cases linted per tree and kind of edit, spread over the list (bounds the run time). */
const PER_KIND = 6;

/** At most `per` cases of each tree and kind, evenly spread. */
function sample(cases: Case[], per: number): Case[] {
  const groups = new Map<string, Case[]>();
  for (const c of cases) groups.set(`${c.tree}\u0000${c.kind}`, [...(groups.get(`${c.tree}\u0000${c.kind}`) ?? []), c]);
  return [...groups.values()].flatMap((g) => (g.length <= per ? g : Array.from({ length: per }, (_, i) => g[Math.floor((i * g.length) / per)])));
}

interface Tried {
  where: string;
  rule: string;
  title: string;
  problem?: string;
}

function analyse(tree: Tree, defines: string[]): Analysis {
  return lintAnalysis({ main: tree.main, serverRoot: tree.serverRoot, defines, env: {} });
}

/** The fix's title with names and numbers blanked, so one rule's many instances count once. */
function titleShape(fix: CodeFix): string {
  return fix.title.replace(/\d+/g, 'N').replace(/'[^']*'|"[^"]*"|`[^`]*`/g, 'X');
}

/** Writes the fixed texts, runs httpd, restores the files; returns httpd's complaint, if any. */
async function tryFix(tree: Tree, defines: string[], analysis: Analysis, fix: CodeFix): Promise<string | undefined> {
  let fixed: Map<string, string>;
  try {
    fixed = applyFixEdits(fix.edits, (f) => analysis.model.parsed.get(f)?.text);
  } catch (e) {
    return (e as Error).message;
  }
  const saved = new Map<string, Buffer>();
  const created: string[] = [];
  try {
    for (const [file, text] of fixed) {
      const real = fs.realpathSync(file);
      saved.set(real, fs.readFileSync(real));
      fs.writeFileSync(real, text);
    }
    // Files the fix creates (an editor creates them only where nothing exists yet).
    for (const c of fix.createFiles ?? []) {
      if (fs.existsSync(c.file)) continue;
      fs.writeFileSync(c.file, c.text);
      created.push(c.file);
    }
    const verdict = await httpdCheck(tree.serverRoot, tree.main, defines);
    return verdict.ok ? undefined : verdict.messages.join(' | ');
  } finally {
    for (const [file, data] of saved) fs.writeFileSync(file, data);
    for (const file of created) fs.rmSync(file, { force: true });
  }
}

describe('quick fixes against the real httpd', function () {
  this.timeout(900000);
  let trees = new Map<string, Tree>();

  before(function () {
    if (!httpdAvailable()) {
      console.log('    (skipped: /usr/sbin/apache2 not installed; run scripts/setup-oracle.sh)');
      this.skip();
    }
    const list = [debianTree(), debianPhpTree('prefork'), docsTree(false), docsTree(true), ownTree('small'), ownTree('vhosts'), ownTree('defines'), ownTree('access-compat'), ownTree('access-repeated'), ownTree('no-access'), ownTree('rewrite')];
    trees = new Map(list.map((t) => [t.name, t]));
  });

  after(() => {
    removeScratch();
    removeRunDir();
  });

  it('every fix of every finding on the base trees leaves a tree httpd accepts', async () => {
    const tried: Tried[] = [];
    for (const [name, tree] of trees) {
      assert.ok((await httpdCheck(tree.serverRoot, tree.main, tree.defines)).ok, `${name} is accepted before any fix`);
      const analysis = analyse(tree, tree.defines);
      const ctx = { model: analysis.model, settings: analysis.settings, text: (f: string) => analysis.model.parsed.get(f)?.text };
      for (const finding of analysis.findings) {
        for (const fix of fixesFor(finding, ctx)) {
          const problem = await tryFix(tree, tree.defines, analysis, fix);
          tried.push({ where: `${name} ${path.basename(finding.file)}:${finding.line + 1}`, rule: finding.code, title: fix.title, problem });
        }
      }
    }
    const rules = new Set(tried.map((t) => t.rule));
    for (const rule of ['htaccess-served', 'vcs-folder-served', 'ifmodule-name-form']) assert.ok(rules.has(rule), `${rule} fires with a fix on a base tree`);
    console.log(`      ${tried.length} fixes of ${rules.size} rules on ${trees.size} base trees: ${[...rules].sort().join(', ')}`);
    assert.ok(tried.length >= 10, `the base trees give fixes to try (got ${tried.length})`);
    assert.deepStrictEqual(tried.filter((t) => t.problem).map((t) => `${t.where} ${t.rule} "${t.title}": ${t.problem}`), []);
  });

  it('offers no deny block where no access module is loaded (Require would be an invalid command)', () => {
    const tree = trees.get('own-no-access')!;
    const analysis = analyse(tree, tree.defines);
    const ctx = { model: analysis.model, settings: analysis.settings, text: (f: string) => analysis.model.parsed.get(f)?.text };
    for (const rule of ['htaccess-served', 'vcs-folder-served']) {
      const finding = analysis.findings.find((f) => f.code === rule);
      assert.ok(finding, `${rule} fires on a tree without any access control`);
      assert.deepStrictEqual(fixesFor(finding, ctx), []);
    }
    const compat = trees.get('own-access-compat')!;
    const compatAnalysis = analyse(compat, compat.defines);
    const finding = compatAnalysis.findings.find((f) => f.code === 'htaccess-served')!;
    const [fix] = fixesFor(finding, { model: compatAnalysis.model, settings: compatAnalysis.settings, text: (f: string) => compatAnalysis.model.parsed.get(f)?.text });
    assert.match(fix.edits[0].newText, /^<Files "\.ht\*">\n {4}Order allow,deny\n {4}Deny from all\n<\/Files>\n$/);
  });

  it('the fixes of every rule that fires on the generated cases httpd accepts leave a tree it still accepts', async () => {
    const read = (tree: string, rel: string): string => {
      let file = path.join(trees.get(tree)!.dir, rel);
      if (fs.lstatSync(file).isSymbolicLink()) file = path.resolve(path.dirname(file), fs.readlinkSync(file));
      return fs.readFileSync(file, 'utf8');
    };
    const counts = new Map<string, number>();
    const tried: Tried[] = [];
    let casesChecked = 0;
    for (const c of sample(generateCases(read), PER_KIND)) {
      const tree = trees.get(c.tree);
      if (!tree) continue;
      const defines = c.defines ?? tree.defines;
      const edited = applyCase(tree, c);
      try {
        const analysis = analyse(tree, defines);
        const ctx = { model: analysis.model, settings: analysis.settings, text: (f: string) => analysis.model.parsed.get(f)?.text };
        // Only fixes of a kind not yet tried enough: bounded httpd runs, every rule and title covered.
        const fresh: [Finding, CodeFix][] = [];
        for (const finding of analysis.findings) {
          for (const fix of fixesFor(finding, ctx)) {
            const key = `${finding.code}\u0000${titleShape(fix)}`;
            if ((counts.get(key) ?? 0) + fresh.filter(([f, x]) => `${f.code}\u0000${titleShape(x)}` === key).length < PER_TITLE) fresh.push([finding, fix]);
          }
        }
        if (!fresh.length) continue;
        if (!(await httpdCheck(tree.serverRoot, tree.main, defines)).ok) continue; // only from a tree httpd accepts
        casesChecked++;
        for (const [finding, fix] of fresh) {
          const key = `${finding.code}\u0000${titleShape(fix)}`;
          counts.set(key, (counts.get(key) ?? 0) + 1);
          const problem = await tryFix(tree, defines, analysis, fix);
          tried.push({ where: `${c.name} (${path.basename(finding.file)}:${finding.line + 1})`, rule: finding.code, title: fix.title, problem });
        }
      } finally {
        edited.restore();
      }
    }
    const rules = new Set(tried.map((t) => t.rule));
    console.log(`      ${tried.length} fixes (${counts.size} rule/title kinds, ${rules.size} rules) on ${casesChecked} accepted cases`);
    assert.ok(rules.size >= 10, `the generated cases give fixes of many rules (got ${rules.size})`);
    assert.deepStrictEqual(tried.filter((t) => t.problem).map((t) => `${t.where} ${t.rule} "${t.title}": ${t.problem}`), []);
  });
});
