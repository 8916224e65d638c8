// httpd-lint trace --home: UserDir's relative form with home directories named on the command
// line, over this machine's /etc/passwd or, with --exists, instead of it.

import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot } from '../helpers/files';

const CLI = path.join(repoRoot, 'bin', 'httpd-lint');

function trace(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, 'trace', '--format', 'json', ...args], { cwd: repoRoot, encoding: 'utf8' });
  return { code: r.status, json: r.status === 0 ? JSON.parse(r.stdout) : undefined, stderr: r.stderr };
}

describe('cli: httpd-lint trace --home', () => {
  let dir: string;
  let conf: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trace-home-'));
    fs.mkdirSync(path.join(dir, 'homes', 'carol', 'public_html'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'homes', 'carol', 'public_html', 'c.txt'), 'c');
    conf = path.join(dir, 'httpd.conf');
    fs.writeFileSync(
      conf,
      ['mpm_event', 'authz_core', 'alias', 'mime', 'dir', 'userdir'].map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`).join('\n') +
      `\nListen 80\nDocumentRoot ${dir}/www\n<Directory ${dir}>\n  Require all granted\n</Directory>\nUserDir public_html\n`,
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('maps ~user into the home directory --home names, on the disk', () => {
    const r = trace(['--home', `carol=${dir}/homes/carol`, 'http://localhost/~carol/c.txt', conf]);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.deepStrictEqual([r.json.outcome.status, r.json.outcome.file], [200, `${dir}/homes/carol/public_html/c.txt`]);
  });

  it('with --exists reads no passwd file: only --home users exist', () => {
    const declared = ['--exists', '/srv/homes/dave/public_html/d.txt', '--exists', '/root/public_html/r.txt'];
    const dave = trace([...declared, '--home', 'dave=/srv/homes/dave', 'http://localhost/~dave/d.txt', conf]);
    assert.strictEqual(dave.json.outcome.file, '/srv/homes/dave/public_html/d.txt');
    const root = trace([...declared, '--home', 'dave=/srv/homes/dave', 'http://localhost/~root/r.txt', conf]);
    assert.ok(root.json.steps.some((s: { message: string }) => /there is no user root/.test(s.message)));
    assert.strictEqual(root.json.outcome.status, 404);
  });

  it('httpd-lint test takes homes from the requests file, shared and per case', () => {
    const requests = path.join(dir, 'requests.yaml');
    fs.writeFileSync(
      requests,
      [
        'exists: [/srv/homes/dave/public_html/d.txt, /srv/homes/erin/public_html/e.txt]',
        'homes: {dave: /srv/homes/dave}',
        'cases:',
        '  - url: http://localhost/~dave/d.txt',
        '    expect: {status: 200, file: /srv/homes/dave/public_html/d.txt}',
        '  - url: http://localhost/~erin/e.txt',
        '    homes: {erin: /srv/homes/erin}',
        '    expect: {status: 200, file: /srv/homes/erin/public_html/e.txt}',
        '  - url: http://localhost/~erin/e.txt',
        '    expect: {status: 404}',
        '',
      ].join('\n'),
    );
    const r = spawnSync(process.execPath, [CLI, 'test', requests, conf], { cwd: repoRoot, encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /3 requests: 3 passed, 0 failed/);
    fs.writeFileSync(requests, 'homes: {dave: srv/dave}\ncases:\n  - url: http://localhost/~dave/\n    expect: {status: 200}\n');
    const bad = spawnSync(process.execPath, [CLI, 'test', requests, conf], { cwd: repoRoot, encoding: 'utf8' });
    assert.strictEqual(bad.status, 2);
    assert.match(bad.stderr, /the home of 'dave' must be an absolute path/);
  });

  it('refuses a --home without USER=/absolute/dir', () => {
    const r = trace(['--home', 'carol', 'http://localhost/~carol/', conf]);
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /--home takes USER=\/absolute\/dir/);
  });
});
