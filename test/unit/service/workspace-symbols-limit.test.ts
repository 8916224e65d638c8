// Workspace symbols keep only the best `limit` while they read the lists (no scored list of
// every match): the answer must be the first `limit` of the whole ranking, for substring and
// loose matches, ties (same name) ordered by file and line, and trees that share files.

import * as assert from 'assert';
import fc from 'fast-check';
import { workspaceSymbols } from '../../../server/src/service/workspace-symbols';
import { model } from '../../helpers/trees';

const NAMES = ['a.example', 'ab.example', 'b.example', 'www.a.example', 'a.example'];

const host = fc.record({ name: fc.constantFrom(...NAMES), locations: fc.array(fc.constantFrom('/a', '/ab', '/b', '/a'), { maxLength: 3 }) });

function vhosts(hosts: { name: string; locations: string[] }[]): string {
  return hosts.map((h, i) => [`<VirtualHost *:${80 + i}>`, `ServerName ${h.name}`, ...h.locations.map((l) => `<Location ${l}>\n</Location>`), '</VirtualHost>'].join('\n')).join('\n') + '\n';
}

const key = (s: { name: string; file: string; line: number; kind: string }) => `${s.kind} ${s.name} ${s.file}:${s.line}`;

describe('workspace symbols kept to a limit', () => {
  it('are the first of the whole ranking', () => {
    fc.assert(
      fc.property(fc.array(host, { maxLength: 8 }), fc.array(host, { maxLength: 8 }), fc.constantFrom('', 'a', 'ab', 'example', 'location a', 'aex', 'zz'), fc.integer({ min: 0, max: 12 }), fc.boolean(), (main, site, query, limit, twoTrees) => {
        const files = { 'httpd.conf': `Define TOP 1\n${vhosts(main)}Include sites/*.conf\n`, 'sites/a.conf': vhosts(site), 'other.conf': 'Include sites/*.conf\n' };
        const models = twoTrees ? [model(files), model(files, 'other.conf')] : [model(files)];
        const all = workspaceSymbols(models, query, 10000).map(key);
        assert.strictEqual(new Set(all).size, all.length, 'each place once');
        assert.deepStrictEqual(workspaceSymbols(models, query, limit).map(key), all.slice(0, limit));
      }),
      { numRuns: 300 },
    );
  });
});
