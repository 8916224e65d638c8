// Every fact a hover states is checked against the model it comes from.

import * as assert from 'assert';
import { allDirectives, getDirective } from '../../../server/src/data';
import { explainDirective, hoverAt } from '../../../server/src/service/hover';
import { model, ROOT } from '../../helpers/trees';

function hoverOn(files: Record<string, string>, needle: string, delta = 1, main = 'httpd.conf', extra = {}): string {
  const m = model(files, main, extra);
  const text = files[main];
  const at = text.indexOf(needle);
  assert.ok(at !== -1, needle);
  return hoverAt(m, `${ROOT}/${main}`, at + delta)?.markdown ?? '';
}

describe('hover facts', () => {
  it('${APACHE_RUN_USER} set by envvars beside the main file says so, with a link to the line', () => {
    const files = {
      'apache2.conf': 'LoadModule mpm_event_module m.so\nUser ${APACHE_RUN_USER}\n',
      envvars: '# comment\nexport APACHE_RUN_USER=www-data\nexport APACHE_RUN_GROUP=www-data\n',
    };
    const h = hoverOn(files, '${APACHE_RUN_USER}', 3, 'apache2.conf');
    assert.match(h, /`\$\{APACHE_RUN_USER\}` = `www-data` \(set by \[`envvars:2`\]\(file:\/\/\/srv\/httpd\/envvars#L2\)\)/);
    assert.ok(!/not defined/.test(h));
  });

  it('a ${VAR} from the environment or -D says where it comes from; an unknown one says it is not defined', () => {
    const files = { 'httpd.conf': 'ServerName ${HOSTNAME_X}\nServerAdmin ${FROM_D}\nDocumentRoot ${NOWHERE}\n' };
    assert.match(hoverOn(files, '${HOSTNAME_X}', 3, 'httpd.conf', { env: { HOSTNAME_X: 'web1' } }), /= `web1` \(from the environment/);
    assert.match(hoverOn(files, '${FROM_D}', 3, 'httpd.conf', { defines: ['FROM_D=x@y'] }), /= `x@y`/);
    assert.match(hoverOn(files, '${NOWHERE}', 3), /is not defined/);
  });

  it('IncludeOptional and Include accumulate: never "overridden by"', () => {
    const files = {
      'httpd.conf': 'IncludeOptional a/*.conf\nIncludeOptional b/*.conf\nInclude c.conf\nInclude d.conf\n',
      'a/x.conf': '', 'b/y.conf': '', 'c.conf': '', 'd.conf': '',
    };
    for (const needle of ['IncludeOptional a', 'IncludeOptional b', 'Include c', 'Include d']) {
      const h = hoverOn(files, needle, 2);
      assert.ok(h.length > 0, needle);
      assert.ok(!/Overridden|wins over/.test(h), `${needle}: ${h.slice(0, 300)}`);
    }
    assert.match(hoverOn(files, 'a/*.conf', 2), /never replaces an earlier one/);
  });

  it('a single-value directive set twice: the first is overridden by the last, which wins', () => {
    const files = { 'httpd.conf': 'ServerName a.example\nTimeout 30\nServerName b.example\n' };
    assert.match(hoverOn(files, 'ServerName a', 2), /Overridden by \[`httpd\.conf:3`\]\(file:\/\/\/srv\/httpd\/httpd\.conf#L3\)/);
    assert.match(hoverOn(files, 'ServerName b', 2), /wins over 1 earlier one/);
    assert.ok(!/Overridden|wins/.test(hoverOn(files, 'Timeout', 2)));
  });

  it('Listen, Alias and other adding directives never claim an override', () => {
    const files = { 'httpd.conf': 'Listen 80\nListen 443\nAlias /a /x\nAlias /b /y\n' };
    for (const needle of ['Listen 80', 'Listen 443', 'Alias /a', 'Alias /b']) assert.ok(!/Overridden|wins over/.test(hoverOn(files, needle, 2)), needle);
  });

  it('the module line names the LoadModule line it was loaded at, as a link', () => {
    const files = { 'httpd.conf': 'LoadModule mpm_event_module m.so\nLoadModule rewrite_module m.so\nRewriteEngine On\nHeader set X y\n' };
    assert.match(hoverOn(files, 'RewriteEngine', 2), /mod\\_rewrite \(`rewrite_module`\) is loaded at \[`httpd\.conf:2`\]\(file:\/\/\/srv\/httpd\/httpd\.conf#L2\)/);
    assert.match(hoverOn(files, 'Header', 2), /\*\*not loaded\*\*/);
  });

  it('inactive directives say why, with the condition', () => {
    const files = { 'httpd.conf': 'LoadModule mpm_event_module m.so\n<IfModule mod_nothing.c>\nServerName x\n</IfModule>\n' };
    assert.match(hoverOn(files, 'ServerName', 2), /Inactive: .*IfModule mod\\_nothing\\\.c/);
  });

  it('the long guide is shown on the directive name, not on its values', () => {
    const files = { 'httpd.conf': 'AddHandler cgi-script .cgi\n' };
    const onName = hoverOn(files, 'AddHandler', 2);
    const onValue = hoverOn(files, 'cgi-script', 2);
    assert.ok(getDirective('AddHandler')!.guide);
    assert.match(onName, /### /, 'guide on the name');
    assert.ok(!/### /.test(onValue), 'no guide on a value');
    assert.match(onValue, /More\\: Apache manual/);
    assert.ok(onValue.length < onName.length / 2);
  });

  it('no sentence of the summary is repeated in the guide', () => {
    for (const info of allDirectives()) {
      if (!info.guide || !info.description) continue;
      const docs = explainDirective(info.name)!;
      const guidePart = docs.slice(docs.indexOf('- .htaccess') + 1);
      const sentences = info.description.split(/(?<=[.!?])(?<!\b(?:e\.g|i\.e|vs)\.)\s+(?=[A-Z`*(])/).map((s) => s.replace(/[`*_\\]/g, '').trim()).filter((s) => s.length > 20);
      const flatGuide = guidePart.replace(/[`*_\\]/g, '').replace(/\s+/g, ' ');
      for (const sentence of sentences) assert.ok(!flatGuide.includes(sentence), `${info.name}: "${sentence}" repeated`);
    }
  });
});
