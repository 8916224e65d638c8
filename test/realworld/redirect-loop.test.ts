// rewrite-redirect-loop on configurations written by others: the real-world corpus (every tree
// and .htaccess case) and the applications' .htaccess files of the rewrite oracle (WordPress,
// Laravel, Symfony, Magento, Nextcloud, CodeIgniter, YOURLS, MediaWiki-style). None of them loops
// (their redirects are guarded, as the live-httpd oracle shows), so the rule must stay silent.

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { lintReport, type LintReport } from '../../server/src/cli/report';
import { buildCase, loadCases } from './tree';

const APPS_DIR = path.resolve(__dirname, '..', 'fixtures', 'rewrite-apps');

describe('rewrite-redirect-loop stays silent on real configurations', function () {
  this.timeout(600000);

  it('reports no loop in the real-world corpus or the applications\' .htaccess files', () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'realworld-loop-'));
    const findings: string[] = [];
    let linted = 0;
    let rules = 0;
    const count = (report: LintReport, label: string, texts: string[]): void => {
      linted++;
      rules += texts.reduce((n, t) => n + (t.match(/^\s*RewriteRule\s.*\[[^\]]*\bR\b/gim)?.length ?? 0), 0);
      for (const d of report.diagnostics) if (d.code === 'rewrite-redirect-loop') findings.push(`${label} ${path.basename(d.file)}:${d.range.start.line + 1}: ${d.message}`);
    };
    try {
      for (const c of loadCases()) {
        const b = buildCase(c, scratch);
        const report = c.kind === 'htaccess' ? lintReport({ main: b.htaccess! }) : lintReport({ main: b.main, serverRoot: b.root });
        count(report, c.id, report.files.map((f) => (fs.existsSync(f) ? fs.readFileSync(f, 'latin1') : '')));
        fs.rmSync(b.root, { recursive: true, force: true });
      }
      for (const app of fs.readdirSync(APPS_DIR)) {
        const file = path.join(APPS_DIR, app, '.htaccess');
        if (!fs.existsSync(file)) continue;
        count(lintReport({ main: file }), app, [fs.readFileSync(file, 'latin1')]);
      }
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
    console.log(`    redirect loops: ${linted} configurations with ${rules} redirecting RewriteRules, ${findings.length} reported`);
    assert.ok(linted >= 50, `only ${linted} configurations linted`);
    assert.deepStrictEqual(findings, []);
  });
});
