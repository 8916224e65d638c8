// What the per-run indexes of the tree rules keep between analyses (model/use-index.ts).

import * as assert from 'assert';
import { fileRuns, keySlot, perRun } from '../../../server/src/model';
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
});
