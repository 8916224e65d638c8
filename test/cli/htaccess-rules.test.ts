// The static .htaccess rules through the real CLI process: a tree checked out under another
// path (--map), per-server AllowOverride, suppression and the rule setting.

import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot } from '../helpers/files';

const CLI = path.join(repoRoot, 'bin', 'httpd-lint');

function lint(args: string[]) {
  const result = spawnSync(process.execPath, [CLI, '--format', 'json', ...args], { encoding: 'utf8' });
  return { code: result.status, report: JSON.parse(result.stdout) as { diagnostics: { code: string; message: string; severity: string; range: { start: { line: number } } }[] } };
}

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'htaccess-rules-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const MAIN = [
  'LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so',
  'LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so',
  'LoadModule headers_module /usr/lib/apache2/modules/mod_headers.so',
  'DocumentRoot /srv/site/www',
  '<Directory /srv/site/www>',
  '    AllowOverride AuthConfig',
  '</Directory>',
  '<Directory /srv/site/www/static>',
  '    AllowOverride None',
  '</Directory>',
  '',
].join('\n');

const HTACCESS = 'Require all granted\nHeader set X-Frame-Options DENY\n';

describe('htaccess-never-read and htaccess-override-denied (CLI)', () => {
  let dir: string;
  before(() => {
    dir = tree({
      'conf/httpd.conf': MAIN,
      'www/app/.htaccess': HTACCESS,
      'www/static/.htaccess': HTACCESS,
      'www/suppressed/.htaccess': `Require all granted\n# httpd-lint disable-next-line htaccess-override-denied\nHeader set X 1\n`,
      'elsewhere/.htaccess': HTACCESS,
    });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const map = (): string[] => ['--map', `/srv/site=${dir}`];

  it("reports httpd's 500 message on the directive whose class AllowOverride does not grant", () => {
    const { code, report } = lint([...map(), path.join(dir, 'www/app/.htaccess')]);
    assert.strictEqual(code, 1);
    const denied = report.diagnostics.filter((d) => d.code === 'htaccess-override-denied');
    assert.strictEqual(denied.length, 1, JSON.stringify(report.diagnostics));
    assert.strictEqual(denied[0].range.start.line, 1);
    assert.match(denied[0].message, /^Header not allowed here: requests under this directory get status 500; AllowOverride at .*httpd\.conf:6 does not grant FileInfo/);
  });

  it('says a file under AllowOverride None is never read, and nothing else about it', () => {
    const { report } = lint([...map(), path.join(dir, 'www/static/.htaccess')]);
    assert.deepStrictEqual(report.diagnostics.map((d) => [d.code, d.severity, d.range.start.line]), [['htaccess-never-read', 'warning', 0]]);
    assert.match(report.diagnostics[0].message, /^httpd never reads this file: AllowOverride None applies to \/srv\/site\/www\/static \(.*httpd\.conf:9\)/);
  });

  it('keeps quiet about a directory the configuration does not map', () => {
    const { report } = lint([...map(), path.join(dir, 'elsewhere/.htaccess')]);
    assert.deepStrictEqual(report.diagnostics.filter((d) => d.code.startsWith('htaccess-')), []);
  });

  it('honours inline suppression and the rule setting', () => {
    const suppressed = lint([...map(), path.join(dir, 'www/suppressed/.htaccess')]);
    assert.deepStrictEqual(suppressed.report.diagnostics.filter((d) => d.code.startsWith('htaccess-')), []);
    const off = lint([...map(), '--rule', 'htaccess-override-denied=off', '--rule', 'htaccess-never-read=off', path.join(dir, 'www/app/.htaccess')]);
    assert.deepStrictEqual(off.report.diagnostics.filter((d) => d.code.startsWith('htaccess-')), []);
  });

  it('reports only what every server that reads the file refuses', () => {
    const vhosts = tree({
      'conf/httpd.conf': `${MAIN}<VirtualHost *:80>\n    ServerName a.example\n    <Directory /srv/site/www/app>\n        AllowOverride FileInfo AuthConfig\n    </Directory>\n</VirtualHost>\n`,
      'www/app/.htaccess': `${HTACCESS}Options None\n`,
    });
    try {
      const { report } = lint(['--map', `/srv/site=${vhosts}`, path.join(vhosts, 'www/app/.htaccess')]);
      const denied = report.diagnostics.filter((d) => d.code === 'htaccess-override-denied');
      assert.deepStrictEqual(denied.map((d) => d.message.split(':')[0]), ['Options not allowed here']);
    } finally {
      fs.rmSync(vhosts, { recursive: true, force: true });
    }
  });
});
