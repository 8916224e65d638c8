// `httpd-lint --context vhost|directory|htaccess` reads a file as if it were included inside
// that section: the real httpd, given exactly that, must say the same.

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { lintFile } from '../../server/src/cli/report';
import { httpdAvailable, httpdCheck } from './httpd';
import { MODULE_DIR } from './trees';

const PART = 'Options -Indexes\nListen 8080\n';

describe('forced context agrees with httpd reading the file inside that section', function () {
  this.timeout(60000);
  let dir: string;
  before(function () {
    if (!httpdAvailable()) this.skip();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-context-oracle-'));
    fs.writeFileSync(path.join(dir, 'part.conf'), PART);
    fs.mkdirSync(path.join(dir, 'logs'));
  });
  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  const cases: { context: 'server' | 'vhost' | 'directory'; wrap: (inc: string) => string }[] = [
    { context: 'server', wrap: (inc) => inc },
    { context: 'vhost', wrap: (inc) => `<VirtualHost *:80>\n${inc}\n</VirtualHost>` },
    { context: 'directory', wrap: (inc) => `<Directory "${dir}">\n${inc}\n</Directory>` },
  ];
  for (const c of cases) {
    it(`--context ${c.context}`, async () => {
      const main = path.join(dir, `main-${c.context}.conf`);
      fs.writeFileSync(main, `LoadModule mpm_event_module ${MODULE_DIR}/mod_mpm_event.so\nLoadModule authz_core_module ${MODULE_DIR}/mod_authz_core.so\nListen 80\n${c.wrap(`Include ${path.join(dir, 'part.conf')}`)}\n`);
      const verdict = await httpdCheck(dir, main);
      const ours = lintFile({ main: path.join(dir, 'part.conf'), context: c.context, env: {} });
      const errors = ours.analysis.findings.filter((f) => f.severity === 'error').map((f) => f.message);
      assert.deepStrictEqual(errors, verdict.ok ? [] : [verdict.error], JSON.stringify(verdict.messages));
    });
  }
});
