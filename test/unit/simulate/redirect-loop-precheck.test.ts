// The static pre-check of the redirect-loop simulation: it may skip a redirect only when its
// Location cannot be redirected again. Each case runs the simulation both ways (with and without
// the pre-check) and the findings must be equal; random scopes check the same over many shapes.

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readRewriteScope } from '../../../server/src/simulate/rewrite/directives';
import { anchoredLiteralPrefix, mayRedirectAgain } from '../../../server/src/simulate/rewrite/loop-precheck';
import { findRedirectLoops, redirectsMayLoop, SIMULATED_ROOT, type LoopContext } from '../../../server/src/simulate/rewrite/redirect-loop';
import { lintReport } from '../../../server/src/cli/report';
import { seededRandom } from '../../helpers/random';

const UNKNOWN = '/~httpd-lint-unknown-directory~/';

/** A context of rewrite lines: a virtual host, or a directory at `urlPrefix`. */
function contextOf(lines: string[], urlPrefix?: string): LoopContext {
  const directives = lines.map((l, i) => {
    const m = /^(\S+)\s+(.*)$/.exec(l)!;
    return { name: m[1], raw: m[2], file: 'test.conf', line: i + 1 };
  });
  if (urlPrefix === undefined) return { context: 'server', scope: readRewriteScope(directives, null), names: ['loop.test'], https: false, port: 80 };
  return { context: 'directory', scope: readRewriteScope(directives, SIMULATED_ROOT + urlPrefix), urlPrefix, names: ['loop.test'], https: false, port: 80 };
}

/** Which redirect rules (by line) the pre-check lets through to the simulation. */
function checked(ctx: LoopContext): number[] {
  return ctx.scope.rules.filter((r) => r.flags.redirect && mayRedirectAgain(ctx, r, SIMULATED_ROOT, UNKNOWN)).map((r) => r.line);
}

/** The loops found with the pre-check, asserted equal to those found without it. */
function loops(ctx: LoopContext): number[] {
  const fast = findRedirectLoops(ctx).loops.map((l) => `${l.rule.line} ${l.chain.join(' ')}`);
  const full = findRedirectLoops(ctx, false).loops.map((l) => `${l.rule.line} ${l.chain.join(' ')}`);
  assert.deepStrictEqual(fast, full);
  return fast.map((l: string) => Number(l.split(' ')[0]));
}

