import * as assert from 'assert';
import { fixesFor } from '../../../server/src/rules';
import { analysis, applyEdits, codes } from '../../helpers/trees';

const BASE = 'LoadModule mpm_event_module m.so\nLoadModule authz_core_module m.so\nLoadModule rewrite_module m.so\n<Directory /srv/www>\nRewriteEngine On\n';

function check(rules: string) {
  return analysis({ 'httpd.conf': `${BASE}${rules}</Directory>\n` });
}

describe('rewrite-leading-slash', () => {
  it('flags a slash the pattern demands after ^, and its fix drops only that slash', () => {
    const a = check('RewriteRule ^/old/(.*)$ new/$1 [L]\nRewriteRule !^/app - [F]\n');
    assert.deepStrictEqual(codes(a, 'httpd.conf', 'warning'), ['rewrite-leading-slash@6', 'rewrite-leading-slash@7']);
    const finding = a.findings.find((f) => f.code === 'rewrite-leading-slash')!;
    assert.match(finding.message, /Write \^old\/\(\.\*\)\$\.$/);
    const fix = fixesFor(finding, { model: a.model, settings: a.settings, text: (f) => a.model.parsed.get(f)?.text })[0];
    assert.strictEqual(applyEdits(a.model.parsed.get(finding.file)!.text, fix.edits).split('\n')[5], 'RewriteRule ^old/(.*)$ new/$1 [L]');
  });

  it('leaves a slash that may be absent alone: ^/? ^/* ^/{0,1} match in directory context too (EspoCRM writes ^/?data/)', () => {
    const a = check('RewriteRule ^/?data/ - [F]\nRewriteRule ^/*vendor/ - [F]\nRewriteRule ^/{0,1}custom/ - [F]\nRewriteRule ^/+x - [F]\n');
    assert.deepStrictEqual(codes(a, 'httpd.conf', 'warning').filter((c) => c.startsWith('rewrite-leading-slash')), []);
  });
});
