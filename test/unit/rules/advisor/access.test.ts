import * as assert from 'assert';
import { applyFix, run, server, titles, where } from './harness';
import { analysis, codes, tree } from '../../../helpers/trees';

const COMPAT = server('event', 'access_compat', 'authz_host');
const dir = (path: string, body: string) => `<Directory ${path}>\n${body}</Directory>\n`;

/** The text after the quick fix for a one-section tree. */
function converted(body: string, path = '/srv/www'): string | undefined {
  const r = run('access-compat', { 'httpd.conf': COMPAT + dir(path, body) });
  assert.strictEqual(r.found.length, 1);
  if (!titles(r).length) return undefined;
  return applyFix(r)['httpd.conf'].slice(COMPAT.length);
}

describe('advisor: access control', () => {
  describe('access-compat', () => {
    it('reports one finding per section, on its first line, with the rest as related lines', () => {
      const files = {
        'httpd.conf': `${COMPAT}Include conf.d/*.conf\n`,
        'conf.d/a.conf': dir('/srv/a', '    Order allow,deny\n    Allow from all\n') + dir('/srv/b', '    Deny from all\n'),
      };
      assert.deepStrictEqual(where('access-compat', files), ['conf.d/a.conf:2', 'conf.d/a.conf:6']);
      const f = run('access-compat', files).found[0];
      assert.strictEqual(f.severity, 'warning');
      assert.match(f.message, /Here it means `Require all granted`\./);
      assert.deepStrictEqual(f.related?.map((x) => x.line + 1), [3]);
    });

    it('a file included twice is one finding whose fix edits each line once', () => {
      const files = { 'httpd.conf': `${COMPAT}Include deny.inc\nInclude deny.inc\n`, 'deny.inc': 'Order deny,allow\nDeny from all\n' };
      const r = run('access-compat', files);
      assert.strictEqual(r.found.length, 1);
      assert.strictEqual(applyFix(r)['deny.inc'], 'Require all denied\n');
    });

    it('converts the common forms exactly, keeping indentation', () => {
      assert.strictEqual(converted('    Order allow,deny\n    Allow from all\n'), dir('/srv/www', '    Require all granted\n'));
      assert.strictEqual(converted('    Order deny,allow\n    Deny from all\n'), dir('/srv/www', '    Require all denied\n'));
      assert.strictEqual(converted('\tOrder Allow,Deny\n'), dir('/srv/www', '\tRequire all denied\n'));
      assert.strictEqual(converted('  Deny from all\n'), dir('/srv/www', '  Require all denied\n'), 'Order defaults to deny,allow');
      assert.strictEqual(converted('  Order deny,allow\n  Deny from all\n  Allow from 10.0.0.0/8 192.168.1.5\n'), dir('/srv/www', '  Require ip 10.0.0.0/8 192.168.1.5\n'));
      assert.strictEqual(converted('  Order allow,deny\n  Allow from 127.0.0.1 ::1 10.1\n'), dir('/srv/www', '  Require ip 127.0.0.1 ::1 10.1\n'));
      assert.strictEqual(converted('  Order allow,deny\n  Allow from example.com .example.org\n'), dir('/srv/www', '  Require host example.com .example.org\n'));
      assert.strictEqual(converted('  Order deny,allow\n  Deny from all\n  Allow from 10.0.0.1 example.com\n  Allow from env=LOCAL\n'), dir('/srv/www', '  Require ip 10.0.0.1\n  Require host example.com\n  Require env LOCAL\n'));
    });

    it('keeps other lines, comments and CRLF untouched', () => {
      const body = '    # legacy\r\n    Options None\r\n    Order allow,deny\r\n    AllowOverride None\r\n    Allow from all\r\n';
      assert.strictEqual(converted(body), dir('/srv/www', '    # legacy\r\n    Options None\r\n    Require all granted\r\n    AllowOverride None\r\n'));
    });

    it('refuses the ambiguous forms, saying why', () => {
      const refused: [string, RegExp][] = [
        ['Order allow,deny\nAllow from all\nDeny from 10.1.2.3\n', /mixes Allow and Deny lists/],
        ['Order deny,allow\nDeny from all\nAllow from 10.0.0.1\nSatisfy any\n', /Satisfy combines host access/],
        ['Order deny,allow\nAllow from 10.0.0.1\n', /lets everyone in, whatever the Allow line says/],
        ['Order mutual-failure\nAllow from all\n', /Order mutual-failure has no one-line Require equivalent/],
        ['Order deny,allow\nDeny from all\nAllow from env=!BLOCKED\n', /some Allow targets have no Require equivalent/],
      ];
      for (const [body, why] of refused) {
        assert.strictEqual(converted(body), undefined, body);
        assert.match(run('access-compat', { 'httpd.conf': COMPAT + dir('/srv/www', body) }).found[0].related?.[0].message ?? '', why);
      }
    });

    it('refuses when 2.2-style lines of a parent directory would be inherited once these are gone', () => {
      const files = { 'httpd.conf': COMPAT + dir('/srv', 'Order deny,allow\nDeny from all\nAllow from 10.0.0.0/8\n') + dir('/srv/www/public', 'Order allow,deny\nAllow from all\n') };
      const r = run('access-compat', files);
      assert.deepStrictEqual(r.found.map((f) => f.line + 1), [6, 11]);
      assert.match(r.found[1].message, /no automatic fix/);
      assert.match(r.found[1].related?.[0].message ?? '', /no automatic fix: 2\.2-style lines at httpd\.conf:6 may apply/);
      assert.deepStrictEqual(titles({ a: r.a, found: [r.found[1]] }), []);
      // The parent itself has nothing above it: its fix is exact.
      assert.deepStrictEqual(titles(r), [['Replace with Require ip 10.0.0.0/8', true]]);
    });

    it('still converts when the other 2.2-style sections are siblings, Files or Location (merged later)', () => {
      const files = { 'httpd.conf': COMPAT + dir('/srv/a', 'Order allow,deny\nAllow from all\n') + dir('/srv/b', 'Deny from all\n') + '<Location /admin>\nDeny from all\n</Location>\n' };
      const r = run('access-compat', files);
      assert.deepStrictEqual(r.found.map((f) => f.line + 1), [6, 10, 13]);
      assert.deepStrictEqual(titles(r), [['Replace with Require all granted', true]]);
      assert.deepStrictEqual(titles({ a: r.a, found: [r.found[2]] }), [], 'a Location may inherit from the directories');
    });

    it('refuses per-method lines inside <Limit>', () => {
      const r = run('access-compat', { 'httpd.conf': COMPAT + dir('/srv/www', '<Limit POST>\nOrder deny,allow\nDeny from all\n</Limit>\n') });
      assert.strictEqual(r.found.length, 1);
      assert.deepStrictEqual(titles(r), []);
    });

    it('works on a lone .htaccess, skipping the 2.2 fallback branch of the usual IfModule pair', () => {
      const pair = '<IfModule mod_authz_core.c>\n    Require all denied\n</IfModule>\n<IfModule !mod_authz_core.c>\n    Order deny,allow\n    Deny from all\n</IfModule>\n';
      assert.deepStrictEqual(where('access-compat', { 'www/.htaccess': pair }, {}, 'www/.htaccess'), []);
      const r = run('access-compat', { 'www/.htaccess': 'Order allow,deny\nAllow from all\n' }, {}, 'www/.htaccess');
      assert.deepStrictEqual(applyFix(r), { 'www/.htaccess': 'Require all granted\n' });
    });

    it('where the section\'s own Require says the same, says so once and removes the 2.2 lines', () => {
      const body = '    Options FollowSymLinks\n    Order allow,deny\n    Allow from all\n    Require all granted\n';
      const r = run('access-compat', { 'httpd.conf': COMPAT + dir('/srv/www', body) });
      assert.deepStrictEqual(r.found.map((f) => f.line + 1), [7]);
      assert.strictEqual(r.found[0].message, 'Order/Allow/Deny is 2.2 access control, kept only by mod_access_compat. It repeats the `Require all granted` beside it, so both decide the same: remove it.');
      assert.deepStrictEqual(titles(r), [['Remove the 2.2-style lines (Require all granted already says it)', true]]);
      assert.strictEqual(applyFix(r)['httpd.conf'].slice(COMPAT.length), dir('/srv/www', '    Options FollowSymLinks\n    Require all granted\n'));
      // Denied both ways, in an .htaccess file.
      const denied = run('access-compat', { 'www/.htaccess': 'Require all denied\nOrder deny,allow\nDeny from all\n' }, {}, 'www/.htaccess');
      assert.deepStrictEqual(applyFix(denied), { 'www/.htaccess': 'Require all denied\n' });
    });

    it('keeps the rewrite when the Require lines say something else, or 2.2 lines above may be inherited', () => {
      const other = run('access-compat', { 'httpd.conf': COMPAT + dir('/srv/www', 'Order allow,deny\nAllow from all\nRequire ip 10.0.0.0/8\n') });
      assert.match(other.found[0].message, /Here it means `Require all granted`/);
      const inherited = run('access-compat', { 'httpd.conf': COMPAT + dir('/srv', 'Order deny,allow\nDeny from all\n') + dir('/srv/www', 'Order allow,deny\nAllow from all\nRequire all granted\n') });
      assert.match(inherited.found[1].message, /no automatic fix/);
    });

    it('is silent where 2.2 lines are inactive', () => {
      assert.deepStrictEqual(where('access-compat', { 'httpd.conf': COMPAT + dir('/srv', '<IfDefine OLD>\nOrder deny,allow\n</IfDefine>\nRequire all granted\n') }), []);
    });
  });

  describe('mixed-access-control', () => {
    it('warns on the first Require of a section that also has 2.2 lines, in Require containers too', () => {
      const files = { 'httpd.conf': `${COMPAT}Include sites/*.conf\n`, 'sites/a.conf': dir('/srv/a', 'Order allow,deny\nAllow from all\n<RequireAll>\nRequire valid-user\n</RequireAll>\n') };
      assert.deepStrictEqual(where('mixed-access-control', files), ['sites/a.conf:5']);
      const f = run('mixed-access-control', files).found[0];
      assert.match(f.message, /Require and 2\.2-style Order\/Allow in one section/);
      assert.deepStrictEqual(f.related?.map((x) => x.line + 1), [2, 3]);
    });

    it('is silent when the two styles are in different sections, or one side is inactive', () => {
      assert.deepStrictEqual(where('mixed-access-control', { 'httpd.conf': COMPAT + dir('/srv/a', 'Order allow,deny\nAllow from all\n') + dir('/srv/b', 'Require all granted\n') }), []);
      assert.deepStrictEqual(where('mixed-access-control', { 'httpd.conf': COMPAT + dir('/srv/a', '<IfModule !mod_authz_core.c>\nOrder allow,deny\n</IfModule>\nRequire all granted\n') }), []);
    });

    it('leaves a section whose Require and 2.2 lines say the same to access-compat: one finding, not two', () => {
      const section = dir('/srv/www', 'Order allow,deny\nAllow from all\nRequire all granted\n');
      assert.deepStrictEqual(where('mixed-access-control', { 'httpd.conf': COMPAT + section }), []);
      const all = analysis(tree({ 'httpd.conf': COMPAT + section }));
      assert.deepStrictEqual(codes(all).filter((c) => /access/.test(c)), ['access-compat@6']);
      // Saying something else, or with 2.2 lines above that the section may inherit, the mix is still reported.
      assert.deepStrictEqual(where('mixed-access-control', { 'httpd.conf': COMPAT + dir('/srv/www', 'Order allow,deny\nAllow from all\nRequire valid-user\n') }), ['httpd.conf:8']);
      const above = COMPAT + dir('/srv', 'Order deny,allow\nDeny from all\n') + section;
      assert.deepStrictEqual(where('mixed-access-control', { 'httpd.conf': above }), ['httpd.conf:12']);
    });

    it('in a lone .htaccess, does not take the two branches of an IfModule pair for a mix', () => {
      const pair = '<IfModule mod_authz_core.c>\n    Require all denied\n</IfModule>\n<IfModule !mod_authz_core.c>\n    Order deny,allow\n    Deny from all\n</IfModule>\n';
      assert.deepStrictEqual(where('mixed-access-control', { 'www/.htaccess': pair }, {}, 'www/.htaccess'), []);
      assert.deepStrictEqual(where('mixed-access-control', { 'www/.htaccess': 'Order deny,allow\nDeny from all\nRequire all granted\n' }, {}, 'www/.htaccess'), ['www/.htaccess:3']);
    });
  });
});
