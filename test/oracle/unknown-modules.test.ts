// A module the knowledge base has no facts for: once httpd loads it, a directive we do not
// recognise is information (httpd accepts it); where httpd does not load it first, httpd's
// "Invalid command" error stays. Debian's apache2-bin ships mod_case_filter, an example module
// no .load file enables and our tables leave out on purpose, so the real httpd can be asked.

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { lintAnalysis, lintReport } from '../../server/src/cli/report';
import { isKnownModuleName } from '../../server/src/data';
import { hoverAt } from '../../server/src/service/hover';
import { httpdAvailable, httpdCheck, removeRunDir } from './httpd';

const MODULES = '/usr/lib/apache2/modules';
const UNKNOWN_SO = `${MODULES}/mod_case_filter.so`;

function head(extra = ''): string {
  return [
    `LoadModule mpm_prefork_module ${MODULES}/mod_mpm_prefork.so`,
    `LoadModule authz_core_module ${MODULES}/mod_authz_core.so`,
    'ServerName localhost',
    'Listen 127.0.0.1:8',
    'ErrorLog /dev/null',
    'PidFile run/httpd.pid',
    extra,
  ].join('\n');
}

const LOAD_UNKNOWN = `LoadModule case_filter_module ${UNKNOWN_SO}`;

describe('directives of modules the knowledge base does not know (real httpd)', function () {
  this.timeout(60000);
  let dir = '';

  before(function () {
    if (!httpdAvailable() || !fs.existsSync(UNKNOWN_SO)) {
      console.log('    (skipped: Debian apache2 with mod_case_filter.so not installed)');
      this.skip();
    }
    assert.strictEqual(isKnownModuleName('case_filter_module'), false, 'the test needs a module the tables lack');
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unknown-modules-'));
    fs.mkdirSync(path.join(dir, 'run'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  after(() => removeRunDir());

  async function both(text: string) {
    const main = path.join(dir, 'httpd.conf');
    fs.writeFileSync(main, text);
    const verdict = await httpdCheck(dir, main);
    const report = lintReport({ main, serverRoot: dir, defines: [], env: {} });
    const about = report.diagnostics.filter((d) => d.code === 'unknown-directive');
    return { verdict, report, about, errors: report.diagnostics.filter((d) => d.severity === 'error') };
  }

  it('a directive of a loaded unknown module is information naming the LoadModule line, httpd accepts', async () => {
    const { verdict, about, errors } = await both(`${head(LOAD_UNKNOWN)}\nCaseFilter On\n<VirtualHost *:8>\nCaseFilter Off\n</VirtualHost>\n`);
    assert.ok(verdict.ok, verdict.messages.join('\n'));
    assert.deepStrictEqual(errors, []);
    assert.deepStrictEqual(about.map((d) => [d.severity, d.range.start.line + 1]), [['information', 8], ['information', 10]]);
    assert.strictEqual(about[0].message, 'CaseFilter is not in the knowledge base; case_filter_module is loaded at httpd.conf:7 and may define it.');
  });

  it('hover says the same', async () => {
    const main = path.join(dir, 'httpd.conf');
    const text = `${head(LOAD_UNKNOWN)}\nCaseFilter On\n`;
    fs.writeFileSync(main, text);
    const analysis = lintAnalysis({ main, serverRoot: dir, defines: [], env: {} });
    const hover = hoverAt(analysis.model, main, text.indexOf('CaseFilter On') + 2);
    // Module names and file names are configuration text: escaped, so they render literally.
    assert.strictEqual(hover?.markdown, '**CaseFilter** is not in the knowledge base; case\\_filter\\_module is loaded at httpd\\.conf\\:7 and may define it.');
  });

  it('keeps httpd\'s Invalid command error when the unknown module is not loaded', async () => {
    const { verdict, about } = await both(`${head()}\nCaseFilter On\n`);
    assert.strictEqual(verdict.ok, false);
    assert.match(verdict.error ?? '', /Invalid command 'CaseFilter'/);
    assert.deepStrictEqual(about.map((d) => [d.severity, d.range.start.line + 1]), [['error', verdict.line]]);
    assert.match(about[0].message, /^Invalid command 'CaseFilter', perhaps misspelled/);
  });

  it('keeps the error when the LoadModule sits in a false conditional', async () => {
    const { verdict, about } = await both(`${head(`<IfDefine NEVER_DEFINED>\n${LOAD_UNKNOWN}\n</IfDefine>`)}\nCaseFilter On\n`);
    assert.strictEqual(verdict.ok, false);
    assert.match(verdict.error ?? '', /Invalid command 'CaseFilter'/);
    assert.deepStrictEqual(about.map((d) => [d.severity, d.range.start.line + 1]), [['error', verdict.line]]);
  });

  it('counts a LoadModule further down too (httpd loads modules while reading, checks directives after)', async () => {
    const { verdict, about, errors } = await both(`${head()}\nCaseFilter On\n${LOAD_UNKNOWN}\n`);
    assert.ok(verdict.ok, verdict.messages.join('\n'));
    assert.deepStrictEqual(errors, []);
    assert.deepStrictEqual(about.map((d) => [d.severity, d.message]), [['information', 'CaseFilter is not in the knowledge base; case_filter_module is loaded at httpd.conf:9 and may define it.']]);
  });

  it('a typo of a known directive stays information too once an unknown module is loaded (httpd cannot tell either until it runs)', async () => {
    // httpd rejects the typo; we cannot know the unknown module does not define it, so no error.
    const { verdict, about, errors } = await both(`${head(LOAD_UNKNOWN)}\nServerNmae example.com\n`);
    assert.strictEqual(verdict.ok, false);
    assert.deepStrictEqual(errors, []);
    assert.deepStrictEqual(about.map((d) => d.severity), ['information']);
    assert.match(about[0].message, /case_filter_module is loaded at httpd.conf:7 and may define it\. Did you mean ServerName/);
  });
});
