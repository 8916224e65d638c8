import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';
import { repoRoot } from '../../helpers/files';

async function loadGrammar(): Promise<vsctm.IGrammar> {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p: string[]) => new oniguruma.OnigScanner(p), createOnigString: (s: string) => new oniguruma.OnigString(s) }),
    loadGrammar: async () => vsctm.parseRawGrammar(fs.readFileSync(path.join(repoRoot, 'syntaxes', 'apacheconf.tmLanguage.json'), 'utf8'), 'apacheconf.tmLanguage.json'),
  });
  const grammar = await registry.loadGrammar('source.apache-httpd');
  assert.ok(grammar);
  return grammar;
}

/** Tokenizes lines and returns [text, innermost scope] pairs (whitespace-only tokens dropped). */
function tokens(grammar: vsctm.IGrammar, text: string): [string, string][] {
  let state = vsctm.INITIAL;
  const out: [string, string][] = [];
  for (const line of text.split('\n')) {
    const result = grammar.tokenizeLine(line, state);
    for (const t of result.tokens) {
      const piece = line.slice(t.startIndex, t.endIndex);
      if (piece.trim()) out.push([piece, t.scopes[t.scopes.length - 1]]);
    }
    state = result.ruleStack;
  }
  return out;
}

describe('TextMate grammar', () => {
  let grammar: vsctm.IGrammar;
  before(async () => {
    grammar = await loadGrammar();
  });

  it('scopes directives, values, strings and variables', () => {
    const t = tokens(grammar, 'KeepAlive On\nKeepAliveTimeout 15\nDocumentRoot "${DOCS}/html"');
    assert.deepStrictEqual(t.find(([s]) => s === 'KeepAlive'), ['KeepAlive', 'keyword.other.directive.apacheconf']);
    assert.deepStrictEqual(t.find(([s]) => s === 'On'), ['On', 'constant.language.boolean.apacheconf']);
    assert.deepStrictEqual(t.find(([s]) => s === '15'), ['15', 'constant.numeric.apacheconf']);
    assert.ok(t.some(([s, scope]) => s === 'DOCS' && scope === 'variable.other.define.apacheconf'), JSON.stringify(t));
    assert.ok(t.some(([s, scope]) => s === '/html' && scope === 'string.quoted.double.apacheconf'));
  });

  it('scopes section tags', () => {
    const t = tokens(grammar, '<VirtualHost *:80>\n</VirtualHost>');
    assert.deepStrictEqual(t.filter(([, scope]) => scope === 'entity.name.tag.section.apacheconf').map(([s]) => s), ['VirtualHost', 'VirtualHost']);
  });

  it('scopes section arguments: strings, variables and a continued tag', () => {
    const t = tokens(grammar, '<If "%{REQUEST_URI} =~ m#^/a#">\n<VirtualHost *:80 \\\n    [::1]:80>\nKeepAlive off');
    assert.ok(t.some(([s, scope]) => s === 'REQUEST_URI' && scope === 'variable.other.server.apacheconf'), JSON.stringify(t));
    assert.ok(t.some(([s, scope]) => s === ' =~ m#^/a#' && scope === 'string.quoted.double.apacheconf'), 'a # inside a string is not a comment');
    assert.deepStrictEqual(t.find(([s]) => s.includes('[::1]')), ['    [::1]:80', 'meta.tag.section.open.apacheconf']);
    assert.deepStrictEqual(t[t.length - 1], ['off', 'constant.language.boolean.apacheconf']);
  });

  it('treats # as a comment only at the start of a line, and marks trailing ones', () => {
    const t = tokens(grammar, '# a comment\nServerAdmin me@example.com # not a comment');
    assert.deepStrictEqual(t[0], ['#', 'punctuation.definition.comment.apacheconf']);
    assert.deepStrictEqual(t[t.length - 1], ['# not a comment', 'invalid.deprecated.trailing-comment.apacheconf']);
  });

  it('continues a directive and a comment onto the next line after a backslash', () => {
    const t = tokens(grammar, 'RewriteRule ^/a \\\n    /b\n# note \\\nFooBar x\nServerName y');
    assert.ok(t.some(([s, scope]) => s === '\\' && scope === 'constant.character.escape.line-continuation.apacheconf'));
    assert.ok(t.some(([s, scope]) => s.includes('FooBar') && scope === 'comment.line.number-sign.apacheconf'), JSON.stringify(t));
    assert.deepStrictEqual(t[t.length - 2], ['ServerName', 'keyword.other.directive.apacheconf']);
  });
});
