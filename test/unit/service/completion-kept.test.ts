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

  it('offers the media types a fresh service offers as AddType lines and the mime.types file change', () => {
    const dir = scratch('completion-kept-mime');
    try {
      const main = path.join(dir, 'httpd.conf');
      const types = path.join(dir, 'mime.types');
      fs.writeFileSync(main, `ServerRoot ${dir}\nLoadModule mpm_event_module modules/mod_mpm_event.so\nLoadModule mime_module modules/mod_mime.so\nTypesConfig mime.types\nAddType text/x-first .one\n`);
      fs.writeFileSync(types, '# types\ntext/html\t\thtml htm\napplication/x-disk\tdsk\n');
      const buffers = new Map<string, string>();
      const open = (f: string) => buffers.get(f);
      const session = createApacheService({ roots: [dir], env: {}, openText: open });
      const labels = (service: ReturnType<typeof createApacheService>, text: string) => {
        service.refresh();
        const fa = service.analyzeFile(main);
        const offset = text.lastIndexOf('AddType ') + 'AddType '.length;
        return service.completion({ text, offset, uriOrFile: main, fa }).items.map((i) => `${i.label} ${i.start}-${i.end} ${i.documentation ?? ''}`);
      };
      const base = fs.readFileSync(main, 'utf8');
      const steps: [string, string, string | undefined][] = [
        ['start', base, undefined],
        ['a second AddType', `${base}AddType application/x-second .two\n`, undefined],
        ['the same again', `${base}AddType application/x-second .two\n`, undefined],
        // (with the main file: the analysis is kept while nothing it read changed, and it does not read mime.types)
        ['mime.types edited', `${base}AddType application/x-second .two\n# edited\n`, '# types\ntext/html\t\thtml\napplication/x-buffer\tbuf\n'],
        ['back to the start', base, undefined],
      ];
      const seen: string[][] = [];
      for (const [step, text, typesText] of steps) {
        buffers.set(main, text);
        if (typesText === undefined) buffers.delete(types);
        else buffers.set(types, typesText);
        const kept = labels(session, text);
        assert.deepStrictEqual(kept, labels(createApacheService({ roots: [dir], env: {}, openText: open }), text), `${step}: the kept items differ from a fresh service's`);
        seen.push(kept);
      }
      assert.ok(seen[1].some((l) => l.startsWith('application/x-second ')) && !seen[0].some((l) => l.startsWith('application/x-second ')));
      assert.ok(seen[3].some((l) => l.startsWith('application/x-buffer ')) && !seen[3].some((l) => l.startsWith('application/x-disk ')));
      assert.deepStrictEqual(seen[4], seen[0]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
