import * as assert from 'assert';
import { highlightsAt, prepareRenameAt, referencesAt, renameAt } from '../../../server/src/service/references';
import { workspaceSymbols } from '../../../server/src/service/workspace-symbols';
import { applyEdits, model, ROOT, tree } from '../../helpers/trees';

const files = {
  'httpd.conf': [
    'Define DOCS /srv/www',
    'Define LOGS /var/log/httpd',
    '<IfDefine DOCS>',
    'DocumentRoot "${DOCS}/main"',
    '</IfDefine>',
    '<IfDefine !DOCS>',
    'DocumentRoot /srv/none',
    '</IfDefine>',
    'RewriteMap lower int:tolower',
    'RewriteEngine on',
    'RewriteRule ^/(.*) /${lower:$1} [PT]',
    'Include sites/*.conf',
    '',
  ].join('\n'),
  'sites/a.conf': [
    '<VirtualHost *:80>',
    '    ServerName www.example.com:80',
    '    ServerAlias example.com *.example.com',
    '    DocumentRoot ${DOCS}/a',
    '    ErrorLog ${LOGS}/a.log',
    '    Alias /static "/srv/static/"',
    '    <Directory /srv/static>',
    '        Require all granted',
    '    </Directory>',
    '    RewriteCond ${lower:%{HTTP_HOST}} ^www',
    '</VirtualHost>',
    '<VirtualHost *:443>',
    '    ServerName https://example.com',
    '</VirtualHost>',
    '',
  ].join('\n'),
};
const main = `${ROOT}/httpd.conf`;
const site = `${ROOT}/sites/a.conf`;
const at = (file: string, needle: string, delta = 1): number => {
  const text = (file === main ? files['httpd.conf'] : files['sites/a.conf']);
  const i = text.indexOf(needle);
  assert.ok(i >= 0, needle);
  return i + delta;
};
const where = (places: { file: string; line: number; start: number; end: number }[], texts: Record<string, string>): string[] =>
  places.map((p) => `${p.file.slice(ROOT.length + 1)}:${p.line + 1} ${texts[p.file].slice(p.start, p.end)}`);

