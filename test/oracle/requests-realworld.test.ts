// The request simulator against the live httpd on a real-world tree: the bundled Debian
// example (examples/debian-prefork-php: prefork, mod_php, status, autoindex, alias, cgi-bin) in a
// scratch copy moved onto a loopback port, plus a second virtual host whose folders carry the
// framework .htaccess files of test/realworld/htaccess (AllowOverride All). Every section of
// the copy gets `Header always append X-Sections <id>`. Compared like requests.test.ts.

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildModel, nodeFileSystem } from '../../server/src/model';
import { traceRequest, type TraceResult } from '../../server/src/simulate';
import { repoRoot } from '../helpers/files';
import { liveHttpdAvailable, loadModules, startHttpd, type LiveResponse } from '../helpers/live-httpd';

const SECTION_OPENER = /^\s*<(Directory|DirectoryMatch|Files|FilesMatch|Location|LocationMatch|If|ElseIf|Else|Proxy|ProxyMatch)(\s|>)/i;

/** Frameworks' .htaccess files: where they come from, where they go under the second site. */
const FRAMEWORKS: [string, string][] = [
  ['cakephp/.htaccess', 'cakephp/.htaccess'],
  ['cakephp/webroot/.htaccess', 'cakephp/webroot/.htaccess'],
  ['grav/.htaccess', 'grav/.htaccess'],
  ['grav/user/config/.htaccess', 'grav/user/config/.htaccess'],
  ['joomla/htaccess.txt', 'joomla/.htaccess'],
  ['drupal/assets/scaffold/files/htaccess', 'drupal/files/.htaccess'],
  ['phpbb/phpBB/.htaccess', 'phpbb/.htaccess'],
  ['phpbb/phpBB/config/.htaccess', 'phpbb/config/.htaccess'],
  ['phpbb/phpBB/files/.htaccess', 'phpbb/files/.htaccess'],
  ['phpbb/phpBB/store/.htaccess', 'phpbb/store/.htaccess'],
  ['phpbb/phpBB/images/avatars/upload/.htaccess', 'phpbb/images/avatars/upload/.htaccess'],
];

const DEFAULT_SITE_FILES = ['index.html', 'a.txt', 'info.php', 'x.phps', '.ht.txt', 'sub/b.txt', 'sub/index.php', 'noidx/c.txt', 'noidx/d.html'];
const DEFAULT_SITE_PATHS = [
  '/', '/index.html', '/a.txt', '/info.php', '/info.php/more', '/x.phps', '/.htaccess', '/.ht.txt', '/sub', '/sub/', '/sub/b.txt', '/sub/index.php', '/noidx/',
  '/noidx', '/noidx/c.txt', '/missing.txt', '/icons/', '/icons', '/icons/README', '/icons/apache_pb.png', '/icons/small/', '/cgi-bin/', '/cgi-bin/x.cgi',
  '/server-status', '/server-status?auto', '/.php', '/a.txt/', '//sub//b.txt', '/sub/../a.txt', '/index.html?x=1',
];

function frameworkPaths(): string[] {
  const out = ['/', '/fw.txt'];
  for (const [, target] of FRAMEWORKS) {
    const dir = '/' + path.posix.dirname(target);
    out.push(`${dir}/`, `${dir}/index.php`, `${dir}/a.txt`, `${dir}/missing.html`, `${dir}/x.png`);
  }
  return [...new Set(out)];
}

function writeOwnPath(file: string, php: boolean): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o755 });
  fs.writeFileSync(file, php ? '<?php echo "PHP:" . __FILE__;' : file, { mode: 0o644 });
}

/** Inserts the X-Sections header after every per-directory section opener; returns the count used. */
function injectHeaders(file: string, next: number): number {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const out: string[] = [];
  for (const l of lines) {
    out.push(l);
    if (SECTION_OPENER.test(l) && !/^\s*#/.test(l)) out.push(`Header always append X-Sections r${++next}`);
  }
  fs.writeFileSync(file, out.join('\n'));
  return next;
}

function regularFiles(dir: string): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) stack.push(full);
      else if (e.isFile()) out.push(full);
    }
  }
  return out.sort();
}

interface Seen {
  status: number;
  location: string | null;
  vhost: string;
  handler: string;
  file: string | null;
  sections: string[];
}

