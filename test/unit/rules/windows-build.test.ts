// A Windows tree (XAMPP for Windows, Apache Lounge) checked on Linux: its httpd compiles in
// mpm_winnt and mod_win32, loads log_config as a DLL, and the Windows loader brings in the DLL a
// module needs (mod_dav_lock before mod_dav loads). Under Debian's rules the fourth real-world
// sweep found four false errors per XAMPP tree (no-mpm, module-builtin, two module-load-order)
// and, with a drive-letter ServerRoot, an include-not-found error per relative Include.

import * as assert from 'assert';
import { mpmLabel } from '../../../server/src/model';
import { statusLabel } from '../../../server/src/service/profile';
import { analysis } from '../../helpers/trees';

const XAMPP = (serverRoot: string): Record<string, string> => ({
  'httpd.conf': `
    Define SRVROOT "${serverRoot}"
    ServerRoot "${serverRoot}"
    Listen 80
    LoadModule authz_core_module modules/mod_authz_core.so
    LoadModule dav_lock_module modules/mod_dav_lock.so
    LoadModule log_config_module modules/mod_log_config.so
    LoadModule cache_disk_module modules/mod_cache_disk.so
    LoadModule isapi_module modules/mod_isapi.so
    <IfModule mpm_winnt_module>
      ThreadsPerChild 150
    </IfModule>
    Include conf/extra/httpd-xampp.conf
  `,
  'conf/extra/httpd-xampp.conf': 'ServerName localhost\n',
});

describe('a Windows tree checked on Linux', () => {
  for (const root of ['C:/xampp/apache', 'c:\\Apache24', '/xampp/apache', '/xampp-7.0.15/apache']) {
    it(`ServerRoot ${root}: the Windows build, no error`, () => {
      const files = XAMPP(root);
      const a = analysis({ 'conf/httpd.conf': files['httpd.conf'], 'conf/extra/httpd-xampp.conf': files['conf/extra/httpd-xampp.conf'] }, 'conf/httpd.conf');
      assert.deepStrictEqual(a.findings.filter((f) => f.severity === 'error').map((f) => `${f.code}: ${f.message}`), []);
      assert.strictEqual(a.model.modules.get('mpm_winnt_module')?.isStatic, true);
      assert.strictEqual(a.model.modules.get('log_config_module')?.isStatic, false);
      assert.ok(a.model.files.some((f) => f.endsWith('conf/extra/httpd-xampp.conf')), a.model.files.join(' '));
      // The profile and hovers name the compiled-in MPM instead of "no MPM".
      assert.strictEqual(mpmLabel(a.model), 'winnt');
      assert.strictEqual(statusLabel(a.model), 'Apache · winnt');
    });
  }

  it('a Linux ServerRoot keeps Debian\'s verdicts on the same lines', () => {
    const files = XAMPP('/etc/apache2');
    const a = analysis({ 'conf/httpd.conf': files['httpd.conf'], 'conf/extra/httpd-xampp.conf': files['conf/extra/httpd-xampp.conf'] }, 'conf/httpd.conf');
    const errors = a.findings.filter((f) => f.severity === 'error').map((f) => f.code);
    for (const code of ['no-mpm', 'module-builtin', 'module-load-order']) assert.ok(errors.includes(code), errors.join(' '));
  });
});
