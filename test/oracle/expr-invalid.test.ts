// expr-invalid against the real apache2 -t: ap_expr expressions in every place httpd parses one
// at startup. Accepted ones come from real configurations (the corpus: h5bp's Header expr=
// conditions, httpd's own test suite, Magento's SetEnvIfExpr) and httpd's manual; refused ones
// cover each kind of error. Where httpd accepts, httpd-lint must report no error; where it
// refuses, an expr-invalid error on that line with httpd's message (the tokens httpd's parser
// says it expected left out).

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { lintReport } from '../../server/src/cli/report';
import { httpdAvailable, httpdCheck, removeRunDir } from './httpd';
import { seededRandom } from '../helpers/random';

interface Case {
  /** The lines under test; the first one holds the expression. */
  config: string;
  /** Load mod_ssl too (its SSL_* variables and PeerExtList). */
  ssl?: boolean;
}

const iff = (expr: string): Case => ({ config: `<If "${expr}">\n</If>` });
const requireExpr = (rest: string): Case => ({ config: `<Location />\nRequire expr ${rest}\n</Location>` });

/** Expressions httpd accepts. */
const ACCEPTED: Case[] = [
  // h5bp server configs (test/realworld, corpus): Header conditions on the response's type.
  { config: 'Header always set X-Frame-Options "DENY" "expr=%{CONTENT_TYPE} =~ m#text/html#i"' },
  { config: 'Header always set Referrer-Policy "strict-origin-when-cross-origin" "expr=%{CONTENT_TYPE} =~ m#text\\/(css|html|javascript)|application\\/pdf|xml#i"' },
  { config: 'Header merge Cache-Control "no-store" "expr=-z %{CONTENT_TYPE}"' },
  { config: 'Header merge Cache-Control "public" "expr=%{CONTENT_TYPE} =~ m#application/manifest\\+json#i"' },
  { config: 'Header merge Cache-Control "public, immutable" "expr=%{resp:Cache-Control} == \'max-age=31536000\'"' },
  { config: 'Header set Cache-Control "no-cache" "expr=%{CONTENT_TYPE} =~ m#json|xml#i && %{CONTENT_TYPE} !~ m#/(atom|rdf|rss|manifest|svg)\\+#i"' },
  { config: 'Header always set Strict-Transport-Security "max-age=31536000; includeSubDomains" "expr=%{HTTPS} == \'on\'"' },
  { config: 'Header set Content-Type "text/plain" "expr=-z %{CONTENT_TYPE}"' },
  // httpd's test suite (corpus httpd-tests) and Magento's .htaccess.
  iff('-n %{REQ:In-If1}'),
  { config: '<If "-n %{REQ:In-If1}">\n</If>\n<Elseif "-n %{REQ:In-If112}">\n</Elseif>' },
  iff('%{QUERY_STRING} =~ /(^|&)v=/'),
  iff('%{REQUEST_URI} =~ m#/login$#'),
  iff('%{REQUEST_URI} =~ m#^/(index|upgrade/upgrade)\\.php#'),
  { config: 'SetEnvIfExpr "osenv(\'MAGE_IS_DEVELOPER_MODE\') == \'1\'" MAGE_IS_DEVELOPER_MODE=1' },
  { config: 'SetEnvIfExpr true OIDC_NO_DEFAULT_URL_ON_STATE_TIMEOUT=true' },
  // httpd's manual (expr.html, core.html, mod_authz_core.html, mod_rewrite.html).
  iff('%{QUERY_STRING} =~ /(delete|commit)=.*?elem/'),
  iff('-R \'192.168.1.0/24\''),
  iff('%{HTTP_REFERER} -strmatch \'*.example.com/*\''),
  iff('-f %{REQUEST_FILENAME}'),
  iff('%{REQUEST_URI} -in {\'/a\', \'/b\'}'),
  iff('%{REQUEST_METHOD} in { \'GET\', \'HEAD\' }'),
  iff('%{HTTP_HOST} == \'example.com\''),
  iff('%{HTTPS} == \'on\' || %{HTTP:X-Forwarded-Proto} == \'https\''),
  iff('%{SERVER_PROTOCOL} != \'HTTP/1.1\''),
  iff('!(%{QUERY_STRING} =~ /secret/) && %{REMOTE_ADDR} -ipmatch \'10.0.0.0/8\''),
  iff('%{HTTP_COOKIE} =~ /session=([a-z0-9]+)/ && $1 -strmatch \'a*\''),
  iff('tolower(%{HTTP_USER_AGENT}) =~ /bot/ or toupper(req(\'X-Test\')) == \'ON\''),
  iff('md5(\'a\') == sha1(\'b\') && base64(\'a\') == %{unbase64:YQ==} && escape(\'a b\') == unescape(\'a%20b\')'),
  iff('%{TIME_HOUR} -ge 9 and %{TIME_HOUR} -le 17 and not %{TIME_WDAY} -eq 0'),
  iff('%{REMOTE_ADDR} -ipmatch \'fe80::1\' || %{REMOTE_ADDR} -ipmatch \'192.168\' || -R \'10.0.0.0/255.0.0.0\''),
  iff('%{env:HOME} == \'\' && %{reqenv:X} == %{osenv:Y} && %{note:Z} != %{req_novary:W}'),
  iff('filesize(\'/etc/hosts\') -gt 0 && file(\'/etc/hostname\') != \'\''),
  iff('%{REQUEST_URI} =~ m,^/a, && %{REQUEST_URI} !~ m|b|i && %{http_host} = \'a\''),
  iff('\'a\' . %{HTTP_HOST} . \'b\' == \'a%{HTTP_HOST}b\''),
  iff('%{req:X\\}Y} == \'\\101\\x\' && \'$1\' == \'$a%\''),
  iff('%{HTTP2} == \'on\' || %{CONN_REMOTE_ADDR} -ipmatch \'127.0.0.1\''),
  iff('-d \'/\' && -e \'/\' && -s \'/\' && -L \'/\' && -h \'/\' && -x \'/\' && -F \'/\' && -U \'/\' && -A \'/\' && -T \'on\''),
  iff('%{HTTP_HOST} == -12 && 1.2 == %{SERVER_PORT}'),
  iff('%{REQUEST_URI} -fnmatch \'/a/*\' && %{REQUEST_URI} -strcmatch \'/A*\' && %{REMOTE_ADDR} -IPMATCH \'10\''),
  requireExpr('%{TIME_HOUR} -ge 9 && %{TIME_HOUR} -le 17'),
  requireExpr('"!(%{QUERY_STRING} =~ /secret/)"'),
  requireExpr('%{REQUEST_URI} =~ m#^/api/#'),
  requireExpr('"%{HTTP_HOST}" == \'a\''),
  { config: 'RewriteCond expr "%{HTTP_HOST} -strmatch \'*.example.com\'"\nRewriteRule ^ - [L]' },
  { config: 'LogMessage "hello" hook=all "expr=%{REQUEST_URI} =~ m#^/x#"' },
  { config: 'FilterDeclare compress\nFilterProvider compress DEFLATE "%{CONTENT_TYPE} =~ m#^text/#"' },
  { config: 'RequestHeader set X-Https 1 "expr=%{HTTPS} == \'on\'"' },
  // String expressions: the text with %{…} and $N, quotes literal.
  { config: 'ErrorDocument 500 "Sorry, 100% broken: %{REQUEST_URI} $1 \'q\' \\"x\\" }"' },
  { config: 'ErrorDocument 404 /errors/404.php?uri=%{escape:%{REQUEST_URI}}' },
  { config: 'ErrorDocument 404 default' },
  { config: 'Header set X-Host "expr=%{tolower:%{HTTP_HOST}}"' },
  { config: 'Header always set rewritten-query "expr=%{QUERY_STRING}"' },
  { config: 'Header edit X "expr=%{FOO}" b' },
  { config: 'Header set X "EXPR=100"' },
  { config: 'LogMessage "100% of %{HTTP_HOST} $1"' },
  { ...requireExpr('"%{SSL_CLIENT_S_DN_O} == \'Snake Oil, Ltd.\'"'), ssl: true },
  { config: '<If "\'1.3.6\' in PeerExtList(\'1.3.6.1.4.1\') && %{ssl:SSL_PROTOCOL} == \'TLSv1.3\'">\n</If>', ssl: true },
];

