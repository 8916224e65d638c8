// php_value and php_flag change a php.ini setting per directory, and PHP takes them only for
// settings changeable there (PHP_INI_PERDIR or PHP_INI_ALL). A system-only setting
// (allow_url_fopen, disable_functions…) is dropped without a word: the line looks in force.

import { phpIni, settableBy } from '../data/php-ini';
import { activeUses } from '../model';
import type { Rule } from './lib/types';
import { wordSpan } from './lib/util';

export const phpValueNotSettable: Rule = {
  id: 'php-value-not-settable',
  category: 'hygiene',
  defaultSeverity: 'warning',
  summary: 'php_value or php_flag names a php.ini setting PHP accepts only from php.ini or php_admin_value/php_admin_flag; PHP ignores the line.',
  check(ctx) {
    for (const directive of ['php_value', 'php_flag']) {
      for (const use of activeUses(ctx.model, directive)) {
        const entry = phpIni(use.args[0] ?? '');
        if (!entry || settableBy(entry, use.key) || !use.words[0]) continue;
        const admin = directive.replace('php_', 'php_admin_');
        const where = use.scope === 'htaccess' ? ' in the server configuration' : '';
        ctx.report({ ...wordSpan(use, use.words[0]), message: `PHP ignores ${directive} ${entry.name}: only php.ini or ${admin}${where} may change it.` });
      }
    }
  },
};
