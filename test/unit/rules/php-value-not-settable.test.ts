// php-value-not-settable reads the php.ini table of the vocabulary (server/src/data/php-ini.ts):
// php_value/php_flag on a system-only setting is reported, per-directory ones and the admin forms are not.

import * as assert from 'assert';
import { phpIni } from '../../../server/src/data/php-ini';
import { analysis, ROOT } from '../../helpers/trees';

const HEAD = 'LoadModule mpm_prefork_module m.so\nLoadModule php_module libphp8.2.so\nServerName p.test\nDocumentRoot /www\n';

describe('php-value-not-settable', () => {
  it('reports php_value/php_flag naming a PHP_INI_SYSTEM setting, not the per-directory ones, the admin forms or names the table lacks', () => {
    assert.strictEqual(phpIni('allow_url_fopen')?.access, 4, 'the table says allow_url_fopen is system-only');
    const a = analysis({
      'httpd.conf': `${HEAD}<Directory /www>\n  AllowOverride All\n  php_flag allow_url_fopen Off\n  php_value memory_limit 256M\n  php_admin_flag allow_url_fopen Off\n  php_value xdebug.mode debug\n</Directory>\n`,
    });
    const found = a.findings.filter((f) => f.code === 'php-value-not-settable').map((f) => `${f.file.replace(ROOT, '')}:${f.line} ${f.message}`);
    assert.deepStrictEqual(found, [
      '/httpd.conf:6 PHP ignores php_flag allow_url_fopen: only php.ini or php_admin_flag may change it.',
    ]);
  });
});
