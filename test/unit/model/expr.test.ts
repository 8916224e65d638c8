// The ap_expr checker on its own: httpd's verdicts (probed with Debian's apache2 2.4, the same
// cases test/oracle/expr-invalid.test.ts asks the real httpd), the names that depend on modules,
// and its bounds: it never throws, stays linear, and leaves an expression too deep unjudged.

import * as assert from 'assert';
import { checkExpression, type ExprNames } from '../../../server/src/model';
import { pcreSyntaxError } from '../../../server/src/simulate/rewrite/pcre-syntax';
import { seededRandom } from '../../helpers/random';

const CORE: ExprNames = { ssl: false, open: false };

function verdict(text: string, names: ExprNames = CORE): string {
  return checkExpression(text, { names, regexError: (p) => pcreSyntaxError(p) })?.message ?? 'ok';
}

describe('ap_expr checker', () => {
  it('accepts what httpd accepts', () => {
    for (const text of [
      'true', '! ! true', 'not true', 'true and false or true', '%{HTTP_HOST} == \'a\'', '%{http_host} = \'a\'',
      '%{REQUEST_URI} =~ m#^/(index|upgrade)\\.php#', '%{CONTENT_TYPE} =~ m#text/html#i', '\'a\' in {\'a\', \'b\'}', '\'a\' -in {\'a\'}',
      '-n %{REQ:In-If1}', '-R \'10.0.0.0/8\'', '%{REMOTE_ADDR} -ipmatch \'fe80::1\'', 'tolower(%{HTTP_HOST}) -strmatch \'*.x\'',
      '%{HTTP:X-Forwarded-Proto} == \'https\'', '%{req:X Y} == \'a\'', '%{req:%{HTTP_HOST}} == \'a\'', '\'a\\\'b\' == \'a\\q\\x41\'',
      '%{HTTP_HOST} =~ /a/ && $0 == \'$1\'', '1 -lt 2 && %{HTTP_HOST} == -12', '(%{HTTP_HOST} == \'a\') || !(-f \'/x\')',
      '%{HTTP_HOST} == \'a\' and%{HTTP_HOST} == \'b\'', '%{HTTP_HOST} =~ /(?<=a)b/', 'filesize(\'/\') -gt 0 && ldap(\'x\') == \'\'',
    ]) assert.strictEqual(verdict(text), 'ok', text);
  });

  it('refuses what httpd refuses, with its reason', () => {
    const cases: [string, string][] = [
      ['%{FOO} ==', 'syntax error, unexpected $end: Variable \'FOO\' does not exist'],
      ['%{FOO} == %{BAR}', 'Variable \'BAR\' does not exist'],
      ['foo(\'a\') == \'a\'', 'Function \'foo\' does not exist'],
      ['\'a\' in toupper(\'x\')', 'List-returning function \'toupper\' does not exist'],
      ['-X \'a\'', 'Unary operator \'-X\' does not exist'],
      ['\'a\' -foo \'b\'', 'Binary operator \'-foo\' does not exist'],
      ['\'a\' =~ /(/', 'Failed to compile regular expression'],
      ['%{HTTP_HOST} =~ /a\\/b/', 'Failed to compile regular expression'],
      ['\'a\' == \'b', 'Unterminated string or variable'],
      ['%{HTTP_HOST', 'syntax error, unexpected T_ERROR: Unterminated string or variable'],
      ['\'a\' =~ /a/x', 'syntax error, unexpected T_ID'],
      ['\'a\' =~ m#a', 'syntax error, unexpected $end'],
      ['TRUE', 'syntax error, unexpected $end'],
      ['()', 'syntax error, unexpected \')\''],
      ['\'a\' in {\'a\',}', 'syntax error, unexpected \'}\''],
      ['#', 'Parse error near \'#\''],
      ['%{HTTP_HOST} == \'a\' &&& true', 'Parse error near \'&\''],
      ['%{HTTP_HOST} == - 12', 'syntax error, unexpected T_ERROR: Parse error near \'-\''],
      ['%{ HTTP_HOST} == \'a\'', 'syntax error, unexpected T_ERROR: Invalid character in variable name \' \''],
      ['%{req:} == \'a\'', 'syntax error, unexpected T_VAR_END'],
      ['%{HTTP_HOST} == \'a\\777\'', 'Escape sequence out of bound'],
      ['%{HTTP_HOST} == \'a\\9\'', 'Bad escape sequence'],
      ['%{REMOTE_ADDR} -ipmatch \'localhost\'', 'parsing of subnet/netmask failed'],
      ['%{REMOTE_ADDR} -ipmatch \'1.2.3.4/33\'', 'parsing of subnet/netmask failed'],
      ['\'a\' -ipmatch %{HTTP_HOST}', '-ipmatch requires subnet/netmask as constant argument'],
      ['%{req:a\'b} == \'a\'', 'flex scanner jammed'],
    ];
    for (const [text, reason] of cases) assert.strictEqual(verdict(text), reason, text);
  });

  it('knows mod_ssl\'s names only while it loads, and refuses no name when the modules are open', () => {
    const ssl: ExprNames = { ssl: true, open: false };
    assert.strictEqual(verdict('%{SSL_CLIENT_S_DN_O} == \'a\''), 'Variable \'SSL_CLIENT_S_DN_O\' does not exist');
    assert.strictEqual(verdict('%{SSL_CLIENT_S_DN_O} == \'a\' && \'a\' in PeerExtList(\'1.2\') && %{SSL:x} == \'\'', ssl), 'ok');
    const open: ExprNames = { ssl: false, open: true };
    assert.strictEqual(verdict('%{FOO} == foo(\'a\') && \'a\' in bar(\'b\') && -X \'a\' && \'a\' -foo \'b\'', open), 'ok');
    // Syntax, regexes and subnets do not depend on modules.
    assert.strictEqual(verdict('%{FOO} ==', open), 'syntax error, unexpected $end');
    assert.strictEqual(verdict('%{FOO} =~ /(/', open), 'Failed to compile regular expression');
    assert.strictEqual(verdict('-R \'x\'', open), 'parsing of subnet/netmask failed');
  });

  it('reads a string expression as text with %{…} and $N, quotes and a lone % literal', () => {
    const string = (text: string): string => checkExpression(text, { names: CORE, mode: 'string', regexError: () => undefined })?.message ?? 'ok';
    assert.strictEqual(string('Sorry, 100% broken: %{REQUEST_URI} $1 \'q\' "x" }'), 'ok');
    assert.strictEqual(string('/errors/404.php?uri=%{escape:%{REQUEST_URI}}'), 'ok');
    assert.strictEqual(string('%{tolower:%{FOO}}'), 'Variable \'FOO\' does not exist');
    assert.strictEqual(string('a %{HTTP_HOST'), 'syntax error, unexpected T_ERROR: Unterminated string or variable');
    assert.strictEqual(string('a\\9'), 'Bad escape sequence');
  });

  it('points at the token at fault', () => {
    const at = (text: string): string => {
      const p = checkExpression(text, { names: CORE, regexError: (p) => pcreSyntaxError(p) })!;
      return text.slice(p.start, p.end);
    };
    assert.strictEqual(at('%{HTTP_HOST} == \'a\' && %{FOO} == \'b\''), 'FOO');
    assert.strictEqual(at('%{HTTP_HOST} == \'a\' andy'), 'andy');
    assert.strictEqual(at('%{HTTP_HOST} =~ /(/'), '/(/');
    assert.strictEqual(at('-X \'a\''), '-X');
  });

  it('never throws, and stays linear on long and deep input', () => {
    const next = seededRandom(13);
    const parts = ['%{', '}', 'HTTP_HOST', ':', '\'', '"', '\\', '$1', '(', ')', '{', '}', ',', '==', '=~', '/', 'm#', '#', 'i', '-f', '-ipmatch', '&&', '||', '!', '.', ' ', 'in', 'tolower', '1'];
    for (let n = 0; n < 3000; n++) {
      let text = '';
      const len = 1 + Math.floor(next() * 12);
      for (let i = 0; i < len; i++) text += parts[Math.floor(next() * parts.length)];
      assert.doesNotThrow(() => verdict(text), text);
    }
    // Quadratic work on these inputs would run for minutes: the suite's time limit catches it,
    // without a wall-clock bound that a loaded machine crosses (speed belongs in the benchmarks).
    assert.strictEqual(verdict(Array(20000).fill('%{HTTP_HOST} == \'a\'').join(' && ')), 'ok');
    assert.strictEqual(verdict(`${'\'a\' . '.repeat(50000)}'b' == 'c'`), 'ok');
    assert.strictEqual(verdict(`${'!'.repeat(100000)}true`), 'ok');
    // Deeper than the cap: unjudged, not a stack overflow.
    assert.strictEqual(verdict(`${'('.repeat(100000)}true${')'.repeat(100000)}`), 'ok');
    assert.strictEqual(verdict(`${'tolower('.repeat(50000)}'a'${')'.repeat(50000)} == 'a'`), 'ok');
    assert.strictEqual(verdict(`${'%{req:'.repeat(50000)}a${'}'.repeat(50000)} == 'a'`), 'ok');
  });
});
