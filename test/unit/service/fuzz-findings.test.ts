// Regressions the fuzzers found (test/fuzz), pinned on the smallest inputs they shrank to.

import * as assert from 'assert';
import { memoryFileSystem } from '../../../server/src/model';
import { parse } from '../../../server/src/parser';
import { fixesFor } from '../../../server/src/rules';
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
});
