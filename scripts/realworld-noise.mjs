// Noise on the real-world corpus: httpd-lint's findings per file, by rule id. Each case counts
// only the files it brings (a snippet case does not count Debian's default tree again).
//
//   node --import tsx scripts/realworld-noise.mjs [--json | --list]   (--list: every finding but hints)

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const load = async (rel) => {
  const mod = await import(pathToFileURL(path.join(repo, rel)).href).catch((e) => {
    console.error(`${e.message}\nRun with the TypeScript loader: node --import tsx scripts/realworld-noise.mjs`);
    process.exit(2);
  });
  return mod.default ?? mod;
};
const { loadCases, buildCase } = await load('test/realworld/tree.ts');
const { lintReport } = await load('server/src/cli/report.ts');

const real = (p) => {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
};

/** The files a case brings to the corpus, as real paths in its scratch tree. */
function ownFiles(c, built) {
  if (c.kind === 'htaccess') return [real(built.htaccess)];
  if (c.kind === 'debian' && c.id.startsWith('tree-')) return null; // the whole tree
  if (c.kind === 'tree') return null;
  return Object.keys(c.add ?? {}).map((dest) => real(path.join(built.root, dest)));
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'realworld-noise-'));
const byRule = new Map();
let files = 0;
try {
  for (const c of loadCases()) {
    if (c.id.endsWith('-as-published')) continue; // same files as the adapted tree
    const built = buildCase(c, scratch);
    const env = c.env && { ...process.env, ...c.env };
    const report = c.kind === 'htaccess' ? lintReport({ main: built.htaccess }) : lintReport({ main: built.main, serverRoot: built.root, defines: c.defines, env });
    const own = ownFiles(c, built);
    const mine = (f) => !own || own.some((o) => f === o || f.startsWith(o + path.sep));
    const checked = new Set(report.files.map(real).filter(mine));
    files += checked.size;
    for (const d of report.diagnostics) {
      if (!checked.has(real(d.file))) continue;
      if (process.argv.includes('--list') && d.severity !== 'hint') console.log(`${c.id}\t${path.relative(built.root, d.file)}:${d.range.start.line + 1}\t${d.severity}\t${d.code}\t${d.message}`);
      const key = `${d.code} ${d.severity}`;
      const entry = byRule.get(key) ?? { rule: d.code, severity: d.severity, findings: 0, files: new Set() };
      entry.findings++;
      entry.files.add(`${c.id}:${real(d.file)}`);
      byRule.set(key, entry);
    }
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
const rows = [...byRule.values()].sort((a, b) => b.findings - a.findings || a.rule.localeCompare(b.rule));
const total = rows.reduce((n, r) => n + r.findings, 0);
if (process.argv.includes('--list')) {
  // listed above
} else if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ files, total, rules: rows.map((r) => ({ rule: r.rule, severity: r.severity, findings: r.findings, files: r.files.size })) }, null, 1));
} else {
  console.log(`${files} files checked, ${total} findings (${(total / files).toFixed(2)} per file)\n`);
  console.log('| rule | severity | findings | files | per file |');
  console.log('|---|---|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.rule} | ${r.severity} | ${r.findings} | ${r.files.size} | ${(r.findings / files).toFixed(3)} |`);
}
