// The .vsix as `npm run package` writes it (scripts/package-vsix.mjs, plain `vsce package` with no
// flag to skip a check): what it carries, its manifest for the marketplace and Open VSX, and a
// README whose links work there.

import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot } from '../helpers/files';

/** The entries of a zip file, read with Python's zipfile (python3 comes with pre-commit). */
function unzip(file: string): Map<string, Buffer> {
  const script = 'import base64,json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nprint(json.dumps({n: base64.b64encode(z.read(n)).decode() for n in z.namelist()}))';
  const r = spawnSync('python3', ['-c', script, file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  assert.strictEqual(r.status, 0, r.stderr);
  return new Map(Object.entries(JSON.parse(r.stdout) as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64')]));
}

describe('.vsix (npm run package)', function () {
  this.timeout(240000);
  let entries: Map<string, Buffer>;
  let manifest: any;

  before(() => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-vsix-test-')), 'ext.vsix');
    for (const [cmd, args] of [['npm', ['run', 'build', '--silent']], [process.execPath, ['scripts/package-vsix.mjs', out]]] as const) {
      const r = spawnSync(cmd, args, { cwd: repoRoot, encoding: 'utf8' });
      assert.strictEqual(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stdout}${r.stderr}`);
    }
    console.log(`      vsix: ${fs.statSync(out).size} bytes`);
    entries = unzip(out);
    manifest = JSON.parse(entries.get('extension/package.json')!.toString('utf8'));
  });

  it('carries the extension, the server and its data tables, grammar, rule docs, icon, README, CHANGELOG and LICENSE only', () => {
    const names = [...entries.keys()].filter((n) => n.startsWith('extension/')).map((n) => n.slice('extension/'.length));
    for (const f of ['dist/extension.js', 'dist/server.js', 'dist/data/directives.generated.json', 'dist/data/directives.generated.index.json', 'syntaxes/apacheconf.tmLanguage.json', 'docs/rules/README.md', 'images/icon.png', 'readme.md', 'changelog.md', 'LICENSE.txt']) {
      assert.ok(names.includes(f), f);
    }
    const strays = names.filter((n) => !/^(dist\/(extension|server)\.js|dist\/data\/[a-z-]+\.generated(\.index)?\.json$|syntaxes\/|docs\/rules\/|schemas\/|images\/icon\.png$|media\/walkthrough\/[a-z-]+\.md$|package\.nls\.json$|readme\.md$|changelog\.md$|LICENSE\.txt$|package\.json$)/.test(n));
    assert.deepStrictEqual(strays, []);
  });

  it('carries every file its manifest points at (main, grammars, language configuration, JSON schemas, icon, walkthrough media)', () => {
    const c = manifest.contributes;
    const media = (c.walkthroughs ?? []).flatMap((w: { steps: { media: { markdown?: string; image?: string } }[] }) => w.steps.map((s) => s.media.markdown ?? s.media.image));
    assert.ok(media.length >= 4, 'the walkthrough has its steps');
    const languageConfigs = c.languages.map((l: { configuration?: string }) => l.configuration).filter(Boolean);
    const refs: string[] = [manifest.main, manifest.icon, ...c.grammars.map((g: { path: string }) => g.path), ...languageConfigs, ...media];
    for (const v of c.jsonValidation ?? []) if (!/^https?:/.test(v.url)) refs.push(v.url);
    for (const ref of refs) {
      const inVsix = `extension/${path.posix.normalize(ref.replace(/^\.\//, ''))}`;
      assert.ok(entries.has(inVsix) || entries.has(`${inVsix}.js`), `${ref} is in the .vsix`);
    }
  });

  it('is localizable: every %key% of the manifest is in package.nls.json, and every string there is used', () => {
    const nls = JSON.parse(entries.get('extension/package.nls.json')!.toString('utf8')) as Record<string, string>;
    const keys = [...JSON.stringify(manifest).matchAll(/"%([A-Za-z0-9_.-]+)%"/g)].map((m) => m[1]);
    assert.ok(keys.length >= 30, `${keys.length} localized strings`);
    assert.deepStrictEqual(keys.filter((k) => !(k in nls)), [], 'keys without a string');
    assert.deepStrictEqual(Object.keys(nls).filter((k) => !keys.includes(k)), [], 'strings nobody uses');
    for (const key of ['displayName', 'description']) assert.strictEqual(manifest[key], `%${key}%`);
    for (const cmd of manifest.contributes.commands) assert.match(cmd.title, /^%command\.[A-Za-z]+\.title%$/, cmd.command);
    // The walkthrough's buttons run commands that exist.
    const contributed = new Set(manifest.contributes.commands.map((c: { command: string }) => c.command));
    for (const [, command] of Object.values(nls).join('\n').matchAll(/\(command:([A-Za-z.]+)/g)) assert.ok(contributed.has(command) || command.startsWith('workbench.'), command);
  });

  it('has the manifest the marketplace and Open VSX need', () => {
    for (const key of ['name', 'publisher', 'version', 'displayName', 'description', 'license', 'icon']) assert.ok(manifest[key], key);
    assert.match(manifest.repository.url, /^https:\/\/github\.com\/[^/]+\/[^/]+\.git$/);
    assert.match(manifest.engines.vscode, /^\^1\.\d+\.\d+$/);
    assert.deepStrictEqual(Object.keys(manifest.galleryBanner).sort(), ['color', 'theme']);
    assert.ok(manifest.keywords.length > 0 && manifest.keywords.length <= 30, 'the marketplace takes at most 30 keywords');
    assert.strictEqual(manifest.capabilities.untrustedWorkspaces.supported, true);
    assert.strictEqual(manifest.capabilities.virtualWorkspaces.supported, 'limited');
    assert.strictEqual(manifest.bin, undefined);
    assert.strictEqual(manifest.scripts, undefined);
    const icon = entries.get(`extension/${manifest.icon}`)!;
    assert.strictEqual(icon.subarray(1, 4).toString('latin1'), 'PNG');
    assert.deepStrictEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [128, 128]);
    const vsixManifest = entries.get('extension.vsixmanifest')!.toString('utf8');
    assert.match(vsixManifest, /<Icon>extension\/images\/icon\.png<\/Icon>/);
    assert.match(vsixManifest, /Links\.Source" Value="https:\/\/github\.com\//);
  });

  it('has a user README whose links are absolute and point at files of this repository', () => {
    const readme = entries.get('extension/readme.md')!.toString('utf8');
    assert.match(readme, /^# Apache httpd Config/);
    assert.doesNotMatch(readme, /npm (ci|test)|scripts\/test-all/, 'development notes stay in the repository README');
    const links = [...readme.matchAll(/(!?)\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => ({ image: m[1] === '!', url: m[2] }));
    assert.ok(links.filter((l) => l.image).length >= 3, 'screenshots');
    const repo = /github\.com\/([^/]+\/[^/.]+)/.exec(manifest.repository.url)![1];
    for (const { image, url } of links) {
      assert.match(url, /^https:\/\//, `absolute: ${url}`);
      const prefix = image ? `https://raw.githubusercontent.com/${repo}/HEAD/` : `https://github.com/${repo}/blob/HEAD/`;
      if (url === `https://github.com/${repo}`) continue;
      if (!url.startsWith(prefix)) continue; // an outside page
      const file = url.slice(prefix.length).split('#')[0];
      assert.ok(fs.existsSync(path.join(repoRoot, file)), `${url} -> ${file} exists in the repository`);
      if (image) assert.match(file, /\.png$/, 'the marketplace refuses SVG images');
    }
  });

  it('contributes its own language id, so an apacheconf *.conf of another extension never reaches the server', () => {
    assert.deepStrictEqual(manifest.activationEvents, ['onLanguage:apache-httpd']);
    assert.deepStrictEqual(manifest.contributes.languages.map((l: { id: string }) => l.id), ['apache-httpd']);
    assert.deepStrictEqual(manifest.contributes.grammars.map((g: { language: string; scopeName: string }) => [g.language, g.scopeName]), [['apache-httpd', 'source.apache-httpd']]);
    const grammar = JSON.parse(entries.get('extension/syntaxes/apacheconf.tmLanguage.json')!.toString('utf8'));
    assert.strictEqual(grammar.scopeName, 'source.apache-httpd');
    assert.ok(!manifest.contributes.languages[0].extensions.includes('.conf'));
  });
});
