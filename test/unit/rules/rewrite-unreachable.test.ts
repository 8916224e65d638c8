import * as assert from 'assert';
import { analysis, codes } from '../../helpers/trees';

const BASE = 'LoadModule mpm_event_module m.so\nLoadModule authz_core_module m.so\nLoadModule rewrite_module m.so\n<Directory /srv/www>\nRewriteEngine On\n';

function unreachable(rules: string): string[] {
  const a = analysis({ 'httpd.conf': `${BASE}${rules}</Directory>\n` });
  return codes(a, 'httpd.conf', 'warning').filter((c) => c.startsWith('rewrite-unreachable'));
}

describe('rewrite-unreachable', () => {
  it('reports the rules after an unconditional catch-all that ends the pass', () => {
    assert.deepStrictEqual(unreachable('RewriteRule ^ index.php [L]\nRewriteRule ^feed$ feed.php [L]\n'), ['rewrite-unreachable@7']);
  });

  it('a catch-all at the end of a chain runs only when the chain matched (Omeka S .htaccess.dist)', () => {
    const rules = 'RewriteCond %{REQUEST_FILENAME} -f\nRewriteRule !\\.php$ - [NC,C]\nRewriteRule .* - [L]\nRewriteRule ^(.*)$ index.php [L]\n';
    assert.deepStrictEqual(unreachable(rules), []);
  });

  it('a catch-all that an earlier [S=n] can skip does not block the rules after it', () => {
    assert.deepStrictEqual(unreachable('RewriteRule ^static/ - [S=2]\nRewriteRule x y\nRewriteRule .* index.php [L]\nRewriteRule ^a$ b [L]\n'), []);
    // Past the skip's reach the catch-all always runs again.
    assert.deepStrictEqual(unreachable('RewriteRule ^static/ - [S=1]\nRewriteRule x y\nRewriteRule .* index.php [L]\nRewriteRule ^a$ b [L]\n'), ['rewrite-unreachable@9']);
  });
});
