import * as assert from 'assert';
import { argCount, argQuote, argValue, argWord, parse, shareArgValues, sharedArgValues, type DirectiveLine } from '../../../server/src/parser';
import { model, ROOT } from '../../helpers/trees';

function directives(text: string): DirectiveLine[] {
  return parse(text).lines.filter((l): l is DirectiveLine => l.kind === 'directive');
}

const wordsOf = (line: DirectiveLine) => line.args.map((w) => ({ start: w.start, end: w.end, value: w.value, quote: w.quote, unterminated: w.unterminated }));
const valuesOf = (line: DirectiveLine) => Array.from({ length: argCount(line) }, (_, i) => argValue(line, i));

// Spacing, tabs, continuations, quotes, escapes, CRLF, a BOM, trailing blanks, long values.
const TEXTS = [
  'Require all granted\n',
  'Require  all granted\n',
  'Require all  granted\n',
  'Require\tall\tgranted\n',
  '   Options -Indexes +FollowSymLinks   \n',
  'Listen 80\r\nListen 443\r\n',
  '\uFEFFServerName example.org\n',
  'Alias /static /srv/www/static/files/of/the/site\n',
  'RewriteRule ^/page0/(.*)$ /new0/$1 [R=301,L]\n',
  'Header set X-Area "0"\n',
  "Header set X-Area '0' always\n",
  'Options a \\\n  b c\n',
  'Options a\\\nb\n',
  'SetEnv a\\ b c\n',
  'LogFormat x y\t\n',
  'A b\u000bc\n',
  'A b\fc\n',
  'ServerName\n',
  'A b c d e f g h i j k l m n o p q r s t u v w x y z\n',
];

describe('argument values shared with a line (shareArgValues)', () => {
  it('leaves every line\'s words, values and quotes as the parse made them', () => {
    for (const text of TEXTS) {
      const expected = directives(text).map(wordsOf);
      const lines = directives(text);
      lines.forEach((line, n) => {
        const values = expected[n].map((w) => w.value);
        shareArgValues(line, values);
        assert.deepStrictEqual(valuesOf(line), values, JSON.stringify(text));
        for (let i = 0; i < values.length; i++) assert.strictEqual(argQuote(line, i), expected[n][i].quote, JSON.stringify(text));
        // argWord reads the held list, the packed pairs and the words alike, without unpacking the line.
        const look = Array.from({ length: values.length }, (_, i) => argWord(line, i)).map((w) => ({ start: w.start, end: w.end, value: w.value, quote: w.quote, unterminated: w.unterminated }));
        assert.deepStrictEqual(look, expected[n], JSON.stringify(text));
        assert.deepStrictEqual(wordsOf(line), expected[n], JSON.stringify(text));
      });
    }
  });

  it('reads the same values and quotes packed as from the words, and each word spans its text', () => {
    for (const text of TEXTS) {
      for (const line of directives(text)) {
        const count = argCount(line);
        const packed = Array.from({ length: count }, (_, i) => [argValue(line, i), argQuote(line, i)]);
        const words = line.args;
        assert.deepStrictEqual(words.map((w) => [w.value, w.quote]), packed, JSON.stringify(text));
        for (const w of words) {
          if (w.quote !== null) assert.strictEqual(text[w.start], w.quote, JSON.stringify(text));
          else if (w.end - w.start === w.value.length) assert.strictEqual(text.slice(w.start, w.end), w.value, JSON.stringify(text));
          else assert.ok(text.slice(w.start, w.end).includes('\\'), JSON.stringify(text));
        }
      }
    }
    assert.deepStrictEqual(valuesOf(directives('Header set X-Area "0"\n')[0]), ['set', 'X-Area', '0']);
    assert.deepStrictEqual(directives("SetEnv a\\ b 'c d'\n")[0].args.map((w) => [w.start, w.end, w.value, w.quote]), [[7, 9, 'a\\', null], [10, 11, 'b', null], [12, 17, 'c d', "'"]]);
  });

  it('holds the list when the words follow from the values, else keeps its own', () => {
    const held = (text: string) => {
      const line = directives(text)[0];
      const values = valuesOf(line);
      shareArgValues(line, values);
      return sharedArgValues(line) === values;
    };
    assert.ok(held('Require all granted\n'));
    assert.ok(held('    Require all granted   \n'));
    assert.ok(held('RewriteRule ^/page0/(.*)$ /new0/$1 [R=301,L]\n'));
    // Only the blanks between arguments count: the name may be padded.
    assert.ok(held('Require     all granted\n'));
    assert.ok(!held('Require all  granted\n'));
    assert.ok(!held('Require all\tgranted  x\n'));
    assert.ok(!held('Require all\tgranted x\\\ny\n'));
    assert.ok(!held('Header set X-Area "0"\n'));
    assert.ok(!held('ServerName\n'));
  });

  it('refuses a list whose values differ from the line\'s', () => {
    const line = directives('Require all granted\n')[0];
    shareArgValues(line, ['all', 'denied']);
    shareArgValues(line, ['all']);
    assert.strictEqual(sharedArgValues(line), undefined);
    assert.deepStrictEqual(valuesOf(line), ['all', 'granted']);
  });

  it('gives the lines of every file the list their uses hold, with the same values', () => {
    const vhost = 'RewriteRule ^/a-long-pattern/(.*)$ /somewhere/else/$1 [R=301,L]\nRequire all granted\n';
    const m = model({ 'httpd.conf': 'Include sites/*.conf\n', 'sites/a.conf': vhost, 'sites/b.conf': vhost });
    const uses = m.uses.filter((u) => u.file.startsWith(`${ROOT}/sites/`));
    assert.strictEqual(uses.length, 4);
    for (const use of uses) {
      assert.strictEqual(sharedArgValues(use.line), use.args, `${use.file} ${use.name}`);
      assert.deepStrictEqual(use.words.map((w) => w.value), use.args);
    }
    const [a, , b] = uses;
    assert.strictEqual(a.args, b.args);
    assert.deepStrictEqual(a.args, ['^/a-long-pattern/(.*)$', '/somewhere/else/$1', '[R=301,L]']);
  });

  it('keeps long values as written when a second file shares their list (copies of odd characters too)', () => {
    // A lone surrogate, a two-byte and a four-byte character in a long value.
    const expected = ['/a-long-alias-\ud800-\u00e9-\ud83d\ude00', '/srv/www/long/folder/name'];
    const text = `Alias ${expected.join(' ')}\n`;
    const m = model({ 'httpd.conf': 'Include sites/*.conf\n', 'sites/a.conf': text, 'sites/b.conf': text, 'sites/c.conf': text });
    const uses = m.uses.filter((u) => u.name === 'Alias');
    assert.strictEqual(uses.length, 3);
    for (const use of uses) {
      assert.deepStrictEqual(use.args, expected);
      const second = 7 + expected[0].length;
      assert.deepStrictEqual(use.words.map((w) => [w.value, w.start, w.end]), [[expected[0], 6, second - 1], [expected[1], second, second + expected[1].length]]);
    }
  });
});
