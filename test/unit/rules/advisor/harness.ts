// Shared steps of the advisor tests: analyse an in-memory tree, pick one rule's findings, and
// apply a quick fix to get the resulting file text.

import * as assert from 'assert';
import { fixesFor, type AnalysisSettings, type CodeFix, type Finding } from '../../../../server/src/rules';
import { ROOT, analysis, applyEdits } from '../../../helpers/trees';

export { ROOT };

/** The advisor's rules: the ids of the rules these tests cover (their docs pages follow the full template). */
export const ADVISOR = [
  'maxkeepaliverequests-low', 'timeout-high', 'keepalive-off-event', 'maxrequestworkers-over-serverlimit',
  'maxrequestworkers-not-multiple', 'threadsperchild-over-threadlimit', 'spare-inversion', 'memory-budget',
  'tuning-for-inactive-mpm', 'fpm-with-prefork', 'wsgi-embedded-prefork', 'mod-python-loaded', 'perl-threaded-mpm',
  'server-tokens-full', 'server-signature-on', 'trace-enable', 'directory-listing', 'root-access-granted',
  'htaccess-served', 'vcs-folder-served', 'weak-tls-protocol', 'weak-tls-ciphers', 'hsts-missing',
  'mixed-access-control', 'access-compat', 'deprecated-directive', 'duplicate-listen', 'duplicate-vhost-servername',
  'directive-overridden', 'ifmodule-never-loaded',
];

/** LoadModule lines for a server with the given MPM (authz_core so Require is known). */
export function server(mpm: 'prefork' | 'worker' | 'event', ...modules: string[]): string {
  const lines = [`LoadModule mpm_${mpm}_module modules/mod_mpm_${mpm}.so`, 'LoadModule authz_core_module modules/mod_authz_core.so'];
  for (const m of modules) lines.push(`LoadModule ${m}_module modules/mod_${m}.so`);
  return lines.join('\n') + '\n';
}

export type Tree = Record<string, string>;

export interface Run {
  a: ReturnType<typeof analysis>;
  found: Finding[];
}

/** Analyses a tree (main file httpd.conf unless told) and keeps the findings of one rule. */
export function run(code: string, files: Tree, settings: Partial<AnalysisSettings> = {}, main = 'httpd.conf'): Run {
  // A lone .htaccess is read the way httpd-lint reads one: per-directory scope, module state unknown.
  const lone = main.endsWith('.htaccess') ? { mainScope: 'htaccess' as const, moduleStateKnown: false } : {};
  const a = analysis(files, main, settings, lone);
  return { a, found: a.findings.filter((f) => f.code === code) };
}

/** "file:line" (1-based, relative to the tree root) of one rule's findings. */
export function where(code: string, files: Tree, settings: Partial<AnalysisSettings> = {}, main = 'httpd.conf'): string[] {
  return run(code, files, settings, main).found.map((f) => `${f.file.slice(ROOT.length + 1)}:${f.line + 1}`);
}

export function fixesOf(r: Run, finding = r.found[0]): CodeFix[] {
  assert.ok(finding, 'no finding to fix');
  return fixesFor(finding, { model: r.a.model, settings: r.a.settings, text: (f) => r.a.model.parsed.get(f)?.text });
}

/** The fix titles offered for the first finding, with the preferred flag. */
export function titles(r: Run): [string, boolean][] {
  return fixesOf(r).map((f) => [f.title, !!f.preferred]);
}

/** Applies one fix (by title, else the first) to the first finding; returns every touched file's new text. */
export function applyFix(r: Run, title?: string, finding = r.found[0]): Tree {
  const fixes = fixesOf(r, finding);
  const fix = title ? fixes.find((f) => f.title === title) : fixes[0];
  assert.ok(fix, `no fix "${title ?? ''}"; offered: ${fixes.map((f) => f.title).join(' | ')}`);
  const out: Tree = {};
  for (const file of new Set(fix.edits.map((e) => e.file))) {
    const text = r.a.model.parsed.get(file)?.text;
    assert.ok(text !== undefined, `fix edits an unknown file ${file}`);
    out[file.slice(ROOT.length + 1)] = applyEdits(text, fix.edits.filter((e) => e.file === file));
  }
  return out;
}

/** The file text as the model read it (after the test tree's dedent). */
export function textOf(r: Run, file: string): string {
  return r.a.model.parsed.get(`${ROOT}/${file}`)!.text;
}
