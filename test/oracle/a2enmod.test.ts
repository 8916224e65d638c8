// A module file of Debian's mods-available that the tree does not enable is read as `a2enmod`
// would enable it (service/debian-a2enmod.ts). For every such file of the stock tree: what
// httpd-lint says of it must be what the real httpd says once the module is enabled that way
// (its dependencies' and its own files linked into mods-enabled, a conflicting MPM unlinked),
// and the modules and MPM must be those httpd lists.

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { lintFile } from '../../server/src/cli/report';
import { httpdAvailable, httpdModules, removeRunDir } from './httpd';
import { debianTree, removeScratch } from './trees';

/**
 * Where enabling a module this way still disagrees with httpd, with the reason; a file listed here
 * must still disagree (so the list shrinks as fixes land).
 */
const KNOWN_DISAGREEMENTS: Record<string, string> = {};

describe('Debian mods-available files read as a2enmod would enable them, against httpd', function () {
  this.timeout(Number(process.env.ORACLE_TIMEOUT_MS) || 600000);
  before(function () {
    if (!httpdAvailable()) this.skip();
  });
  after(() => {
    removeScratch();
    removeRunDir();
  });

  it('every module file the stock tree does not enable: httpd-lint and httpd agree on errors, modules and MPM', async () => {
    const stock = debianTree(0);
    const available = path.join(stock.dir, 'mods-available');
    const enabled = new Set(fs.readdirSync(path.join(stock.dir, 'mods-enabled')));
    const files = fs.readdirSync(available).filter((f) => /\.(load|conf)$/.test(f) && !enabled.has(f)).sort();
    assert.ok(files.length > 60, `only ${files.length} module files to check`);
    const problems: string[] = [];
    const tree = debianTree(1);
    for (const name of files) {
      const ours = lintFile({ main: path.join(available, name), env: {} });
      const plan = ours.context.enabling;
      if (!plan) {
        problems.push(`${name}: not read as enabled (${ours.context.note})`);
        continue;
      }
      assert.ok(plan.files.includes(path.join(available, name)), name);
      // Enable it for real in a second copy of the tree, as a2enmod (and a2dismod for a conflict) would, and undo it after.
      const linkOf = (f: string): string => path.join(tree.dir, 'mods-enabled', path.basename(f));
      for (const f of plan.disables) fs.rmSync(linkOf(f));
      for (const f of plan.files) fs.symlinkSync(`../mods-available/${path.basename(f)}`, linkOf(f));
      const listed = await httpdModules(tree.serverRoot, tree.main);
      const verdict = listed.verdict;
      const errors = ours.analysis.findings.filter((f) => f.severity === 'error');
      const found: string[] = [];
      if (verdict.ok !== (errors.length === 0)) {
        found.push(`httpd ${verdict.ok ? 'accepts' : `refuses (${verdict.error})`}, httpd-lint: ${errors.map((e) => `${e.code} ${e.message}`).join('; ') || 'no error'}`);
      }
      if (!verdict.ok && errors.length > 0 && !errors.some((e) => e.message === verdict.error)) {
        found.push(`httpd refuses (${verdict.error}), httpd-lint says otherwise: ${errors.map((e) => e.message).join('; ')}`);
      }
      if (verdict.ok) {
        const model = ours.analysis.model;
        const mine = [...model.modules.keys()].sort();
        if (model.mpm !== listed.mpm) found.push(`MPM ${model.mpm}, httpd ${listed.mpm}`);
        if (mine.join(' ') !== [...listed.modules].sort().join(' ')) found.push(`modules ${mine.join(' ')}; httpd ${[...listed.modules].sort().join(' ')}`);
      }
      if (KNOWN_DISAGREEMENTS[name] ? found.length === 0 : found.length > 0) {
        problems.push(`${name}: ${found.join('; ') || 'agrees now: remove it from KNOWN_DISAGREEMENTS'}`);
      }
      for (const f of plan.files) fs.rmSync(linkOf(f));
      for (const f of plan.disables) fs.symlinkSync(`../mods-available/${path.basename(f)}`, linkOf(f));
    }
    assert.deepStrictEqual(problems, []);
  });
});
