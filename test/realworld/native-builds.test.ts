// Trees as their authors keep them, ServerRoot and all: a RHEL tree (/etc/httpd), the upstream
// layout h5bp's sample uses (/usr/local/apache2) and Alpine's (/var/www) LoadModule log_config,
// unixd and version, which those builds load and Debian's compiles in. Read as published (the
// ServerRoot mapped to the repository folder), none of those lines is an error.

import * as assert from 'assert';
import * as path from 'path';
import { lintReport } from '../../server/src/cli/report';
import { REALWORLD_DIR } from './tree';

const TREES = ['trees/rhel-tuxtron/conf/httpd.conf', 'trees/h5bp-server-configs-apache/httpd.conf', 'trees/alpine-burytecnologia/apache2/httpd.conf'];

describe('real-world trees read with the ServerRoot they were written for', () => {
  for (const tree of TREES) {
    it(`${tree}: the modules its build loads are not "built-in"`, () => {
      const report = lintReport({ main: path.join(REALWORLD_DIR, tree) });
      assert.ok(report.server.modules.includes('log_config_module'), report.server.modules.join(' '));
      assert.deepStrictEqual(report.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`), []);
    });
  }
});
