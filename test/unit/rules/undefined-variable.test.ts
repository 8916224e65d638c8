// undefined-variable: one finding per name and file, on the first use, with httpd's AH00111
// wording; the other uses are related locations and, for outputs without them, named in the message.

import * as assert from 'assert';
import { analysis, ROOT } from '../../helpers/trees';

const HEAD = 'LoadModule mpm_event_module m.so\nLoadModule authz_core_module m.so\n';

function found(files: Record<string, string>, main = 'httpd.conf', extra: Record<string, unknown> = {}): { at: string; severity: string; message: string; related: string[] }[] {
  const a = analysis(files, main, {}, extra);
  return a.findings
    .filter((f) => f.code === 'undefined-variable')
    .map((f) => ({
      at: `${f.file.slice(ROOT.length + 1)}:${f.line + 1}`,
      severity: f.severity,
      message: f.message,
      related: (f.related ?? []).map((r) => `${r.file.slice(ROOT.length + 1)}:${r.line + 1} ${r.message}`),
    }));
}

describe('undefined-variable', () => {
  it('gives one finding per name, on its first use, with the other uses as related locations', () => {
    const got = found({
      'httpd.conf': HEAD + [
        'ServerName ${HOST}',
        'DocumentRoot ${BASE}/htdocs',
        '<Directory ${BASE}/htdocs>',
        '  Require all granted',
        '</Directory>',
        'ErrorLog ${BASE}/logs/error.log',
      ].join('\n'),
    });
    assert.deepStrictEqual(got, [
      { at: 'httpd.conf:3', severity: 'warning', message: 'Config variable ${HOST} is not defined', related: [] },
      {
        at: 'httpd.conf:4',
        severity: 'warning',
        message: 'Config variable ${BASE} is not defined (also on lines 5 and 8)',
        related: ['httpd.conf:5 ${BASE} is used here too', 'httpd.conf:8 ${BASE} is used here too'],
      },
    ]);
  });

  it('keeps one finding per file: each file that uses the name says so itself', () => {
    const got = found({
      'httpd.conf': HEAD + 'ServerName ${HOST}\nInclude site.conf\n',
      'site.conf': '<VirtualHost *:80>\n  ServerName ${HOST}\n  ServerAlias www.${HOST}\n</VirtualHost>\n',
    });
    assert.deepStrictEqual(got.map((f) => [f.at, f.message]), [
      ['httpd.conf:3', 'Config variable ${HOST} is not defined'],
      ['site.conf:2', 'Config variable ${HOST} is not defined (also on line 3)'],
    ]);
  });

  it('names three lines and counts the rest when a name is used on many, within 160 characters', () => {
    const uses = Array.from({ length: 40 }, (_, i) => `Alias /a${i} \${A_RATHER_LONG_VARIABLE_NAME_FROM_THE_START_SCRIPT}/a${i}`).join('\n');
    const [only, ...rest] = found({ 'httpd.conf': HEAD + 'LoadModule alias_module m.so\n' + uses });
    assert.deepStrictEqual(rest, []);
    assert.strictEqual(only.at, 'httpd.conf:4');
    assert.strictEqual(only.message, 'Config variable ${A_RATHER_LONG_VARIABLE_NAME_FROM_THE_START_SCRIPT} is not defined (also on lines 5, 6, 7 and 36 more)');
    assert.strictEqual(only.related.length, 39);
  });

  it('leaves a suppressed use out: the next use leads and the suppressed one is not listed', () => {
    const got = found({
      'httpd.conf': HEAD + [
        '# httpd-lint disable-next-line undefined-variable',
        'ServerName ${HOST}',
        'ServerAdmin admin@${HOST}',
        'ServerAlias www.${HOST}',
      ].join('\n'),
    });
    assert.deepStrictEqual(got, [
      { at: 'httpd.conf:5', severity: 'warning', message: 'Config variable ${HOST} is not defined (also on line 6)', related: ['httpd.conf:6 ${HOST} is used here too'] },
    ]);
  });

  it('groups a lone fragment\'s uses too, as information', () => {
    const got = found({ 'site.conf': '<VirtualHost *:80>\n  ServerName ${HOST}\n  DocumentRoot /srv/${HOST}\n</VirtualHost>\n' }, 'site.conf', { moduleStateKnown: false });
    assert.deepStrictEqual(got, [
      {
        at: 'site.conf:2',
        severity: 'information',
        message: 'Config variable ${HOST} is not defined in this file (also on line 3): fine if the configuration that includes it defines it.',
        related: ['site.conf:3 ${HOST} is used here too'],
      },
    ]);
  });
});
