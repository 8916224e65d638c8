// httpd's vocabulary lives once (server/src/data/vocabulary.ts): the checker, completion and hover
// read the same lists, and the lists are what the real httpd accepts (issue 9 defects 2 and 3).

import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { allDirectives, getDirective } from '../../../server/src/data';
import { memoryFileSystem, type ConfigModel } from '../../../server/src/model';
import { checkArguments } from '../../../server/src/rules/lib/argument-check';
import { checkDirectiveValues } from '../../../server/src/rules/lib/directive-values';
import { optionsError } from '../../../server/src/rules/options-syntax';
import { complete } from '../../../server/src/service/completion';
import { hoverAt } from '../../../server/src/service/hover';
import { analysis, model } from '../../helpers/trees';
import { DEPRECATED_IN_24, REMOVED_IN_24 } from '../../../server/src/data/vocabulary';

const HTTPD = '/usr/sbin/apache2';
const MODULES = '/usr/lib/apache2/modules';
const withHttpd = fs.existsSync(HTTPD) ? describe : describe.skip;

/** Every provider module, so no Require word is refused for a missing module. */
const AUTHZ = ['authz_core', 'authz_user', 'authz_host', 'authz_groupfile', 'authz_owner', 'authz_dbm', 'authz_dbd', 'authnz_ldap', 'ssl', 'dbd', 'ldap'];
const fullServer = (): ConfigModel =>
  model({ 'httpd.conf': ['LoadModule mpm_prefork_module modules/mod_mpm_prefork.so', ...AUTHZ.map((m) => `LoadModule ${m}_module modules/mod_${m}.so`)].join('\n') + '\n' });

/** The labels completion offers at the end of `line`. */
function offered(line: string, m?: ConfigModel): string[] {
  return complete({ text: line, offset: line.length, fileScope: 'directory', model: m, fs: memoryFileSystem({}) }).map((c) => c.label);
}

/** The checker's verdict on one line (argument count and values, Options keywords). */
function checkerError(name: string, args: string[], m: ConfigModel): string | undefined {
  const info = getDirective(name)!;
  if (name.toLowerCase() === 'options') return optionsError(args)?.message;
  return (checkArguments(info, args) ?? checkDirectiveValues(name.toLowerCase(), args, m))?.message;
}

/** Plausible arguments after a Require provider, so only the provider word is judged. */
const REQUIRE_ARGS: Record<string, string[]> = { all: ['granted'], ip: ['127.0.0.1'], method: ['GET'], expr: ['true'], host: ['example.org'], 'forward-dns': ['example.org'] };

describe('vocabulary: completion offers only what the checker accepts', () => {
  it('keyword directives (Options, AllowOverride, LogLevel, ServerTokens, SSLProtocol with each sign)', () => {
    const m = fullServer();
    const cases: [string, string][] = [
      ['Options ', 'Options'], ['Options +', 'Options'], ['Options -', 'Options'], ['AllowOverride ', 'AllowOverride'], ['LogLevel ', 'LogLevel'],
      ['ServerTokens ', 'ServerTokens'], ['SSLProtocol ', 'SSLProtocol'], ['SSLProtocol +', 'SSLProtocol'], ['SSLProtocol -', 'SSLProtocol'],
      ['SSLProxyProtocol ', 'SSLProxyProtocol'], ['SSLProxyProtocol -', 'SSLProxyProtocol'],
    ];
    for (const [line, name] of cases) {
      const labels = offered(line, m);
      assert.ok(labels.length > 0, `nothing offered for "${line}"`);
      for (const label of labels) assert.strictEqual(checkerError(name, [label], m), undefined, `"${line}" offers ${label}, which the checker refuses`);
    }
    assert.ok(offered('SSLProtocol -', m).includes('-SSLv3') && !offered('SSLProtocol ', m).includes('SSLv3'), 'SSLv3 only as a removal');
  });

  it('every enum and flag value of the knowledge base', () => {
    const m = fullServer();
    let count = 0;
    for (const info of allDirectives()) {
      if (info.isSection || !info.args.types?.length || ['TAKE2', 'TAKE3', 'TAKE23', 'ITERATE2'].includes(info.args.how)) continue;
      for (const label of offered(`${info.name} `, m)) {
        assert.strictEqual(checkerError(info.name, [label], m), undefined, `${info.name} ${label}`);
        count++;
      }
    }
    assert.ok(count > 100, `only ${count} values`);
  });

  it('completing `Require ` offers only providers the loaded modules register, each accepted', () => {
    const only = (modules: string[]) => model({ 'httpd.conf': ['LoadModule mpm_event_module modules/mod_mpm_event.so', ...modules.map((x) => `LoadModule ${x}_module modules/mod_${x}.so`)].join('\n') + '\n' });
    for (const m of [fullServer(), only(['authz_core']), only(['authz_core', 'authz_host'])]) {
      const labels = offered('Require ', m);
      assert.ok(labels.includes('all'));
      for (const label of labels) assert.strictEqual(checkerError('Require', [label, ...(REQUIRE_ARGS[label] ?? ['x'])], m), undefined, `Require ${label}`);
      for (const label of offered('Require not ', m)) assert.strictEqual(checkerError('Require', ['not', label, ...(REQUIRE_ARGS[label] ?? ['x'])], m), undefined, `Require not ${label}`);
    }
    assert.ok(!offered('Require ', only(['authz_core'])).includes('ip'), 'ip needs mod_authz_host');
    assert.deepStrictEqual(offered('Require all ', fullServer()), ['granted', 'denied']);
  });
});

