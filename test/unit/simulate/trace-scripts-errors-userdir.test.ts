// ScriptAlias (the cgi-script handler), ErrorDocument (text, remote URL, internal redirect and
// its failure) and UserDir (every form) in the request simulator, on declared file trees.
// test/oracle/requests.test.ts proves the same behaviour against the live httpd.

import * as assert from 'assert';
import { buildModel, memoryFileSystem } from '../../../server/src/model';
import { declaredFileView, parsePasswd, tableHomes, traceRequest, type TraceFileView, type TraceOptions } from '../../../server/src/simulate';

const MODULES = ['mpm_prefork', 'authz_core', 'authz_host', 'mime', 'dir', 'alias', 'headers', 'cgi', 'userdir', 'access_compat']
  .map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`)
  .join('\n');

function model(conf: string) {
  return buildModel({ mainFile: '/srv/httpd.conf', fs: memoryFileSystem({ '/srv/httpd.conf': `${MODULES}\nListen 80\nServerName main.test\nDocumentRoot /www/main\n<Directory />\n  Require all denied\n</Directory>\n<Directory /www>\n  Require all granted\n</Directory>\n${conf}` }) });
}

/** Declared files; every file under /www/cgi* has the execute bit except noexec.cgi. */
function tree(paths: string[]): TraceFileView {
  const view = declaredFileView(paths);
  return { ...view, executable: (p) => (view.stat(p) === 'file' ? p.startsWith('/www/cgi') && !p.endsWith('noexec.cgi') : undefined) };
}

const FILES = tree([
  '/www/cgi/ok.cgi', '/www/cgi/noexec.cgi', '/www/cgi/t.txt', '/www/cgi/sub/x.cgi', '/www/cgi2/a.cgi',
  '/www/main/a.txt', '/www/main/err/404.html', '/www/main/err/index.html', '/www/main/priv/p.html',
  '/www/users/alice/pub/x.txt', '/www/users/alice/x.txt', '/www/home/bob/public_html/b.txt',
]);
const HOMES = tableHomes({ bob: '/www/home/bob', root: '/root' });
const OPTIONS: TraceOptions = { files: FILES, homes: HOMES };

function outcome(conf: string, url: string, options: TraceOptions = OPTIONS) {
  return traceRequest(model(conf), { url: `http://main.test${url}` }, options).outcome;
}

describe('simulate: ScriptAlias gives the cgi-script handler', () => {
  const conf = 'ScriptAlias /cgi-bin/ /www/cgi/\nScriptAliasMatch "^/sm/(.*)" "/www/cgi/$1"\nAlias /c2 /www/cgi2\n<Directory /www/cgi2>\n  AddHandler cgi-script .cgi\n</Directory>\n';
  it('runs an executable script without ExecCGI, whatever its extension', () => {
    for (const url of ['/cgi-bin/ok.cgi', '/cgi-bin/t.txt', '/sm/sub/x.cgi', '/cgi-bin/ok.cgi/extra']) {
      const o = outcome(conf, url);
      assert.deepStrictEqual([o.status, o.handler], [200, 'cgi'], url);
    }
    assert.strictEqual(outcome(conf, '/cgi-bin/ok.cgi').file, '/www/cgi/ok.cgi');
  });
  it('answers 500 for a file without execute permission, 404 for a missing one, 403 for a directory', () => {
    assert.deepStrictEqual([outcome(conf, '/cgi-bin/noexec.cgi').status, outcome(conf, '/cgi-bin/missing.cgi').status, outcome(conf, '/cgi-bin/').status], [500, 404, 403]);
    const slash = outcome(conf, '/cgi-bin/sub');
    assert.deepStrictEqual([slash.status, slash.location], [301, 'http://main.test/cgi-bin/sub/']);
  });
  it('lets SetHandler win over ScriptAlias, and needs ExecCGI for AddHandler cgi-script elsewhere', () => {
    const php = outcome(`${conf}<Files t.txt>\n  SetHandler text-plain-none\n</Files>\n`, '/cgi-bin/t.txt');
    assert.notStrictEqual(php.handler, 'cgi');
    assert.deepStrictEqual([outcome(conf, '/c2/a.cgi').status, outcome(conf, '/c2/missing.cgi').status], [403, 403]);
    const withExec = conf.replace('AddHandler cgi-script .cgi', 'AddHandler cgi-script .cgi\n  Options +ExecCGI');
    assert.deepStrictEqual([outcome(withExec, '/c2/a.cgi').status, outcome(withExec, '/c2/a.cgi').handler], [200, 'cgi']);
  });
  it('says so when the file view cannot tell whether a script is executable', () => {
    const r = traceRequest(model(conf), { url: 'http://main.test/cgi-bin/ok.cgi' }, { files: declaredFileView(['/www/cgi/ok.cgi']) });
    assert.strictEqual(r.outcome.handler, 'cgi');
    assert.ok(r.unknown.some((u) => /executable/.test(u)));
  });
});

