// What the rules keep per file between analyses for files with nothing to report.

import * as assert from 'assert';
import { parse } from '../../../server/src/parser';
import { DEFAULT_SETTINGS, RuleCache, runRules } from '../../../server/src/rules';
import { readSuppressions } from '../../../server/src/rules/suppression';
import { model, ROOT } from '../../helpers/trees';

describe('per-file state kept by the rules', () => {
  it('files without suppression comments share one frozen answer', () => {
    const a = readSuppressions(parse('ServerName a.example\n'), () => true);
    const b = readSuppressions(parse('# a comment\nServerName b.example\n'), () => true);
    assert.strictEqual(a, b);
    assert.ok(Object.isFrozen(a));
    assert.strictEqual(a.file.size + a.lines.size + a.unknown.length, 0);
    const c = readSuppressions(parse('# httpd-lint disable-next-line unknown-directive\nNoSuch 1\n'), () => true);
    assert.notStrictEqual(c, a);
    assert.deepStrictEqual([...c.lines.keys()], [1]);
  });

  it('the per-file findings kept for files without any are one shared map', () => {
    const m = model({
      [`${ROOT}/httpd.conf`]: 'LoadModule mpm_event_module modules/mod_mpm_event.so\nServerName main.example\nIncludeOptional sites/*.conf\n',
      [`${ROOT}/sites/a.conf`]: 'ServerAdmin a@example.com\n',
      [`${ROOT}/sites/b.conf`]: 'ServerAdmin b@example.com\n',
      [`${ROOT}/sites/c.conf`]: 'NoSuchDirective 1\n',
    });
    const cache = new RuleCache();
    const walks = new Map<string, object | null>(m.files.map((file) => [file, {}]));
    const findings = runRules(m, DEFAULT_SETTINGS, { cache, walks, facts: 'facts' });
    assert.ok(findings.some((f) => f.file === `${ROOT}/sites/c.conf`), 'c.conf has a finding');
    const [a, b, c] = ['a', 'b', 'c'].map((name) => cache.files.get(`${ROOT}/sites/${name}.conf`)?.byRule);
    assert.strictEqual(a?.size, 0);
    assert.strictEqual(a, b);
    assert.ok(c && c.size > 0 && c !== a);
  });
});