function classOf(status: number): string {
  if (status >= 300 && status < 400) return 'redirect';
  return { 401: 'unauthorized', 403: 'forbidden', 404: 'not-found', 405: 'method-not-allowed', 410: 'gone', 500: 'server-error', 400: 'bad-request' }[status] ?? `status-${status}`;
}

function seeLive(res: LiveResponse): Seen {
  const h = (n: string) => {
    const v = res.headers[n];
    return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
  };
  let handler = classOf(res.status);
  let file: string | null = null;
  if (res.status === 200) {
    if (res.body.startsWith('PHP:')) {
      handler = 'php-module';
      file = res.body.slice(4);
    } else if (/<title>Index of /.test(res.body)) handler = 'directory-listing';
    else if (/Apache Server Status/.test(res.body) || /^ServerVersion: /m.test(res.body)) handler = 'server-status';
    else {
      handler = 'static';
      file = res.body;
    }
  }
  return { status: res.status, location: h('location'), vhost: h('x-vhost') ?? 'main', handler, file, sections: (h('x-sections') ?? '').split(/,\s*/).filter(Boolean) };
}

function seeTrace(t: TraceResult, ids: Map<string, string>): Seen {
  const o = t.outcome;
  const handler = o.status === 200 ? o.handler : classOf(o.status);
  let file: string | null = null;
  if (o.status === 200 && o.file && handler === 'static') {
    // Compare by content: the example tree's own files (icons) do not contain their path.
    try {
      file = fs.readFileSync(o.file, 'utf8');
    } catch {
      file = o.file;
    }
  } else if (o.status === 200 && handler === 'php-module') file = o.file;
  return {
    status: o.status,
    location: o.location,
    vhost: t.vhost?.serverName === 'fw.test' ? 'fw' : t.vhost ? 'default' : 'main',
    handler,
    file,
    sections: t.sections.map((s) => ids.get(`${s.file}:${s.line}`)).filter((x): x is string => !!x),
  };
}

