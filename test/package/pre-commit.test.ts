// The pre-commit hook run by pre-commit itself: a scratch project whose .pre-commit-config.yaml
// points at a git copy of this repository, so pre-commit installs the hook as `language: node`
// does for users (npm install, npm pack with its prepack build, npm install -g of the tarball)
// and runs it on commits.

import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot } from '../helpers/files';

const SKIP = new Set(['node_modules', '.cache', 'dist', '.git', 'test-results']);

function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

function must(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): string {
  const r = sh(cmd, args, cwd, env);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.code}):\n${r.out}`);
  return r.out;
}

describe('pre-commit hook httpd-lint (installed and run by pre-commit)', function () {
  this.timeout(600000);
  let dir: string;
  let project: string;
  let env: NodeJS.ProcessEnv;

  before(function () {
    if (spawnSync('pre-commit', ['--version']).status !== 0) throw new Error('pre-commit is not installed (scripts/setup-packaging.sh installs it)');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-pre-commit-'));
    env = {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k))),
      PRE_COMMIT_HOME: path.join(dir, 'pre-commit-home'),
      GIT_AUTHOR_NAME: 'test',
      GIT_AUTHOR_EMAIL: 'test@example.invalid',
      GIT_COMMITTER_NAME: 'test',
      GIT_COMMITTER_EMAIL: 'test@example.invalid',
      GIT_CONFIG_GLOBAL: '/dev/null',
      // Packages already in the npm cache are not fetched again (CI ran npm ci before).
      npm_config_prefer_offline: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
    };
    // The hook repository: this checkout's files (not its build output), committed in a fresh
    // repository, so the test works the same whether or not the checkout is a git work tree.
    const hooks = path.join(dir, 'hook-repo');
    fs.cpSync(repoRoot, hooks, { recursive: true, verbatimSymlinks: true, filter: (src) => !SKIP.has(path.basename(src)) || path.dirname(src) !== repoRoot });
    must('git', ['init', '-q'], hooks, env);
    must('git', ['add', '-A'], hooks, env);
    must('git', ['commit', '-q', '--no-verify', '-m', 'hook repository'], hooks, env);
    const rev = must('git', ['rev-parse', 'HEAD'], hooks, env).trim();

    project = path.join(dir, 'project');
    fs.mkdirSync(project);
    must('git', ['init', '-q'], project, env);
    fs.writeFileSync(path.join(project, '.pre-commit-config.yaml'), `repos:\n  - repo: ${hooks}\n    rev: ${rev}\n    hooks:\n      - id: httpd-lint\n`);
    fs.cpSync(path.join(repoRoot, 'examples', 'debian-prefork-php'), path.join(project, 'etc', 'apache2'), { recursive: true, verbatimSymlinks: true });
    must('git', ['add', '-A'], project, env);
    must('pre-commit', ['install'], project, env);
    // Installs the hook's environment once (what the first commit would do), timed for the log.
    const t0 = Date.now();
    must('pre-commit', ['install-hooks'], project, env);
    console.log(`      hook environment installed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  });

  it('lets a commit of a whole Debian tree with warnings only through (its files in one run)', () => {
    const r = sh('git', ['commit', '-q', '-m', 'Debian tree'], project, env);
    assert.strictEqual(r.code, 0, r.out);
    assert.match(r.out, /httpd-lint\.+Passed/);
    // What the hook was given: apache2.conf and ports.conf, not the *-available/ files httpd does not read.
    const verbose = sh('pre-commit', ['run', '--verbose', '--files', 'etc/apache2/apache2.conf', 'etc/apache2/ports.conf', 'etc/apache2/mods-available/ssl.conf', 'etc/apache2/sites-available/default-ssl.conf'], project, env);
    assert.strictEqual(verbose.code, 0, verbose.out);
    assert.match(verbose.out, /apache2\.conf:111:18: warning prefork-keepalive-timeout/);
    assert.doesNotMatch(verbose.out, /ssl\.conf/);
  });

  it('refuses a commit with an error finding and shows it', () => {
    fs.mkdirSync(path.join(project, 'etc', 'httpd'), { recursive: true });
    fs.writeFileSync(path.join(project, 'etc', 'httpd', 'httpd.conf'), 'LoadModule mpm_event_module modules/mod_mpm_event.so\nListne 80\n');
    must('git', ['add', 'etc/httpd/httpd.conf'], project, env);
    const r = sh('git', ['commit', '-q', '-m', 'typo'], project, env);
    assert.strictEqual(r.code, 1, r.out);
    assert.match(r.out, /httpd-lint\.+Failed/);
    assert.match(r.out, /etc\/httpd\/httpd\.conf:2:1: error unknown-directive: Invalid command 'Listne'/);
    assert.strictEqual(sh('git', ['rev-list', '--count', 'HEAD'], project, env).out.trim(), '1', 'no commit was made');
    fs.writeFileSync(path.join(project, 'etc', 'httpd', 'httpd.conf'), 'LoadModule mpm_event_module modules/mod_mpm_event.so\nListen 80\n');
    must('git', ['add', 'etc/httpd/httpd.conf'], project, env);
    const fixed = sh('git', ['commit', '-q', '-m', 'fixed'], project, env);
    assert.strictEqual(fixed.code, 0, fixed.out);
  });

  it('does not look at .conf files of other programs', () => {
    fs.mkdirSync(path.join(project, 'nginx'));
    fs.writeFileSync(path.join(project, 'nginx', 'nginx.conf'), 'events {}\nhttp { server { listen 80; } }\n');
    must('git', ['add', 'nginx/nginx.conf'], project, env);
    const r = sh('git', ['commit', '-q', '-m', 'nginx'], project, env);
    assert.strictEqual(r.code, 0, r.out);
    assert.match(r.out, /httpd-lint\.+\(no files to check\)Skipped/);
  });
});
