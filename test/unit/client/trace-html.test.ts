// The trace page of the editor's webview, rendered from a real trace: every file:line is a
// command link, configuration text is escaped, and the page runs no script.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { openLocationHref } from '../../../client/src/webview-page';
import { renderTraceHtml } from '../../../client/src/trace-html';
import { createApacheService } from '../../../server/src/service';

describe('trace page', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trace-html-'));
    fs.writeFileSync(
      path.join(dir, 'httpd.conf'),
      ['LoadModule mpm_event_module m.so', 'LoadModule authz_core_module a.so', 'Listen 80', '<VirtualHost *:80>', '  ServerName "<b>x</b>.example"', `  DocumentRoot ${dir}/www`, '</VirtualHost>', `<Directory ${dir}/www>`, '  Require all granted', '</Directory>', ''].join('\n'),
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('links each step and section to its file:line and escapes the configuration', () => {
    const main = path.join(dir, 'httpd.conf');
    const trace = createApacheService().trace(main, { url: 'http://127.0.0.1/a.txt', exists: [`${dir}/www/a.txt`] });
    const html = renderTraceHtml(trace, { nonce: 'N0nce', toUri: (f) => pathToFileURL(f).toString(), base: dir });
    assert.ok(!html.includes('<b>x</b>'), 'configuration text escaped');
    assert.match(html, /script-src &#39;none&#39;/);
    assert.ok(!/<script/i.test(html));
    const href = openLocationHref(pathToFileURL(main).toString(), 3).replace(/&/g, '&amp;').replace(/"/g, '&quot;');
    assert.ok(html.includes(`href="${href}"`), 'the virtual host links to httpd.conf line 4');
    assert.match(html, />httpd\.conf:8<\/a>/, 'the <Directory> section links to its line');
    assert.match(html, /<span class="status s2">200<\/span>/);
    assert.strictEqual((html.match(/<li><span class="phase">/g) ?? []).length, trace.steps.length);
  });
});