describe('redirect-loop pre-check', () => {
  it('reads the literal start a pattern anchors', () => {
    assert.strictEqual(anchoredLiteralPrefix('^/page0/(.*)$'), '/page0/');
    assert.strictEqual(anchoredLiteralPrefix('^\\/old\\.html$'), '/old.html');
    assert.strictEqual(anchoredLiteralPrefix('^/pages?/'), '/page');
    assert.strictEqual(anchoredLiteralPrefix('^/ab*c'), '/a');
    assert.strictEqual(anchoredLiteralPrefix('^/ab{2}'), '/a');
    assert.strictEqual(anchoredLiteralPrefix('^/ab+c'), '/ab');
    assert.strictEqual(anchoredLiteralPrefix('^\\d+/x'), '');
    assert.strictEqual(anchoredLiteralPrefix('^(?i)/x'), '');
    assert.strictEqual(anchoredLiteralPrefix('^/a|^/b'), undefined);
    assert.strictEqual(anchoredLiteralPrefix('/page0/'), undefined);
  });

  it('a migration\'s long redirect list shares its requests, finds the loop in it, and past the budget says where it stopped', () => {
    // Each rule's target is the next rule's subject: the chains overlap, so most requests repeat.
    const list = (n: number): string[] => ['RewriteEngine On', ...Array.from({ length: n }, (_, i) => `RewriteRule ^/p${i}$ /p${i + 1} [R=301]`), 'RewriteRule ^/loop$ /loop [R=302,L]'];
    const short = findRedirectLoops(contextOf(list(300)));
    assert.deepStrictEqual(short.loops.map((l) => l.rule.line), [302]);
    assert.strictEqual(short.stoppedAt, undefined);
    const long = findRedirectLoops(contextOf(list(3000)), true, 200_000);
    assert.ok(long.stoppedAt && long.stoppedAt.line > 2 && long.stoppedAt.line < 3000, `stopped at ${long.stoppedAt?.line}`);
    assert.deepStrictEqual(long.loops, []);
  });

  it('skips the benchmark\'s host-conditioned redirects to other paths, and finds nothing either way', () => {
    const lines = ['RewriteEngine On'];
    for (let r = 0; r < 12; r++) lines.push(`RewriteCond %{HTTP_HOST} ^old${r}\\.example$ [NC]`, `RewriteRule ^/page${r}/(.*)$ /new${r}/$1 [R=301,L]`);
    const ctx = contextOf(lines);
    assert.deepStrictEqual(checked(ctx), []);
    assert.deepStrictEqual(loops(ctx), []);
  });

  it('skips a redirect to an absolute URL whose path no rule matches', () => {
    const ctx = contextOf(['RewriteEngine On', 'RewriteRule ^/x/(.*)$ http://loop.test/y/$1 [R,L]']);
    assert.deepStrictEqual(checked(ctx), []);
    assert.deepStrictEqual(loops(ctx), []);
  });

  it('never skips a looping redirect: literal targets, captures, %{HTTP_HOST} and %{REQUEST_URI}', () => {
    const cases: [string[], number[]][] = [
      [['RewriteRule ^/maint/(.*)$ /maint/down.html [R=302,L]'], [2]],
      [['RewriteRule ^/a$ /b [R,L]', 'RewriteRule ^/b$ /a [R,L]'], [2, 3]],
      [['RewriteRule ^/old/(.*)$ /old/$1 [R,L]'], [2]],
      [['RewriteRule ^/q/ http://%{HTTP_HOST}%{REQUEST_URI} [R=301,L]'], [2]],
      [['RewriteRule ^/r/ %{REQUEST_URI} [R,L]'], [2]],
      [['RewriteRule ^/(x)/(.*)$ /$1/$2 [R,L]'], [2]],
      [['RewriteRule ^/x/(.*)$ http://loop.test/x/$1 [R,L]'], [2]],
      [['RewriteRule ^/Page/(.*)$ /page/$1 [R,L,NC]'], [2]],
      [['RewriteRule ^/s/(.*)$ s/$1 [R,L]'], [2]],
      // The Location is rewritten back by a rule that does not redirect itself.
      [['RewriteRule ^/new/(.*)$ /old/$1', 'RewriteRule ^/old/(.*)$ /new/$1 [R,L]'], [3]],
      [['RewriteRule !^/index\\.html$ /x.html [R,L]'], [2]],
    ];
    for (const [rules, expected] of cases) {
      const ctx = contextOf(['RewriteEngine On', ...rules]);
      assert.deepStrictEqual(loops(ctx), expected, rules.join(' | '));
      for (const line of expected) assert.ok(checked(ctx).includes(line), `pre-check skipped line ${line} of ${rules.join(' | ')}`);
    }
  });

  it('in a directory: skips targets outside it or unmatched, keeps loops (RewriteBase included)', () => {
    const outside = contextOf(['RewriteEngine On', 'RewriteRule ^(.*)$ /other/$1 [R,L]'], '/sub/');
    assert.deepStrictEqual(checked(outside), []);
    assert.deepStrictEqual(loops(outside), []);
    const unmatched = contextOf(['RewriteEngine On', 'RewriteRule ^old/(.*)$ /new/$1 [R,L]'], '/');
    assert.deepStrictEqual(checked(unmatched), []);
    assert.deepStrictEqual(loops(unmatched), []);
    const looping = contextOf(['RewriteEngine On', 'RewriteRule ^old/(.*)$ /old/$1 [R,L]'], '/');
    assert.deepStrictEqual(loops(looping), [2]);
    assert.deepStrictEqual(checked(looping), [2]);
    const cycle = contextOf(['RewriteEngine On', 'RewriteBase /', 'RewriteRule ^a$ b [R,L]', 'RewriteRule ^b$ a [R,L]'], '/');
    assert.deepStrictEqual(loops(cycle), [3, 4]);
    assert.deepStrictEqual(checked(cycle), [3, 4]);
  });

  it('finds the same loops with and without the pre-check on random scopes', () => {
    const patterns = ['^/a/(.*)$', '^/b/(.*)$', '^/a$', '^/b$', '^/(.*)$', '^(.*)$', '.*', '^/A/(.*)$', '!^/a', '^a/(.*)$', '^b$', '^/a/?$', '^/a|^/b', '^/x/', '^/new/(.*)$', 'a$', '^/(a|b)/(.*)$', '^$'];
    const outputs = ['/a/$1', '/b/$1', '/a', '/b', '/$1', '$1', 'a', 'b/$1', 'http://loop.test/a/$1', 'http://loop.test/b', 'http://%{HTTP_HOST}%{REQUEST_URI}', '%{REQUEST_URI}', 'https://loop.test/a', '/new/$1', '/a/$1?x=1', 'http://other.test/a', '/%{HTTP_HOST}/a', '-', '/a/$2'];
    const flags = ['[R,L]', '[R=301,L]', '[R]', '[L]', '', '[R,L,NC]', '[NC]', '[R,QSA,L]'];
    const conds = ['RewriteCond %{HTTP_HOST} ^loop\\.test$', 'RewriteCond %{HTTP_HOST} !^loop\\.test$ [NC]', 'RewriteCond %{REQUEST_URI} !^/a/', 'RewriteCond %{HTTPS} off', 'RewriteCond %{QUERY_STRING} ^$', 'RewriteCond %{HTTP:X-Test} on'];
    const rnd = seededRandom(20261202);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
    let simulated = 0;
    let skipped = 0;
    let found = 0;
    for (let n = 0; n < 1500; n++) {
      const lines = ['RewriteEngine On'];
      if (rnd() < 0.2) lines.push('RewriteBase ' + pick(['/', '/a', '/sub/']));
      const count = 1 + Math.floor(rnd() * 4);
      for (let i = 0; i < count; i++) {
        if (rnd() < 0.3) lines.push(pick(conds));
        lines.push(`RewriteRule ${pick(patterns)} ${pick(outputs)} ${pick(flags)}`.trim());
      }
      const ctx = rnd() < 0.6 ? contextOf(lines.filter((l) => !l.startsWith('RewriteBase'))) : contextOf(lines, pick(['/', '/a/', '/sub/']));
      if (ctx.scope.errors.length) continue;
      const redirects = ctx.scope.rules.filter((r) => r.flags.redirect).length;
      const through = checked(ctx).length;
      simulated += through;
      skipped += redirects - through;
      const before = loops(ctx);
      found += before.length;
      if (!redirectsMayLoop(ctx)) assert.deepStrictEqual(before, [], lines.join(' | '));
      for (const line of before) assert.ok(checked(ctx).includes(line), `pre-check skipped looping line ${line} of ${lines.join(' | ')}`);
    }
    // The generator must exercise both answers of the pre-check and real loops.
    assert.ok(skipped > 100 && simulated > 100 && found > 50, `skipped ${skipped}, simulated ${simulated}, loops ${found}`);
  });

  it('reports a loop in every virtual host that repeats a looping block, beside repeated blocks it clears', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loop-precheck-'));
    try {
      const safe = ['RewriteEngine On', 'RewriteCond %{HTTP_HOST} ^old\\.example$ [NC]', 'RewriteRule ^/page/(.*)$ /new/$1 [R=301,L]'];
      const looping = ['RewriteEngine On', 'RewriteRule ^/maint/(.*)$ /maint/down.html [R=302,L]'];
      const blocks = [safe, looping, safe, looping, safe];
      const text = [
        'LoadModule rewrite_module /usr/lib/apache2/modules/mod_rewrite.so', 'Listen 18080',
        ...blocks.flatMap((b, i) => ['<VirtualHost *:18080>', `ServerName h${i}.test`, ...b, '</VirtualHost>']),
        '',
      ].join('\n');
      const main = path.join(dir, 'httpd.conf');
      fs.writeFileSync(main, text);
      const lines = text.split('\n');
      const expected = lines.map((l, i) => (l.includes('/maint/down.html') ? i + 1 : 0)).filter(Boolean);
      assert.strictEqual(expected.length, 2);
      for (let round = 0; round < 2; round++) {
        const reported = lintReport({ main, serverRoot: dir }).diagnostics.filter((d) => d.code === 'rewrite-redirect-loop').map((d) => d.range.start.line + 1);
        assert.deepStrictEqual(reported.sort((a, b) => a - b), expected);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
