import * as assert from 'assert';
import { fixesFor } from '../../../server/src/rules';
import { PREFORK_PHP, ROOT, analysis, applyEdits } from '../../helpers/trees';

function flagship(files: Record<string, string>, settings = {}) {
  const a = analysis(files, 'httpd.conf', settings);
  return { a, findings: a.findings.filter((f) => f.code === 'prefork-keepalive-timeout') };
}

function fixText(a: ReturnType<typeof analysis>, title: string): string {
  const finding = a.findings.find((f) => f.code === 'prefork-keepalive-timeout')!;
  const ctx = { model: a.model, settings: a.settings, text: (f: string) => a.model.parsed.get(f)?.text };
  const fix = fixesFor(finding, ctx).find((x) => x.title === title);
  assert.ok(fix, `no fix titled ${title}: ${fixesFor(finding, ctx).map((x) => x.title).join(', ')}`);
  const file = fix.edits[0].file;
  return applyEdits(a.model.parsed.get(file)!.text, fix.edits.filter((e) => e.file === file));
}

describe('rule prefork-keepalive-timeout', () => {
  it('warns on KeepAliveTimeout with prefork + mod_php, naming where each was loaded', () => {
    const { findings } = flagship(PREFORK_PHP);
    assert.strictEqual(findings.length, 1);
    const f = findings[0];
    assert.strictEqual(f.severity, 'warning');
    assert.strictEqual(f.file, `${ROOT}/httpd.conf`);
    assert.strictEqual(f.line, 5);
    assert.match(f.message, /KeepAliveTimeout 15 s on prefork with mod_php/);
    assert.deepStrictEqual(f.related?.map((r) => [r.line + 1, r.message]), [[2, 'MPM prefork loaded here'], [4, 'mod_php loaded here']]);
    assert.deepStrictEqual(f.related?.map((r) => r.line), [1, 3]);
  });

  it('offers "Set KeepAliveTimeout to 2" first and "Turn KeepAlive Off", editing only the value', () => {
    const { a } = flagship(PREFORK_PHP);
    const finding = a.findings.find((f) => f.code === 'prefork-keepalive-timeout')!;
    const titles = fixesFor(finding, { model: a.model, settings: a.settings, text: (f) => a.model.parsed.get(f)?.text }).map((x) => [x.title, !!x.preferred]);
    assert.deepStrictEqual(titles, [['Set KeepAliveTimeout to 2', true], ['Turn KeepAlive Off', false]]);
    const original = a.model.parsed.get(`${ROOT}/httpd.conf`)!.text;
    assert.strictEqual(fixText(a, 'Set KeepAliveTimeout to 2'), original.replace('KeepAliveTimeout 15', 'KeepAliveTimeout 2'));
    assert.strictEqual(fixText(a, 'Turn KeepAlive Off'), original.replace('KeepAlive On', 'KeepAlive Off'));
  });

  it('is silent for a short timeout, KeepAlive Off, event + PHP-FPM, and prefork without a language module', () => {
    const conf = PREFORK_PHP['httpd.conf'];
    assert.strictEqual(flagship({ ...PREFORK_PHP, 'httpd.conf': conf.replace('KeepAliveTimeout 15', 'KeepAliveTimeout 2') }).findings.length, 0);
    assert.strictEqual(flagship({ ...PREFORK_PHP, 'httpd.conf': conf.replace('KeepAlive On', 'KeepAlive Off') }).findings.length, 0);
    const fpm = conf
      .replace('mpm_prefork_module modules/mod_mpm_prefork.so', 'mpm_event_module modules/mod_mpm_event.so')
      .replace('LoadModule php_module modules/libphp8.2.so', 'LoadModule proxy_module modules/mod_proxy.so\n    LoadModule proxy_fcgi_module modules/mod_proxy_fcgi.so\n    SetHandler "proxy:unix:/run/php/fpm.sock|fcgi://localhost"');
    assert.strictEqual(flagship({ ...PREFORK_PHP, 'httpd.conf': fpm }).findings.length, 0);
    assert.strictEqual(flagship({ ...PREFORK_PHP, 'httpd.conf': conf.replace(/LoadModule php_module.*\n/, '') }).findings.length, 0);
  });

  it('uses the threshold setting and falls back to the KeepAlive line when the timeout is the default', () => {
    const conf = PREFORK_PHP['httpd.conf'].replace(/ *KeepAliveTimeout 15\n/, '');
    const { a, findings } = flagship({ ...PREFORK_PHP, 'httpd.conf': conf }, { keepAliveTimeoutThreshold: 3 });
    assert.strictEqual(findings.length, 1);
    assert.strictEqual(findings[0].line, 4);
    assert.match(findings[0].message, /KeepAliveTimeout \(default 5 s\)/);
    assert.strictEqual(fixText(a, 'Set KeepAliveTimeout to 2'), a.model.parsed.get(`${ROOT}/httpd.conf`)!.text.replace('KeepAlive On\n', 'KeepAlive On\nKeepAliveTimeout 2\n'));
    assert.strictEqual(flagship({ ...PREFORK_PHP, 'httpd.conf': conf }).findings.length, 0);
  });

  it('also covers mod_perl, mod_python and embedded mod_wsgi, and a long timeout in a virtual host', () => {
    for (const [id, so] of [['perl_module', 'mod_perl.so'], ['python_module', 'mod_python.so'], ['wsgi_module', 'mod_wsgi.so']]) {
      const conf = PREFORK_PHP['httpd.conf'].replace('php_module modules/libphp8.2.so', `${id} modules/${so}`);
      assert.strictEqual(flagship({ ...PREFORK_PHP, 'httpd.conf': conf }).findings.length, 1, id);
    }
    const conf = PREFORK_PHP['httpd.conf'].replace('KeepAliveTimeout 15', 'KeepAliveTimeout 3');
    const { findings } = flagship({ ...PREFORK_PHP, 'httpd.conf': conf, 'conf.d/site.conf': '<VirtualHost *:80>\n    KeepAliveTimeout 30\n</VirtualHost>\n' });
    assert.deepStrictEqual(findings.map((f) => [f.file.slice(ROOT.length + 1), f.line]), [['conf.d/site.conf', 1]]);
  });

  it('can be turned off or raised to an error by setting', () => {
    assert.strictEqual(flagship(PREFORK_PHP, { rules: { 'prefork-keepalive-timeout': 'off' } }).findings.length, 0);
    assert.strictEqual(flagship(PREFORK_PHP, { rules: { 'prefork-keepalive-timeout': 'error' } }).findings[0].severity, 'error');
  });

  it('respects an inline suppression comment', () => {
    const conf = PREFORK_PHP['httpd.conf'].replace('KeepAliveTimeout 15', '# httpd-lint disable-next-line prefork-keepalive-timeout\n    KeepAliveTimeout 15');
    assert.strictEqual(flagship({ ...PREFORK_PHP, 'httpd.conf': conf }).findings.length, 0);
  });
});