/** Expressions httpd refuses. */
const REFUSED: Case[] = [
  iff('%{FOO} =='),
  iff('%{FOO} == \'a\''),
  iff('%{FOO} == %{BAR}'),
  iff('%{SSL_PROTOCOL} == \'TLSv1.3\''),
  iff('%{SERVER_ADDR} == \'127.0.0.1\''),
  iff('foo(\'a\') == \'a\''),
  iff('filemod(\'/\') -gt 0'),
  iff('%{foo:Host} == \'a\''),
  iff('\'a\' in foo(\'x\')'),
  iff('\'a\' in PeerExtList(\'x\')'),
  iff('-X \'a\''),
  iff('-D \'/\''),
  iff('\'a\' -foo \'b\''),
  iff('\'a\' =~ /(/'),
  iff('%{HTTP_HOST} =~ /a\\/b/'),
  iff('%{HTTP_HOST} =~ /a{2,1}/ && %{FOO} == \'a\''),
  iff('\'a\' == \'b'),
  iff('%{HTTP_HOST'),
  iff('\'a\' =~ /a/x'),
  iff('\'a\' =~ m#a'),
  iff('\'a\' =~ \'a\''),
  iff('\'a\' in {}'),
  iff('\'a\' in {\'a\',}'),
  iff('\'a\' in {\'a\' \'b\'}'),
  iff('\'a\' -in \'b\''),
  iff('foo == \'a\''),
  iff('TRUE'),
  iff('-f'),
  iff('()'),
  iff('(\'a\') == \'a\''),
  iff('true true'),
  iff('\'a\''),
  iff('#'),
  iff('%{HTTP_HOST} == \'a\' &&& true'),
  iff('%{HTTP_HOST} == \'a\' ||'),
  iff('%{HTTP_HOST} == - 12'),
  iff('%{ HTTP_HOST} == \'a\''),
  iff('%{HTTP_HOST } == \'a\''),
  iff('%{req:} == \'a\''),
  iff('tolower(%{HTTP_HOST}, \'a\') == \'a\''),
  iff('tolower() == \'a\''),
  iff('\'a\' == \'b\' == \'c\''),
  iff('-f -f \'a\''),
  iff('%{HTTP_HOST} == \'a\\777\''),
  iff('%{HTTP_HOST} == \'a\\9\''),
  iff('%{REMOTE_ADDR} -ipmatch \'localhost\''),
  iff('%{REMOTE_ADDR} -ipmatch \'1.2.3.4/33\''),
  iff('%{REMOTE_ADDR} -ipmatch %{HTTP_HOST}'),
  iff('-R \'\''),
  iff('%{HTTP_HOST} == \'a\' andy'),
  iff('\'a\' in split(/,/, \'a,b\')'),
  requireExpr('"%{FOO} == \'a\'"'),
  requireExpr('\'%{HTTP_HOST} == "a"\''),
  requireExpr('"%{HTTP_HOST}" == "a"'),
  { config: 'SetEnvIfExpr "%{HTTP_HOST} =~ /(/" x=1' },
  { config: 'Header set X 1 "expr=%{FOO} == \'a\'"' },
  { config: 'Header always set X 1 expr=%{HTTP_HOST}' },
  { config: 'Header edit X a b "EXPR=%{REMOTE_ADDR} -ipmatch \'x\'"' },
  { config: 'RequestHeader unset X "expr=-Q \'a\'"' },
  { config: 'RewriteCond expr "%{HTTP_HOST} =="\nRewriteRule ^ - [L]' },
  { config: 'LogMessage "hi" "expr=%{NOPE} == \'a\'"' },
  { config: 'FilterDeclare compress\nFilterProvider compress DEFLATE "%{CONTENT_TYPE} =~ m#^text/"' },
  { config: 'ErrorDocument 404 "a\\9"' },
  { config: 'ErrorDocument 404 "a %{ b"' },
  { config: 'ErrorDocument 404 "%{FOO"' },
  { config: 'ErrorDocument 404 "%{tolower:%{FOO}}"' },
  { config: 'ErrorDocument 404 "a\\777"' },
  { config: 'Header set X "expr=%{HTTP_HOST"' },
  { config: 'Header note X "expr=%{FOO}"' },
  { config: 'RequestHeader set X "expr=a\\9"' },
  { config: 'LogMessage "100% %{FOO}"' },
  { config: 'LogMessage "%{HTTP_HOST" hook=all' },
];

