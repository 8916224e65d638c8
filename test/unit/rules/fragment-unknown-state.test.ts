// A fragment read on its own (module state unknown, ServerRoot unknown) gets no certain errors for
// what depends on the tree it belongs to: unknown directive names and relative Includes.

import * as assert from 'assert';
import { ROOT, analysis } from '../../helpers/trees';

const FRAGMENT = { moduleStateKnown: false };

function findings(files: Record<string, string>, main: string, extra: Record<string, unknown> = FRAGMENT) {
  return analysis(files, main, {}, extra).findings.map((f) => ({ code: f.code, line: f.line + 1, severity: f.severity, message: f.message }));
}

describe('fragment with module state unknown', () => {
  it('an unknown directive is a warning that keeps the "did you mean" suggestions', () => {
    const got = findings({ 'part.conf': 'FooBarEnable On\nServerNmae a.example\n' }, 'part.conf').filter((f) => f.code === 'unknown-directive');
    assert.deepStrictEqual(got.map((f) => [f.line, f.severity]), [[1, 'warning'], [2, 'warning']]);
    assert.match(got[0].message, /^FooBarEnable is not in the knowledge base; .*if a module provides it/);
    assert.match(got[1].message, /Did you mean ServerName/);
  });

  it('the same names in a tree whose modules are known stay httpd\'s Invalid command error', () => {
    const got = findings({ 'httpd.conf': 'LoadModule mpm_event_module m.so\nLoadModule authz_core_module m.so\nFooBarEnable On\n' }, 'httpd.conf', {});
    assert.deepStrictEqual(got.filter((f) => f.code === 'unknown-directive').map((f) => [f.line, f.severity]), [[3, 'error']]);
    assert.match(got.find((f) => f.code === 'unknown-directive')!.message, /^Invalid command 'FooBarEnable'/);
  });

  it('a directive removed in 2.4 is still an error in a fragment (no module brings it back)', () => {
    const got = findings({ 'part.conf': 'RewriteLog logs/rewrite.log\n' }, 'part.conf').filter((f) => f.code === 'unknown-directive');
    assert.deepStrictEqual(got.map((f) => f.severity), ['error']);
  });

  it('a relative Include matching nothing is information, one per Include, while ServerRoot is unknown', () => {
    const got = findings({ 'mods-available/dav_svn.load': 'Include mods-enabled/dav.load\nInclude conf/*.conf\nLoadModule dav_svn_module m.so\n' }, 'mods-available/dav_svn.load');
    const includes = got.filter((f) => f.code === 'include-not-found');
    assert.deepStrictEqual(includes.map((f) => [f.line, f.severity]), [[1, 'information'], [2, 'information']]);
    assert.match(includes[0].message, /^ServerRoot unknown: /);
    assert.deepStrictEqual(got.filter((f) => f.severity === 'error'), []);
  });

  it('an absolute Include, a ServerRoot directive or a given server root keep the error', () => {
    const absolute = findings({ 'part.conf': `Include ${ROOT}/missing.conf\n` }, 'part.conf');
    assert.deepStrictEqual(absolute.filter((f) => f.code === 'include-not-found').map((f) => f.severity), ['error']);
    const withRoot = findings({ 'part.conf': `ServerRoot ${ROOT}\nInclude missing.conf\n` }, 'part.conf');
    assert.deepStrictEqual(withRoot.filter((f) => f.code === 'include-not-found').map((f) => f.severity), ['error']);
    const given = findings({ 'part.conf': 'Include missing.conf\n' }, 'part.conf', { ...FRAGMENT, serverRoot: ROOT });
    assert.deepStrictEqual(given.filter((f) => f.code === 'include-not-found').map((f) => f.severity), ['error']);
    const tree = findings({ 'httpd.conf': 'LoadModule mpm_event_module m.so\nInclude missing.conf\n' }, 'httpd.conf', {});
    assert.deepStrictEqual(tree.filter((f) => f.code === 'include-not-found').map((f) => f.severity), ['error']);
  });
  it('a module loaded in two <IfModule> blocks kept active for want of the main configuration is no duplicate (Fedora 01-cgi.conf)', () => {
    const cgi = '<IfModule mpm_worker_module>\n  LoadModule cgid_module modules/mod_cgid.so\n</IfModule>\n<IfModule mpm_event_module>\n  LoadModule cgid_module modules/mod_cgid.so\n</IfModule>\n<IfModule mpm_prefork_module>\n  LoadModule cgi_module modules/mod_cgi.so\n</IfModule>\n';
    assert.deepStrictEqual(findings({ '01-cgi.conf': cgi }, '01-cgi.conf').filter((f) => f.code === 'module-duplicate'), []);
    // Twice at the top level is a duplicate whatever the tree.
    const twice = findings({ 'part.conf': 'LoadModule cgid_module modules/mod_cgid.so\nLoadModule cgid_module modules/mod_cgid.so\n' }, 'part.conf');
    assert.deepStrictEqual(twice.filter((f) => f.code === 'module-duplicate').map((f) => f.line), [2]);
    // In a tree whose modules are known, only the block of the loaded MPM is read.
    const tree = findings({ 'httpd.conf': `LoadModule mpm_event_module m.so\n${cgi}LoadModule cgid_module m.so\n` }, 'httpd.conf', {});
    assert.deepStrictEqual(tree.filter((f) => f.code === 'module-duplicate').map((f) => f.line), [11]);
  });
  it('an unknown name inside <IfModule> of a module the knowledge base does not know is information (Magento 2 .htaccess, ModSecurity 1)', () => {
    const text = '<IfModule mod_security.c>\n    SecFilterEngine Off\n</IfModule>\n<IfModule mod_xyz.c>\n  <IfModule mod_headers.c>\n    XyzFilter off\n  </IfModule>\n</IfModule>\n<IfModule mod_headers.c>\n    SecFilterScanPOST Off\n</IfModule>\n<IfModule !mod_foo.c>\n    FooBarEnable On\n</IfModule>\n';
    const got = findings({ '.htaccess': text }, '.htaccess', { ...FRAGMENT, mainScope: 'htaccess' }).filter((f) => f.code === 'unknown-directive');
    assert.deepStrictEqual(got.map((f) => [f.line, f.severity]), [[2, 'information'], [6, 'information'], [10, 'warning'], [13, 'warning']]);
    assert.match(got[0].message, /read only when mod_security\.c is loaded/);
  });
});
