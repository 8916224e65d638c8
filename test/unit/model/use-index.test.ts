// What the per-run indexes of the tree rules keep between analyses (model/use-index.ts).

import * as assert from 'assert';
import { fileRuns, keySlot, perRun } from '../../../server/src/model';
import { model, ROOT } from '../../helpers/trees';
import { runInChild } from '../../helpers/heap-child';

describe('per-run indexes', () => {
  it('keep one shared empty list for every run without the uses looked for, and the others as derived', () => {
    const m = model({
      [`${ROOT}/httpd.conf`]: 'ServerName main.example\nInclude sites/*.conf\n',
      [`${ROOT}/sites/a.conf`]: 'ServerName a.example\nKeepAlive On\n',
      [`${ROOT}/sites/b.conf`]: 'ServerName b.example\nRequire all granted\n',
      [`${ROOT}/sites/c.conf`]: 'ServerName c.example\n',
    });
    const slot = keySlot(['require']);
    const runs = fileRuns(m);
    const parts = runs.map((run) => perRun(m, slot, run));
    assert.deepStrictEqual(parts.map((p) => p.map((u) => `${u.file.slice(ROOT.length)}:${u.name}`)), [[], [], ['/sites/b.conf:Require'], []]);
    const empty = parts.filter((p) => p.length === 0);
    assert.ok(empty.length >= 3, `${empty.length} empty parts`);
    assert.ok(empty.every((p) => p === empty[0]), 'every empty part is the same list');
    assert.ok(Object.isFrozen(empty[0]), 'the shared empty list cannot be written into');
    assert.deepStrictEqual(runs.map((run) => perRun(m, slot, run)), parts, 'kept for the next reader');
  });

  it('keep a file\'s lists of uses by directive at their length (activeUses)', function () {
    this.timeout(120000);
    // In a child with --expose-gc: changing V8's flags in this process would change its flag hash,
    // and V8 would then refuse the CLI's code cache in the tests that run after this one.
    const script = `
      const { activeUses, buildModel, memoryFileSystem } = require('./server/src/model');
      (() => {
        const names = ['Require', 'Header', 'Alias', 'AddType', 'SetEnv', 'RequestHeader', 'Redirect', 'ErrorDocument'];
        const tree = (count) => {
          const files = { '/srv/httpd/httpd.conf': 'ServerName main.example\\nIncludeOptional sites/*.conf\\n' };
          for (let f = 0; f < count; f++) files['/srv/httpd/sites/s' + f + '.conf'] = names.map((name, i) => [0, 1, 2, 3, 4, 5].map((n) => name + ' x' + i + ' y' + n + '\\n').join('')).join('');
          return buildModel({ mainFile: '/srv/httpd/httpd.conf', fs: memoryFileSystem(files), env: {} });
        };
        // Once on a small tree first: the code's own first run (its bytecode, feedback) is not counted.
        activeUses(tree(20), 'Require');
        const model = tree(FILES);
        gc();
        gc();
        const before = process.memoryUsage().heapUsed;
        const found = activeUses(model, 'Require').length;
        gc();
        gc();
        console.log(JSON.stringify({ found, perFile: (process.memoryUsage().heapUsed - before) / FILES }));
      })();
    `.replace(/FILES/g, '500');
    const { found, perFile } = runInChild<{ found: number; perFile: number }>(script);
    assert.strictEqual(found, 3000);
    // Per file: its run, its index of 8 directives with 6 uses each (≈ 1,775 bytes; 2,440 while each list kept the room push gave it).
    assert.ok(perFile < 2100, `${Math.round(perFile)} bytes kept per file`);
  });

  it('keep what the slots derive from a run in one record per run', function () {
    this.timeout(120000);
    // In a child with --expose-gc (see above).
    const script = `
      const { buildModel, fileRuns, memoryFileSystem, perRun, runSlot } = require('./server/src/model');
      (() => {
        const tree = (count) => {
          const files = { '/srv/httpd/httpd.conf': 'ServerName main.example\\nIncludeOptional sites/*.conf\\n' };
          for (let f = 0; f < count; f++) files['/srv/httpd/sites/s' + f + '.conf'] = 'ServerName s' + f + '.example\\n';
          return buildModel({ mainFile: '/srv/httpd/httpd.conf', fs: memoryFileSystem(files), env: {} });
        };
        const value = {};
        const slots = Array.from({ length: 10 }, () => runSlot(() => value));
        // Once on a small tree first: the code's own first run (its bytecode, feedback) is not counted.
        const warm = tree(20);
        for (const slot of slots) for (const run of fileRuns(warm)) perRun(warm, slot, run);
        const model = tree(3000);
        const runs = fileRuns(model);
        gc();
        gc();
        const before = process.memoryUsage().heapUsed;
        for (const slot of slots) for (const run of runs) perRun(model, slot, run);
        gc();
        gc();
        const grown = process.memoryUsage().heapUsed - before;
        const again = slots.every((slot) => runs.every((run) => perRun(model, slot, run) === value)) && slots.every((slot) => slot.derived === runs.length + fileRuns(warm).length);
        console.log(JSON.stringify({ runs: runs.length, again, perValue: grown / runs.length / slots.length }));
      })();
    `;
    const { runs, again, perValue } = runInChild<{ runs: number; again: boolean; perValue: number }>(script);
    assert.ok(runs > 3000, `${runs} runs`);
    assert.ok(again, 'each value is derived once and kept');
    // One record per run: 31 bytes; an entry object and a weak map entry per slot and run took 92.
    assert.ok(perValue < 50, `${Math.round(perValue)} bytes kept per slot and run`);
  });
});
