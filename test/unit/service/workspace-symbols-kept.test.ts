// What the workspace symbol list of a model keeps between queries (service/workspace-symbols.ts):
// at 2,000 virtual hosts it lists 22,000 sections and is kept as long as the model.

import * as assert from 'assert';
import { runInChild } from '../../helpers/heap-child';

describe('workspace symbol list', () => {
  it('keeps each section\'s place without a copy of its item or of its vhost\'s name', function () {
    this.timeout(120000);
    const script = `
      const { buildModel, memoryFileSystem } = require('./server/src/model');
      const { workspaceSymbols } = require('./server/src/service/workspace-symbols');
      (() => {
        const tree = (count) => {
          const files = { '/srv/httpd/httpd.conf': 'ServerName main.example\\nIncludeOptional sites/*.conf\\n' };
          for (let f = 0; f < count; f++) {
            const locations = Array.from({ length: 10 }, (_, i) => '<Location /app' + i + '>\\n  Require all granted\\n</Location>\\n').join('');
            files['/srv/httpd/sites/s' + f + '.conf'] = '<VirtualHost *:80>\\nServerName site' + f + '.example.org\\n' + locations + '</VirtualHost>\\n';
          }
          return buildModel({ mainFile: '/srv/httpd/httpd.conf', fs: memoryFileSystem(files), env: {} });
        };
        // Once on a small tree first: the code's own first run (its bytecode, feedback) is not counted.
        workspaceSymbols([tree(20)], 'app3');
        const model = tree(300);
        gc();
        gc();
        const before = process.memoryUsage().heapUsed;
        const found = workspaceSymbols([model], 'app3').length;
        gc();
        gc();
        console.log(JSON.stringify({ found, perSection: (process.memoryUsage().heapUsed - before) / 3000 }));
      })();
    `;
    const { found, perSection } = runInChild<{ found: number; perSection: number }>(script);
    assert.strictEqual(found, 300);
    // Its entry, its name and the name lower-cased (≈ 273 bytes; 398 with an item object per entry and a copy of the vhost's name in each).
    assert.ok(perSection < 335, `${Math.round(perSection)} bytes kept per section`);
  });
});