describe('vocabulary: hover and the checker agree on RewriteRule flags', () => {
  it('hover on [last,QSL,redirect=301] calls every flag valid', () => {
    const text = 'LoadModule mpm_event_module modules/mod_mpm_event.so\nLoadModule rewrite_module modules/mod_rewrite.so\nRewriteRule ^ - [last,QSL,redirect=301]\n';
    const a = analysis({ 'httpd.conf': text });
    const markdown = hoverAt(a.model, a.model.mainFile, text.indexOf('[last') + 2)!.markdown;
    for (const flag of ['last', 'QSL', 'redirect']) assert.match(markdown, new RegExp(`\\*\\*${flag}\\*\\*`));
    assert.doesNotMatch(markdown, /not a RewriteRule flag/);
    assert.deepStrictEqual(a.findings.filter((f) => f.severity === 'error'), []);
  });
});

describe('vocabulary: deprecations and removed 2.2 names read alike by the rules and hover', () => {
  const server = (line: string) => `LoadModule mpm_prefork_module modules/mod_mpm_prefork.so\nLoadModule mime_module modules/mod_mime.so\nLoadModule ssl_module modules/mod_ssl.so\n${line}\n`;
  it('every deprecated name: the rule reports it, hover and completion mark it', () => {
    for (const name of Object.keys(DEPRECATED_IN_24)) {
      const spelled = getDirective(name)!.name;
      const text = server(`${spelled} x`);
      const a = analysis({ 'httpd.conf': text });
      assert.ok(a.findings.some((f) => f.code === 'deprecated-directive'), `${spelled}: rule`);
      assert.match(hoverAt(a.model, a.model.mainFile, text.indexOf(spelled) + 1)!.markdown, /\(deprecated\)/, `${spelled}: hover`);
      const offer = complete({ text: spelled.slice(0, 5), offset: 5, fileScope: 'server', fs: memoryFileSystem({}) }).find((c) => c.label === spelled);
      assert.ok(offer && offer.rank >= 4, `${spelled}: completion ranks it last`);
    }
  });

  it('every removed 2.2 name: an error that says what replaces it, and hover says the same', () => {
    for (const [key, replacement] of Object.entries(REMOVED_IN_24)) {
      const text = server(`${key} x`);
      const a = analysis({ 'httpd.conf': text });
      const finding = a.findings.find((f) => f.code === 'unknown-directive')!;
      assert.ok(finding?.message.includes(replacement), `${key}: ${finding?.message}`);
      const plain = (t: string) => t.replace(/[\\`*]/g, '');
      assert.ok(plain(hoverAt(a.model, a.model.mainFile, text.indexOf(key) + 1)!.markdown).includes(plain(replacement)), `${key}: hover`);
    }
  });
});

/** Flag fields and mod_rewrite's verdict (probed on Debian's apache2). */
const FLAGS: [string, string | undefined][] = [
  ['[L]', undefined], ['[last]', undefined], ['[END]', undefined], ['[R=301]', undefined], ['[redirect=301]', undefined], ['[NC,QSA]', undefined],
  ['[qsappend,qsdiscard,qslast]', undefined], ['[P]', undefined], ['[PT]', undefined], ['[F]', undefined], ['[gone]', undefined],
  ['[NE]', undefined], ['[noescape]', undefined], ['[B]', undefined], ['[BNP]', undefined], ['[BCTLS]', undefined], ['[BNE=/]', undefined],
  ['[backrefescaping]', undefined], ['[E=x:y]', undefined], ['[env=x:y]', undefined], ['[CO=a:b:c]', undefined], ['[T=text/plain]', undefined],
  ['[H=foo]', undefined], ['[N]', undefined], ['[next]', undefined], ['[C]', undefined], ['[chain]', undefined], ['[S=1]', undefined],
  ['[DPI]', undefined], ['[discardpath]', undefined], ['[D]', undefined], ['[discardpathinfo]', undefined], ['[NS]', undefined],
  ['[UnsafeAllow3F]', undefined], ['[UnsafePrefixStat]', undefined],
  ['[backrefnoplus]', "RewriteRule: unknown flag 'backrefnoplus'"], ['[BNE]', "RewriteRule: flag 'BNE' wants a list of characters (i.e. [BNE=...])"],
  ['[LP]', "RewriteRule: unknown flag 'LP'"], ['[lastx]', "RewriteRule: unknown flag 'lastx'"], ['[Q]', "RewriteRule: unknown flag 'Q'"],
];

/** SSLProtocol/SSLProxyProtocol forms: httpd's error (undefined: accepted) and AH02532 warnings. */
const PROTOCOLS: [string, string | undefined, number][] = [
  ['all', undefined, 0], ['all -SSLv2', undefined, 0], ['all -SSLv2 -SSLv3', undefined, 0], ['-SSLv2', undefined, 0], ['-SSLV2', undefined, 0],
  ['-SSLv3', undefined, 0], ['all -TLSv1 -TLSv1.1', undefined, 0], ['ALL -sslv3', undefined, 0], ['tlsv1.3', undefined, 0], ['-all +TLSv1.2 +TLSv1.3', undefined, 0],
  ['+all', undefined, 0], ['TLSv1.2 -TLSv1.2', undefined, 0], ['-TLSv1 TLSv1.2', undefined, 0], ['TLSv1.1 +TLSv1.2', undefined, 0],
  ['TLSv1.1 TLSv1.2', undefined, 1], ['all -TLSv1.3 TLSv1.2', undefined, 1],
  ['all +SSLv3', 'SSLv3 not supported by this version of OpenSSL', 0], ['SSLv3', 'SSLv3 not supported by this version of OpenSSL', 0],
  ['+SSLv3', 'SSLv3 not supported by this version of OpenSSL', 0], ['all -SSLv3 +SSLv3', 'SSLv3 not supported by this version of OpenSSL', 0],
  ['SSLv2', 'SSLProtocol: SSLv2 is no longer supported', 0], ['+SSLv2', 'SSLProtocol: SSLv2 is no longer supported', 0], ['sslv2', 'SSLProtocol: SSLv2 is no longer supported', 0],
  ['foo', "%s: Illegal protocol 'foo'", 0], ['-foo', "%s: Illegal protocol 'foo'", 0], ['--SSLv3', "%s: Illegal protocol '-SSLv3'", 0],
  ['TLSv1.0', "%s: Illegal protocol 'TLSv1.0'", 0], ['TLSv1.4', "%s: Illegal protocol 'TLSv1.4'", 0], ['all,-SSLv3', "%s: Illegal protocol 'all,-SSLv3'", 0],
  ['"all -SSLv3"', "%s: Illegal protocol 'all -SSLv3'", 0],
];

/** AllowOverride forms and httpd's verdict. */
const OVERRIDES: [string, string | undefined][] = [
  ['All', undefined], ['None', undefined], ['AuthConfig FileInfo', undefined], ['Options=Indexes,MultiViews', undefined], ['Options=All', undefined],
  ['Options=', undefined], ['Nonfatal=Override', undefined], ['NonFatal=all', undefined], ['Nonfatal=foo', undefined], ['AuthConfig=x', undefined],
  ['Nonfatal', '=Override, =Unknown or =All expected after Nonfatal'], ['Foo', 'Illegal override option Foo'], ['Foo=x', 'Illegal override option Foo'],
  ['Options=Foo', 'Illegal option Foo'], ['Options=+Indexes', 'Illegal option +Indexes'],
];

function ourVerdict(lines: string[]): { errors: string[]; warnings: string[] } {
  const a = analysis({ 'httpd.conf': ['LoadModule mpm_event_module modules/mod_mpm_event.so', ...lines].join('\n') + '\n' });
  const args = a.findings.filter((f) => f.code === 'invalid-arguments');
  return { errors: args.filter((f) => f.severity === 'error').map((f) => f.message), warnings: args.filter((f) => f.severity === 'warning').map((f) => f.message) };
}

describe('vocabulary: SSLProtocol and RewriteRule flags as httpd reads them', () => {
  for (const directive of ['SSLProtocol', 'SSLProxyProtocol']) {
    it(`${directive}: every form gives httpd's verdict and wording`, () => {
      for (const [form, error, warnings] of PROTOCOLS) {
        const ours = ourVerdict(['LoadModule ssl_module modules/mod_ssl.so', `${directive} ${form}`]);
        assert.deepStrictEqual(ours.errors, error ? [error.replace('%s', directive)] : [], `${directive} ${form}`);
        assert.strictEqual(ours.warnings.length, warnings, `${directive} ${form}: ${ours.warnings}`);
      }
    });
  }

  it('weak-tls-protocol reads `all -SSLv2 -SSLv3` as TLSv1 and newer (no error)', () => {
    const a = analysis({ 'httpd.conf': 'LoadModule mpm_event_module modules/mod_mpm_event.so\nLoadModule ssl_module modules/mod_ssl.so\nSSLProtocol all -SSLv2 -SSLv3\n' });
    assert.deepStrictEqual(a.findings.filter((f) => f.severity === 'error'), []);
    assert.match(a.findings.find((f) => f.code === 'weak-tls-protocol')!.message, /TLSv1 and TLSv1\.1/);
  });

  it('AllowOverride: every form gets httpd\'s verdict and wording', () => {
    for (const [form, error] of OVERRIDES) {
      const ours = ourVerdict([`<Directory /srv>`, `AllowOverride ${form}`, '</Directory>']);
      assert.deepStrictEqual(ours.errors, error ? [error] : [], form);
    }
  });

  it('RewriteRule flags: every probed spelling gets mod_rewrite verdict', () => {
    for (const [field, error] of FLAGS) {
      const ours = ourVerdict(['LoadModule rewrite_module modules/mod_rewrite.so', 'LoadModule proxy_module modules/mod_proxy.so', `RewriteRule ^ - ${field}`]);
      assert.deepStrictEqual(ours.errors, error ? [error] : [], field);
    }
  });

  withHttpd('against the real httpd', () => {
    let dir: string;
    before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vocabulary-oracle-'))));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const httpd = (lines: string[]): { error?: string; warnings: number } => {
      const main = path.join(dir, 'httpd.conf');
      fs.writeFileSync(main, [`LoadModule mpm_event_module ${MODULES}/mod_mpm_event.so`, `ErrorLog ${dir}/error.log`, ...lines, ''].join('\n'));
      const env = { PATH: process.env.PATH, LANG: 'C', APACHE_RUN_DIR: dir, APACHE_LOCK_DIR: dir, APACHE_LOG_DIR: dir, APACHE_PID_FILE: path.join(dir, 'pid') };
      const r = spawnSync(HTTPD, ['-d', dir, '-f', main, '-t'], { env, encoding: 'utf8', cwd: '/' });
      const lines2 = r.stderr.split('\n');
      const at = lines2.findIndex((l) => l.includes('AH00526'));
      return { error: r.status === 0 ? undefined : lines2[at + 1]?.trim(), warnings: lines2.filter((l) => l.includes('AH02532')).length };
    };

    it('confirms the SSLProtocol/SSLProxyProtocol table', () => {
      for (const directive of ['SSLProtocol', 'SSLProxyProtocol']) {
        for (const [form, error, warnings] of PROTOCOLS) {
          const verdict = httpd([`LoadModule ssl_module ${MODULES}/mod_ssl.so`, `${directive} ${form}`]);
          assert.strictEqual(verdict.error, error?.replace('%s', directive), `${directive} ${form}`);
          assert.strictEqual(verdict.warnings, warnings, `${directive} ${form}`);
        }
      }
    });

    it('confirms the AllowOverride table', () => {
      for (const [form, error] of OVERRIDES) assert.strictEqual(httpd(['<Directory /srv>', `AllowOverride ${form}`, '</Directory>']).error, error, form);
    });

    it('confirms the RewriteRule flag table', () => {
      for (const [field, error] of FLAGS) {
        const verdict = httpd([`LoadModule rewrite_module ${MODULES}/mod_rewrite.so`, `LoadModule proxy_module ${MODULES}/mod_proxy.so`, `RewriteRule ^ - ${field}`]);
        assert.strictEqual(verdict.error, error, field);
      }
    });
  });
});
