import * as assert from 'assert';
import { fixesFor, RULES } from '../../../server/src/rules';
import { ROOT, analysis, applyEdits, codes, tree } from '../../helpers/trees';

const BASE = 'LoadModule mpm_event_module m.so\nLoadModule authz_core_module m.so\n';

/** The body starts on line 3, after the two LoadModule lines of BASE (and `extraModules`, appended at the end). */
/** These tests look at what httpd itself checks; the advisor's opinions are tested elsewhere. */
const ADVISOR_OFF = Object.fromEntries(
  RULES.filter((r) => ['performance', 'capacity', 'security', 'migration'].includes(r.category) || ['duplicate-vhost-servername', 'directive-overridden'].includes(r.id)).map((r) => [r.id, 'off' as const]),
);

function check(body: string, extraFiles: Record<string, string> = {}, extraModules = '') {
  return analysis({ 'httpd.conf': BASE + body + extraModules, ...extraFiles }, 'httpd.conf', { rules: ADVISOR_OFF });
}

function messages(a: ReturnType<typeof analysis>, severity = 'error'): string[] {
  return a.findings.filter((f) => f.severity === severity).map((f) => `${f.code}@${f.line + 1}: ${f.message}`);
}

function applyFirstFix(a: ReturnType<typeof analysis>, code: string, title?: string): string {
  const finding = a.findings.find((f) => f.code === code)!;
  const fixes = fixesFor(finding, { model: a.model, settings: a.settings, text: (f) => a.model.parsed.get(f)?.text });
  const fix = title ? fixes.find((f) => f.title === title)! : fixes[0];
  assert.ok(fix, `no fix for ${code}`);
  return applyEdits(a.model.parsed.get(finding.file)!.text, fix.edits);
}