describe('references and rename of names', () => {
  const m = model(files);
  const texts = tree(files);

  it('finds a Define name at its Define, <IfDefine> (negated too) and every ${NAME} of the tree', () => {
    const refs = referencesAt(m, site, at(site, '${DOCS}', 3), true);
    assert.deepStrictEqual(where(refs, texts), ['httpd.conf:1 DOCS', 'httpd.conf:3 DOCS', 'httpd.conf:4 DOCS', 'httpd.conf:6 DOCS', 'sites/a.conf:4 DOCS']);
    assert.deepStrictEqual(where(referencesAt(m, main, at(main, 'DOCS'), false), texts).length, 4, 'without the declaration');
    assert.deepStrictEqual(highlightsAt(m, site, at(site, '${DOCS}', 3)).map((p) => p.role), ['use']);
  });

  it('renames a Define in every file, leaving the other text byte for byte', () => {
    const result = renameAt(m, main, at(main, 'DOCS'), 'SITE_DOCS');
    assert.ok(result && 'edits' in result);
    const after = applyEdits(texts[main], result.edits.filter((e) => e.file === main));
    assert.strictEqual(after, texts[main].replaceAll('DOCS', 'SITE_DOCS'));
    const afterSite = applyEdits(texts[site], result.edits.filter((e) => e.file === site));
    assert.strictEqual(afterSite, texts[site].replace('${DOCS}', '${SITE_DOCS}'));
  });

  it('refuses invalid and colliding names, and names set by -D or envvars', () => {
    assert.match((renameAt(m, main, at(main, 'DOCS'), 'a:b') as { error: string }).error, /not a valid Define name/);
    assert.match((renameAt(m, main, at(main, 'DOCS'), 'LOGS') as { error: string }).error, /already names another Define name/);
    const withCli = model(files, 'httpd.conf', { defines: ['LOGS'] });
    assert.match((prepareRenameAt(withCli, site, at(site, '${LOGS}', 3)) as { error: string }).error, /set by -D on httpd's command line/);
    const debian = model({ ...files, envvars: 'export APACHE_LOG_DIR=/var/log/apache2\n', 'httpd.conf': `${files['httpd.conf']}ErrorLog \${APACHE_LOG_DIR}/error.log\n` });
    const text = tree({ 'httpd.conf': `${files['httpd.conf']}ErrorLog \${APACHE_LOG_DIR}/error.log\n` })[main];
    const check = prepareRenameAt(debian, main, text.indexOf('APACHE_LOG_DIR') + 2) as { error: string };
    assert.match(check.error, /APACHE_LOG_DIR is set in envvars:1/);
  });

  it('finds and renames host names of ServerName and ServerAlias without case, keeping scheme and port', () => {
    const refs = referencesAt(m, site, at(site, 'example.com *'), true);
    assert.deepStrictEqual(where(refs, texts), ['sites/a.conf:3 example.com', 'sites/a.conf:13 example.com']);
    const result = renameAt(m, site, at(site, 'www.example'), 'web.example.org') as { edits: { file: string; start: number; end: number; newText: string }[] };
    assert.strictEqual(applyEdits(texts[site], result.edits), texts[site].replace('ServerName www.example.com:80', 'ServerName web.example.org:80'));
    assert.match((renameAt(m, site, at(site, 'www.example'), '*.example.org') as { error: string }).error, /ServerName takes no wildcards/);
  });

  it('links a RewriteMap to each ${map:...} lookup', () => {
    const refs = referencesAt(m, site, at(site, '${lower:', 3), true);
    assert.deepStrictEqual(where(refs, texts), ['httpd.conf:9 lower', 'httpd.conf:11 lower', 'sites/a.conf:10 lower']);
    assert.deepStrictEqual(referencesAt(m, main, at(main, '{DOCS}') - 100, true), []);
  });

  it('links an Alias target to the <Directory> of the same path and renames both, trailing slash kept', () => {
    const refs = referencesAt(m, site, at(site, '<Directory /srv', 13), true);
    assert.deepStrictEqual(where(refs, texts), ['sites/a.conf:6 /srv/static', 'sites/a.conf:7 /srv/static']);
    const result = renameAt(m, site, at(site, '"/srv/static', 3), '/srv/assets/') as { edits: { file: string; start: number; end: number; newText: string }[] };
    assert.strictEqual(applyEdits(texts[site], result.edits), texts[site].replace('"/srv/static/"', '"/srv/assets/"').replace('<Directory /srv/static>', '<Directory /srv/assets>'));
    const written = model({ ...files, 'sites/a.conf': `Define STATIC /srv/static\n${files['sites/a.conf'].replace('<Directory /srv/static>', '<Directory ${STATIC}>')}` });
    const siteText = tree({ x: `Define STATIC /srv/static\n${files['sites/a.conf']}` })[`${ROOT}/x`];
    const refused = prepareRenameAt(written, site, siteText.indexOf('"/srv/static') + 3) as { error: string };
    assert.match(refused.error, /Alias target at a\.conf:8 is written with a \$\{VAR\}/);
  });

  it('lists vhosts by ServerName and address, sections, Defines and modules; matches loosely', () => {
    const withModules = model({ ...files, 'httpd.conf': `LoadModule rewrite_module modules/mod_rewrite.so\n${files['httpd.conf']}` });
    const names = (q: string): string[] => workspaceSymbols([withModules], q).map((s) => `${s.kind} ${s.name} | ${s.container}`);
    // The vhost first, then what sits inside it.
    assert.deepStrictEqual(names('www.example.com'), ['vhost www.example.com:80 | <VirtualHost *:80>', 'section <Directory /srv/static> | www.example.com:80']);
    assert.deepStrictEqual(names('*:443'), ['vhost https://example.com | <VirtualHost *:443>']);
    assert.deepStrictEqual(names('rewrite'), ['module rewrite_module | modules/mod_rewrite.so']);
    assert.deepStrictEqual(names('DOCS'), ['define DOCS | /srv/www']);
    assert.deepStrictEqual(names('dirstatic'), ['section <Directory /srv/static> | www.example.com:80']);
    assert.ok(names('wwexcom').includes('vhost www.example.com:80 | <VirtualHost *:80>'), 'characters in order');
    assert.strictEqual(names('').length, 6, '2 vhosts, 1 section, 2 Defines, 1 module');
    assert.deepStrictEqual(names('zzzz'), []);
  });
});
