// The advisor over the real-world corpus in test/fixtures/corpus, read the way httpd-lint reads
// it. Each expected finding was checked by hand against the files (see the comments); anything
// new here is either a regression or a finding to judge and add.

import * as assert from 'assert';
import * as path from 'path';
import { lintAnalysis } from '../../../../server/src/cli/report';
import { listFiles, repoRoot } from '../../../helpers/files';
import { ADVISOR } from './harness';

const CORPUS = path.join(repoRoot, 'test', 'fixtures', 'corpus');

function advisorFindings(main: string, env: Record<string, string> = {}): string[] {
  const a = lintAnalysis({ main, env });
  return a.findings
    .filter((f) => ADVISOR.includes(f.code))
    .map((f) => `${f.code} ${path.relative(CORPUS, f.file)}:${f.line + 1}`)
    .sort();
}

describe('advisor: corpus', () => {
  it('Debian apache2 2.4.71 default tree: only what really holds there, and no errors', () => {
    const main = path.join(CORPUS, 'debian-apache2', 'apache2.conf');
    assert.deepStrictEqual(advisorFindings(main), [
      // <Directory /var/www/> Options Indexes FollowSymLinks, mod_autoindex enabled.
      'directory-listing debian-apache2/apache2.conf:171',
      // ServerSignature On in conf-enabled/security.conf.
      'server-signature-on debian-apache2/conf-enabled/security.conf:23',
      // ServerTokens OS in conf-enabled/security.conf.
      'server-tokens-full debian-apache2/conf-enabled/security.conf:12',
      // Timeout 300 (httpd's default is 60).
      'timeout-high debian-apache2/apache2.conf:92',
      // The .git DirectoryMatch in security.conf is commented out.
      'vcs-folder-served debian-apache2/sites-enabled/000-default.conf:12',
    ]);
    const errors = lintAnalysis({ main, env: {} }).findings.filter((f) => f.severity === 'error' && ADVISOR.includes(f.code));
    assert.deepStrictEqual(errors, []);
  });

  it('every .htaccess of httpd-tests, Laravel and Symfony: no advisor finding', () => {
    const files = listFiles(CORPUS).filter((f) => path.basename(f) === '.htaccess');
    assert.ok(files.length >= 188, `only ${files.length} .htaccess files`);
    const found = files.flatMap((f) => advisorFindings(f));
    assert.deepStrictEqual(found, []);
  });
});