describe('validation rules', () => {
  it('reports an unknown directive with httpd\'s text and up to three suggestions', () => {
    const a = check('ServerNmae example.com\n');
    assert.deepStrictEqual(codes(a, 'httpd.conf', 'error'), ['unknown-directive@3']);
    assert.match(a.findings[0].message, /^Invalid command 'ServerNmae', perhaps misspelled or defined by a module not included in the server configuration\. Did you mean ServerName/);
    assert.strictEqual(applyFirstFix(a, 'unknown-directive').split('\n')[2], 'ServerName example.com');
  });

  it('tells a directive of an unloaded module from a typo, with the module to enable', () => {
    const a = check('Header set X-Frame-Options DENY\n');
    assert.deepStrictEqual(codes(a, 'httpd.conf', 'error'), ['module-not-loaded@3']);
    assert.strictEqual(a.findings[0].message, "Invalid command 'Header': mod_headers is not loaded. Load it: LoadModule headers_module modules/mod_headers.so");
    const wrapped = applyFirstFix(a, 'module-not-loaded', 'Wrap in <IfModule headers_module> (hides the directive while the module is missing)');
    assert.strictEqual(wrapped.split('\n').slice(2, 5).join('\n'), '<IfModule headers_module>\n    Header set X-Frame-Options DENY\n</IfModule>');
    const loaded = applyFirstFix(a, 'module-not-loaded', 'Load mod_headers: add LoadModule headers_module');
    assert.strictEqual(loaded.split('\n')[2], 'LoadModule headers_module ./mod_headers.so');
  });

  it('one missing module, one error: at the first use, with the others as related locations and hints', () => {
    const vhosts = Array.from({ length: 400 }, (_, i) => `<VirtualHost *:80>\nServerName v${i}.example\nRewriteEngine On\nRewriteRule ^/a /b\n</VirtualHost>\n`).join('');
    const a = check(vhosts + 'Header set X y\n');
    const errors = a.findings.filter((f) => f.severity === 'error');
    assert.deepStrictEqual(errors.map((f) => `${f.code}@${f.line + 1}`), ['module-not-loaded@5', 'module-not-loaded@2003']);
    assert.strictEqual(errors[0].message, "Invalid command 'RewriteEngine': mod_rewrite is not loaded (800 uses). Load it: LoadModule rewrite_module modules/mod_rewrite.so");
    assert.strictEqual(errors[0].related?.length, 50);
    assert.strictEqual(errors[0].related?.[0].line, 5);
    const hints = a.findings.filter((f) => f.code === 'module-not-loaded' && f.severity === 'hint');
    assert.strictEqual(hints.length, 799);
    assert.match(hints[0].message, /^RewriteRule needs mod_rewrite, which is not loaded \(reported once, at httpd\.conf:5\)\.$/);
    const fixTitles = (f: (typeof a.findings)[number]) =>
      fixesFor(f, { model: a.model, settings: a.settings, text: (x) => a.model.parsed.get(x)?.text }).map((x) => `${x.preferred ? '*' : ''}${x.title}`);
    assert.deepStrictEqual(fixTitles(errors[0]), ['*Load mod_rewrite: add LoadModule rewrite_module', 'Wrap in <IfModule rewrite_module> (hides the directive while the module is missing)']);
    assert.deepStrictEqual(fixTitles(hints[0])[0], 'Load mod_rewrite: add LoadModule rewrite_module', 'not preferred on a hint, so fix-all loads it once');
    // A user level applies to the error, the hints stay hints.
    const warned = analysis({ 'httpd.conf': BASE + vhosts }, 'httpd.conf', { rules: { ...ADVISOR_OFF, 'module-not-loaded': 'warning' } });
    assert.deepStrictEqual([...new Set(warned.findings.filter((f) => f.code === 'module-not-loaded').map((f) => f.severity))].sort(), ['hint', 'warning']);
  });

  it('enables a module on a Debian layout as a2enmod does: mods-enabled files with the content of mods-available', () => {
    const files = {
      'apache2.conf': 'IncludeOptional mods-enabled/*.load\nIncludeOptional mods-enabled/*.conf\nRewriteEngine On\nProxyFCGIBackendType FPM\n',
      'mods-enabled/mpm_event.load': 'LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\n',
      'mods-available/rewrite.load': 'LoadModule rewrite_module /usr/lib/apache2/modules/mod_rewrite.so\n',
      'mods-available/proxy.load': 'LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so\n',
      'mods-available/proxy.conf': '<IfModule mod_proxy.c>\n</IfModule>\n',
      'mods-available/proxy_fcgi.load': '# Depends: proxy\nLoadModule proxy_fcgi_module /usr/lib/apache2/modules/mod_proxy_fcgi.so\n',
    };
    const a = analysis(files, 'apache2.conf', { rules: ADVISOR_OFF });
    const errors = a.findings.filter((f) => f.severity === 'error' && f.code === 'module-not-loaded');
    assert.match(errors[0].message, /mod_rewrite is not loaded\. Enable it with a2enmod rewrite\.$/);
    const fs = tree(files);
    const ctx = { model: a.model, settings: a.settings, text: (x: string) => a.model.parsed.get(x)?.text, readFile: (x: string) => fs[x] };
    const rewrite = fixesFor(errors[0], ctx)[0];
    assert.strictEqual(rewrite.title, 'Load mod_rewrite: create mods-enabled/rewrite.load (what a2enmod rewrite does; restart httpd after)');
    assert.ok(rewrite.preferred);
    assert.deepStrictEqual(rewrite.edits, []);
    assert.deepStrictEqual(rewrite.createFiles, [{ file: `${ROOT}/mods-enabled/rewrite.load`, text: files['mods-available/rewrite.load'] }]);
    const fcgi = errors.find((f) => f.message.includes('ProxyFCGIBackendType'))!;
    assert.deepStrictEqual(fixesFor(fcgi, ctx)[0].createFiles?.map((f) => f.file.slice(ROOT.length + 1)), ['mods-enabled/proxy_fcgi.load', 'mods-enabled/proxy.load', 'mods-enabled/proxy.conf'], 'with the module it depends on');
  });

  it('suggests a2enmod on a Debian layout', () => {
    const a = analysis({ 'apache2.conf': BASE + 'RewriteEngine On\n' }, 'apache2.conf');
    assert.match(a.findings.find((f) => f.code === 'module-not-loaded')!.message, /a2enmod rewrite/);
  });

  it('reports directives and sections in a forbidden context, with httpd\'s wording', () => {
    const a = check('Require all granted\n<VirtualHost *:80>\nListen 8080\nAllowOverride None\n</VirtualHost>\n<Directory /x>\n<VirtualHost *:81>\n</VirtualHost>\n</Directory>\n');
    assert.deepStrictEqual(messages(a), [
      'directive-context@3: Require not allowed here',
      'directive-context@5: Listen cannot occur within <VirtualHost> section',
      'directive-context@6: AllowOverride not allowed in <VirtualHost> context',
      'directive-context@9: <VirtualHost not allowed in <Directory> context',
    ]);
  });

  it('does not check the context of read-time directives (LoadModule in a vhost is accepted)', () => {
    const a = check('<VirtualHost *:80>\nLoadModule rewrite_module m.so\nDefine X 1\n</VirtualHost>\n');
    assert.deepStrictEqual(messages(a), []);
  });

  it('checks argument counts and flags with httpd\'s messages', () => {
    const a = check('KeepAlive maybe\nServerName a b\nServerName ""\nDocumentRoot\n');
    assert.deepStrictEqual(a.findings.filter((f) => f.severity === 'error').map((f) => [f.code, f.line + 1]), [
      ['invalid-arguments', 3],
      ['invalid-arguments', 4],
      ['invalid-arguments', 5],
      ['invalid-arguments', 6],
    ]);
    assert.strictEqual(a.findings[0].message, 'KeepAlive must be On or Off');
    assert.match(a.findings[1].message, /^ServerName takes one argument/);
  });

  it('points at the word of a value httpd refuses, with the message of that refusal', () => {
    const body = 'LimitRequestBody 9223372036854775808\nLimitRequestBody -1\nAsyncRequestWorkerFactor 0\nRequestReadTimeout header=20-40,MinRate=500 body=-5\nDBDMax +5\n';
    const a = check(body, {}, 'LoadModule reqtimeout_module m.so\nLoadModule dbd_module m.so\n');
    const text = a.model.parsed.get(a.findings[0].file)!.text;
    assert.deepStrictEqual(a.findings.filter((f) => f.severity === 'error').map((f) => [f.line + 1, text.slice(f.start, f.end), f.message]), [
      [3, '9223372036854775808', 'LimitRequestBody argument is not parsable.'],
      [4, '-1', 'LimitRequestBody requires a non-negative integer.'],
      [5, '0', 'AsyncRequestWorkerFactor argument must be a positive number'],
      [6, 'body=-5', 'RequestReadTimeout: body=-5: Must set MinRate option if using timeout range'],
      [7, '+5', 'Argument must be numeric!'],
    ]);
    assert.deepStrictEqual(check('LimitRequestBody +5\nAsyncRequestWorkerFactor 1.5\nRequestReadTimeout header=20-40,MinRate=500\nDBDMax 010\n', {}, 'LoadModule reqtimeout_module m.so\nLoadModule dbd_module m.so\n').findings.filter((f) => f.severity === 'error'), []);
  });

  it('treats a trailing comment as an error where it breaks the directive and a warning where httpd accepts it', () => {
    const a = check('ServerAdmin me@example.com # admin\nKeepAlive On # keep\nAddType text/html .html # html files\nOptions Indexes # list\n', {}, 'LoadModule mime_module m.so\n');
    assert.deepStrictEqual(a.findings.map((f) => `${f.code}@${f.line + 1}:${f.severity}`), [
      'trailing-comment@3:error',
      'trailing-comment@4:warning',
      'trailing-comment@5:warning',
      'trailing-comment@6:error',
    ]);
    assert.strictEqual(applyFirstFix(a, 'trailing-comment').split('\n').slice(2, 4).join('\n'), '# admin\nServerAdmin me@example.com');
  });

  it('checks Options keywords and +/- mixing, with a fix', () => {
    const a = check('Options +Indexes FollowSymLinks\nOptions Bogus\n');
    assert.deepStrictEqual(messages(a), [
      'options-syntax@3: Either all Options must start with + or -, or no Option may.',
      'options-syntax@4: Illegal option Bogus',
    ]);
    assert.strictEqual(applyFirstFix(a, 'options-syntax').split('\n')[2], 'Options +Indexes +FollowSymLinks');
  });

  it('Options All or None first may be followed by signed keywords, as httpd accepts (OpenMage media/.htaccess: Options All -Indexes)', () => {
    // Each line with Debian apache2 2.4.71's verdict (apache2 -t, in a <Directory>).
    const verdicts: [string, string | undefined][] = [
      ['All -Indexes', undefined],
      ['None +Indexes', undefined],
      ['ALL -indexes', undefined],
      ['All Indexes -ExecCGI', undefined],
      ['All -Indexes +MultiViews', undefined],
      ['-Indexes All', 'Either all Options must start with + or -, or no Option may.'],
      ['+Indexes None', 'Either all Options must start with + or -, or no Option may.'],
      ['All -Indexes FollowSymLinks', 'Either all Options must start with + or -, or no Option may.'],
      ['All +Indexes Indexes', 'Either all Options must start with + or -, or no Option may.'],
      ['Indexes All -ExecCGI', "'Options All' must be the first option given."],
      ['+Indexes -All', "'Options All' must be the first option given."],
      ['All None', "'Options None' must be the first Option given."],
      ['+All', "You may not use 'Options +All' or 'Options -All'."],
      ['-None', "You may not use 'Options +None' or 'Options -None'."],
    ];
    const a = check(`<Directory /srv>\n${verdicts.map(([v]) => `Options ${v}`).join('\n')}\n</Directory>\n`);
    const got = new Map(a.findings.filter((f) => f.code === 'options-syntax').map((f) => [f.line - 3, f.message]));
    assert.deepStrictEqual(verdicts.map(([v], i) => [v, got.get(i)]), verdicts);
    // The fix leaves a leading All bare.
    const b = check('<Directory /srv>\nOptions All -Indexes FollowSymLinks\n</Directory>\n');
    assert.strictEqual(applyFirstFix(b, 'options-syntax').split('\n')[3], 'Options All -Indexes +FollowSymLinks');
  });

  it('a cache provider no loaded module registers is refused with the handler\'s message (SSLSessionCache shmcb without mod_socache_shmcb)', () => {
    const lines = 'SSLSessionCache shmcb:/run/ssl_scache(512000)\nSSLSessionCache none\nSSLSessionCache nonenotnull\nSSLStaplingCache none\nCacheSocache shmcb\nAuthnCacheSOCache dbm:/tmp/x\n';
    const mods = 'LoadModule ssl_module m.so\nLoadModule cache_module m.so\nLoadModule cache_socache_module m.so\nLoadModule authn_socache_module m.so\n';
    const a = analysis({ 'httpd.conf': BASE + mods + lines });
    const errors = a.findings.filter((f) => f.code === 'invalid-arguments').map((f) => `${f.line + 1}: ${f.message}`);
    assert.deepStrictEqual(errors, [
      "7: SSLSessionCache: 'shmcb' session cache not supported (known names: ). Maybe you need to load the appropriate socache module (mod_socache_shmcb?).",
      "10: SSLStaplingCache: 'none' stapling cache not supported (known names: ) Maybe you need to load the appropriate socache module (mod_socache_none?)",
      "11: Unknown socache provider 'shmcb'. Maybe you need to load the appropriate socache module (mod_socache_shmcb?)",
      "12: AuthnCacheSOCache: Unknown socache provider 'dbm'. Maybe you need to load the appropriate socache module (mod_socache_dbm?)",
    ]);
    // With the providers loaded (shmcb also registers 'default'), or a module we have no facts for, nothing.
    const loaded = analysis({ 'httpd.conf': BASE + mods + 'LoadModule socache_shmcb_module m.so\nLoadModule socache_dbm_module m.so\nSSLSessionCache default\nSSLStaplingCache shmcb:/run/x(128000)\nCacheSocache shmcb\nAuthnCacheSOCache dbm:/tmp/x\n' });
    assert.deepStrictEqual(loaded.findings.filter((f) => f.code === 'invalid-arguments'), []);
    const unknown = analysis({ 'httpd.conf': BASE + 'LoadModule ssl_module m.so\nLoadModule mystery_module m.so\nSSLSessionCache mystery:/x\n' });
    assert.deepStrictEqual(unknown.findings.filter((f) => f.code === 'invalid-arguments'), []);
  });

  it('reads RewriteRule and RewriteCond as mod_rewrite does (escaped blanks, doubled backslashes) and refuses unbracketed flags', () => {
    // Each accepted by Debian apache2 2.4.71 but the last two, refused with these messages.
    const a = check('LoadModule rewrite_module m.so\nRewriteEngine On\nRewriteCond %{THE_REQUEST} ^GET\\ /index\\.php\\ HTTP\nRewriteRule ^index\\.php$ / [R=301,L]\nRewriteRule ^(.*)\\\\(.*)$ /$1/$2 [R=301,L]\nRewriteRule [\\\\] - [F]\nRewriteCond %{HTTP_HOST} x NC\nRewriteRule ^a$ /b L\n');
    assert.deepStrictEqual(messages(a), ['invalid-arguments@9: RewriteCond: bad flag delimiters', 'invalid-arguments@10: RewriteRule: bad flag delimiters']);
  });

  it('refuses a RewriteBase that is not a URL-path, as mod_rewrite does (a Serendipity template left unfilled: RewriteBase {PREFIX})', () => {
    // Debian apache2 2.4.71: /app/ accepted; app/, {PREFIX} and http://x/ refused with this message.
    const a = check('LoadModule rewrite_module m.so\n<Directory /srv/www>\nRewriteBase /app/\nRewriteBase app/\nRewriteBase {PREFIX}\nRewriteBase http://x/\n</Directory>\n');
    assert.deepStrictEqual(messages(a), [6, 7, 8].map((line) => `invalid-arguments@${line}: RewriteBase: argument is not a valid URL`));
  });

  it('reports section syntax errors where httpd does', () => {
    const a = check('<Directory /tmp\n</Directory>\n<IfModule>\n</IfModule>\n<Else>\n</Else>\n<Location /a>\n</Files>\n');
    const errors = a.findings.filter((f) => f.severity === 'error').sort((x, y) => x.start - y.start);
    assert.deepStrictEqual(errors.map((f) => `${f.code}@${f.line + 1}`), [
      'section-syntax@3',
      'section-syntax@5',
      'section-syntax@7',
      'section-mismatch@10',
    ]);
  });

  it('one wrong closing tag gives one error, with the fix "Change to </Directory>"', () => {
    const a = check('<Directory /tmp>\n    Require all granted\n</Location>\n<VirtualHost *:80>\nServerName a\n</VirtualHost>\n');
    assert.deepStrictEqual(messages(a), ['section-mismatch@5: Expected </Directory> but saw </Location>']);
    const fixed = applyFirstFix(a, 'section-mismatch', 'Change to </Directory>');
    assert.strictEqual(fixed.split('\n')[4], '</Directory>');
    assert.deepStrictEqual(messages(check(fixed.split('\n').slice(2).join('\n'))), []);
    const outer = check('<VirtualHost *:80>\n    <Directory /tmp>\n    Require all granted\n</VirtualHost>\n');
    assert.deepStrictEqual(messages(outer), ['section-mismatch@6: Expected </Directory> but saw </VirtualHost>']);
    const closed = applyFirstFix(outer, 'section-mismatch', 'Close <Directory> before this tag');
    assert.strictEqual(closed.split('\n').slice(5, 7).join('\n'), '</Directory>\n</VirtualHost>');
  });

  it('requires exactly one MPM in a full configuration, and refuses mod_php on a threaded MPM', () => {
    assert.deepStrictEqual(codes(analysis({ 'httpd.conf': 'LoadModule authz_core_module m.so\n' }), 'httpd.conf', 'error'), ['no-mpm@1']);
    assert.deepStrictEqual(codes(analysis({ 'httpd.conf': BASE + 'Listen 80\nListen 80\nListen 127.0.0.1:80\n' }), 'httpd.conf', 'error'), ['duplicate-listen@4']);
    assert.deepStrictEqual(codes(analysis({ 'httpd.conf': BASE + 'LoadModule mpm_prefork_module m.so\n' }), 'httpd.conf', 'error'), ['multiple-mpm@3']);
    const php = analysis({ 'httpd.conf': BASE + 'LoadModule php_module libphp8.2.so\n' });
    assert.deepStrictEqual(codes(php, 'httpd.conf', 'error'), ['php-threaded-mpm@3']);
    assert.match(php.findings[0].message, /^Apache is running a threaded MPM, but your PHP Module is not compiled to be threadsafe\./);
  });

  it('warns about <IfModule> name forms httpd never matches, and greys out false blocks', () => {
    const a = check('<IfModule mod_headers>\nHeader set A b\n</IfModule>\n');
    assert.deepStrictEqual(a.findings.map((f) => `${f.code}@${f.line + 1}:${f.severity}`), ['ifmodule-name-form@3:warning', 'inactive-block@3:hint']);
    assert.strictEqual(applyFirstFix(a, 'ifmodule-name-form').split('\n')[2], '<IfModule mod_headers.c>');
  });

  it('reports an unknown rule id in a suppression comment', () => {
    const a = check('# httpd-lint disable-next-line no-such-rule\nListen 80\n');
    assert.deepStrictEqual(codes(a), ['suppression-unknown-rule@3']);
  });

  it('reports nothing for a clean configuration', () => {
    const a = check('Listen 80\nServerName example.com\n<Directory /srv/www>\n    Options -Indexes +FollowSymLinks\n    Require all granted\n</Directory>\n');
    assert.deepStrictEqual(a.findings, []);
    assert.ok(ROOT);
  });
});
