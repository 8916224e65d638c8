// Writes the .vsix from a staging folder holding only what the extension needs (the npm package's
// `files` list is for the command-line tools; vsce refuses a .vscodeignore beside it). The
// extension's README is docs/vscode/README.md with every relative link made absolute (the
// repository's files at HEAD), so it reads the same in VS Code, on the marketplace and on Open VSX.
// Usage: node scripts/package-vsix.mjs [OUT.vsix]   (after npm run build)
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileURLToPath } from 'url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.resolve(process.argv[2] ?? path.join(root, 'dist', 'apache-httpd-config.vsix'));
const README = 'docs/vscode/README.md';
/** What the .vsix carries besides package.json, README.md, CHANGELOG.md and LICENSE. */
const FILES = ['dist/extension.js', 'dist/server.js', 'dist/data/', 'syntaxes/', 'schemas/', 'docs/rules/', 'images/icon.png', 'package.nls.json', 'media/'];

const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

/** https://github.com/OWNER/REPO from the manifest's repository. */
function repositoryUrl() {
  const url = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
  const m = /github\.com[/:]([^/]+)\/([^/]+?)(\.git)?$/.exec(url ?? '');
  if (!m) throw new Error(`package.json: repository must be a GitHub URL (got ${url})`);
  return { owner: m[1], repo: m[2] };
}

/** The README with relative links and images made absolute; fails on a link to a missing file. */
export function absoluteReadme(text, readmePath = README) {
  const { owner, repo } = repositoryUrl();
  const missing = [];
  const result = text.replace(/(!?)\[([^\]]*)\]\(([^)\s]+)\)/g, (whole, bang, label, target) => {
    if (/^[a-z]+:/i.test(target) || target.startsWith('#')) return whole;
    const [file, anchor] = target.split('#');
    const rel = path.posix.normalize(path.posix.join(path.posix.dirname(readmePath), file));
    if (rel.startsWith('..') || !fs.existsSync(path.join(root, rel))) missing.push(target);
    const url = bang
      ? `https://raw.githubusercontent.com/${owner}/${repo}/HEAD/${rel}`
      : `https://github.com/${owner}/${repo}/blob/HEAD/${rel === 'README.md' ? '' : rel}`.replace(/\/blob\/HEAD\/$/, '');
    return `${bang}[${label}](${url}${anchor ? `#${anchor}` : ''})`;
  });
  if (missing.length) throw new Error(`${readmePath}: links to files that do not exist: ${missing.join(', ')}`);
  return result;
}

/** FILES plus the local files the manifest's contributions point at (JSON schemas). */
function filesToShip() {
  const schemas = (manifest.contributes?.jsonValidation ?? []).map((v) => v.url).filter((u) => !/^[a-z]+:/i.test(u));
  return [...new Set([...FILES, ...schemas.map((u) => path.posix.normalize(u))])];
}

function main() {
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-vsix-'));
  const shipped = filesToShip();
  try {
    for (const f of shipped) {
      const src = path.join(root, f);
      if (!fs.existsSync(src)) throw new Error(`${f} is missing (run npm run build first)`);
      fs.cpSync(src, path.join(stage, f), { recursive: true });
    }
    for (const f of ['LICENSE', 'CHANGELOG.md']) fs.copyFileSync(path.join(root, f), path.join(stage, f));
    fs.writeFileSync(path.join(stage, 'README.md'), absoluteReadme(fs.readFileSync(path.join(root, README), 'utf8')));
    // The extension's manifest: no npm-only fields (bin, scripts, dependencies of the build).
    // Name and description stay literal in package.json for npm; the extension takes them from
    // package.nls.json like every other string it shows.
    const { bin, scripts, devDependencies, dependencies, files, ...extension } = manifest;
    const localized = { ...extension, displayName: '%displayName%', description: '%description%', files: [...shipped, 'LICENSE', 'CHANGELOG.md'] };
    fs.writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(localized, null, 2)}\n`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
    const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--no-rewrite-relative-links', '-o', out], { cwd: stage, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`vsce package failed (${r.status ?? r.signal})`);
    console.log(`vsix: ${path.relative(process.cwd(), out)} (${fs.statSync(out).size} bytes)`);
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (e) {
    console.error(`package-vsix: ${e.message}`);
    process.exit(1);
  }
}
