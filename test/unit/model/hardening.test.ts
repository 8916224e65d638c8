import * as assert from 'assert';
import { fnmatch } from '../../../server/src/model/fnmatch';
import { compilePattern, regexMatches } from '../../../server/src/model/regex';
import { parse, printLines } from '../../../server/src/parser';
import { MAX_PARSE_LINES } from '../../../server/src/parser/parser';
import { LIMITS } from '../../../server/src/model';
import { analysis, codes, model, ROOT } from '../../helpers/trees';

describe('hardening: fnmatch', () => {
  const cases: [string, string, boolean][] = [
    ['*.conf', 'a.conf', true],
    ['*.conf', '.hidden.conf', false],
    ['.*.conf', '.hidden.conf', true],
    ['?.conf', 'a.conf', true],
    ['?.conf', 'ab.conf', false],
    ['[a-c].conf', 'b.conf', true],
    ['[!a-c].conf', 'b.conf', false],
    ['[^a-c].conf', 'd.conf', true],
    ['[z-a].conf', 'a.conf', false],
    ['[z-a].conf', 'z.conf', false],
    ['[].conf', '[].conf', true],
    ['[]a].conf', '].conf', true],
    ['\\*.conf', '*.conf', true],
    ['\\*.conf', 'a.conf', false],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'aXbYcZ', false],
    ['*a*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(5000), false],
    ['*a*a*a*a*a*a*a*a*a*a*a*b', `${'a'.repeat(5000)}b`, true],
    ['*/*.conf', 'd/a.conf', true],
    ['*', 'd/a.conf', false],
  ];
  for (const [pattern, name, expected] of cases) {
    it(`${pattern} ${expected ? 'matches' : 'does not match'} ${name.length > 30 ? `${name.slice(0, 10)}…(${name.length})` : name}`, () => {
      assert.strictEqual(fnmatch(pattern, name), expected);
    });
  }
});

describe('hardening: configuration regexes', () => {
  it('are matched by RE2: catastrophic patterns answer at once', () => {
    assert.strictEqual(regexMatches('^/(a+)+$', `/${'a'.repeat(50000)}!`), false);
    assert.strictEqual(regexMatches('((.|.)*){20}X', '2.4.62'), false);
    assert.strictEqual(regexMatches('(?i)^/SRV/', '/srv/www'), true);
    assert.strictEqual(regexMatches('/\\.(git|svn|hg)(/|$)', '/srv/www/.git/config'), true);
  });

  it('are not evaluated when RE2 cannot run them, and say why', () => {
    assert.strictEqual(regexMatches('(a)\\1', 'aa'), undefined);
    assert.strictEqual(regexMatches('^/(?!public)', '/srv'), undefined);
    const verdict = compilePattern('(a)\\1');
    assert.ok(!verdict.ok && /backreference/.test(verdict.reason));
  });

  it('an unsupported section pattern is reported, an <IfVersion> with one stays active', () => {
    const a = analysis({
      'httpd.conf': `
        LoadModule mpm_event_module modules/mod_mpm_event.so
        <DirectoryMatch "^/srv/(?!public)">
            Require all denied
        </DirectoryMatch>
        <IfVersion ~ ^2\\.(4)\\1>
            ServerName v.example
        </IfVersion>
      `,
    });
    assert.deepStrictEqual(codes(a).filter((c) => c.startsWith('regex-unsupported')), ['regex-unsupported@2', 'regex-unsupported@5']);
    const serverName = a.model.uses.find((u) => u.key === 'servername')!;
    assert.strictEqual(serverName.active, true);
  });
});

