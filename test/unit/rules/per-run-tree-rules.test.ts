// Tree rules that decide most of their findings once per run (a stretch of one file's uses) and
// compare only the rest across runs must find what one pass over every use finds: random trees
// with sections that include files, sections opened in one file and files read twice.

import * as assert from 'assert';
import fc from 'fast-check';
import { memoryFileSystem, type DirectiveUse } from '../../../server/src/model';
import { createApacheService, type Analysis } from '../../../server/src/service';
import { isSingleValued, singleValued } from '../../../server/src/rules/directive-overridden';
import { rewriteContainers, runContainers } from '../../../server/src/rules/lib/rewrite-scopes';
import { activeOnlyByAssumption } from '../../../server/src/rules/lib/advisor-util';
import { sectionEvents } from '../../../server/src/rules/section-syntax';
import { namedHosts } from '../../../server/src/rules/duplicate-vhost-servername';
import { mpmBlocks } from '../../../server/src/rules/tuning-for-inactive-mpm';
import { loopEvents } from '../../../server/src/rules/rewrite-redirect-loop';
import { leadingSlashes } from '../../../server/src/rules/rewrite-leading-slash';
import { danglingConds } from '../../../server/src/rules/rewrite-cond-dangling';
import { unreachable } from '../../../server/src/rules/rewrite-unreachable';
import { engineOff } from '../../../server/src/rules/rewrite-engine-off';
import { falseIfModules } from '../../../server/src/rules/ifmodule-never-loaded';
import { rootDirectories } from '../../../server/src/rules/root-access-granted';

const ROOT = '/srv/httpd';
const MAIN = `${ROOT}/httpd.conf`;

const LINES = [
  '<VirtualHost *:80>',
  '</VirtualHost>',
  '<Directory "/srv/www">',
  '</Directory>',
  '<Location "/a">',
  '</Location>',
  '<IfModule rewrite_module>',
  '</IfModule>',
  '<If "true">',
  '</If>',
  '<ElseIf "false">',
  '</ElseIf>',
  '<Else>',
  '</Else>',
  'Include extra/inner.conf',
  'IncludeOptional extra/none-*.conf',
  'ServerAdmin a@example.org',
  'ServerAdmin b@example.org',
  'DocumentRoot "/srv/www"',
  'KeepAliveTimeout 3',
  'RewriteEngine On',
  'RewriteCond %{HTTPS} off',
  'RewriteRule ^/old /new [R=301]',
  'RewriteRule ^ - [L]',
  'RewriteBase /',
];

const text = (max: number) => fc.array(fc.constantFrom(...LINES), { maxLength: max }).map((lines) => lines.join('\n') + '\n');

/** Each use of a rule's findings, in order, as comparable lines. */
const byCode = (a: Analysis, code: string): string[] => a.findings.filter((f) => f.code === code).map((f) => `${f.file}:${f.start}-${f.end} ${f.message}`);

const at = (u: DirectiveUse): string => `${u.file}:${u.line.line}`;

/** A file read twice reports each place once (service/analysis.ts): the first of each. */
const once = (list: string[]): string[] => [...new Set(list)];

/** <Else>/<ElseIf> whose previous active sibling section is no <If>/<ElseIf>, from one pass over every use. */
function orphanElses(a: Analysis): string[] {
  const previous = new Map<readonly DirectiveUse[], DirectiveUse>();
  const out: string[] = [];
  for (const use of a.model.uses) {
    if (!use.active || !use.isSection) continue;
    const before = previous.get(use.parents);
    previous.set(use.parents, use);
    if ((use.key === 'else' || use.key === 'elseif') && !(before && (before.key === 'if' || before.key === 'elseif'))) out.push(at(use));
  }
  return out;
}

/**
 * The earlier and the later of two single-value settings among siblings, from one pass over every use. A file
 * read twice gives the same use objects twice (the walk is replayed); httpd makes two sections of
 * it, so siblings are told apart by which reading of their section they follow.
 */
