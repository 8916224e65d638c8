// The shared vocabulary's names are httpd's: every ap_expr variable and lookup completion offers
// is parsed by the real httpd in an <If>, the mod_rewrite-only ones are refused there, and the
// mod_headers actions are accepted by exactly the directives the table says.

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { HEADER_ACTIONS } from '../../server/src/data/http-headers';
import { SERVER_VARIABLES, SSL_VARIABLES, VARIABLE_LOOKUPS } from '../../server/src/data/server-variables';
import { httpdAvailable, httpdCheck, removeRunDir } from './httpd';
import { MODULE_DIR } from './trees';

const withHttpd = httpdAvailable() ? describe : describe.skip;

withHttpd('vocabulary names against the real httpd', function () {
  this.timeout(120000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-vocab-names-'));
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    removeRunDir();
  });

  async function accepts(lines: string[]): Promise<{ ok: boolean; messages: string[] }> {
    const main = path.join(dir, 'httpd.conf');
    const head = ['mpm_event', 'authz_core', 'ssl', 'headers', 'setenvif'].map((m) => `LoadModule ${m}_module ${MODULE_DIR}/mod_${m}.so`);
    fs.writeFileSync(main, [...head, 'ServerName localhost', `ErrorLog ${dir}/error.log`, ...lines, ''].join('\n'));
    return httpdCheck(dir, main);
  }

  it('each ap_expr variable and lookup parses in <If>; mod_rewrite-only names are refused', async () => {
    const exprNames = [...Object.entries(SERVER_VARIABLES).filter(([, v]) => v.in.includes('expr')).map(([n]) => n), ...Object.keys(SSL_VARIABLES)];
    const lookups = Object.keys(VARIABLE_LOOKUPS).filter((k) => VARIABLE_LOOKUPS[k].in.includes('expr'));
    const tests = [...exprNames.map((n) => `%{${n}} == 'x'`), ...lookups.map((k) => `%{${k}X} == 'x'`)];
    const all = await accepts([`<If "${tests.join(' || ')}">`, '</If>']);
    assert.ok(all.ok, all.messages.join('\n'));
    for (const [name, v] of Object.entries(SERVER_VARIABLES)) {
      if (v.in.includes('expr')) continue;
      const one = await accepts([`<If "%{${name}} == 'x'">`, '</If>']);
      assert.ok(!one.ok && /does not exist/.test(one.messages.join(' ')), `${name} is marked mod_rewrite-only, yet httpd accepts it in ap_expr`);
    }
  });

  it('Header takes every action, RequestHeader exactly those marked for it', async () => {
    for (const [action, a] of Object.entries(HEADER_ACTIONS)) {
      const args = action === 'echo' ? '^X-' : action.startsWith('edit') ? 'X-Test ^a b' : action === 'unset' ? 'X-Test' : 'X-Test v';
      const header = await accepts([`Header ${action} ${args}`]);
      assert.ok(header.ok, `Header ${action}: ${header.messages.join(' ')}`);
      const request = await accepts([`RequestHeader ${action} ${args}`]);
      assert.strictEqual(request.ok, a.requestHeader, `RequestHeader ${action}: ${request.messages.join(' ')}`);
    }
  });
});
