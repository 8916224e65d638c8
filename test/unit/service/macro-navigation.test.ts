// Hover and go-to-definition on a Use line: the macro it names, its parameters, where it is defined.

import * as assert from 'assert';
import { memoryFileSystem } from '../../../server/src/model';
import { createApacheService } from '../../../server/src/service';

const ROOT = '/srv/httpd';
const MAIN = `${ROOT}/httpd.conf`;
const SITES = `${ROOT}/sites.conf`;
const MAIN_TEXT = [
  'LoadModule mpm_event_module modules/mod_mpm_event.so',
  'LoadModule macro_module modules/mod_macro.so',
  '<Macro VHost $name $domain>',
  '<VirtualHost *:80>',
  '  ServerName $domain',
  '</VirtualHost>',
  '</Macro>',
  'Include sites.conf',
  '',
].join('\n');
const SITES_TEXT = 'Use VHost one one.example\nUse Missing x\n';

describe('service: Use lines', () => {
  const service = createApacheService({ fs: memoryFileSystem({ [MAIN]: MAIN_TEXT, [SITES]: SITES_TEXT }), env: {} });
  service.refresh();
  service.mainTree(MAIN);
  const fa = service.analyzeFile(SITES);

  it('goes from the macro name of a Use to its <Macro> line', () => {
    const targets = service.definition(fa, SITES_TEXT.indexOf('VHost') + 2);
    assert.deepStrictEqual(targets.map((t) => [t.file, t.line, MAIN_TEXT.slice(t.start, t.end)]), [[MAIN, 2, '<Macro VHost $name $domain>']]);
    assert.deepStrictEqual(service.definition(fa, SITES_TEXT.indexOf('Missing') + 2), []);
  });

  it('lists each expanded virtual host by its name among the workspace symbols, not the body as written', () => {
    const hosts = service.workspaceSymbols('', [MAIN, SITES]).filter((s) => s.kind === 'vhost');
    assert.deepStrictEqual(hosts.map((h) => [h.name, h.line]), [['one.example', 3]]);
  });

  it('completes the macro names after Use, with their values', () => {
    const text = `${SITES_TEXT}Use V`;
    const items = service.completion({ text, offset: text.length, uriOrFile: SITES, fa }).items;
    const vhost = items.find((i) => i.label === 'VHost');
    assert.ok(vhost, items.map((i) => i.label).join(' '));
    assert.strictEqual(vhost.detail, '2 values: $name $domain');
  });

  it('hovers the macro name with its parameters and place, or says none is defined', () => {
    const hover = service.hover(fa, SITES_TEXT.indexOf('VHost') + 2)?.markdown ?? '';
    assert.match(hover, /Macro VHost\*\* \(`\$name`, `\$domain`\)/);
    assert.match(hover, /httpd\.conf:3/);
    assert.match(hover, /takes 2 values/);
    assert.match(service.hover(fa, SITES_TEXT.indexOf('Missing') + 2)?.markdown ?? '', /No macro `Missing` is defined/);
  });
});
