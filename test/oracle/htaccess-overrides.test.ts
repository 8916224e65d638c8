// The static .htaccess rules against the live httpd: generated AllowOverride / AllowOverrideList
// settings and .htaccess files, one directory each, one request each. Every file ends with an
// unknown directive, so a request shows whether httpd read the file at all: not read -> 200;
// read and a directive refused -> 500 with "<X> not allowed here" (our first
// htaccess-override-denied finding must say the same); read and all accepted -> 500 "Invalid
// command". Skipped where Debian's apache2 is not installed.

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { toReport } from '../../server/src/cli/report';
import { nodeFileSystem } from '../../server/src/model';
import { DEFAULT_SERVICE_SETTINGS } from '../../server/src/service/settings';
import { WorkspaceAnalyses } from '../../server/src/service/workspace';
import { liveHttpdAvailable, loadModules, startHttpd, type LiveHttpd } from '../helpers/live-httpd';
import { seededRandom as random } from '../helpers/random';

const MODULES = ['mpm_event', 'authz_core', 'authz_host', 'authn_core', 'auth_basic', 'access_compat', 'mime', 'headers', 'dir', 'autoindex', 'rewrite', 'expires', 'setenvif', 'alias'];

/** Settings for a directory: ancestor section, the directory's own, extra sections. */
const SETTINGS: string[] = [
  '',
  'AllowOverride None',
  'AllowOverride All',
  'AllowOverride AuthConfig',
  'AllowOverride FileInfo',
  'AllowOverride Indexes',
  'AllowOverride Limit',
  'AllowOverride Options',
  'AllowOverride Options=Indexes',
  'AllowOverride Options=Indexes,MultiViews FileInfo',
  'AllowOverride AuthConfig FileInfo',
  'AllowOverride AuthConfig Nonfatal=Override',
  'AllowOverride None\nAllowOverrideList Header',
  'AllowOverride AuthConfig\nAllowOverrideList header RewriteEngine',
  'AllowOverrideList None',
  'AllowOverrideList Header DirectoryIndex',
  'AllowOverride All Options=FollowSymLinks',
];

/** Sections placed around the case's directory (@ is its parent, @/s the directory itself). */
const EXTRA: string[] = [
  '',
  '<DirectoryMatch "^@/s">\nAllowOverride All\n</DirectoryMatch>',
  '<Directory @/*>\nAllowOverride FileInfo\n</Directory>',
  '<Location /LOC>\nAllowOverride All\n</Location>',
  '<Directory @/s/>\nAllowOverride Indexes\n</Directory>',
];

const LINES: string[] = [
  'Require all granted',
  'Header set X-Case 1',
  'DirectoryIndex index.html',
  'Order allow,deny',
  'Options Indexes',
  'Options +FollowSymLinks',
  'Options -MultiViews',
  'Options All',
  'Options IncludesNOEXEC',
  'LimitRequestBody 100000',
  'AddType text/plain .foo',
  'RewriteEngine On',
  'ErrorDocument 404 /missing.html',
  'AuthType Basic',
  'ExpiresActive On',
  'SetEnvIf User-Agent x is_x',
  'AddIcon /icons/x.gif .x',
  '<Files "nomatch">\nHeader set X-Files 1\n</Files>',
  '<IfModule headers_module>\nHeader set X-If 1\n</IfModule>',
  '<Limit POST>\nRequire all granted\n</Limit>',
  '<Files "nomatch">\nRequire all denied\n</Files>',
];

const PROBE = 'HtaccessReadProbe on';

interface Case {
  id: string;
  parent: string;
  own: string;
  extra: string;
  lines: string[];
}

function generate(count: number, seed: number): Case[] {
  const next = random(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)];
  const cases: Case[] = [];
  for (let i = 0; i < count; i++) {
    const n = 1 + Math.floor(next() * 3);
    const lines = Array.from({ length: n }, () => pick(LINES));
    cases.push({ id: `c${i}`, parent: pick(SETTINGS), own: pick(SETTINGS), extra: next() < 0.3 ? pick(EXTRA) : '', lines });
  }
  // Every line once under the settings that decide it most often.
  for (const own of ['AllowOverride AuthConfig', 'AllowOverride Options=Indexes', '']) {
    for (const line of LINES) cases.push({ id: `c${cases.length}`, parent: '', own, extra: '', lines: [line] });
  }
  return cases;
}

function section(dir: string, body: string): string {
  return body ? `<Directory ${dir}>\n${body}\n</Directory>\n` : '';
}

