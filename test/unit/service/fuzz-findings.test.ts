// Regressions the fuzzers found (test/fuzz), pinned on the smallest inputs they shrank to.

import * as assert from 'assert';
import { memoryFileSystem } from '../../../server/src/model';
import { parse } from '../../../server/src/parser';
import { fixesFor, preferredFixesTogether } from '../../../server/src/rules';
import { analyze } from '../../../server/src/service/analysis';
import { formatFile } from '../../../server/src/service/formatting';
import { DEFAULT_SERVICE_SETTINGS as s } from '../../../server/src/service/settings';
import { applyFixEdits } from '../../helpers/edits';

describe('regressions found by the fuzzers', () => {
  it('formatting keeps a backslash that continues into the end of the file', () => {
    for (const text of ['Define A B\nSetEnvIf None X 15 \\\n', '    AllowOverride\r\nScriptAlias "unterminated ~\n\\\n']) {
      const edits = formatFile(parse(text), { tabSize: 1, insertSpaces: false });
      const out = applyFixEdits(edits.map((e) => ({ ...e, file: 'f' })), () => text).get('f') ?? text;
      assert.strictEqual(out, text.replace(/^ {4}/, ''));
    }
  });

  it('module-not-loaded offers no IfModule wrap for a section never closed (its end is in no one file)', () => {
    const files = { '/fuzz/httpd.conf': '<RequireAny d~>\nInclude */*.conf\n', '/fuzz/sites/two.conf': '<Directory>\nServerName\nDefine FUZZ\n' };
    const a = analyze({ mainFile: '/fuzz/httpd.conf', fs: memoryFileSystem(files), serverRoot: '/fuzz', defines: [], staticModules: s.staticModules, version: s.version, env: {}, settings: s.analysis });
    const ctx = { model: a.model, settings: a.settings, text: (f: string) => a.model.parsed.get(f)?.text };
    const finding = a.findings.find((f) => f.code === 'module-not-loaded' && f.file === '/fuzz/httpd.conf');
    assert.ok(finding, 'the unloaded <RequireAny> is reported');
    const fixes = fixesFor(finding, ctx);
    assert.ok(!fixes.some((f) => f.title.startsWith('Wrap in')), fixes.map((f) => f.title).join(', '));
    for (const fix of fixes) applyFixEdits(fix.edits, ctx.text);
  });

  it('"Fix all" takes one fix per place when a file read twice reports it under two contexts', () => {
    const files = {
      '/fuzz/httpd.conf': '<IfVersion >= 2.4>\nInclude conf.d/*.conf\n</IfVersion>\nDefine X value\nInclude conf.d/*.conf\n',
      '/fuzz/conf.d/b.conf': 'ServerName # ${X}\n',
    };
    const a = analyze({ mainFile: '/fuzz/httpd.conf', fs: memoryFileSystem(files), serverRoot: '/fuzz', defines: [], staticModules: s.staticModules, version: s.version, env: {}, settings: s.analysis });
    const ctx = { model: a.model, settings: a.settings, text: (f: string) => a.model.parsed.get(f)?.text };
    const inB = a.findings.filter((f) => f.file === '/fuzz/conf.d/b.conf');
    const codes = new Set(inB.map((f) => f.code));
    const repeated = [...codes].filter((c) => inB.filter((f) => f.code === c && fixesFor(f, ctx).some((x) => x.preferred)).length > 1);
    assert.ok(repeated.length > 0, `a fixable finding reported twice in b.conf: ${inB.map((f) => f.code).join(', ')}`);
    for (const code of repeated) {
      const together = preferredFixesTogether(inB.filter((f) => f.code === code), ctx);
      assert.strictEqual(together.length, 1);
      applyFixEdits(together.flatMap((x) => x.edits), ctx.text);
    }
  });
});
