// Incremental analysis equals cold analysis: random edit sequences on generated trees, and
// counters proving that an edit of one file redoes the work of that file only.

import * as assert from 'assert';
import fc from 'fast-check';
import { memoryFileSystem } from '../../../server/src/model';
import { createApacheService, type Analysis } from '../../../server/src/service';
import { runContainers } from '../../../server/src/rules/lib/rewrite-scopes';
import { runInChild } from '../../helpers/heap-child';

const ROOT = '/srv/httpd';
const MAIN = `${ROOT}/httpd.conf`;

/** Lines that move the reading state, findings, sections and suppressions around. */
const LINES = [
  'Define SITE alpha',
  'Define SITE beta',
  'UnDefine SITE',
  'ServerName ${SITE}.example',
  'ServerAlias ${OTHER}',
  '<IfDefine SITE>',
  '<IfDefine !SITE>',
  '</IfDefine>',
  '<IfModule rewrite_module>',
  '<IfModule !mod_ssl.c>',
  '</IfModule>',
  'LoadModule rewrite_module modules/mod_rewrite.so',
  'IncludeOptional extra/tail.conf',
  'IncludeOptional extra/none-*.conf',
  'LoadModule ssl_module modules/mod_ssl.so',
  'LoadModule log_config_module modules/mod_log_config.so',
  '<IfModule log_config_module>',
  'ServerRoot /etc/httpd',
  'RewriteEngine On',
  'RewriteEngine Off',
  'RewriteCond %{HTTPS} off',
  'RewriteRule ^/old /new [R=301]',
  'RewriteRule ^ - [L]',
  'RewriteRule ^/?\\.git - [F]',
  'RewriteRule "(a+)+b" /x',
  '<Location "/">',
  '</Location>',
  'Require all denied',
  'DocumentRoot "/srv/www"',
  'SSLEngine on',
  'Header always set Strict-Transport-Security "max-age=1"',
  'ServerName www.example',
  'SSLProtocol all -SSLv3',
  'SSLCipherSuite RC4-SHA',
  'Options Indexes +FollowSymLinks',
  'Options -Indexes',
  'KeepAlive Off',
  'KeepAliveTimeout 30',
  'MaxClients 10',
  'Timeout 600',
  'ServerTokens Full',
  'Listen 8080',
  'Order allow,deny',
  'NoSuchDirective here',
  'ServerNmae typo.example',
  'DocumentRoot',
  '<VirtualHost *:80>',
  '</VirtualHost>',
  '<Directory "/srv/www">',
  '</Directory>',
  '<If "true">',
  '</If>',
  '<Else>',
  '</Else>',
  'Require all granted # trailing',
  '# httpd-lint-disable-next-line unknown-directive',
  '# httpd-lint-disable-next-line no-such-rule',
  '',
];

const fileText = fc.array(fc.constantFrom(...LINES), { maxLength: 8 }).map((lines) => lines.join('\n') + '\n');

/** mod_macro lines: definitions, uses, refusals and bodies that make virtual hosts, findings and Defines. */
const MACRO_LINES = [
  ...LINES.filter((_, i) => i % 3 === 0),
  '<Macro Site $name>',
  '<Macro Pair $a $b>',
  '<Macro site $name>',
  '</Macro>',
  'Use Site one',
  'Use Site two',
  'Use Pair x y',
  'Use Pair x',
  'Use Nope',
  'UndefMacro Site',
  'ServerName $name.example',
  'Define FROM_MACRO $a',
  'NoSuch $b',
  '<VirtualHost *:80>',
  '</VirtualHost>',
  'Use Site $a',
];

const macroFileText = fc.array(fc.constantFrom(...MACRO_LINES), { maxLength: 10 }).map((lines) => lines.join('\n') + '\n');

const macroTree = fc.record({
  main: fc.array(fc.constantFrom(...MACRO_LINES), { maxLength: 6 }).map((lines) => ['LoadModule mpm_event_module modules/mod_mpm_event.so', 'LoadModule macro_module modules/mod_macro.so', ...lines, 'IncludeOptional sites/*.conf', 'Include extra/tail.conf', ''].join('\n')),
  sites: fc.array(macroFileText, { minLength: 1, maxLength: 3 }),
  tail: macroFileText,
});