function overriddenLines(a: Analysis): string[] {
  const readings = new Map<DirectiveUse, number>();
  const ids = new Map<readonly DirectiveUse[], number>();
  const last = new Map<string, Map<string, DirectiveUse>>();
  const out: string[] = [];
  for (const use of a.model.uses) {
    if (use.isSection) readings.set(use, (readings.get(use) ?? 0) + 1);
    if (!use.active || !isSingleValued(use) || activeOnlyByAssumption(a.model, use)) continue;
    if (!ids.has(use.parents)) ids.set(use.parents, ids.size);
    const owner = use.parents[use.parents.length - 1];
    const siblings = `${ids.get(use.parents)}#${owner ? readings.get(owner) : 0}`;
    let byName = last.get(siblings);
    if (!byName) last.set(siblings, (byName = new Map()));
    const earlier = byName.get(use.key);
    byName.set(use.key, use);
    if (earlier) out.push(`${at(earlier)} ${at(use)}`);
  }
  return out;
}

/** mod_rewrite's scopes from one pass over every use: by owning section, the main server, or file and scope. */
function containers(a: Analysis): string[] {
  const conditional = new Set(['ifmodule', 'ifdefine', 'ifversion', 'iffile', 'ifdirective', 'ifsection']);
  const byKey = new Map<DirectiveUse | string, DirectiveUse[]>();
  for (const use of a.model.uses) {
    if (!use.active || use.isSection || !use.key.startsWith('rewrite')) continue;
    const owner = [...use.parents].reverse().find((p) => !conditional.has(p.key));
    const key = owner ?? (use.scope === 'server' ? 'main server' : `${use.file}#${use.scope}`);
    byKey.set(key, [...(byKey.get(key) ?? []), use]);
  }
  return [...byKey.values()].map((uses) => uses.map(at).join(' '));
}

describe('tree rules decided per run', () => {
  it('find what one pass over every use finds (property: sections including files, files read twice)', function () {
    this.timeout(120000);
    let trees = 0;
    fc.assert(
      fc.property(text(8), fc.array(text(6), { minLength: 1, maxLength: 3 }), text(4), fc.boolean(), (main, sites, inner, twice) => {
        trees++;
        const disk: Record<string, string> = {
          [MAIN]: `LoadModule rewrite_module modules/mod_rewrite.so\n${main}IncludeOptional sites/*.conf\n${twice ? 'Include sites/s0.conf\n' : ''}`,
          [`${ROOT}/extra/inner.conf`]: inner.replace(/Include extra\/inner\.conf/g, ''),
        };
        sites.forEach((t, i) => (disk[`${ROOT}/sites/s${i}.conf`] = t));
        const a = createApacheService({ fs: memoryFileSystem(disk), env: {} }).mainTree(MAIN);
        const elseMessage = /^<Else> or <ElseIf> section without previous/;
        const elses = a.findings.filter((f) => f.code === 'section-syntax' && elseMessage.test(f.message)).map((f) => `${f.file}:${f.line}`);
        assert.deepStrictEqual(elses, once(orphanElses(a)));
        assert.deepStrictEqual(a.findings.filter((f) => f.code === 'directive-overridden').map((f) => `${f.file}:${f.line} ${f.related?.[0].file}:${f.related?.[0].line}`), once(overriddenLines(a)));
        assert.deepStrictEqual(rewriteContainers(a.model).map((c) => c.uses.map(at).join(' ')), containers(a));
        assert.ok(byCode(a, 'section-syntax').length >= elses.length);
      }),
      { numRuns: Number(process.env.PER_RUN_RUNS ?? 400), seed: Number(process.env.FUZZ_SEED ?? 20261202) },
    );
    assert.ok(trees >= 400 || process.env.PER_RUN_RUNS !== undefined);
  });
});

