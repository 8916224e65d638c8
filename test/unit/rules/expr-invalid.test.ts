// expr-invalid on in-memory trees: the places it reads an expression from, where the finding
// sits, and the trees where names are not judged (a module we do not model, unknown modules).

import * as assert from 'assert';
import { analysis, ROOT } from '../../helpers/trees';

const HEAD = [
  'LoadModule mpm_event_module m.so',
  'LoadModule authz_core_module m.so',
  'LoadModule headers_module m.so',
  'LoadModule rewrite_module m.so',
  'LoadModule setenvif_module m.so',
  'LoadModule log_debug_module m.so',
].join('\n');

function found(body: string, head = HEAD, extra: Record<string, unknown> = {}): { line: number; text: string; message: string }[] {
  const text = `${head}\n${body}\n`;
  const a = analysis({ 'httpd.conf': text }, 'httpd.conf', {}, extra);
  return a.findings.filter((f) => f.code === 'expr-invalid').map((f) => ({
    line: f.line + 1 - head.split('\n').length,
    text: text.slice(f.start, f.end),
    message: f.message,
  }));
}

describe('expr-invalid', () => {
  it('reads each place httpd parses at startup, with the place\'s message, on the token at fault', () => {
    const got = found([
      '<If "%{HOST} == \'a\'">',
      '</If>',
      '<Location />',
      '  Require expr %{REQUEST_URI} =~ /(/',
      '</Location>',
      'SetEnvIfExpr "-X \'a\'" x=1',
      'Header always set X-Y 1 "expr=%{HTTP_HOST} -ipmatch \'localhost\'"',
      'RewriteEngine On',
      'RewriteCond expr "tolower(%{HTTP_HOST}, \'a\') == \'b\'"',
      'RewriteRule ^ - [L]',
      'LogMessage hi "expr=%{HTTP_HOST} =="',
    ].join('\n'));
    assert.deepStrictEqual(got, [
      { line: 1, text: 'HOST', message: 'Cannot parse condition clause: Variable \'HOST\' does not exist' },
      { line: 4, text: '/(/', message: 'Cannot parse expression in require line: Failed to compile regular expression' },
      { line: 6, text: '-X', message: 'Could not parse expression "-X \'a\'": Unary operator \'-X\' does not exist' },
      { line: 7, text: '-ipmatch', message: 'Can\'t parse envclause/expression: parsing of subnet/netmask failed' },
      { line: 9, text: ',', message: 'RewriteCond: cannot compile expression "tolower(%{HTTP_HOST}, \'a\') == \'b\'" syntax error, unexpected \',\'' },
      // At the end of the expression: its closing quote.
      { line: 11, text: '"', message: 'Could not parse expression \'%{HTTP_HOST} ==\': syntax error, unexpected $end' },
    ]);
  });

  it('says nothing of valid expressions, a Header value written expr=, or an inactive section', () => {
    assert.deepStrictEqual(found([
      '<If "%{HTTP_HOST} == \'a\' && %{REQUEST_URI} =~ m#^/x#i">',
      '</If>',
      '<ElseIf "-f %{REQUEST_FILENAME}">',
      '</ElseIf>',
      'Header set X "expr=%{HTTP_HOST}"',
      'Header set X 1 "expr=%{CONTENT_TYPE} =~ m#text/html#i"',
      '<IfModule ssl_module>',
      '  <If "%{SSL_PROTOCOL} == \'TLSv1.3\'">',
      '  </If>',
      '</IfModule>',
    ].join('\n')), []);
  });

  it('Require expr drops one pair of enclosing double quotes, not single quotes', () => {
    const got = found('<Location />\n  Require expr "%{HTTP_HOST} == \'a\'"\n  Require expr \'%{HTTP_HOST} == "a"\'\n  Require expr "%{HTTP_HOST}" == "a"\n</Location>');
    assert.deepStrictEqual(got.map((f) => [f.line, f.message]), [
      [3, 'Cannot parse expression in require line: syntax error, unexpected $end'],
      [4, 'Cannot parse expression in require line: syntax error, unexpected T_STR_BEGIN'],
    ]);
  });

  it('knows mod_ssl\'s variables once it loads', () => {
    const body = '<If "%{SSL_PROTOCOL} == \'TLSv1.3\'">\n</If>';
    assert.deepStrictEqual(found(body).map((f) => f.message), ['Cannot parse condition clause: Variable \'SSL_PROTOCOL\' does not exist']);
    assert.deepStrictEqual(found(body, `${HEAD}\nLoadModule ssl_module m.so`), []);
  });

  it('judges no name where a module we do not model loads or the modules are unknown; syntax still', () => {
    const body = '<If "%{PHP_THING} == \'a\'">\n</If>\n<If "%{HTTP_HOST} ==">\n</If>';
    assert.deepStrictEqual(found(body, `${HEAD}\nLoadModule php_module m.so`).map((f) => f.line), [3]);
    assert.deepStrictEqual(found(body, `${HEAD}\nLoadModule proxy_module m.so\nLoadModule proxy_hcheck_module m.so`).map((f) => f.line), [3]);
    // A ${NAME} the fragment does not define may hold anything.
    const fragment = analysis({ 'part.conf': `${body}\n<If "%{HTTP_HOST} == \${DOMAIN}">\n</If>` }, 'part.conf', {}, { moduleStateKnown: false });
    assert.deepStrictEqual(fragment.findings.filter((f) => f.code === 'expr-invalid').map((f) => `${f.file}:${f.line + 1}`), [`${ROOT}/part.conf:3`]);
  });
});