/** Pieces the generated expressions are glued from: names, strings, operators, regexes and stray characters. */
const FRAGMENTS = [
  '%{HTTP_HOST}', '%{FOO}', '%{req:X}', '%{req:', '%{', '}', '\'a\'', '\'', '\'\'', '\\\'', '1', '-1', ' ', ' ', ' ', '==', '!=', '=~', '!~', '<', '-lt', '-eq',
  'in', '-in', '{', '}', ',', '(', ')', '/a/', '/(/', 'm#x#i', '/a/i', '&&', '||', '!', 'and', 'not', 'true', 'false', '-f', '-n', '-X', '-ipmatch',
  '\'10.0.0.0/8\'', '-strmatch', 'tolower(', 'foo(', '$1', '.', ':', '%', '$', '-', '#', '\\\\', 'i', 'm',
];

/** Seeded expressions in <If>, SetEnvIfExpr and ErrorDocument (a string expression). */
function generated(count: number, seed: number): Case[] {
  const next = seededRandom(seed);
  const out: Case[] = [];
  while (out.length < count) {
    let text = '';
    const n = 1 + Math.floor(next() * 7);
    for (let i = 0; i < n; i++) text += FRAGMENTS[Math.floor(next() * FRAGMENTS.length)];
    const place = out.length % 3;
    out.push({ config: place === 0 ? `<If "${text}">\n</If>` : place === 1 ? `SetEnvIfExpr "${text}" x=1` : `ErrorDocument 404 "${text}"` });
  }
  return out;
}