describe('a file read twice', () => {
  it('is two sections to httpd: no line of one is overridden or made unreachable by its own second reading', () => {
    const disk = {
      [MAIN]: 'LoadModule mpm_event_module modules/mod_mpm_event.so\nInclude sites/a.conf\nInclude sites/a.conf\n',
      [`${ROOT}/sites/a.conf`]: '<VirtualHost *:80>\n  ServerAdmin a@example.org\n  ServerAdmin b@example.org\n  RewriteEngine On\n  RewriteRule ^ - [L]\n</VirtualHost>\nServerAdmin c@example.org\n',
    };
    const a = createApacheService({ fs: memoryFileSystem(disk), env: {} }).mainTree(MAIN);
    const found = a.findings.filter((f) => f.code === 'directive-overridden').map((f) => `${f.line} -> ${f.related?.[0].line}`);
    // Within each <VirtualHost>: line 1 loses to line 2; at server level the first reading's line 6 loses to the second's.
    assert.deepStrictEqual(found, ['1 -> 2', '6 -> 6']);
    // Nor a catch-all rule as blocking its own second reading.
    assert.deepStrictEqual(a.findings.filter((f) => f.code === 'rewrite-unreachable'), []);
  });
});

describe('tree rules on an edit', () => {
  it('derive again only the runs of the edited file and the main file, not those of the other 299 files', () => {
    const disk: Record<string, string> = {
      [MAIN]: 'LoadModule mpm_event_module modules/mod_mpm_event.so\nLoadModule rewrite_module modules/mod_rewrite.so\nServerAdmin a@example.org\nIncludeOptional sites/*.conf\nServerAdmin b@example.org\n',
    };
    const site = (i: number, extra = '') =>
      `<VirtualHost *:80>\n  ServerName site${i}.example\n  ServerAdmin x@example.org\n  ServerAdmin y@example.org\n  RewriteEngine On\n  RewriteRule ^/old /new [R=301,L]\n  <Directory "/srv/${i}">\n    RewriteRule ^/a b\n  </Directory>\n  <If "true">\n  </If>\n  <Else>\n  </Else>\n${extra}</VirtualHost>\n<IfModule mpm_prefork_module>\n  StartServers 2\n</IfModule>\n`;
    for (let i = 0; i < 300; i++) disk[`${ROOT}/sites/vh${String(i).padStart(3, '0')}.conf`] = site(i);
    const edited = `${ROOT}/sites/vh007.conf`;
    let buffer: string | undefined;
    const service = createApacheService({ fs: memoryFileSystem(disk), env: {}, openText: (f) => (f === edited ? buffer : undefined) });
    service.refresh();
    const first = service.mainTree(MAIN);
    const slots = { runContainers, sectionEvents, singleValued, namedHosts, mpmBlocks, loopEvents, leadingSlashes, danglingConds, unreachable, engineOff, falseIfModules, rootDirectories };
    const count = () => Object.fromEntries(Object.entries(slots).map(([name, slot]) => [name, slot.derived]));
    const before = count();
    const other = `${ROOT}/sites/vh123.conf`;
    for (const code of ['rewrite-leading-slash', 'directive-overridden', 'tuning-for-inactive-mpm']) assert.ok(first.byFile.get(other)?.some((f) => f.code === code), code);
    buffer = site(7, '  ServerName site8.example\n  ServerAdmin z@example.org\n');
    service.refresh();
    const after = service.mainTree(MAIN);
    const now = count();
    for (const name of Object.keys(slots) as (keyof typeof slots)[]) {
      // The main file is walked again on each analysis: its runs before and after the include, and the edited file's.
      assert.ok(now[name] - before[name] <= 3, `${name}: derived ${now[name] - before[name]} runs again`);
      assert.ok(now[name] - before[name] >= 1, `${name}: the edited file is derived again`);
    }
    assert.deepStrictEqual(after.byFile.get(other), first.byFile.get(other), 'other files keep their findings');
    // The edited host now has vh008's name: the later host, in a file not derived again, is reported.
    assert.ok(after.byFile.get(`${ROOT}/sites/vh008.conf`)?.some((f) => f.code === 'duplicate-vhost-servername'), 'the edit is seen across files');
    assert.strictEqual(after.byFile.get(edited)?.filter((f) => f.code === 'directive-overridden').length, 3, 'the edit is seen: ServerName and two ServerAdmin lines set again');
  });
});
