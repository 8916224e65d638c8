// mod_macro in the model: what a Use puts where it stands, and httpd's refusals and warnings at
// the places httpd names (probed on Debian's apache2 2.4; test/oracle/macro.test.ts asks it).

import * as assert from 'assert';
import { activeUses, type ConfigModel, type DirectiveUse } from '../../../server/src/model';
import { analysis, codes, model, ROOT } from '../../helpers/trees';

const HEAD = `LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so
  LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
  LoadModule macro_module /usr/lib/apache2/modules/mod_macro.so
  ServerName localhost
  Listen 80
`;

/** The main file: HEAD (lines 1-5), then `body` from line 6. */
function withMacros(body: string, extra: Record<string, string> = {}): ConfigModel {
  return model({ 'httpd.conf': HEAD + body, ...extra });
}

function active(m: ConfigModel, key: string): DirectiveUse[] {
  return activeUses(m, key);
}

function problems(m: ConfigModel, code: string): string[] {
  return m.problems.filter((p) => p.code === code).map((p) => `${p.line + 1}: ${p.message}`);
}

describe('model: mod_macro expansion', () => {
  it('puts the body of each Use where it stands: one virtual host per Use, values substituted, pointing at the body lines', () => {
    const m = withMacros(`
      <Macro VHost $name $domain>
      <VirtualHost *:80>
        ServerName $domain
        DocumentRoot /var/www/$name
      </VirtualHost>
      </Macro>
      Use VHost site1 example.com
      use vhost site2 example.org
    `);
    const hosts = active(m, 'virtualhost');
    assert.strictEqual(hosts.length, 2);
    assert.deepStrictEqual(active(m, 'servername').map((u) => u.args[0]), ['localhost', 'example.com', 'example.org']);
    assert.deepStrictEqual(active(m, 'documentroot').map((u) => u.args[0]), ['/var/www/site1', '/var/www/site2']);
    // The body's place (line 10 of the file), its words at the body's places, the Use's read order.
    const root = active(m, 'documentroot')[0];
    assert.strictEqual(root.file, `${ROOT}/httpd.conf`);
    assert.strictEqual(root.line.line + 1, 10);
    assert.strictEqual(root.words[0].start, m.parsed.get(root.file)!.text.indexOf('/var/www/$name'));
    assert.strictEqual(root.parents[0], hosts[0]);
    assert.strictEqual(hosts[0].scope, 'server');
    assert.ok(hosts[0].index > m.uses.find((u) => u.key === 'use')!.index);
    assert.deepStrictEqual(m.problems.filter((p) => p.severity === 'error'), []);
  });

  it('reads a value as httpd does: quotes removed, substituted as text, the line split into words again, ${VAR} after', () => {
    const m = withMacros(`
      Define ROOT /srv
      <Macro M $a $ab $q>
        ServerAdmin $ab@$a
        DocumentRoot \${ROOT}/$a
        ErrorDocument 404 "$q"
        Redirect $q
      </Macro>
      Use M x y "/old /new"
    `);
    // Longest parameter first: $ab is not $a followed by "b".
    assert.deepStrictEqual(active(m, 'serveradmin').map((u) => u.args), [['y@x']]);
    assert.deepStrictEqual(active(m, 'documentroot').map((u) => u.args), [['/srv/x']]);
    assert.deepStrictEqual(active(m, 'errordocument').map((u) => u.args), [['404', '/old /new']]);
    assert.deepStrictEqual(active(m, 'redirect').map((u) => u.args), [['/old', '/new']]);
  });

  it('follows UndefMacro, conditional sections, macros defined and used inside expansions, and a Use inside a section', () => {
    const m = withMacros(`
      <IfDefine NOPE>
      <Macro Hidden $a>
        ServerAdmin $a@x
      </Macro>
      </IfDefine>
      <Macro Outer $a>
        <Macro Inner $b>
          ServerAdmin $b@$a
        </Macro>
        Use Inner in-$a
      </Macro>
      Use Outer out
      <Directory /srv>
        Use Inner dir
      </Directory>
      UndefMacro Inner
      Use Inner gone
      Use Hidden h
    `);
    assert.deepStrictEqual(active(m, 'serveradmin').map((u) => [u.args[0], u.scope]), [['in-out@out', 'server'], ['dir@out', 'directory']]);
    assert.deepStrictEqual(problems(m, 'macro-invalid'), ["23: macro 'inner' undefined", "24: macro 'hidden' undefined"]);
  });

  it("reports httpd's refusals at the line httpd names: the Use, or the body line of a recursive Use", () => {
    assert.deepStrictEqual(problems(withMacros('Use Nope a\n'), 'macro-invalid'), ['6: no macro defined before Use']);
    const m = withMacros(`
      <Macro M $a $b>
        ServerAdmin $a@$b
      </Macro>
      <Macro R $a>
        ServerAdmin $a@x
        Use R $a
      </Macro>
      Use M x
      Use R y
      Use Other
    `);
    assert.deepStrictEqual(problems(m, 'macro-invalid'), [
      `14: macro 'm' (defined on line 7 of "httpd.conf") used with 1 arguments instead of 2`,
      "12: recursive use of macro 'r' is invalid",
      "16: macro 'other' undefined",
    ]);
  });

  it("gives httpd's warnings on the <Macro> line (or the Use for an empty value), and nothing more", () => {
    const m = withMacros(`
      <Macro M $a $b>
        ServerAdmin $a@x
      </Macro>
      <Macro m $a $ab name>
        ServerAdmin $ab@x
      </Macro>
      <Macro Empty $a>
      </Macro>
      Use M "" z
    `);
    assert.deepStrictEqual(problems(m, 'macro-warning'), [
      `7: macro 'm' (defined on line 7 of "httpd.conf"): argument '$b' (#2) never used`,
      `10: macro 'm' multiply defined: defined on line 7 of "httpd.conf", redefined on line 10 of "httpd.conf"`,
      `10: macro 'm' (defined on line 10 of "httpd.conf"): argument name prefix conflict ($a #1 and $ab #2), be careful about your macro definition!`,
      `10: macro 'm' (defined on line 10 of "httpd.conf") argument name 'name' (#3) without expected prefix, better prefix argument names with one of '$%@'.`,
      `10: macro 'm' (defined on line 10 of "httpd.conf"): argument '$a' (#1) never used`,
      `10: macro 'm' (defined on line 10 of "httpd.conf"): argument 'name' (#3) never used`,
      `13: macro 'empty' (defined on line 13 of "httpd.conf"): empty contents!`,
    ]);
    assert.deepStrictEqual(problems(m, 'macro-invalid'), [`15: macro 'm' (defined on line 10 of "httpd.conf") used with 2 arguments instead of 3`]);
  });

  it('says a macro may come from the including configuration when a fragment is checked alone', () => {
    const m = model({ 'site.conf': 'Use VHost one one.example\n<Macro Own $a>\nServerAdmin $a@x.example\n</Macro>\nUse Own b\n' }, 'site.conf', { moduleStateKnown: false });
    assert.deepStrictEqual(m.problems.filter((p) => p.code === 'macro-invalid').map((p) => `${p.line + 1} ${p.severity}: ${p.message}`), [
      "1 information: macro 'vhost' is not defined in this file: fine if the configuration that includes it defines it first.",
    ]);
    assert.deepStrictEqual(active(m, 'serveradmin').map((u) => u.args[0]), ['b@x.example']);
  });

  it('expands nothing without mod_macro (httpd refuses <Macro> there; that is module-not-loaded)', () => {
    const m = model({ 'httpd.conf': '<Macro M $a>\nServerAdmin $a@x\n</Macro>\nUse M y\n' });
    assert.deepStrictEqual(active(m, 'serveradmin'), []);
    assert.deepStrictEqual(problems(m, 'macro-invalid'), []);
  });

  it('reports what the body does at the body line, once however many Use lines expand it, with the Use lines as related places', () => {
    const a = analysis({
      'httpd.conf': HEAD + `
        <Macro Site $name>
        <Directory /srv/$name>
          ServerAdmin a@$name
        </Directory>
        </Macro>
        Include sites.conf
      `,
      'sites.conf': 'Use Site one\nUse Site two\n',
    });
    assert.deepStrictEqual(codes(a, 'httpd.conf', 'error'), ['directive-context@9']);
    const finding = a.byFile.get(`${ROOT}/httpd.conf`)!.find((f) => f.code === 'directive-context')!;
    assert.deepStrictEqual(finding.related?.map((r) => `${r.file.slice(ROOT.length + 1)}:${r.line + 1}`), ['sites.conf:1', 'sites.conf:2']);
    assert.deepStrictEqual(codes(a, 'sites.conf'), []);
  });

  it('stops macros that double each other at the expansion cap with an analysis-limit warning, in bounded time', () => {
    const levels = ['<Macro L0 $x>\nServerAdmin $x@a\n</Macro>'];
    for (let i = 1; i <= 40; i++) levels.push(`<Macro L${i} $x>\nUse L${i - 1} $x\nUse L${i - 1} $x\n</Macro>`);
    const started = Date.now();
    const m = withMacros(`${levels.join('\n')}\nUse L40 top\n`);
    const elapsed = Date.now() - started;
    const limit = m.problems.filter((p) => p.code === 'analysis-limit');
    assert.strictEqual(limit.length, 1);
    assert.match(limit[0].message, /stopped expanding macros/);
    assert.ok(m.uses.length < 250_000, `${m.uses.length} uses`);
    assert.ok(elapsed < 20_000, `${elapsed} ms`);
  });
});
