// The language contribution in package.json against the files of each distribution's layout:
// every file of a stock tree opens as Apache, an application's own .conf does not.

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../../helpers/files';

interface Language {
  id: string;
  extensions: string[];
  filenames: string[];
  filenamePatterns: string[];
}

const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const language: Language = pkg.contributes.languages.find((l: Language) => l.id === 'apache-httpd');

/** VS Code's glob subset used here: `**` for any folders, `*` and `?` within one name. */
function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (glob.startsWith('**/', i)) {
      out += '(?:.*/)?';
      i += 2;
    } else if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else out += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

function isApache(file: string): boolean {
  const name = path.posix.basename(file);
  if (language.filenames.includes(name)) return true;
  if (language.extensions.some((e) => name.endsWith(e))) return true;
  return language.filenamePatterns.some((p) => globToRegExp(p).test(file));
}

const LAYOUT_FILES: Record<string, string[]> = {
  debian: ['/etc/apache2/apache2.conf', '/etc/apache2/ports.conf', '/etc/apache2/sites-available/000-default.conf', '/etc/apache2/sites-enabled/000-default.conf', '/etc/apache2/mods-available/rewrite.load', '/etc/apache2/mods-enabled/ssl.conf', '/etc/apache2/conf-available/security.conf', '/repo/ports.conf', '/repo/sites-available/example.com', '/repo/mods-available/php8.2.load'],
  rhel: ['/etc/httpd/conf/httpd.conf', '/etc/httpd/conf.d/ssl.conf', '/etc/httpd/conf.modules.d/00-base.conf', '/repo/conf/httpd.conf', '/repo/conf.d/welcome.conf', '/repo/conf.modules.d/00-mpm.conf'],
  suse: ['/etc/apache2/httpd.conf', '/etc/apache2/default-server.conf', '/etc/apache2/listen.conf', '/etc/apache2/loadmodule.conf', '/etc/apache2/vhosts.d/vhost.template', '/repo/default-server.conf', '/repo/listen.conf', '/repo/loadmodule.conf', '/repo/server-tuning.conf', '/repo/vhosts.d/site.conf', '/repo/vhosts.d/vhost-ssl.template', '/repo/sysconfig.d/loadmodule.conf'],
  alpine: ['/etc/apache2/httpd.conf', '/etc/apache2/conf.d/ssl.conf', '/repo/conf.d/default.conf'],
  arch: ['/etc/httpd/conf/httpd.conf', '/etc/httpd/conf/extra/httpd-ssl.conf', '/repo/conf/extra/httpd-vhosts.conf', '/repo/conf/extra/proxy-html.conf'],
  freebsd: ['/usr/local/etc/apache24/httpd.conf', '/usr/local/etc/apache24/extra/httpd-ssl.conf', '/usr/local/etc/apache24/Includes/site.conf', '/usr/local/etc/apache24/modules.d/200_mod_php.conf', '/repo/Includes/site.conf', '/repo/modules.d/020_mod_ssl.conf'],
  htaccess: ['/var/www/.htaccess', '/var/www/joomla/htaccess.txt', '/var/www/app/htaccess', '/var/www/app/htaccess.dist', '/var/www/app/public.htaccess'],
};

describe('file associations in package.json', () => {
  for (const [layout, files] of Object.entries(LAYOUT_FILES)) {
    it(`claims the files of a ${layout} layout`, () => {
      assert.deepStrictEqual(files.filter((f) => !isApache(f)), []);
    });
  }

  it('leaves an application\'s own files alone', () => {
    const others = ['/repo/unrelated/app.conf', '/repo/nginx/nginx.conf', '/repo/supervisord.conf', '/etc/apache2/envvars', '/repo/config/extra/app.conf', '/repo/docs/htaccess.md'];
    assert.deepStrictEqual(others.filter(isApache), []);
  });
});
