// Every diagnostic message is one sentence of the problem and one of the way out, at most 160
// characters, on the real trees of the test suite (the flagship, Debian's stock tree with and
// without mod_php, the httpd docs tree, our own oracle trees) and on the example of every rule's
// docs page. The unit tests' in-memory trees are measured too (test/helpers/trees.ts).

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { lintAnalysis } from '../../../server/src/cli/report';
import { RULES } from '../../../server/src/rules';
import { MAX_MESSAGE } from '../../../server/src/rules/lib/message';
import { repoRoot } from '../../helpers/files';
import { analysis, MAX_MESSAGE as HELPER_MAX } from '../../helpers/trees';
import { debianPhpTree, debianTree, docsTree, ownTree, removeScratch } from '../../oracle/trees';

type Found = { code: string; message: string; where: string };

function findingsOf(main: string, serverRoot?: string): Found[] {
  const a = lintAnalysis({ main, serverRoot, defines: [], env: {} });
  return a.findings.map((f) => ({ code: f.code, message: f.message, where: `${path.basename(f.file)}:${f.line + 1}` }));
}

/** The rule's docs example inside a minimal prefork server with the common modules. */
function docsExample(id: string): Found[] {
  const page = fs.readFileSync(path.join(repoRoot, 'docs', 'rules', `${id}.md`), 'utf8');
  const example = /```apacheconf\n([\s\S]*?)\n```/.exec(page)?.[1];
  if (example === undefined) return [];
  const base = ['mpm_prefork', 'authz_core', 'authz_host', 'dir', 'mime', 'alias', 'log_config'].map((m) => `LoadModule ${m}_module modules/mod_${m}.so`).join('\n');
  const a = analysis({ 'httpd.conf': `ServerRoot /srv/httpd\n${base}\nListen 80\nInclude example.conf\n`, 'example.conf': `${example}\n` });
  return a.findings.map((f) => ({ code: f.code, message: f.message, where: `${id} example` }));
}

describe('diagnostic messages read well', function () {
  this.timeout(120000);
  after(() => removeScratch());

  it('every message on the real trees and the docs examples is at most 160 characters', () => {
    assert.strictEqual(MAX_MESSAGE, HELPER_MAX);
    const found: Found[] = [];
    found.push(...findingsOf(path.join(repoRoot, 'examples', 'debian-prefork-php', 'apache2.conf')));
    for (const tree of [debianTree(), debianPhpTree('prefork'), debianPhpTree('event'), docsTree(false), docsTree(true), ownTree('small'), ownTree('vhosts'), ownTree('defines')]) {
      found.push(...findingsOf(tree.main, tree.serverRoot));
    }
    for (const rule of RULES) found.push(...docsExample(rule.id));
    const long = found.filter((f) => f.message.length > MAX_MESSAGE).map((f) => `${f.where} ${f.code} (${f.message.length}): ${f.message}`);
    assert.deepStrictEqual(long, []);
    const codes = new Set(found.map((f) => f.code));
    console.log(`      ${found.length} messages of ${codes.size} rules measured; longest ${Math.max(...found.map((f) => f.message.length))} characters`);
    assert.ok(codes.has('prefork-keepalive-timeout'), 'the flagship is among them');
    assert.ok(codes.size >= 20, `${codes.size} rules`);
  });

  it('the flagship message is one problem, its cost in visitors per second (the capacity model) and one way out, with the locations as related information', () => {
    const a = lintAnalysis({ main: path.join(repoRoot, 'examples', 'debian-prefork-php', 'apache2.conf'), defines: [], env: {} });
    const flagship = a.findings.find((f) => f.code === 'prefork-keepalive-timeout')!;
    assert.strictEqual(flagship.message, 'KeepAliveTimeout 15 s on prefork with mod_php: idle connections hold whole children; 150 fill at ~9.6 visitors/s (~57 at 2 s). Use 5 s or less.');
    assert.deepStrictEqual(flagship.related?.map((r) => `${path.relative(path.dirname(a.model.mainFile), r.file)}:${r.line + 1}`), ['mods-enabled/mpm_prefork.load:2', 'mods-enabled/php8.2.load:3']);
  });
});
