// mod_macro against the real apache2 -t: trees httpd accepts (with and without its warnings) and
// each refusal, of a Use itself or of a line an expansion made. Where httpd accepts, httpd-lint
// reports no error; where it refuses, an error on the line httpd names with httpd's message; each
// mod_macro warning httpd prints is a macro-warning with its text. httpd names a line of an
// expansion as "line N of macro 'x' (defined on line D of FILE) used on …": the Nth line of the
// body kept by mod_macro (comments dropped), which is where httpd-lint reports it.

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { lintReport } from '../../server/src/cli/report';
import { parse } from '../../server/src/parser';
import { httpdAvailable, httpdCheck, removeRunDir } from './httpd';

const HEAD = [
  'LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so',
  'LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so',
  'LoadModule macro_module /usr/lib/apache2/modules/mod_macro.so',
  'LoadModule alias_module /usr/lib/apache2/modules/mod_alias.so',
  'ServerName localhost',
  'Listen 8080',
  'ErrorLog /dev/null',
  '',
].join('\n');

const VHOST = '<Macro VHost $name $domain>\n<VirtualHost *:8080>\n  ServerName $domain\n  ServerAlias www.$domain\n  ServerAdmin $name@$domain\n</VirtualHost>\n</Macro>\n';

/** Trees httpd accepts (some with warnings). */
const ACCEPTED: string[] = [
  `${VHOST}Use VHost site1 example.com\nUse VHost site2 example.org\nuse vhost site3 example.net\n`,
  // Nested Use, a macro defined by an expansion, a Use inside a section, UndefMacro and redefinition.
  '<Macro Inner $x>\nRedirect /$x /new-$x\n</Macro>\n<Macro Outer $a>\nUse Inner $a\n<Macro Made $b>\nServerAdmin $b@$a.example\n</Macro>\n</Macro>\nUse Outer one\nUse Made admin\n<Directory /srv>\nUse Inner dir\n</Directory>\nUndefMacro Inner\n<Macro Inner $y>\nRedirect /$y /y\n</Macro>\nUse Inner again\n',
  // Quoted values, ${VAR} left for after the substitution, longest parameter first.
  'Define ROOT /\n<Macro Q $a $ab $q>\nServerAdmin $ab@$a.example\nDocumentRoot ${ROOT}$a\nRedirect "/$a" "$q"\n</Macro>\nUse Q tmp y "/to with blank"\n',
  // A macro in a false <IfDefine> is not defined, so its body's errors never count.
  '<IfDefine NOPE>\n<Macro Hidden $a>\nBogusDirective $a\n</Macro>\n</IfDefine>\n<Macro Shown $a>\nServerAdmin $a@x.example\n</Macro>\nUse Shown a\n',
  // Never used: its body is not checked.
  '<Macro Unused $a>\nNotADirective $a\n</Macro>\n',
  // httpd's warnings: redefinition, empty body, names without prefix, prefix conflict, never used, empty value.
  '<Macro M $a $b>\nServerAdmin $a@x.example\n</Macro>\nUse M "" z\n<Macro m $a $ab name>\nServerAdmin $ab@x.example\n</Macro>\n<Macro Empty $a>\n</Macro>\nUse m a b c\n',
  // Blank lines, comments and continued lines in a body.
  '<Macro Lines $a>\n# comment\n\nServerAdmin \\\n  $a@x.example\n\nRedirect /$a /b\n</Macro>\nUse Lines q\n',
];

/** Trees httpd refuses, each for one reason. */
const REFUSED: string[] = [
  'Use Nothing a b\n',
  '<Macro One $a>\nServerAdmin $a@x.example\n</Macro>\nUse Other a\n',
  '<Macro One $a $b>\nServerAdmin $a@$b\n</Macro>\nUse One a\n',
  '<Macro One $a>\nServerAdmin $a@$b\n</Macro>\nUse One a b c\n',
  '<Macro R $a>\nServerAdmin $a@x.example\nUse R $a\n</Macro>\nUse R x\n',
  '<Macro A $a>\nUse B $a\n</Macro>\n<Macro B $b>\nUse A $b\n</Macro>\nUse A x\n',
  `${VHOST}Use VHost site1 example.com\n<Macro Bad $n>\nBogus $n\n</Macro>\nUse Bad z\n`,
  '<Macro Dir $a>\nServerAdmin $a@x.example\n</Macro>\n<Directory /srv>\nUse Dir y\n</Directory>\n',
  '<Macro Inner $x>\nBogus1 $x\n</Macro>\n<Macro Outer $a>\nServerAdmin $a@x.example\nUse Inner $a\n</Macro>\nUse Outer zz\n',
  '<Macro M $a>\nServerAdmin $a@x.example\n</Macro>\nUse M a\nUndefMacro M\nUse M b\n',
  '<IfDefine NOPE>\n<Macro M $a>\nServerAdmin $a@x.example\n</Macro>\n</IfDefine>\n<Macro N $a>\nServerAdmin $a@x.example\n</Macro>\nUse M a\n',
  '<Macro Lines $a>\n# c1\n\nServerAdmin \\\n  a@x.example \\\n\nBogus $a\n</Macro>\nUse Lines x\n',
  '<Macro Name $d $v>\n$d $v\n</Macro>\nUse Name ServerAdmin a@b.example\nUse Name NoSuchThing a\n',
  '<Macro Split $a>\nDefine X $a\n</Macro>\nUse Split "p q"\n',
  '<Macro Quote $a>\nServerAdmin "$a"\n</Macro>\nUse Quote \'x"y\'\n',
  '<Macro Ctx $a>\n<Location /$a>\nListen 9$a\n</Location>\n</Macro>\nUse Ctx 1\n',
];