describe('simulate: ErrorDocument', () => {
  it('answers with a text, or 302 to a remote URL (ignored for 401)', () => {
    const text = outcome('ErrorDocument 404 "not here"\n', '/missing');
    assert.deepStrictEqual([text.status, text.handler, text.errorDocument?.value], [404, 'error-document', 'not here']);
    const remote = outcome('ErrorDocument 404 http://errors.test/404\n', '/missing');
    assert.deepStrictEqual([remote.status, remote.location], [302, 'http://errors.test/404']);
    const auth = outcome('ErrorDocument 401 http://errors.test/401\n<Location /a.txt>\n  AuthType Basic\n  AuthName x\n  AuthUserFile /dev/null\n  Require valid-user\n</Location>\n', '/a.txt');
    assert.deepStrictEqual([auth.status, auth.location, auth.handler], [401, null, 'unauthorized']);
  });
  it('follows a local URL: the error document is served with the original status', () => {
    const o = outcome('ErrorDocument 404 /err/404.html\n', '/missing');
    assert.deepStrictEqual([o.status, o.handler, o.file], [404, 'static', '/www/main/err/404.html']);
    const dir = outcome('ErrorDocument 404 /err/\n', '/missing');
    assert.deepStrictEqual([dir.status, dir.file], [404, '/www/main/err/index.html']);
    const post = traceRequest(model('ErrorDocument 404 /err/404.html\n'), { url: 'http://main.test/missing', method: 'POST' }, OPTIONS);
    assert.deepStrictEqual([post.outcome.status, post.outcome.file], [404, '/www/main/err/404.html']);
  });
  it('sends the built-in response when the error document fails too, without looping', () => {
    const loop = outcome('ErrorDocument 404 /also-missing.html\n', '/missing');
    assert.deepStrictEqual([loop.status, loop.handler, loop.file], [404, 'not-found', null]);
    const refused = outcome('ErrorDocument 404 /priv/p.html\n<Directory /www/main/priv>\n  Require all denied\n</Directory>\n', '/missing');
    assert.deepStrictEqual([refused.status, refused.handler], [404, 'not-found']);
  });
  it('serves an error document under the refused sections themselves (httpd does not check access again)', () => {
    const o = outcome('ErrorDocument 403 /priv/p.html\n<Directory /www/main/priv>\n  Require all denied\n</Directory>\n', '/priv/x.txt');
    assert.deepStrictEqual([o.status, o.handler, o.file], [403, 'static', '/www/main/priv/p.html']);
  });
});

describe('simulate: UserDir', () => {
  it('has no default: without a UserDir line /~user is an ordinary path', () => {
    assert.strictEqual(outcome('', '/~alice/x.txt').status, 404);
  });
  it('maps the absolute forms with and without *', () => {
    assert.strictEqual(outcome('UserDir /www/users/*/pub\n', '/~alice/x.txt').file, '/www/users/alice/pub/x.txt');
    assert.strictEqual(outcome('UserDir /www/users\n', '/~alice/x.txt').file, '/www/users/alice/x.txt');
    const slash = outcome('UserDir /www/users/*/pub\n', '/~alice');
    assert.deepStrictEqual([slash.status, slash.location], [301, 'http://main.test/~alice/']);
  });
  it('reads the relative form from the users\' home directories', () => {
    assert.strictEqual(outcome('UserDir public_html\n', '/~bob/b.txt').file, '/www/home/bob/public_html/b.txt');
    // No such user: httpd declines and the DocumentRoot maps the path.
    const r = traceRequest(model('UserDir public_html\n'), { url: 'http://main.test/~nobody-here/b.txt' }, OPTIONS);
    assert.strictEqual(r.outcome.status, 404);
    assert.ok(r.steps.some((s) => /there is no user nobody-here/.test(s.message)));
    assert.ok(r.steps.some((s) => /DocumentRoot/.test(s.message)));
  });
  it('tries each entry that exists, using the last one anyway', () => {
    assert.strictEqual(outcome('UserDir /nope/* /www/users/*/pub\n', '/~alice/x.txt').file, '/www/users/alice/pub/x.txt');
    const last = traceRequest(model('UserDir /www/users/*/pub /nope/*\n'), { url: 'http://main.test/~zed/x.txt' }, OPTIONS);
    assert.ok(last.steps.some((s) => s.message === 'UserDir /nope/* maps ~zed to /nope/zed/x.txt'));
    assert.strictEqual(last.outcome.status, 403, '<Directory /> refuses /nope');
  });
  it('redirects the URL forms, dropping what follows * when something does', () => {
    const star = outcome('UserDir http://users.test/~*\n', '/~alice/x.txt');
    assert.deepStrictEqual([star.status, star.location], [302, 'http://users.test/~alice/x.txt']);
    const after = outcome('UserDir http://users.test/*/www\n', '/~alice/x.txt');
    assert.strictEqual(after.location, 'http://users.test/alice/x.txt');
  });
  it('honours disabled and enabled lists; a virtual host with UserDir lines keeps its own lists', () => {
    const base = 'UserDir /www/users/*/pub\nUserDir disabled\nUserDir enabled alice\n';
    assert.strictEqual(outcome(base, '/~alice/x.txt').status, 200);
    assert.strictEqual(outcome('UserDir /www/users/*/pub\nUserDir disabled alice\n', '/~alice/x.txt').status, 404);
    const vhost = (lines: string) => traceRequest(model(`${base}<VirtualHost *:80>\n  ServerName v.test\n${lines}</VirtualHost>\n`), { url: 'http://v.test/~alice/x.txt' }, OPTIONS).outcome.status;
    assert.strictEqual(vhost(''), 200, 'no UserDir line: the main server\'s configuration whole');
    assert.strictEqual(vhost('  UserDir enabled carol\n'), 404, 'own lists: alice is not enabled here');
    assert.strictEqual(vhost('  UserDir enabled\n'), 200);
  });
  it('reads homes from passwd lines, first entry winning', () => {
    const homes = parsePasswd('root:x:0:0:root:/root:/bin/bash\n# comment\nbob:x:1000:1000::/home/bob:/bin/sh\nbob:x:1001:1001::/elsewhere:/bin/sh\nbroken line\n');
    assert.deepStrictEqual([...homes], [['root', '/root'], ['bob', '/home/bob']]);
  });
});
