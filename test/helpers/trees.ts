// In-memory configuration trees for model and rule tests.

import * as assert from 'assert';
import * as fs from 'fs';
import { buildModel, memoryFileSystem, type ConfigModel } from '../../server/src/model';
import { analyze, type Analysis } from '../../server/src/service/analysis';
import { DEFAULT_SETTINGS, type AnalysisSettings } from '../../server/src/rules';

export const ROOT = '/srv/httpd';

/** Strips the common indentation of a template literal so fixtures read naturally. */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

export function tree(files: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, text] of Object.entries(files)) out[name.startsWith('/') ? name : `${ROOT}/${name}`] = dedent(text);
  return out;
}

export function model(files: Record<string, string>, main = 'httpd.conf', extra: Partial<Parameters<typeof buildModel>[0]> = {}): ConfigModel {
  return buildModel({ mainFile: `${ROOT}/${main}`, fs: memoryFileSystem(tree(files)), env: {}, ...extra });
}

export function analysis(
  files: Record<string, string>,
  main = 'httpd.conf',
  settings: Partial<AnalysisSettings> = {},
  extra: Partial<Parameters<typeof buildModel>[0]> = {},
): Analysis {
  const result = analyze({ mainFile: `${ROOT}/${main}`, fs: memoryFileSystem(tree(files)), env: {}, settings: { ...DEFAULT_SETTINGS, ...settings }, ...extra });
  assertShortMessages(result.findings);
  return result;
}

/** Longest diagnostic message: one sentence of the problem, one of the way out. */
export const MAX_MESSAGE = 160;

/**
 * Every tree a test analyses also checks the length of every message it produced, so each rule's
 * messages are measured on the trees written to trigger it.
 */
export function assertShortMessages(findings: { code: string; message: string }[]): void {
  const long = findings.filter((f) => f.message.length > MAX_MESSAGE);
  if (process.env.READABLE_LOG) for (const f of long) fs.appendFileSync(process.env.READABLE_LOG, `${f.code}\t${f.message.length}\t${f.message}\n`);
  assert.deepStrictEqual(long.map((f) => `${f.code} (${f.message.length}): ${f.message}`), [], `messages over ${MAX_MESSAGE} characters`);
}

/** "code@line" for every finding of a file (1-based lines, as people read them). */
export function codes(a: Analysis, file = 'httpd.conf', severity?: string): string[] {
  const path = file.startsWith('/') ? file : `${ROOT}/${file}`;
  return (a.byFile.get(path) ?? []).filter((f) => !severity || f.severity === severity).map((f) => `${f.code}@${f.line + 1}`);
}

/** Applies text edits to one file's text (edits must not overlap). */
export function applyEdits(text: string, edits: { start: number; end: number; newText: string }[]): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);
}

/** A minimal valid prefork + mod_php server, to vary in tests. */
export const PREFORK_PHP = {
  'httpd.conf': `
    ServerRoot /srv/httpd
    LoadModule mpm_prefork_module modules/mod_mpm_prefork.so
    LoadModule authz_core_module modules/mod_authz_core.so
    LoadModule php_module modules/libphp8.2.so
    KeepAlive On
    KeepAliveTimeout 15
    Include conf.d/*.conf
  `,
  'conf.d/site.conf': `
    <Directory /srv/www>
        Require all granted
    </Directory>
  `,
};
