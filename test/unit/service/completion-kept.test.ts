// Directive-name completion keeps its lists between analyses by the set of loaded modules: an
// edit that loads or unloads a module must change the offered ranks exactly as a fresh service
// would, and an edit that leaves the modules alone must give the same items.

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { createApacheService } from '../../../server/src/service';
import { scratch } from '../../helpers/layouts';

const MAIN = ['LoadModule mpm_event_module modules/mod_mpm_event.so', 'LoadModule authz_core_module modules/mod_authz_core.so', 'Include vhosts/*.conf', ''];
const VHOST = '<VirtualHost *:80>\nServerName one\n\n</VirtualHost>\n';

describe('directive-name completion kept between analyses', () => {
  it('offers what a fresh service offers after each edit of the loaded modules', () => {
    const dir = scratch('completion-kept');
    try {
      const main = path.join(dir, 'httpd.conf');
      const vhost = path.join(dir, 'vhosts', 'one.conf');
      fs.mkdirSync(path.dirname(vhost), { recursive: true });
      fs.writeFileSync(main, MAIN.join('\n'));
      fs.writeFileSync(vhost, VHOST);
      let buffer: string | undefined;
      const open = (f: string) => (f === main ? buffer : undefined);
      const session = createApacheService({ roots: [dir], env: {}, openText: open });
      const at = VHOST.indexOf('\n\n') + 1;
      const items = (service: ReturnType<typeof createApacheService>, typed: string) => {
        service.refresh();
        const text = VHOST.slice(0, at) + typed + VHOST.slice(at);
        const fa = service.analyzeFile(vhost);
        const result = service.completion({ text, offset: at + typed.length, uriOrFile: vhost, fa });
        return result.items.map((i) => `${i.label} ${i.rank} ${i.start}-${i.end}`);
      };
      const withRewrite = [...MAIN.slice(0, 2), 'LoadModule rewrite_module modules/mod_rewrite.so', ...MAIN.slice(2)].join('\n');
      const rewriteRank = (list: string[]) => list.find((i) => i.startsWith('RewriteRule '))?.split(' ')[1];
      const seen: Record<string, string[]> = {};
      for (const [step, text] of [['start', undefined], ['rewrite loaded', withRewrite], ['a comment added', `${withRewrite}# note\n`], ['rewrite unloaded', undefined]] as const) {
        buffer = text;
        for (const typed of ['', 'Rew', 'Serv']) {
          const kept = items(session, typed);
          const fresh = items(createApacheService({ roots: [dir], env: {}, openText: open }), typed);
          assert.deepStrictEqual(kept, fresh, `${step}, typed "${typed}": the kept lists differ from a fresh service's`);
          seen[`${step} ${typed}`] = kept;
        }
      }
      assert.strictEqual(rewriteRank(seen['start Rew']), '2', 'not loaded: offered last');
      assert.strictEqual(rewriteRank(seen['rewrite loaded Rew']), '0', 'loaded and likely in a virtual host');
      assert.deepStrictEqual(seen['rewrite unloaded Rew'], seen['start Rew']);
      assert.deepStrictEqual(seen['a comment added '], seen['rewrite loaded ']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
