// The semantic token function on its own: the shapes the protocol test does not reach (continued
// lines, unclosed braces and classes, map calls, the token bound, range filtering).

import * as assert from 'assert';
import { parse } from '../../../server/src/parser';
import { TOKEN_MODIFIERS, TOKEN_TYPES } from '../../../server/src/service/semantic-legend';
import { semanticTokens } from '../../../server/src/service/semantic-tokens';

interface Shown {
  line: number;
  text: string;
  type: string;
  modifiers: string[];
}

function tokensOf(text: string, options: Parameters<typeof semanticTokens>[1] = {}): Shown[] {
  const lines = text.split('\n');
  return semanticTokens(parse(text), options).map((t) => ({
    line: t.line,
    text: lines[t.line].slice(t.character, t.character + t.length),
    type: TOKEN_TYPES[t.type],
    modifiers: TOKEN_MODIFIERS.filter((_, bit) => t.modifiers & (1 << bit)),
  }));
}

const brief = (tokens: Shown[]): string[] => tokens.map((t) => `${t.text}:${t.type}${t.modifiers.length ? '.' + t.modifiers.join('.') : ''}`);

describe('semantic tokens (service)', () => {
  it('splits a continued line into one token per physical line, never across a line end', () => {
    const tokens = tokensOf('Options Indexes \\\n    FollowSymLinks\n# a comment \\\ncontinued\n');
    assert.deepStrictEqual(brief(tokens), ['Options:keyword.defaultLibrary', 'Indexes:enumMember', 'FollowSymLinks:enumMember', '# a comment \\:comment', 'continued:comment']);
    assert.deepStrictEqual(tokens.map((t) => t.line), [0, 0, 1, 2, 3]);
  });

  it('reads a map call with a nested variable and a default, and an unclosed brace as text', () => {
    const sub = brief(tokensOf('RewriteRule ^/u/(.*) ${users:%{HTTP_HOST}$1|nobody}\n'));
    assert.deepStrictEqual(sub.slice(sub.indexOf('${users::function')), ['${users::function', '%{HTTP_HOST}:variable.defaultLibrary', '$1:parameter.backreference', '|nobody:string', '}:function']);
    assert.deepStrictEqual(brief(tokensOf('RewriteRule ^a /b${x [L]\n')).filter((t) => t.includes('string')), ['/b${x:string']);
  });

  it('ends an unclosed character class at the word end and keeps POSIX classes inside one class', () => {
    assert.deepStrictEqual(brief(tokensOf('RewriteCond %{X} [[:alpha:]]+\n')).slice(-2), ['[[:alpha:]]:regexp.characterClass', '+:operator.quantifier']);
    assert.deepStrictEqual(brief(tokensOf('RewriteCond %{X} ^[a-z\n')).slice(-2), ['^:keyword.anchor', '[a-z:regexp.characterClass']);
  });

  it('marks the section regex after ~, named groups and backreferences in a pattern', () => {
    const tokens = brief(tokensOf('<Files ~ "(?<ext>png|jpe?g)\\1$">\n</Files>\n'));
    assert.deepStrictEqual(tokens, [
      'Files:namespace.defaultLibrary',
      '~:operator',
      '(?<ext>:operator.group',
      'png:regexp',
      '|:operator.alternation',
      'jpe:regexp',
      '?:operator.quantifier',
      'g:regexp',
      '):operator.group',
      '\\1:parameter.backreference',
      '$:keyword.anchor',
      'Files:namespace.defaultLibrary',
    ]);
  });

  it('gives states without a tree: unknown, deprecated, refused 2.2 names', () => {
    assert.deepStrictEqual(brief(tokensOf('RewriteLog /x\nNameVirtualHost *:80\nFoo bar\n')).filter((t) => t.includes('keyword')), [
      'RewriteLog:keyword.deprecated.unknown',
      'NameVirtualHost:keyword.deprecated.defaultLibrary',
      'Foo:keyword.unknown',
    ]);
  });

  it('stops at the token bound and keeps to the range', () => {
    const text = 'KeepAlive On\n'.repeat(100);
    assert.strictEqual(tokensOf(text, { maxTokens: 7 }).length, 7);
    const parsed = parse(text);
    const ranged = semanticTokens(parsed, { range: { start: parsed.lineStarts[10], end: parsed.lineStarts[12] } });
    assert.deepStrictEqual([...new Set(ranged.map((t) => t.line))], [10, 11]);
  });

  it('gives no tokens for a file the parser keeps opaque (past its caps)', () => {
    assert.deepStrictEqual(tokensOf('# x\n'.repeat(260_000)), []);
  });
});