/** Writes the case directories; returns the configuration (the harness adds its run lines). */
function writeTree(root: string, port: number, cases: Case[]): string {
  const www = path.join(root, 'www');
  const conf = [
    loadModules(MODULES),
    `Listen 127.0.0.1:${port}`,
    'LogLevel warn',
    `DocumentRoot ${www}`,
    `<Directory ${www}>\nRequire all granted\n</Directory>`,
  ];
  for (const c of cases) {
    const dir = path.join(www, c.id);
    fs.mkdirSync(path.join(dir, 's'), { recursive: true });
    fs.writeFileSync(path.join(dir, 's', 'index.html'), `${c.id}\n`);
    fs.writeFileSync(path.join(dir, 's', '.htaccess'), [...c.lines, PROBE, ''].join('\n'));
    conf.push(section(dir, c.parent), section(`${dir}/s`, c.own), c.extra.replaceAll('@', dir).replace('/LOC', `/${c.id}/s`));
  }
  for (const p of [root, www]) fs.chmodSync(p, 0o755);
  return conf.join('\n');
}

/** httpd's messages about one file ("<file>: X not allowed here"), oldest first. */
function errorsFor(log: string, file: string): string[] {
  const out: string[] = [];
  for (const line of log.split('\n')) {
    const at = line.indexOf(`] ${file}: `);
    if (at !== -1) out.push(line.slice(at + file.length + 4));
  }
  return out;
}

/** What our rules predict for a request into the case's directory. */
function predict(analyses: WorkspaceAnalyses, htaccess: string): { status: 200 | 500; message: string } {
  const file = analyses.forFile(htaccess);
  const report = toReport(file.analysis, file);
  const codes = report.diagnostics.filter((d) => d.file === htaccess);
  if (codes.some((d) => d.code === 'htaccess-never-read')) return { status: 200, message: '' };
  const denied = codes.filter((d) => d.code === 'htaccess-override-denied' && d.severity === 'error');
  // httpd runs the read-time sections (<IfModule>…) while it reads the file, before the rest.
  const readTime = (message: string): boolean => /^<If/.test(message);
  denied.sort((a, b) => Number(readTime(b.message)) - Number(readTime(a.message)) || a.range.start.line - b.range.start.line);
  if (denied.length) return { status: 500, message: denied[0].message.split(':')[0] };
  return { status: 500, message: "Invalid command 'HtaccessReadProbe'" };
}

describe('htaccess rules agree with the live httpd', function () {
  this.timeout(120000);
  let root: string;
  let server: LiveHttpd | undefined;

  before(function () {
    if (!liveHttpdAvailable()) this.skip();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'htaccess-oracle-'));
  });

  after(async () => {
    await server?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('predicts read / refused / accepted for generated AllowOverride settings and files', async () => {
    const cases = generate(160, 20261201);
    server = await startHttpd({ dir: root, config: (places) => writeTree(root, places.ports[0], cases) });
    // One workspace for every case, as the editor has: the tree is parsed once.
    const analyses = new WorkspaceAnalyses(nodeFileSystem(), DEFAULT_SERVICE_SETTINGS, {});
    const disagreements: string[] = [];
    const counts = { notRead: 0, refused: 0, accepted: 0 };
    for (const c of cases) {
      const htaccess = path.join(root, 'www', c.id, 's', '.htaccess');
      const expected = predict(analyses, htaccess);
      const got = await server.request({ port: server.ports[0], path: `/${c.id}/s/index.html` });
      const logged = errorsFor(server.errorLog(), htaccess);
      const message = logged[0] ?? '';
      const agrees = got.status === expected.status && (expected.status === 200 ? logged.length === 0 : message.startsWith(expected.message));
      if (expected.status === 200) counts.notRead++;
      else if (expected.message.startsWith('Invalid command')) counts.accepted++;
      else counts.refused++;
      if (!agrees) disagreements.push(`${c.id}: parent [${c.parent}] own [${c.own}] extra [${c.extra}] lines [${c.lines.join(' | ')}]: predicted ${expected.status} "${expected.message}", httpd ${got.status} "${message}"`);
    }
    console.log(`      ${cases.length} requests: ${counts.notRead} not read, ${counts.refused} refused, ${counts.accepted} accepted; ${disagreements.length} disagreements`);
    assert.deepStrictEqual(disagreements, []);
    // The generator must reach every outcome, or the comparison proves little.
    assert.ok(counts.notRead > 5 && counts.refused > 20 && counts.accepted > 20, JSON.stringify(counts));
  });
});
