// The service API the faces call: discovery cached and kept current by file events, open
// buffers over the disk, and the features answered from one analysis.

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { createApacheService } from '../../../server/src/service';
import { scratch } from '../../helpers/layouts';

describe('service API', () => {
  it('discovers main configurations once; edits and file events never walk the workspace again', () => {
    const dir = scratch('service-api');
    try {
      const put = (name: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
      };
      put('a/httpd.conf', 'LoadModule mpm_event_module modules/mod_mpm_event.so\nInclude vhosts/*.conf\n');
      put('a/vhosts/one.conf', '<VirtualHost *:80>\nServerName one\n</VirtualHost>\n');
      let buffer: string | undefined;
      const vhost = path.join(dir, 'a', 'vhosts', 'one.conf');
      const service = createApacheService({ roots: [dir], env: {}, openText: (f) => (f === vhost ? buffer : undefined) });
      for (let edit = 0; edit < 5; edit++) {
        buffer = `<VirtualHost *:80>\nServerName one\nNoSuchDirective ${edit}\n</VirtualHost>\n`;
        service.refresh();
        const fa = service.analyzeFile(vhost);
        assert.strictEqual(fa.context.mainFile, path.join(dir, 'a', 'httpd.conf'));
        assert.deepStrictEqual(service.diagnostics(fa.analysis, fa.modelFile).map((f) => f.code), ['unknown-directive'], 'the open buffer is what is analysed');
      }
      put('b/apache2.conf', 'Listen 80\n');
      service.fileEvents([{ file: path.join(dir, 'b', 'apache2.conf'), kind: 'created' }]);
      assert.deepStrictEqual(service.mainCandidates(), [path.join(dir, 'a', 'httpd.conf'), path.join(dir, 'b', 'apache2.conf')]);
      service.fileEvents([{ file: path.join(dir, 'a'), kind: 'deleted' }]);
      assert.deepStrictEqual(service.mainCandidates(), [path.join(dir, 'b', 'apache2.conf')]);
      assert.strictEqual(service.stats().discoveryWalks, 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers hover, completion, code actions and the outline from the service alone', () => {
    const dir = scratch('service-api-features');
    try {
      const main = path.join(dir, 'httpd.conf');
      const text = 'LoadModule mpm_event_module modules/mod_mpm_event.so\n<IfModule mod_ssl.c>\nSSLProtocol all\n</IfModule>\nServerTokens Full\n';
      fs.writeFileSync(main, text);
      const service = createApacheService({ env: {} });
      service.refresh();
      const fa = service.analyzeFile(main);
      assert.match(service.hover(fa, text.indexOf('ServerTokens') + 2)?.markdown ?? '', /ServerTokens/);
      const completion = service.completion({ text: 'Server', offset: 6, uriOrFile: main });
      assert.ok(completion.items.some((i) => i.label === 'ServerName'));
      const tokens = text.indexOf('Full');
      const actions = service.codeActions(fa, tokens, tokens + 5);
      assert.ok(actions.some((a) => a.finding.code === 'server-tokens-full'));
      assert.deepStrictEqual(service.outline(service.parseText(text)).map((o) => o.name), ['LoadModule', '<IfModule mod_ssl.c>', 'ServerTokens']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
