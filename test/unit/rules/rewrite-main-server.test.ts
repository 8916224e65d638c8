// The main server keeps one rewrite rule list, whatever file its lines are in: conditions and
// RewriteEngine On at the end of an included file belong with the rule after the Include (Debian's
// sugarplum snippet), and a second file's top-level rules join the same list.

import * as assert from 'assert';
import { analysis } from '../../helpers/trees';

const HEAD = 'LoadModule mpm_event_module m.so\nLoadModule authz_core_module m.so\nLoadModule rewrite_module m.so\n';
const REWRITE = /^rewrite-/;

function rewriteFindings(files: Record<string, string>, main = 'httpd.conf', extra: Record<string, unknown> = {}): string[] {
  return analysis(files, main, {}, extra).findings.filter((f) => REWRITE.test(f.code)).map((f) => `${f.code} ${f.file.replace(/^.*\//, '')}:${f.line + 1}`);
}

describe('rewrite rules of the main server across files', () => {
  it('takes the conditions and the engine of an included file for the rule after the Include', () => {
    const files = {
      'httpd.conf': `${HEAD}Include agents.conf\nRewriteCond %{REQUEST_URI} !^/trap/\nRewriteRule .* /trap/ [PT]\n`,
      'agents.conf': 'RewriteEngine on\nRewriteCond %{HTTP_USER_AGENT} harvest [NC,OR]\nRewriteCond %{HTTP_USER_AGENT} siphon [NC]\n',
    };
    assert.deepStrictEqual(rewriteFindings(files), []);
  });

  it('still reports conditions that no rule of the main server follows, and a main server never turned on', () => {
    const dangling = { 'httpd.conf': `${HEAD}RewriteEngine On\nRewriteRule ^a$ /b [L]\nInclude tail.conf\n`, 'tail.conf': 'RewriteCond %{HTTPS} off\n' };
    assert.deepStrictEqual(rewriteFindings(dangling), ['rewrite-cond-dangling tail.conf:1']);
    const off = { 'httpd.conf': `${HEAD}Include rules.conf\n`, 'rules.conf': 'RewriteRule ^a$ /b [R=301,L]\n' };
    assert.deepStrictEqual(rewriteFindings(off), ['rewrite-engine-off rules.conf:1']);
  });

  it('keeps each virtual host and each .htaccess file its own list', () => {
    const files = {
      'httpd.conf': `${HEAD}RewriteEngine On\nRewriteCond %{HTTPS} off\n<VirtualHost *:80>\nRewriteEngine On\nRewriteRule ^a$ /b [L]\n</VirtualHost>\n`,
    };
    assert.deepStrictEqual(rewriteFindings(files), ['rewrite-cond-dangling httpd.conf:5']);
  });

  it('in a file read on its own, conditions at its end may be the including file\'s: information, not a warning', () => {
    const agents = { 'agents.conf': 'RewriteEngine on\nRewriteCond %{HTTP_USER_AGENT} harvest [NC,OR]\nRewriteCond %{HTTP_USER_AGENT} siphon [NC]\n' };
    const lone = analysis(agents, 'agents.conf', {}, { moduleStateKnown: false }).findings.filter((f) => f.code === 'rewrite-cond-dangling');
    assert.deepStrictEqual(lone.map((f) => [f.line + 1, f.severity]), [[2, 'information'], [3, 'information']]);
    assert.match(lone[0].message, /fine if the file that includes it writes one after the Include/);
    // Inside a section of its own, or in an .htaccess file, nothing can complete them.
    const inSection = { 'site.conf': '<Directory /srv>\nRewriteEngine on\nRewriteCond %{HTTPS} off\n</Directory>\n' };
    assert.deepStrictEqual(rewriteFindings(inSection, 'site.conf', { moduleStateKnown: false }), ['rewrite-cond-dangling site.conf:3']);
    const htaccess = analysis({ 'www/.htaccess': 'RewriteEngine on\nRewriteCond %{HTTPS} off\n' }, 'www/.htaccess', {}, { mainScope: 'htaccess', moduleStateKnown: false }).findings.filter((f) => f.code === 'rewrite-cond-dangling');
    assert.deepStrictEqual(htaccess.map((f) => f.severity), ['warning']);
  });
});
