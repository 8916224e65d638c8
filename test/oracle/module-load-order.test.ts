// module-load-order against the real httpd: every library Debian's build loads only after another
// module's (the data of scripts/probe-module-symbols.mjs), loaded without it, in the wrong order
// and in the right one. httpd's verdict and ours must be the same, message and line included.

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { lintFile } from '../../server/src/cli/report';
import { allModules } from '../../server/src/data';
import { httpdAvailable, httpdCheck, removeRunDir } from './httpd';
import { MODULE_DIR } from './trees';

describe('module-load-order: libraries that need another module loaded first, against httpd', function () {
  this.timeout(120000);
  let dir: string;
  before(function () {
    if (!httpdAvailable()) this.skip();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-load-order-'));
    fs.mkdirSync(path.join(dir, 'logs'));
  });
  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    removeRunDir();
  });

  const soOf = new Map(allModules().map((m) => [m.identifier, m.soFile]));
  const load = (identifier: string): string => `LoadModule ${identifier} ${MODULE_DIR}/${soOf.get(identifier)}\n`;
  const dependents = allModules().filter((m) => m.loadsAfter?.length);

  it('covers the proxy, dav, cache and session families', () => {
    const names = dependents.map((m) => m.identifier);
    for (const name of ['proxy_http_module', 'dav_fs_module', 'dav_lock_module', 'cache_disk_module', 'session_cookie_module']) assert.ok(names.includes(name), name);
  });

  it('alone, after and before the modules it needs: the same verdict, message and line as httpd', async () => {
    const problems: string[] = [];
    for (const m of dependents) {
      const needs = m.loadsAfter!.map((n) => n.module);
      const orders: [string, string[]][] = [
        ['alone', [m.identifier!]],
        ['needed modules after it', [m.identifier!, ...needs]],
        ['needed modules first', [...needs, m.identifier!]],
      ];
      for (const [label, order] of orders) {
        const main = path.join(dir, 'httpd.conf');
        fs.writeFileSync(main, `LoadModule mpm_event_module ${MODULE_DIR}/mod_mpm_event.so\n${order.map(load).join('')}`);
        const verdict = await httpdCheck(dir, main);
        const ours = lintFile({ main, serverRoot: dir, env: {} }).analysis.findings.filter((f) => f.severity === 'error');
        const theirs = verdict.ok ? [] : [`${verdict.line}: ${verdict.error}`];
        const mine = ours.slice(0, 1).map((f) => `${f.line + 1}: ${f.message}`);
        if (JSON.stringify(mine) !== JSON.stringify(theirs)) problems.push(`${m.identifier} ${label}: httpd ${JSON.stringify(theirs)}, httpd-lint ${JSON.stringify(mine)}`);
      }
    }
    assert.deepStrictEqual(problems, []);
  });
});
