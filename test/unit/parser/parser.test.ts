import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parse, printLines, type DirectiveLine, type Section } from '../../../server/src/parser';
import { listFiles, repoRoot } from '../../helpers/files';
import { runInChild } from '../../helpers/heap-child';

function directives(text: string): DirectiveLine[] {
  return parse(text).lines.filter((l): l is DirectiveLine => l.kind === 'directive');
}

describe('parser', () => {
  it('prints every corpus and example file back byte for byte', () => {
    const files = [
      ...listFiles(path.join(repoRoot, 'test', 'fixtures', 'corpus')),
      ...listFiles(path.join(repoRoot, 'examples')),
    ].filter((f) => !/\.(md|tsv)$|LICENSE|NOTICE|COPYRIGHT/.test(path.basename(f)));
    assert.ok(files.length > 100, `expected the corpus to be present, found ${files.length} files`);
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      assert.strictEqual(printLines(parse(text)), text, file);
    }
  });

  it('is lossless on awkward input', () => {
    for (const text of ['', '\n', '\r\n\r\n', 'a\\', '\\\n\\\n', '<', '</', '<>', '"', "'", '\u0000\u0001', 'A "b\\', '\uFEFFServerName x\r\n']) {
      assert.strictEqual(printLines(parse(text)), text, JSON.stringify(text));
    }
  });

  it('treats # as a comment only at the start of a line', () => {
    const file = parse('# comment\nServerAdmin me@example.com # admin\n  # indented\n');
    assert.deepStrictEqual(file.lines.map((l) => l.kind), ['comment', 'directive', 'comment']);
    const d = file.lines[1] as DirectiveLine;
    assert.deepStrictEqual(d.args.map((a) => a.value), ['me@example.com', '#', 'admin']);
  });

  it('joins continuation lines, also inside comments, but not after a blank', () => {
    const file = parse('# note \\\nFooBar x\nServerAdmin a@b\\\n#x\nKeepAlive On\\ \nKeepAliveTimeout 5\n');
    assert.deepStrictEqual(file.lines.map((l) => l.kind), ['comment', 'directive', 'directive', 'directive']);
    const admin = file.lines[1] as DirectiveLine;
    assert.strictEqual(admin.args[0].value, 'a@b#x');
    assert.strictEqual(admin.line, 2);
    assert.strictEqual(admin.continuations, 1);
    assert.strictEqual((file.lines[2] as DirectiveLine).args[0].value, 'On\\');
  });

  it('an escaped backslash at the end of a line continues it too, as httpd 2.4.71 does', () => {
    const file = parse('ServerAdmin a\\\\\nb\nAuthName "Foo\\\\\nbar"\n');
    assert.deepStrictEqual(file.lines.map((l) => l.kind), ['directive', 'directive']);
    assert.deepStrictEqual((file.lines[0] as DirectiveLine).args.map((a) => a.value), ['a\\b']);
    assert.strictEqual((file.lines[1] as DirectiveLine).line, 2);
  });

  it('splits RewriteRule and RewriteCond as mod_rewrite does: backslash-blank kept in the word, nothing unescaped', () => {
    const text = 'RewriteCond %{THE_REQUEST} ^[A-Z]{3,9}\\ /.+/trackback/?\\ HTTP/ [NC]\nrewriterule ^(.*)\\\\(.*)$ "/$1 $2" [L] extra\nRewriteRule "^q\\"r$" /e\nHeader set X a\\\\b\n';
    const ds = directives(text);
    assert.deepStrictEqual(ds[0].args.map((a) => a.value), ['%{THE_REQUEST}', '^[A-Z]{3,9}\\ /.+/trackback/?\\ HTTP/', '[NC]']);
    assert.deepStrictEqual(ds[1].args.map((a) => a.value), ['^(.*)\\\\(.*)$', '/$1 $2', '[L]', 'extra']);
    // A quote ends a quoted word even after a backslash; the rest is the next word.
    assert.deepStrictEqual(ds[2].args.map((a) => a.value), ['^q\\', 'r$"', '/e']);
    // Other directives keep httpd's generic splitting, which turns \\ into \.
    assert.deepStrictEqual(ds[3].args.map((a) => a.value), ['set', 'X', 'a\\b']);
    for (const d of ds.slice(0, 3)) for (const a of d.args) if (a.quote === null) assert.strictEqual(text.slice(a.start, a.end), a.value);
  });

  it('splits quoted words like httpd, keeping offsets into the original text', () => {
    const text = `AddType 'text/html' .html\nHeader set X "a \\"b\\" c"\nServerAdmin "me@example.com\n`;
    const ds = directives(text);
    assert.deepStrictEqual(ds[0].args.map((a) => a.value), ['text/html', '.html']);
    assert.deepStrictEqual(ds[1].args.map((a) => a.value), ['set', 'X', 'a "b" c']);
    assert.strictEqual(text.slice(ds[1].args[2].start, ds[1].args[2].end), '"a \\"b\\" c"');
    assert.strictEqual(ds[2].args[0].unterminated, true);
    assert.strictEqual(ds[2].args[0].value, 'me@example.com');
  });

  it('nests sections case-insensitively and keeps the section arguments', () => {
    const file = parse('<VirtualHost *:80>\n  <directory "/var/www">\n    Require all granted\n  </Directory>\n</virtualhost>\n');
    assert.strictEqual(file.problems.length, 0);
    const vhost = file.nodes[0] as Section;
    assert.strictEqual(vhost.kind, 'section');
    assert.deepStrictEqual(vhost.open.args.map((a) => a.value), ['*:80']);
    const dir = vhost.children[0] as Section;
    assert.deepStrictEqual(dir.open.args.map((a) => a.value), ['/var/www']);
    assert.ok(dir.close && vhost.close);
  });

  it('reports unclosed, mismatched and stray sections where httpd does', () => {
    assert.deepStrictEqual(
      parse('ServerName a\n<Directory /tmp>\nRequire all granted\n').problems.map((p) => [p.code, p.line, p.message]),
      [['section-unclosed', 1, '<Directory> was not closed.']],
    );
    assert.deepStrictEqual(
      parse('<Directory /tmp>\n</Files>\n').problems.map((p) => [p.code, p.line, p.message]),
      [['section-mismatch', 1, 'Expected </Directory> but saw </Files>']],
    );
    assert.deepStrictEqual(
      parse('</Directory>\n').problems.map((p) => [p.code, p.line, p.message]),
      [['section-stray-close', 0, '</Directory> without matching <Directory> section']],
    );
    assert.deepStrictEqual(
      parse('<IfModule x>\n</IfModule extra>\n</IfModule>\n').problems.map((p) => p.message),
      ['Expected </IfModule> but saw </IfModul>'],
    );
  });

  it('reads a wrong closing tag as closing the open section: one mistake, one problem', () => {
    const file = parse('<Directory /tmp>\nRequire all granted\n</Location>\n<VirtualHost *:80>\n</VirtualHost>\n');
    assert.deepStrictEqual(file.problems.map((p) => p.code), ['section-mismatch']);
    assert.deepStrictEqual(file.nodes.map((n) => n.kind), ['section', 'section'], 'the VirtualHost is not nested in the Directory');
    assert.strictEqual((file.nodes[0] as Section).close?.name, 'Location');
  });

  it('recovers from a wrong closing tag that names an outer section', () => {
    const file = parse('<VirtualHost *:80>\n<Directory /x>\n</VirtualHost>\nServerName b\n');
    assert.strictEqual(file.nodes.length, 2);
    assert.strictEqual(file.nodes[1].kind, 'directive');
  });

  it('notes a missing > and a one-line section', () => {
    const open = parse('<Directory /tmp\n</Directory>\n').lines[0];
    assert.ok(open.kind === 'open' && !open.hasClosingBracket);
    const oneLine = parse('<Directory /tmp></Directory>\n');
    assert.deepStrictEqual(oneLine.problems.map((p) => p.code), ['section-unclosed']);
  });

  it('flags a BOM and keeps the directive name readable', () => {
    const file = parse('\uFEFFServerAdmin a@b\n');
    assert.deepStrictEqual(file.problems.map((p) => p.code), ['utf8-bom']);
    assert.strictEqual((file.lines[0] as DirectiveLine).name.value, 'ServerAdmin');
  });

  it('accepts CRLF line endings', () => {
    const ds = directives('KeepAlive On\r\nKeepAliveTimeout 5\r\n');
    assert.deepStrictEqual(ds.map((d) => [d.name.value, d.args.map((a) => a.value)]), [
      ['KeepAlive', ['On']],
      ['KeepAliveTimeout', ['5']],
    ]);
  });

  it('never throws on random bytes', () => {
    let seed = 42;
    const next = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    const alphabet = '<>/\\"\' \t\r\n#$%{}abcDEF\u0000';
    for (let n = 0; n < 300; n++) {
      let text = '';
      const len = next() % 200;
      for (let i = 0; i < len; i++) text += alphabet[next() % alphabet.length];
      assert.strictEqual(printLines(parse(text)), text);
    }
  });

  it('shares directive names without keeping a parsed file alive', () => {
    // In a child with --expose-gc: changing V8's flags in this process would change its flag hash,
    // and V8 would then refuse the CLI's code cache in the tests that run after this one.
    const script = `
      const { parse } = require('./server/src/parser');
      // In a function: what the top level of -e holds may outlive the assignments below.
      (() => {
      // A name of 13 characters or more is a slice pointing into its file's text when first seen.
      const name = 'LongDirectiveName' + Date.now();
      let text = name + ' on\\n' + '# filler of a large file\\n'.repeat(200000);
      gc();
      const before = process.memoryUsage().heapUsed;
      let parsed = parse(text);
      const seen = parsed.lines[0].name.value;
      parsed = undefined;
      text = undefined;
      gc();
      gc();
      const grown = process.memoryUsage().heapUsed - before;
      const again = parse(name + ' off\\n').lines[0].name.value;
      console.log(JSON.stringify({ name, seen, again, grown }));
      })();
    `;
    const { name, seen, again, grown } = runInChild<{ name: string; seen: string; again: string; grown: number }>(script, ['--expose-gc']);
    assert.strictEqual(seen, name);
    assert.strictEqual(again, name);
    assert.ok(grown < 2_000_000, `the heap kept ${grown} bytes of a 5 MB file after its parse was dropped`);
  });
});