describe('hardening: model', () => {
  it('Include d/[z-a].conf fails like httpd instead of throwing', () => {
    const m = model({ 'httpd.conf': 'Include d/[z-a].conf\n', 'd/a.conf': 'ServerName a\n' });
    assert.deepStrictEqual(m.problems.map((p) => [p.code, p.message]), [['include-not-found', `Include/IncludeOptional: No matches for the wildcard '[z-a].conf' in '${ROOT}/d', failing`]]);
  });

  it('k files including each other through a glob are read a bounded number of times', () => {
    const files: Record<string, string> = { 'httpd.conf': 'Include conf.d/*.conf\n' };
    for (let i = 0; i < 12; i++) files[`conf.d/f${i}.conf`] = 'Include conf.d/*.conf\nServerAdmin x@example.org\n';
    const m = model(files);
    assert.ok(m.problems.some((p) => p.code === 'include-cycle'));
    // Without the stop it would read 12! orders of the same files.
    assert.ok(m.uses.length < 100, `${m.uses.length} uses`);
  });

  it('an Include chain is read 128 files below the main file, as httpd reads it; the Include of the 129th fails', () => {
    const chain = (depth: number): Record<string, string> => {
      const files: Record<string, string> = { 'httpd.conf': 'LoadModule mpm_event_module modules/mod_mpm_event.so\nInclude d1.conf\n' };
      for (let i = 1; i < depth; i++) files[`d${i}.conf`] = `Include d${i + 1}.conf\n`;
      files[`d${depth}.conf`] = 'ServerAdmin deep@example.com\n';
      return files;
    };
    const allowed = model(chain(128));
    assert.deepStrictEqual(allowed.problems.filter((p) => p.code === 'include-cycle'), []);
    const refused = model(chain(129)).problems.filter((p) => p.code === 'include-cycle');
    assert.deepStrictEqual(refused.map((p) => [p.file, p.line]), [[`${ROOT}/d128.conf`, 0]]);
  });

  it('an included password file is reported once, without its content', () => {
    const m = model({ 'httpd.conf': 'Include htpasswd\n', htpasswd: 'alice:$apr1$SECRET$hash\nbob:$apr1$x$y\n' });
    assert.deepStrictEqual(m.problems.map((p) => p.code), ['include-not-config']);
    assert.ok(!JSON.stringify(m.problems).includes('SECRET'));
    assert.deepStrictEqual(m.uses.map((u) => u.key), ['include']);
  });

  it('a configuration file with an unknown first directive is still read as configuration', () => {
    const m = model({ 'httpd.conf': 'Include extra.conf\n', 'extra.conf': 'Listne 80\nServerName a\n' });
    assert.deepStrictEqual(m.problems.map((p) => p.code), []);
    assert.deepStrictEqual(m.uses.map((u) => u.key), ['include', 'listne', 'servername']);
  });

  it(`3,000 nested sections are walked, deeper than ${LIMITS.nesting} levels reported once`, () => {
    const deep = (n: number): string => `${'<IfModule !x>\n'.repeat(n)}ServerName deep\n${'</IfModule>\n'.repeat(n)}`;
    const ok = model({ 'httpd.conf': deep(3000) });
    assert.strictEqual(ok.uses.find((u) => u.key === 'servername')?.active, true);
    assert.deepStrictEqual(ok.problems, []);
    const capped = model({ 'httpd.conf': deep(LIMITS.nesting + 10) });
    assert.deepStrictEqual(capped.problems.map((p) => p.code), ['analysis-limit']);
  });

  it('an open buffer over 8 MB is not analysed, with one analysis-limit warning', () => {
    const m = model({ 'httpd.conf': `ServerName a\n${'#'.repeat(9 * 1024 * 1024)}\n` });
    assert.deepStrictEqual(m.problems.map((p) => [p.code, p.severity]), [['analysis-limit', 'warning']]);
  });

  it('findings are capped per file, with one analysis-limit finding saying how many were left out', () => {
    const a = analysis({ 'httpd.conf': 'Bogus\n'.repeat(LIMITS.findingsPerFile + 50) });
    const unknown = codes(a).filter((c) => c.startsWith('unknown-directive'));
    assert.strictEqual(unknown.length, LIMITS.findingsPerFile);
    const limit = a.findings.filter((f) => f.code === 'analysis-limit');
    assert.strictEqual(limit.length, 1);
    assert.match(limit[0].message, /more findings in this file are not reported/);
  });
});

describe('hardening: parser', () => {
  it('a file over the line cap is one opaque line that still prints back byte for byte', () => {
    const text = 'ServerName a\n'.repeat(MAX_PARSE_LINES + 1);
    const parsed = parse(text);
    assert.strictEqual(parsed.lines.length, 1);
    assert.strictEqual(printLines(parsed), text);
    assert.deepStrictEqual(parsed.problems.map((p) => p.code), ['analysis-limit']);
  });

  it('keeps word offsets right on a directive continued over many lines', () => {
    const text = `ServerAlias${' a.example \\\n'.repeat(2000)} b.example\n`;
    const parsed = parse(text);
    const line = parsed.lines[0];
    assert.strictEqual(line.kind, 'directive');
    if (line.kind !== 'directive') return;
    assert.strictEqual(line.args.length, 2001);
    for (const word of line.args) assert.strictEqual(text.slice(word.start, word.end), word.value);
  });
});