const MODULES = ['mpm_event', 'authz_core', 'rewrite', 'headers', 'setenvif', 'filter', 'deflate', 'log_debug'];

function header(ssl: boolean): string[] {
  return [
    ...[...MODULES, ...(ssl ? ['socache_shmcb', 'ssl'] : [])].map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`),
    'ServerName expr.test',
    'ErrorLog /dev/null',
    'Listen 127.0.0.1:80',
    'RewriteEngine On',
  ];
}

/** httpd's message without the tokens its parser expected (httpd-lint does not list them). */
const withoutExpected = (message: string): string => message.replace(/, expecting .*?(?=: [A-Z]|$)/, '');

describe('expr-invalid agrees with apache2 -t on ap_expr expressions', function () {
  this.timeout(600000);
  let dir = '';

  before(function () {
    if (!httpdAvailable()) this.skip();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'expr-invalid-'));
  });

  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    removeRunDir();
  });

  /** Runs each case through apache2 -t and httpd-lint; the disagreements. `accepted` undefined: whatever httpd says. */
  async function disagreements(cases: (Case & { accepted?: boolean })[]): Promise<string[]> {
    const problems: string[] = [];
    let next = 0;
    let refused = 0;
    const worker = async (id: number): Promise<void> => {
      const main = path.join(dir, `w${id}.conf`);
      while (next < cases.length) {
        const c = cases[next++];
        const lines = header(!!c.ssl);
        fs.writeFileSync(main, [...lines, c.config, ''].join('\n'));
        // The line holding the expression: the first after a <Location> or FilterDeclare it needs.
        const at = c.config.split('\n').findIndex((l) => !/^(<Location|FilterDeclare)/.test(l));
        const line = lines.length + 1 + at;
        const verdict = await httpdCheck(dir, main);
        const errors = lintReport({ main, serverRoot: dir }).diagnostics.filter((d) => d.severity === 'error');
        const label = c.config.split('\n')[at];
        if (c.accepted !== undefined && verdict.ok !== c.accepted) problems.push(`${label}: the table says ${c.accepted ? 'accepted' : 'refused'}, httpd ${verdict.ok ? 'accepts' : `refuses: ${verdict.error}`}`);
        if (verdict.ok) {
          if (errors.length) problems.push(`${label}: httpd accepts, httpd-lint says ${errors.map((e) => `${e.code} "${e.message}"`).join('; ')}`);
          continue;
        }
        refused++;
        const mine = errors.find((e) => e.code === 'expr-invalid' && e.range.start.line + 1 === line);
        // The scanner's fatal stop has no location: httpd prints its words alone, ours start with them.
        if (verdict.error === 'flex scanner jammed') {
          if (!mine?.message.startsWith(verdict.error)) problems.push(`${label}: httpd's scanner stops, httpd-lint says ${mine ? `"${mine.message}"` : 'nothing'}`);
          continue;
        }
        if (verdict.line !== line) problems.push(`${label}: httpd refuses elsewhere (${verdict.line}: ${verdict.error})`);
        else if (!mine) problems.push(`${label}: httpd refuses ("${verdict.error}"), httpd-lint reports nothing`);
        // httpd's log doubles each backslash of the message (ap_escape_logitem).
        else if (mine.message !== withoutExpected(verdict.error ?? '').replace(/\\\\/g, '\\')) problems.push(`${label}: httpd says "${verdict.error}", httpd-lint "${mine.message}"`);
      }
    };
    await Promise.all([0, 1].map(worker));
    console.log(`    ${cases.length} expressions, httpd refuses ${refused}; ${problems.length} disagreements`);
    return problems;
  }

  it('no error where httpd accepts; httpd\'s message on the line where it refuses', async () => {
    assert.ok(ACCEPTED.length + REFUSED.length >= 60);
    const cases = [...ACCEPTED.map((c) => ({ ...c, accepted: true })), ...REFUSED.map((c) => ({ ...c, accepted: false }))];
    assert.deepStrictEqual(await disagreements(cases), []);
  });

  it('the same on 600 generated expressions (seeded)', async () => {
    assert.deepStrictEqual(await disagreements(generated(600, 13)), []);
  });
});
