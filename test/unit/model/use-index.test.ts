// What the per-run indexes of the tree rules keep between analyses (model/use-index.ts).

import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { fileRuns, keySlot, perRun } from '../../../server/src/model';
import { repoRoot } from '../../helpers/files';
import { model, ROOT } from '../../helpers/trees';

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

  it('keep a file\'s lists of uses by directive at their length (activeUses)', () => {
    // In a child with --expose-gc: changing V8's flags in this process would change its flag hash,
    // and V8 would then refuse the CLI's code cache in the tests that run after this one.
    const script = `
      const { activeUses, buildModel, memoryFileSystem } = require('./server/src/model');
      (() => {
        const files = { '/srv/httpd/httpd.conf': 'ServerName main.example\\nIncludeOptional sites/*.conf\\n' };
        const names = ['Require', 'Header', 'Alias', 'AddType', 'SetEnv', 'RequestHeader', 'Redirect', 'ErrorDocument'];
        for (let f = 0; f < 500; f++) files['/srv/httpd/sites/s' + f + '.conf'] = names.map((name, i) => [0, 1, 2, 3, 4, 5].map((n) => name + ' x' + i + ' y' + n + '\\n').join('')).join('');
        const model = buildModel({ mainFile: '/srv/httpd/httpd.conf', fs: memoryFileSystem(files), env: {} });
        gc();
        gc();
        const before = process.memoryUsage().heapUsed;
        const found = activeUses(model, 'Require').length;
        gc();
        gc();
        console.log(JSON.stringify({ found, perFile: (process.memoryUsage().heapUsed - before) / 500 }));
      })();
    `;
    const r = spawnSync(process.execPath, ['--expose-gc', '--require', 'tsx/cjs', '-e', script], { cwd: repoRoot, encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    const { found, perFile } = JSON.parse(r.stdout) as { found: number; perFile: number };
    assert.strictEqual(found, 3000);
    // Per file: its run, its index of 8 directives with 6 uses each (≈ 1,750 bytes; 2,490 while each list kept the room push gave it).
    assert.ok(perFile < 2100, `${Math.round(perFile)} bytes kept per file`);
  });

  it('keep what the slots derive from a run in one record per run', () => {
    // In a child with --expose-gc (see above).
    const script = `
      const { buildModel, fileRuns, memoryFileSystem, perRun, runSlot } = require('./server/src/model');
      (() => {
        const files = { '/srv/httpd/httpd.conf': 'ServerName main.example\\nIncludeOptional sites/*.conf\\n' };
        for (let f = 0; f < 1000; f++) files['/srv/httpd/sites/s' + f + '.conf'] = 'ServerName s' + f + '.example\\n';
        const model = buildModel({ mainFile: '/srv/httpd/httpd.conf', fs: memoryFileSystem(files), env: {} });
        const runs = fileRuns(model);
        const value = {};
        const slots = Array.from({ length: 10 }, () => runSlot(() => value));
        gc();
        gc();
        const before = process.memoryUsage().heapUsed;
        for (const slot of slots) for (const run of runs) perRun(model, slot, run);
        gc();
        gc();
        const grown = process.memoryUsage().heapUsed - before;
        const again = slots.every((slot) => runs.every((run) => perRun(model, slot, run) === value)) && slots.every((slot) => slot.derived === runs.length);
        console.log(JSON.stringify({ runs: runs.length, again, perValue: grown / runs.length / slots.length }));
      })();
    `;
    const r = spawnSync(process.execPath, ['--expose-gc', '--require', 'tsx/cjs', '-e', script], { cwd: repoRoot, encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    const { runs, again, perValue } = JSON.parse(r.stdout) as { runs: number; again: boolean; perValue: number };
    assert.ok(runs > 1000, `${runs} runs`);
    assert.ok(again, 'each value is derived once and kept');
    // An entry object and a weak map entry per slot and run took ≈ 90 bytes.
    assert.ok(perValue < 50, `${Math.round(perValue)} bytes kept per slot and run`);
  });
});