/** The line httpd names, in a real file: a macro's line N is the Nth line mod_macro kept of the body. */
function physicalPlace(file: string, line: number): { file: string; line: number } {
  const macro = /^macro '[^']*' \(defined on line (\d+) of "([^"]*)"\) used on line/.exec(file);
  if (!macro) return { file, line };
  const defined = Number(macro[1]) - 1;
  const lines = parse(fs.readFileSync(macro[2], 'utf8')).lines;
  const open = lines.findIndex((l) => l.line === defined);
  const kept = lines.slice(open + 1).filter((l) => l.kind !== 'comment');
  return { file: macro[2], line: kept[line - 1].line + 1 };
}

describe('mod_macro against apache2 -t', function () {
  this.timeout(120000);
  let dir: string;
  before(function () {
    if (!httpdAvailable()) this.skip();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-oracle-macro-'));
  });
  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    removeRunDir();
  });

  async function check(body: string): Promise<{ verdict: Awaited<ReturnType<typeof httpdCheck>>; report: ReturnType<typeof lintReport>; main: string }> {
    const main = path.join(dir, 'httpd.conf');
    fs.writeFileSync(main, HEAD + body);
    const verdict = await httpdCheck(dir, main);
    return { verdict, report: lintReport({ main, serverRoot: dir, defines: [], env: {} }), main };
  }

  /** httpd's mod_macro warnings, paths as httpd-lint writes them (relative to the main file's folder). */
  function httpdWarnings(messages: string[]): string[] {
    return messages.filter((m) => m.startsWith('[macro:warn]')).map((m) => m.replace(/^\[macro:warn\] AH\d+: /, '').split(`${dir}/`).join(''));
  }

  it('reports no error where httpd accepts, and each mod_macro warning httpd prints', async () => {
    let warnings = 0;
    for (const body of ACCEPTED) {
      const { verdict, report } = await check(body);
      assert.ok(verdict.ok, `httpd accepts:\n${body}\n${verdict.messages.join('\n')}`);
      assert.deepStrictEqual(report.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.range.start.line + 1} ${d.code} ${d.message}`), [], body);
      const ours = report.diagnostics.filter((d) => d.code === 'macro-warning').map((d) => d.message);
      assert.deepStrictEqual(ours.sort(), httpdWarnings(verdict.messages).sort(), body);
      warnings += ours.length;
    }
    console.log(`      ${ACCEPTED.length} accepted trees agree, with ${warnings} mod_macro warnings`);
  });

  it("reports an error on the line httpd names, with httpd's message for mod_macro's own refusals", async () => {
    for (const body of REFUSED) {
      const { verdict, report } = await check(body);
      assert.ok(!verdict.ok, `httpd refuses:\n${body}`);
      const place = physicalPlace(verdict.file!, verdict.line!);
      const errors = report.diagnostics.filter((d) => d.severity === 'error');
      const at = errors.filter((d) => d.file === place.file && d.range.start.line === place.line - 1);
      assert.ok(at.length > 0, `an error on ${place.file}:${place.line} (${verdict.error}); ours: ${errors.map((d) => `${d.range.start.line + 1} ${d.message}`).join(' | ')}\n${body}`);
      const macroRefusal = at.find((d) => d.code === 'macro-invalid');
      if (macroRefusal) assert.strictEqual(macroRefusal.message, verdict.error!.split(`${dir}/`).join(''), body);
      else assert.ok(!/^macro |no macro defined/.test(verdict.error!), `a mod_macro refusal is macro-invalid: ${verdict.error}`);
    }
    console.log(`      ${REFUSED.length} refused trees: an error on httpd's line each`);
  });
});
