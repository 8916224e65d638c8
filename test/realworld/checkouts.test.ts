// Files from repositories as their authors committed them, checked where the checkout puts them
// (the fifth sweep's false findings): no -d, no ServerRoot mapping given, the server's module
// links not committed. Sources and licences in SOURCES.md.

import * as assert from 'assert';
import * as path from 'path';
import { lintReport } from '../../server/src/cli/report';
import { REALWORLD_DIR } from './tree';

const lint = (file: string) => lintReport({ main: path.join(REALWORLD_DIR, 'checkouts', file) });
const codes = (report: ReturnType<typeof lint>, severity: string) => report.diagnostics.filter((d) => d.severity === severity).map((d) => `${d.code} ${d.range.start.line + 1}`);

describe('real-world files read as a checkout keeps them', () => {
  it('a buildpack\'s module list (LoadModule log_config_module modules/…) is no Debian "built-in" error', () => {
    const report = lint('osc-website-pa/.bp-config/httpd/extra/httpd-modules.conf');
    assert.deepStrictEqual(codes(report, 'error'), []);
    assert.ok(report.server.modules.includes('log_config_module'));
  });

  it('an Apache Lounge conf/httpd.conf with ServerRoot "${SRVROOT}" = "./" reads conf/extra/ from the folder above conf/', () => {
    const report = lint('apachehttpd24config/conf/httpd.conf');
    assert.ok(report.files.some((f) => f.endsWith(path.join('conf', 'extra', 'httpd-vhosts.conf'))), report.files.join('\n'));
    // The three extras the repository does not keep stay httpd's error; no module-builtin, no conf/conf/.
    assert.deepStrictEqual(codes(report, 'error'), ['include-not-found 498', 'include-not-found 507', 'include-not-found 533']);
    assert.ok(report.diagnostics.every((d) => !d.message.includes(`conf${path.sep}conf${path.sep}`)));
  });

  it('security headers in <IfModule mod_ssl.c> of a checkout without mods-enabled/ get a note, not "never sent"', () => {
    const report = lint('aaronhorler-server/etc/apache2/sites-available/default-ssl.conf');
    assert.deepStrictEqual(codes(report, 'warning'), []);
    const note = report.diagnostics.find((d) => d.code === 'ifmodule-never-loaded');
    assert.strictEqual(note?.severity, 'information');
    assert.match(note?.message ?? '', /mods-enabled\/ is not in this tree/);
  });
});
