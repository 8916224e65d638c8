// The real-world corpus (test/realworld/cases.json): configurations written by others, each with
// the verdict the real httpd gave (verdicts.json, recorded by scripts/record-realworld-verdicts.mjs).
// httpd-lint must report no error where httpd accepts, load the modules and MPM httpd lists, and
// put its first error on httpd's line where httpd refuses. Needs neither httpd nor the network.

import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { lintReport, type LintReport, type ReportDiagnostic } from '../../server/src/cli/report';
import { buildCase, loadCases, REALWORLD_DIR, type BuiltCase, type RealworldCase } from './tree';

interface RecordedVerdict {
  id: string;
  ok: boolean;
  error?: string;
  file?: string;
  line?: number;
  modules?: string[];
  mpm?: string | null;
  htaccessOk?: boolean;
  htaccessError?: string;
}

const verdicts: { httpd: string; cases: RecordedVerdict[] } = JSON.parse(fs.readFileSync(path.join(REALWORLD_DIR, 'verdicts.json'), 'utf8'));
const verdictOf = new Map(verdicts.cases.map((v) => [v.id, v]));

/**
 * Disagreements with httpd still open, each with the reason; a case listed here must still
 * disagree (so the list shrinks as fixes land).
 */
const KNOWN_DISAGREEMENTS: Record<string, string> = {
  'tree-gentoo-no-mutex-folder':
    'httpd refuses a Mutex file:/fcntl:/flock: folder missing on the machine that reads the configuration; httpd-lint checks no argument path but Include against the disk it runs on (a start script often makes the folder)',
  'debian-geerlingguy-vhosts':
    'httpd refuses an SSLCertificateFile missing on the machine that reads the configuration (the README\'s placeholder /home/vagrant/example.crt); httpd-lint checks no certificate path against the disk it runs on (certificates usually exist only on the server)',
};

/**
 * Findings httpd makes only after reading the whole configuration (so never its first error when
 * it stops while reading). httpd checks the MPM between reading (Include, LoadModule, Define and
 * the conditional sections act as they are read) and running the other directives, so a tree
 * without an MPM is refused with no file or line before any 'Invalid command' error.
 */
const AFTER_READING = new Set(['no-mpm']);

function lintCase(c: RealworldCase, built: BuiltCase): LintReport {
  if (c.kind === 'htaccess') return lintReport({ main: built.htaccess! });
  return lintReport({ main: built.main, serverRoot: built.root, defines: c.defines, env: c.env && { ...process.env, ...c.env } });
}

/** What httpd-lint says differently from httpd about one case (empty when they agree). */
function disagreements(c: RealworldCase, b: BuiltCase, report: LintReport, verdict: RecordedVerdict): string[] {
  const errors = report.diagnostics.filter((d) => d.severity === 'error');
  if (verdict.ok) {
    const problems: string[] = [];
    if (report.server.mpm !== verdict.mpm) problems.push(`MPM ${report.server.mpm}, httpd -M: ${verdict.mpm}`);
    const modules = [...report.server.modules].sort();
    const missing = verdict.modules!.filter((m) => !modules.includes(m));
    const extra = modules.filter((m) => !verdict.modules!.includes(m));
    if (missing.length || extra.length) problems.push(`modules differ from httpd -M: missing ${missing.join(' ') || '-'}, extra ${extra.join(' ') || '-'}`);
    if (c.kind === 'htaccess' && !verdict.htaccessOk) {
      if (!errors.some((d) => d.file === b.htaccess)) problems.push(`httpd refuses the .htaccess (${verdict.htaccessError}); httpd-lint found no error in it`);
    } else {
      problems.push(...errors.map((d) => `false error ${show(d, b.root)}`));
    }
    return problems;
  }
  if (errors.length === 0) return [`httpd refuses (${verdict.file}:${verdict.line}: ${verdict.error}); httpd-lint found no error`];
  if (verdict.file === undefined && /No MPM loaded/.test(verdict.error ?? '')) {
    return errors.some((d) => d.code === 'no-mpm') ? [] : [`httpd refuses (${verdict.error}); httpd-lint reports no no-mpm error`];
  }
  // httpd stops at the first error it reads; the MPM count is checked only after reading.
  const first = errors.find((d) => !AFTER_READING.has(d.code)) ?? errors[0];
  const at = `${path.relative(b.root, first.file)}:${first.range.start.line + 1}`;
  return at === `${verdict.file}:${verdict.line}` ? [] : [`first error ${show(first, b.root)}; httpd: ${verdict.file}:${verdict.line}: ${verdict.error}`];
}

function show(d: ReportDiagnostic, root: string): string {
  return `${path.relative(root, d.file)}:${d.range.start.line + 1}: ${d.code}: ${d.message}`;
}

describe('real-world corpus (httpd verdicts recorded)', function () {
  this.timeout(60000);
  const cases = loadCases();
  let scratch: string;
  const built = new Map<string, BuiltCase>();

  before(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-realworld-'));
  });
  const build = (c: RealworldCase): BuiltCase => {
    if (!built.has(c.id)) built.set(c.id, buildCase(c, scratch));
    return built.get(c.id)!;
  };
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('has a recorded verdict for every case and at least 40 configurations of each promised kind', () => {
    const missing = cases.filter((c) => !verdictOf.has(c.id)).map((c) => c.id);
    assert.deepStrictEqual(missing, [], 'run: node --import tsx scripts/record-realworld-verdicts.mjs');
    assert.ok(cases.length >= 40);
    assert.ok(cases.filter((c) => c.kind === 'htaccess').length >= 10);
    assert.ok(cases.filter((c) => c.id.startsWith('tree-') && !c.id.endsWith('-as-published')).length >= 4);
  });

  for (const c of cases) {
    it(`${c.id}: agrees with httpd`, () => {
      const b = build(c);
      const report = lintCase(c, b);
      const problems = disagreements(c, b, report, verdictOf.get(c.id)!);
      fs.rmSync(b.root, { recursive: true, force: true });
      built.delete(c.id);
      const known = KNOWN_DISAGREEMENTS[c.id];
      if (known) {
        assert.ok(problems.length > 0, `${c.id} is listed as a known disagreement (${known}) but agrees with httpd now: remove it from KNOWN_DISAGREEMENTS`);
        return;
      }
      assert.deepStrictEqual(problems, []);
    });
  }

  it('the CLI process gives the same JSON report as the function the test calls', () => {
    const c = cases.find((x) => x.id === 'debian-modsecurity-crs')!;
    const b = build(c);
    const cli = path.join(REALWORLD_DIR, '..', '..', 'bin', 'httpd-lint');
    const run = spawnSync(process.execPath, [cli, '--format', 'json', '--server-root', b.root, b.main], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.ok(run.status === 0 || run.status === 1, run.stderr);
    assert.deepStrictEqual(JSON.parse(run.stdout), JSON.parse(JSON.stringify(lintCase(c, b))));
  });
});