const tree = fc.record({
  main: fc.tuple(fc.constantFrom([], ['ServerRoot /etc/httpd'], ['ServerRoot /srv/httpd']), fc.array(fc.constantFrom(...LINES), { maxLength: 5 })).map(([root, lines]) => [...root, 'LoadModule mpm_prefork_module modules/mod_mpm_prefork.so', 'LoadModule php_module modules/libphp.so', ...lines, 'IncludeOptional sites/*.conf', 'Include extra/tail.conf', ''].join('\n')),
  sites: fc.array(fileText, { minLength: 1, maxLength: 4 }),
  tail: fileText,
});

/**
 * A new text in the file's buffer; or the buffer closed (the disk's text again); or opened with the
 * disk's text. `again`: the file of the step before (typing goes on in one file: the model is then
 * spliced around that file's new uses when its reading state in and out stays the same).
 */
const edit = fc.record({
  target: fc.nat(),
  again: fc.boolean(),
  text: fc.oneof({ weight: 4, arbitrary: fileText }, fc.constant('close' as const), fc.constant('open as on disk' as const)),
});

const macroEdit = fc.record({
  target: fc.nat(),
  again: fc.boolean(),
  text: fc.oneof({ weight: 4, arbitrary: macroFileText }, fc.constant('close' as const), fc.constant('open as on disk' as const)),
});

/** What a file's published diagnostics say, in order. */
function published(analysis: Analysis): string {
  const out: string[] = [];
  for (const file of [...analysis.byFile.keys()].sort()) {
    for (const f of analysis.byFile.get(file) ?? []) out.push(`${file}:${f.start}-${f.end} ${f.code} ${f.severity} ${f.message} ${JSON.stringify(f.related ?? [])}`);
  }
  return out.join('\n');
}

/** The model's reading results beyond its uses: files, problems, defines, modules, includes. */
function modelFacts(analysis: Analysis): string {
  const m = analysis.model;
  return JSON.stringify([
    m.files,
    m.problems.map((p) => `${p.file}:${p.line}:${p.start}-${p.end} ${p.code} ${p.severity} ${p.message}`),
    [...m.defines].map(([k, v]) => [k, v.value, v.where ?? null]),
    [...m.modules.keys()],
    m.includes.map((e) => [e.from, e.use.line.line, e.files, e.error ?? null]),
    [...(m.variableSources ?? [])],
    m.mpm,
    m.serverRoot,
    [...m.fileScopes],
  ]);
}

function findings(analysis: Analysis): string {
  return analysis.findings
    .map((f) => `${f.file}:${f.start}-${f.end} ${f.code} ${f.severity} ${f.message} ${JSON.stringify(f.related ?? [])} ${JSON.stringify(f.data ?? {})}`)
    .sort()
    .join('\n');
}

/** A service over the disk's files with editor buffers on top, after its first analysis of MAIN. */
function editedTree(disk: Record<string, string>) {
  const buffers = new Map<string, string>();
  const openText = (f: string) => buffers.get(f);
  const fs = memoryFileSystem(disk);
  const service = createApacheService({ fs, env: {}, openText });
  service.refresh();
  service.mainTree(MAIN);
  return { buffers, openText, fs, service };
}

/** What every use is after an edit: place, order, state and values (an expansion's values differ by Use). */
function usesOf(analysis: Analysis): string[] {
  return analysis.model.uses.map((u) => `${u.file}:${u.line.line} ${u.index} ${u.active} ${u.key} ${u.args.join(' ')} ${u.parents.length} ${u.scope}`);
}