describe('request simulator against the live httpd: the Debian example and framework .htaccess files', function () {
  this.timeout(180_000);
  let scratch: string;

  before(function () {
    if (!liveHttpdAvailable() || !fs.existsSync('/usr/lib/apache2/modules/libphp8.2.so')) this.skip();
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'request-oracle-rw-'));
    fs.chmodSync(scratch, 0o755);
  });

  after(() => {
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('agrees on outcome and applied sections', async () => {
    const root = path.join(scratch, 'etc');
    fs.cpSync(path.join(repoRoot, 'examples', 'debian-prefork-php'), root, { recursive: true, verbatimSymlinks: true });
    const www = path.join(scratch, 'var', 'www');
    for (const f of DEFAULT_SITE_FILES) writeOwnPath(path.join(www, 'html', f), f.endsWith('.php'));
    writeOwnPath(path.join(www, 'fw', 'fw.txt'), false);
    let ht = 0;
    for (const [from, to] of FRAMEWORKS) {
      const target = path.join(www, 'fw', to);
      writeOwnPath(path.join(path.dirname(target), 'index.php'), true);
      writeOwnPath(path.join(path.dirname(target), 'a.txt'), false);
      writeOwnPath(path.join(path.dirname(target), 'x.png'), false);
      const text = fs.readFileSync(path.join(repoRoot, 'test', 'realworld', 'htaccess', from), 'utf8');
      fs.writeFileSync(target, `Header always append X-Sections h${++ht}\n${text}`, { mode: 0o644 });
    }
    const server = await startHttpd({
      dir: root,
      config: (places) => {
        const port = places.ports[0];
        let next = 0;
        for (const file of regularFiles(root)) {
          if (!/\.conf$/.test(file)) continue;
          let text = fs.readFileSync(file, 'utf8').split('/var/www').join(www);
          text = text.replace(/^Listen 80$/m, `Listen 127.0.0.1:${port}`).replace(/<VirtualHost \*:80>/g, `<VirtualHost *:${port}>`);
          fs.writeFileSync(file, text);
          next = injectHeaders(file, next);
        }
        fs.writeFileSync(
          path.join(root, 'sites-enabled', '001-frameworks.conf'),
          [
            `<VirtualHost *:${port}>`,
            '  ServerName fw.test',
            `  DocumentRoot ${www}/fw`,
            '  Header always set X-Vhost fw',
            `  <Directory ${www}/fw>`,
            `    Header always append X-Sections r${++next}`,
            '    AllowOverride All',
            '  </Directory>',
            '</VirtualHost>',
            '',
          ].join('\n'),
        );
        return `${loadModules(['headers'])}\nInclude ${root}/apache2.conf\nHeader always set X-Vhost default\n`;
      },
    });
    let requests = 0;
    const statuses = new Set<number>();
    let withSections = 0;
    let sameOutcome = 0;
    let sameSections = 0;
    const disagreements: string[] = [];
    try {
      const run = path.join(root, 'run');
      const model = buildModel({
        mainFile: server.configFile,
        fs: nodeFileSystem(),
        serverRoot: root,
        env: { APACHE_RUN_USER: 'www-data', APACHE_RUN_GROUP: 'www-data', APACHE_RUN_DIR: run, APACHE_PID_FILE: path.join(run, 'apache2.pid'), APACHE_LOCK_DIR: run, APACHE_LOG_DIR: run },
      });
      const ids = new Map<string, string>();
      for (const file of new Set([...model.files, ...regularFiles(path.join(www, 'fw')).filter((f) => f.endsWith('.htaccess'))])) {
        const lines = fs.readFileSync(file, 'utf8').split('\n');
        lines.forEach((l, i) => {
          const id = /X-Sections (\S+)/.exec(l)?.[1];
          if (!id) return;
          if (i === 0 && file.endsWith('.htaccess')) ids.set(`${file}:1`, id);
          else if (SECTION_OPENER.test(lines[i - 1] ?? '')) ids.set(`${file}:${i}`, id);
        });
      }
      const port = server.ports[0];
      const cases = [
        ...DEFAULT_SITE_PATHS.map((p) => ({ host: 'localhost', path: p })),
        ...DEFAULT_SITE_PATHS.slice(0, 8).map((p) => ({ host: 'unknown.test', path: p })),
        ...frameworkPaths().map((p) => ({ host: 'fw.test', path: p })),
      ];
      for (const c of cases) {
        for (const client of ['127.0.0.1', '127.0.0.3']) {
          const live = seeLive(await server.request({ port, path: c.path, host: `${c.host}:${port}`, clientAddress: client }));
          const trace = traceRequest(model, { url: `http://${c.host}:${port}${c.path}`, clientAddress: client, localAddress: '127.0.0.1' });
          const sim = seeTrace(trace, ids);
          requests++;
          statuses.add(live.status);
          if (live.sections.length) withSections++;
          if (process.env.REQUEST_ORACLE_VERBOSE) console.log(`      ${c.host}${c.path} ${client}: ${live.status} ${live.handler} [${live.sections.join(' ')}]`);
          const outcomeSame = live.status === sim.status && live.location === sim.location && live.vhost === sim.vhost && live.handler === sim.handler && live.file === sim.file;
          const sectionsSame = live.sections.join(',') === sim.sections.join(',');
          if (outcomeSame) sameOutcome++;
          if (sectionsSame) sameSections++;
          if (!outcomeSame || !sectionsSame) {
            const short = (s: Seen) => JSON.stringify({ ...s, file: s.file && s.file.length > 120 ? `${s.file.slice(0, 60)}…` : s.file });
            disagreements.push(`GET http://${c.host}:${port}${c.path} from ${client}\n    httpd:     ${short(live)}\n    simulator: ${short(sim)}${trace.unknown.length ? `\n    unknown: ${trace.unknown.join('; ')}` : ''}`);
          }
        }
      }
    } finally {
      await server.stop();
    }
    const pct = (n: number) => ((100 * n) / Math.max(1, requests)).toFixed(2);
    console.log(`      request oracle (Debian example + framework .htaccess): ${requests} requests; outcome identical ${sameOutcome} (${pct(sameOutcome)}%), sections identical ${sameSections} (${pct(sameSections)}%)`);
    for (const d of disagreements) console.log(`      disagreement: ${d}`);
    // Not a vacuous pass: the requests meet several outcomes and most carry sections.
    assert.ok(statuses.size >= 5, `only statuses ${[...statuses].join(', ')}`);
    assert.ok(withSections > requests / 2, `only ${withSections} responses named their sections`);
    assert.ok(sameOutcome / requests >= 0.995, `outcome agreement ${pct(sameOutcome)}% is below 99.5%`);
    assert.ok(sameSections / requests >= 0.99, `section agreement ${pct(sameSections)}% is below 99%`);
  });
});
