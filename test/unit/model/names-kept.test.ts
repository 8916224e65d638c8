// What the places of one name keep while a model holds them (model/names.ts): the references of an
// Alias target shared by 2,000 virtual hosts are 22,000 places.

import * as assert from 'assert';
import { runInChild } from '../../helpers/heap-child';

describe('places of a name', () => {
  it('share the name\'s key instead of a copy per place', function () {
    this.timeout(120000);
    const script = `
      const { buildModel, memoryFileSystem, nameKey, occurrencesOfKey } = require('./server/src/model');
      (() => {
        const tree = (count) => {
          const files = { '/srv/httpd/httpd.conf': 'ServerName main.example\\nIncludeOptional sites/*.conf\\n' };
          for (let f = 0; f < count; f++) files['/srv/httpd/sites/s' + f + '.conf'] = '<VirtualHost *:80>\\nServerName site' + f + '.example.org\\nAlias /static /srv/shared/static-files\\n</VirtualHost>\\n';
          return buildModel({ mainFile: '/srv/httpd/httpd.conf', fs: memoryFileSystem(files), env: {} });
        };
        const key = nameKey('alias-target', '/srv/shared/static-files');
        // Once on a small tree first: the code's own first run (its bytecode, feedback) is not counted.
        occurrencesOfKey(tree(20), key);
        const model = tree(3000);
        gc();
        gc();
        const before = process.memoryUsage().heapUsed;
        const found = occurrencesOfKey(model, key).length;
        gc();
        gc();
        console.log(JSON.stringify({ found, perPlace: (process.memoryUsage().heapUsed - before) / 3000 }));
      })();
    `;
    const { found, perPlace } = runInChild<{ found: number; perPlace: number }>(script);
    assert.strictEqual(found, 3000);
    // The place's record and the array's slot for it (≈ 160 bytes; 264 with each place's own copy of the key).
    assert.ok(perPlace < 212, `${Math.round(perPlace)} bytes kept per place`);
  });
});