describe('incremental analysis', () => {
  it('equals a cold analysis after every edit of random edit sequences in trees with mod_macro (property)', function () {
    this.timeout(240000);
    let sequences = 0;
    let expanded = 0;
    fc.assert(
      fc.property(macroTree, fc.array(macroEdit, { minLength: 1, maxLength: 4 }), (t, steps) => {
        sequences++;
        const disk: Record<string, string> = { [MAIN]: t.main, [`${ROOT}/extra/tail.conf`]: t.tail };
        t.sites.forEach((text, i) => (disk[`${ROOT}/sites/s${i}.conf`] = text));
        const files = Object.keys(disk);
        const { buffers, openText, fs, service } = editedTree(disk);
        let previous: string | undefined;
        for (const step of steps) {
          const file = step.again && previous ? previous : files[step.target % files.length];
          previous = file;
          if (step.text === 'close') buffers.delete(file);
          else buffers.set(file, step.text === 'open as on disk' ? disk[file] : step.text);
          service.refresh();
          const incremental = service.mainTree(MAIN);
          const cold = createApacheService({ fs, env: {}, openText }).mainTree(MAIN);
          if (cold.model.macros?.some((m) => m.uses.length > 0)) expanded++;
          assert.strictEqual(findings(incremental), findings(cold));
          assert.strictEqual(published(incremental), published(cold));
          assert.deepStrictEqual(usesOf(incremental), usesOf(cold));
          assert.strictEqual(modelFacts(incremental), modelFacts(cold));
        }
      }),
      { numRuns: Number(process.env.INCREMENTAL_RUNS ?? 300), seed: Number(process.env.FUZZ_SEED ?? 20261203) },
    );
    console.log(`      ${sequences} random edit sequences on trees with macros (${expanded} analyses expanded some): incremental = cold after every edit`);
    assert.ok(expanded >= sequences / 4 || process.env.INCREMENTAL_RUNS !== undefined, `${expanded} analyses with expansions`);
  });

  it('equals a cold analysis after every edit of random edit sequences (property)', function () {
    this.timeout(240000);
    let sequences = 0;
    let edits = 0;
    let spliced = 0;
    fc.assert(
      fc.property(tree, fc.array(edit, { minLength: 1, maxLength: 4 }), (t, steps) => {
        sequences++;
        const disk: Record<string, string> = { [MAIN]: t.main, [`${ROOT}/extra/tail.conf`]: t.tail };
        t.sites.forEach((text, i) => (disk[`${ROOT}/sites/s${i}.conf`] = text));
        const files = Object.keys(disk);
        const { buffers, openText, fs, service } = editedTree(disk);
        let previous: string | undefined;
        for (const step of steps) {
          edits++;
          const file = step.again && previous ? previous : files[step.target % files.length];
          previous = file;
          if (step.text === 'close') buffers.delete(file);
          else buffers.set(file, step.text === 'open as on disk' ? disk[file] : step.text);
          service.refresh();
          const incremental = service.mainTree(MAIN);
          const cold = createApacheService({ fs, env: {}, openText }).mainTree(MAIN);
          assert.strictEqual(findings(incremental), findings(cold));
          assert.strictEqual(published(incremental), published(cold));
          assert.deepStrictEqual(incremental.model.uses.map((u) => `${u.file}:${u.line.line} ${u.index} ${u.active}`), cold.model.uses.map((u) => `${u.file}:${u.line.line} ${u.index} ${u.active}`));
          assert.strictEqual(modelFacts(incremental), modelFacts(cold));
        }
        spliced = service.stats().modelsSpliced + spliced;
      }),
      // Seeded, so every run of a commit checks the same sequences; FUZZ_SEED explores others.
      { numRuns: Number(process.env.INCREMENTAL_RUNS ?? 1000), seed: Number(process.env.FUZZ_SEED ?? 20261201) },
    );
    console.log(`      ${sequences} random edit sequences (${edits} edits, ${spliced} spliced models): incremental = cold after every edit`);
    // The splice path is exercised, not only the full builds.
    assert.ok(spliced >= sequences / 20 || process.env.INCREMENTAL_RUNS !== undefined, `${spliced} spliced models`);
    assert.ok(sequences >= 1000 || process.env.INCREMENTAL_RUNS !== undefined);
  });

  it('splices the first keystroke of a file opened after rounds with no file open (the warm-up, a settings round)', () => {
    const site = `${ROOT}/sites/a.conf`;
    const disk = { [MAIN]: 'LoadModule mpm_event_module modules/mod_mpm_event.so\nIncludeOptional sites/*.conf\n', [site]: 'ServerName a.example\nNoSuchDirective 1\n' };
    const buffers = new Map<string, string>();
    const service = createApacheService({ fs: memoryFileSystem(disk), env: {}, openText: (f) => buffers.get(f) });
    service.refresh();
    const first = service.mainTree(MAIN);
    service.refresh();
    assert.strictEqual(service.mainTree(MAIN), first, 'a round with nothing open: the same analysis');
    buffers.set(site, disk[site]);
    service.refresh();
    assert.strictEqual(service.mainTree(MAIN), first, 'opened with the text on disk: the same analysis');
    buffers.set(site, 'ServerName a.example\n');
    service.refresh();
    assert.deepStrictEqual(service.mainTree(MAIN).byFile.get(site) ?? [], []);
    assert.strictEqual(service.stats().modelsSpliced, 1, 'the first keystroke after opening is spliced');
  });

  it('keeps the analysis when nothing it read changed (a file opened as on disk, a round without edits)', () => {
    const disk: Record<string, string> = { [MAIN]: 'LoadModule mpm_event_module modules/mod_mpm_event.so\nIncludeOptional sites/*.conf\n', [`${ROOT}/sites/a.conf`]: 'ServerName a.example\nNoSuchDirective 1\n' };
    const site = `${ROOT}/sites/a.conf`;
    const buffers = new Map<string, string>();
    // A disk whose files change between rounds (no file event tells the service).
    const fs = memoryFileSystem(disk);
    const changing = { ...fs, readFile: (f: string) => (f in disk ? { text: disk[f] } : fs.readFile(f)) };
    const service = createApacheService({ fs: changing, env: {}, openText: (f) => buffers.get(f) });
    service.refresh();
    const first = service.mainTree(MAIN);
    const walked = service.stats().filesWalked;
    buffers.set(site, disk[site]);
    service.refresh();
    assert.strictEqual(service.mainTree(MAIN), first, 'opened with the text on disk: the same analysis');
    service.refresh();
    assert.strictEqual(service.mainTree(MAIN), first, 'a round without changes: the same analysis');
    assert.strictEqual(service.stats().analysesKept, 2);
    // The only work: the model made again once (the main file walked, the site replayed, no rules)
    // to note where the newly open file is read, so that its first keystroke is spliced.
    assert.strictEqual(service.stats().filesWalked, walked + 1, 'only the main file walked again, once');
    const rulesBefore = service.stats().fileRuleRuns;
    buffers.set(site, 'ServerName a.example\n');
    service.refresh();
    const edited = service.mainTree(MAIN);
    assert.notStrictEqual(edited, first);
    assert.strictEqual(service.stats().modelsSpliced, 1, 'the first keystroke after opening is spliced');
    assert.ok(service.stats().fileRuleRuns - rulesBefore <= 2);
    assert.deepStrictEqual(edited.byFile.get(site) ?? [], []);
    buffers.delete(site);
    disk[`${ROOT}/sites/a.conf`] = 'ServerName a.example\nNoSuchDirective 2\n';
    service.refresh();
    assert.match(service.mainTree(MAIN).byFile.get(site)?.[0]?.message ?? '', /NoSuchDirective/, 'a text changed on disk is read again');
  });

  it('a model two splices old can no longer be read: its use list went to the newest model', () => {
    const site = `${ROOT}/sites/a.conf`;
    const disk: Record<string, string> = { [MAIN]: 'LoadModule mpm_event_module modules/mod_mpm_event.so\nIncludeOptional sites/*.conf\nServerName main.example\n', [site]: 'ServerName a.example\n' };
    const buffers = new Map<string, string>([[site, disk[site]]]);
    const service = createApacheService({ fs: memoryFileSystem(disk), env: {}, openText: (f) => buffers.get(f) });
    const models = [];
    for (const text of ['ServerName a.example\nKeepAlive On\n', 'ServerName a.example\nKeepAlive Off\n', 'ServerName a.example\n', 'ServerName b.example\n']) {
      service.refresh();
      models.push(service.mainTree(MAIN).model);
      buffers.set(site, text);
    }
    service.refresh();
    models.push(service.mainTree(MAIN).model);
    assert.ok(service.stats().modelsSpliced >= 3, `${service.stats().modelsSpliced} spliced`);
    const [newest, last] = [models[models.length - 1], models[models.length - 2]];
    assert.deepStrictEqual(
      newest.uses.map((use) => use.name),
      ['LoadModule', 'IncludeOptional', 'ServerName', 'ServerName'],
    );
    assert.strictEqual(last.uses.length, 4, 'the model before the newest is still whole');
    // The newest list was written into the array of an older model, which now refuses to be read.
    const unreadable = models.slice(0, -2).filter((model) => {
      try {
        return model.uses.length < 0;
      } catch (error) {
        return /superseded model/.test((error as Error).message);
      }
    });
    assert.ok(unreadable.length >= 1, 'a superseded model throws when its uses are read');
  });

  it('lets an analysis go once later edits superseded it (the one that noted the open file\'s place included)', () => {
    // In a child with --expose-gc: changing V8's flags in this process would change its flag hash,
    // and V8 would then refuse the CLI's code cache in the tests that run after this one.
    const script = `
      const { memoryFileSystem } = require('./server/src/model');
      const { createApacheService } = require('./server/src/service');
      (() => {
        const MAIN = '/srv/httpd/httpd.conf';
        const site = '/srv/httpd/sites/a.conf';
        const disk = { [MAIN]: 'LoadModule mpm_event_module modules/mod_mpm_event.so\\nIncludeOptional sites/*.conf\\n', [site]: 'ServerName a.example\\n' };
        const buffers = new Map();
        const service = createApacheService({ fs: memoryFileSystem(disk), env: {}, openText: (f) => buffers.get(f) });
        service.refresh();
        service.mainTree(MAIN);
        // Opened as on disk: the kept analysis is the one whose open file's place is noted.
        buffers.set(site, disk[site]);
        service.refresh();
        const opened = new WeakRef(service.mainTree(MAIN));
        for (const text of ['ServerName b.example\\n', 'ServerName c.example\\n', 'ServerName d.example\\n', 'ServerName e.example\\n']) {
          buffers.set(site, text);
          service.refresh();
          service.mainTree(MAIN);
        }
        setTimeout(() => {
          gc();
          console.log(JSON.stringify({ spliced: service.stats().modelsSpliced, kept: opened.deref() !== undefined }));
        }, 0);
      })();
    `;
    const { spliced, kept } = runInChild<{ spliced: number; kept: boolean }>(script, ['--expose-gc']);
    assert.ok(spliced >= 3, `${spliced} spliced`);
    assert.strictEqual(kept, false, 'the analysis of the file as opened is still held after four edits');
  });

  it('equals a cold analysis while edits move the tree across the cap on ${NAME} substitution', () => {
    // A19 is 5 MB; the Defines of the chain make 10 MB; each use of A19 adds 5 MB (the cap: 32 MB).
    const chain = Array.from({ length: 19 }, (_, i) => `Define A${i + 1} \${A${i}}\${A${i}}`).join('\n');
    const disk: Record<string, string> = {
      [MAIN]: `LoadModule mpm_event_module modules/mod_mpm_event.so\nDefine A0 xxxxxxxxxx\n${chain}\nIncludeOptional sites/*.conf\n`,
      [`${ROOT}/sites/s0.conf`]: 'ServerAlias ${A19}\n',
      [`${ROOT}/sites/s1.conf`]: 'ServerAlias ${A19}\nNoSuchDirective 1\n',
      [`${ROOT}/sites/s2.conf`]: 'ServerAlias ${A19}\nNoSuchDirective 2\n',
    };
    const { buffers, openText, fs, service } = editedTree(disk);
    const steps: [string, string][] = [
      ['s1', 'ServerAlias ${A19}\nServerAlias ${A19}\nServerAlias ${A19}\nNoSuchDirective 1\n'],
      ['s1', 'ServerAlias ${A19}\nNoSuchDirective 1\n'],
      ['s0', 'ServerAlias short\n'],
      ['s2', 'ServerAlias ${A19}\nServerAlias ${A19}\nServerAlias ${A19}\nServerAlias ${A19}\nNoSuchDirective 2\n'],
      ['s2', 'ServerAlias ${A19} ${A19}\nNoSuchDirective 2\n'],
      ['s1', 'ServerAlias ${A19}\nServerAlias ${A19}\nServerAlias ${A19}\nNoSuchDirective 1\n'],
      ['s1', 'ServerAlias ${A19}\nNoSuchDirective 1\n'],
      // The edited file stays under the cap; a later file, replayed in a splice, would cross it.
      ['s0', 'ServerAlias ${A19}\nServerAlias ${A19}\nServerAlias ${A19}\n'],
    ];
    const capped: boolean[] = [];
    for (const [site, text] of steps) {
      buffers.set(`${ROOT}/sites/${site}.conf`, text);
      service.refresh();
      const incremental = service.mainTree(MAIN);
      const cold = createApacheService({ fs, env: {}, openText }).mainTree(MAIN);
      assert.strictEqual(findings(incremental), findings(cold));
      assert.strictEqual(modelFacts(incremental), modelFacts(cold));
      capped.push(cold.model.problems.some((p) => p.code === 'analysis-limit' && p.message.includes('substitution')));
    }
    assert.deepStrictEqual(capped, [true, false, false, true, false, true, false, true]);
  });

  it('an edit of one vhost file of 2,000 walks and checks that file (and the main file) only', () => {
    const disk: Record<string, string> = { [MAIN]: 'LoadModule mpm_event_module modules/mod_mpm_event.so\nIncludeOptional sites/*.conf\n' };
    for (let i = 0; i < 2000; i++) disk[`${ROOT}/sites/vh${String(i).padStart(4, '0')}.conf`] = `Define VH${i} site${i}.example\n<VirtualHost *:80>\n  ServerName \${VH${i}}\n  NoSuchDirective ${i}\n</VirtualHost>\n`;
    const edited = `${ROOT}/sites/vh0007.conf`;
    const other = `${ROOT}/sites/vh0100.conf`;
    let buffer: string | undefined;
    let otherBuffer: string | undefined;
    const service = createApacheService({ fs: memoryFileSystem(disk), env: {}, openText: (f) => (f === edited ? buffer : f === other ? otherBuffer : undefined) });
    service.refresh();
    const first = service.mainTree(MAIN);
    assert.strictEqual(first.model.files.length, 2001);
    const before = service.stats();
    assert.strictEqual(before.fileRuleRuns, 2001, 'the first analysis checks every file');
    buffer = `${disk[edited]}KeepAliveTimeout 3\nOptions Bogus\n`;
    service.refresh();
    const after = service.mainTree(MAIN);
    const stats = service.stats();
    assert.strictEqual(stats.filesWalked - before.filesWalked, 2, 'walked again: the main file and the edited one');
    assert.strictEqual(stats.filesReplayed - before.filesReplayed, 1999, 'the other 1,999 files are replayed');
    assert.strictEqual(stats.fileRuleRuns - before.fileRuleRuns, 2, 'per-file rules ran on the main file and the edited one only');
    assert.ok(after.byFile.get(edited)?.some((f) => f.code === 'options-syntax'), 'the edit is seen');
    assert.strictEqual(after.byFile.get(`${ROOT}/sites/vh1999.conf`)?.length, 1, 'other files keep their findings');
    // Typing on in the same file: the model is kept around its new uses; nothing else is walked or replayed.
    for (const typed of ['K', 'Ke', 'KeepAlive On', '']) {
      buffer = `${disk[edited]}KeepAliveTimeout 3\nOptions Bogus\n${typed}\n`;
      const before2 = service.stats();
      service.refresh();
      const again = service.mainTree(MAIN);
      const now = service.stats();
      assert.strictEqual(now.modelsSpliced - before2.modelsSpliced, 1, `spliced after typing ${JSON.stringify(typed)}`);
      assert.strictEqual(now.filesWalked - before2.filesWalked, 1, 'walked again: the edited file only');
      assert.strictEqual(now.filesReplayed - before2.filesReplayed, 0, 'nothing replayed');
      assert.ok(now.fileRuleRuns - before2.fileRuleRuns <= 2, 'per-file rules ran on the edited file (and the main file) only');
      assert.strictEqual(again.model.uses.length, first.model.uses.length + 2 + (typed ? 1 : 0));
      assert.strictEqual(again.model.uses.at(-1)!.index, again.model.uses.length - 1, 'later uses renumbered');
      assert.strictEqual(again.byFile.get(`${ROOT}/sites/vh1999.conf`)?.length, 1);
    }
    // A Define that changes what later files read: built from the start again.
    buffer = disk[edited].replace(`site7.example`, 'other.example');
    const beforeDefine = service.stats();
    service.refresh();
    service.mainTree(MAIN);
    assert.strictEqual(service.stats().modelsSpliced, beforeDefine.modelsSpliced, 'a changed Define is not spliced');
    assert.strictEqual(service.stats().filesWalked - beforeDefine.filesWalked, 1994, 'the main file, the edited one and the 1,992 after it (read in a new state) are walked');
    // Another file open in an editor: where it is read was noted by that full build, so its first keystroke is spliced.
    otherBuffer = disk[other];
    buffer = `${disk[edited]}# typed\n`;
    service.refresh();
    service.mainTree(MAIN);
    const beforeOther = service.stats();
    otherBuffer = `${disk[other]}KeepAliveTimeout 3\n`;
    service.refresh();
    const typedOther = service.mainTree(MAIN);
    assert.strictEqual(service.stats().modelsSpliced - beforeOther.modelsSpliced, 1, 'the other open file is spliced at once');
    assert.ok(typedOther.model.uses.some((u) => u.file === other && u.key === 'keepalivetimeout'));
  });

  it('an edit of one vhost file of 2,000 re-checks the rewrite scopes of that file only', () => {
    const disk: Record<string, string> = { [MAIN]: 'LoadModule mpm_event_module modules/mod_mpm_event.so\nLoadModule rewrite_module modules/mod_rewrite.so\nIncludeOptional sites/*.conf\n' };
    const site = (i: number) => `<VirtualHost *:80>\n  ServerName site${i}.example\n  RewriteEngine On\n  RewriteRule ^ - [L]\n  RewriteRule ^/a /b\n  <Directory "/srv/${i}">\n    RewriteCond %{HTTPS} off\n  </Directory>\n</VirtualHost>\n`;
    for (let i = 0; i < 2000; i++) disk[`${ROOT}/sites/vh${String(i).padStart(4, '0')}.conf`] = site(i);
    const edited = `${ROOT}/sites/vh0007.conf`;
    let buffer: string | undefined;
    const service = createApacheService({ fs: memoryFileSystem(disk), env: {}, openText: (f) => (f === edited ? buffer : undefined) });
    service.refresh();
    const first = service.mainTree(MAIN);
    // A scope that lies in one file is checked with its file's run (rules/lib/rewrite-scopes.ts
    // containerSlot), the others as groups of the rule runner.
    const before = { ...service.stats(), runs: runContainers.derived };
    assert.ok(before.runs >= 2000, 'the first analysis cuts every file into scopes');
    assert.ok(first.byFile.get(`${ROOT}/sites/vh1999.conf`)?.some((f) => f.code === 'rewrite-unreachable'));
    buffer = `${site(7)}RewriteRule ^/c /d [R]\n`;
    service.refresh();
    const after = service.mainTree(MAIN);
    const stats = service.stats();
    // The edited file's runs and the main file's; the main server's scope the new line opened
    // (it spans files) checked by at most the five rules that check rewrite scopes.
    assert.ok(runContainers.derived - before.runs <= 3, `cut ${runContainers.derived - before.runs} runs again`);
    assert.ok(stats.treeGroupRuns - before.treeGroupRuns <= 5, `re-checked ${stats.treeGroupRuns - before.treeGroupRuns} scopes as groups`);
    assert.ok(after.byFile.get(edited)?.some((f) => f.code === 'rewrite-redirect-without-last'), 'the edit is seen');
    assert.deepStrictEqual(after.byFile.get(`${ROOT}/sites/vh1999.conf`), first.byFile.get(`${ROOT}/sites/vh1999.conf`), 'other files keep their findings');
  });
});
