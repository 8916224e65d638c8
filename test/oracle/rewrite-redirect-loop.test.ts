// rewrite-redirect-loop against the live httpd: the configuration is linted, then served on
// loopback; for every reported loop the test follows the Location headers and must come back to
// the URL it started from, and the guarded rules the rule stays silent on must not loop.

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { lintReport } from '../../server/src/cli/report';
import { liveHttpdAvailable, loadModules, rawRequest, startHttpd, type LiveHttpd } from '../helpers/live-httpd';

const RULES = [
  'RewriteEngine On',
  // A loop: the target matches the pattern again.
  'RewriteRule ^/maint/(.*)$ /maint/down.html [R=302,L]',
  // A cycle of two rules.
  'RewriteRule ^/a$ /b [R,L]',
  'RewriteRule ^/b$ /a [R,L]',
  // A loop through %{HTTP_HOST} and %{REQUEST_URI} (meant to force https, written http).
  'RewriteRule ^/q/ http://%{HTTP_HOST}%{REQUEST_URI} [R=301,L]',
  // Guarded: the target is excluded, so no loop.
  'RewriteCond %{REQUEST_URI} !^/ok/index\\.html$',
  'RewriteRule ^/ok/(.*)$ /ok/index.html [R,L]',
  // Undecidable: a header decides the second request, so nothing is reported.
  'RewriteCond %{HTTP:X-Forwarded-Proto} !https',
  'RewriteRule ^/h/(.*)$ /h/$1 [R,L]',
  // One redirect to elsewhere, then served.
  'RewriteRule ^/old/(.*)$ /new/$1 [R=301,L]',
];

describe('rewrite-redirect-loop against the live httpd', function () {
  this.timeout(120000);
  let httpd: LiveHttpd | undefined;
  let dir = '';
  let conf = '';
  let lines: string[] = [];
  let findings: { line: number; message: string }[] = [];

  before(async function () {
    if (!liveHttpdAvailable()) this.skip();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rewrite-loop-'));
    fs.chmodSync(dir, 0o755);
    const docroot = path.join(dir, 'www');
    fs.mkdirSync(path.join(docroot, 'ok'), { recursive: true });
    fs.writeFileSync(path.join(docroot, 'ok', 'index.html'), 'ok');
    httpd = await startHttpd({
      dir,
      config: ({ ports: [port] }) => {
        const text = [
          loadModules(['mpm_event', 'authz_core', 'mime', 'rewrite']),
          `Listen 127.0.0.1:${port}`,
          `<VirtualHost 127.0.0.1:${port}>`,
          'ServerName loop.test',
          `DocumentRoot ${docroot}`,
          `<Directory ${docroot}>\nRequire all granted\n</Directory>`,
          ...RULES,
          '</VirtualHost>',
          '',
        ].join('\n');
        // The same text is linted (the harness prepends only PidFile, ErrorLog and the like).
        conf = path.join(dir, 'linted.conf');
        lines = text.split('\n');
        fs.writeFileSync(conf, text);
        return text;
      },
    });
    findings = lintReport({ main: conf, serverRoot: dir }).diagnostics
      .filter((d) => d.code === 'rewrite-redirect-loop')
      .map((d) => ({ line: d.range.start.line + 1, message: d.message }));
  });

  after(async () => {
    await httpd?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Follows Locations from a URL: the list of URLs requested, until a repeat or a non-redirect. */
  async function follow(url: string, limit = 6): Promise<{ visited: string[]; looped: boolean; status: number }> {
    const visited: string[] = [];
    let current = url;
    for (let i = 0; i < limit; i++) {
      const u = new URL(current);
      visited.push(current);
      const res = await rawRequest(httpd!.ports[0], 'GET', u.pathname + u.search, { Host: u.host });
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return { visited, looped: false, status: res.status };
      if (visited.includes(location)) return { visited: [...visited, location], looped: true, status: res.status };
      current = location;
    }
    return { visited, looped: false, status: 0 };
  }

  it('reports the loops httpd really runs into, and only those', async () => {
    const lineOf = (rule: string): number => lines.indexOf(rule) + 1;
    const reported = findings.map((f) => f.line).sort((a, b) => a - b);
    const expected = [
      'RewriteRule ^/maint/(.*)$ /maint/down.html [R=302,L]', 'RewriteRule ^/a$ /b [R,L]', 'RewriteRule ^/b$ /a [R,L]',
      'RewriteRule ^/q/ http://%{HTTP_HOST}%{REQUEST_URI} [R=301,L]',
    ].map(lineOf);
    assert.deepStrictEqual(reported, expected, findings.map((f) => `${f.line}: ${f.message}`).join('\n'));
    const port = httpd!.ports[0];
    // Each reported loop: its first Location, requested from the live server, comes back.
    for (const f of findings) {
      const start = /(http:\/\/\S+?)(?: is redirected| ->)/.exec(f.message)?.[1];
      assert.ok(start, f.message);
      const live = await follow(start.replace('//loop.test/', `//loop.test:${port}/`).replace('//loop.test?', `//loop.test:${port}?`));
      assert.ok(live.looped, `line ${f.line}: httpd does not loop from ${start}: ${live.visited.join(' -> ')}`);
    }
    // The silent ones: one redirect, then an answer that is not a redirect.
    for (const target of ['/ok/x', '/old/x']) {
      const live = await follow(`http://loop.test:${port}${target}`);
      assert.ok(!live.looped, `${target} loops: ${live.visited.join(' -> ')}`);
      assert.strictEqual(live.visited.length, 2, live.visited.join(' -> '));
    }
  });
});
