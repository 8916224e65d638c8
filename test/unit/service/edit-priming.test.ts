// The edit path primed at start (service primeEditPath): throwaway states of one file are analysed
// as keystrokes would be, then its own text again. Nothing may differ afterwards: the analysis kept,
// the next keystroke's and the rounds that keep it must be those of a service that primed nothing.

import * as assert from 'assert';
import { memoryFileSystem } from '../../../server/src/model';
import { createApacheService, type Analysis } from '../../../server/src/service';
import { primingTarget, throwawayTexts } from '../../../server/src/service/edit-priming';

const ROOT = '/srv/httpd';
const MAIN = `${ROOT}/httpd.conf`;
const A = `${ROOT}/sites/a.conf`;
const B = `${ROOT}/sites/b.conf`;
const FILES: Record<string, string> = {
  [MAIN]: 'LoadModule mpm_event_module modules/mod_mpm_event.so\nLoadModule rewrite_module modules/mod_rewrite.so\nListen 80\nIncludeOptional sites/*.conf\n',
  [A]: '<VirtualHost *:80>\n    ServerName a.example\n    KeepAliveTimeout 3\n    RewriteEngine On\n    RewriteRule ^/a$ /b [R=301,L]\n    Nonsense x\n</VirtualHost>\n',
  [B]: '<VirtualHost *:80>\n    ServerName b.example\n</VirtualHost>\n',
};

function published(analysis: Analysis): string {
  const out: string[] = [];
  for (const file of [...analysis.byFile.keys()].sort()) {
    for (const f of analysis.byFile.get(file) ?? []) out.push(`${file}:${f.start}-${f.end} ${f.code} ${f.severity} ${f.message} ${JSON.stringify(f.related ?? [])}`);
  }
  return `${analysis.model.files.join(',')}\n${out.join('\n')}`;
}

function session(prime: boolean) {
  const buffers = new Map<string, string>();
  const fs = memoryFileSystem(FILES);
  const service = createApacheService({ fs, env: {}, roots: [ROOT], openText: (f) => buffers.get(f) });
  const analysed: Analysis[] = [];
  service.onAnalysed = (a) => analysed.push(a);
  service.refresh();
  const before = published(service.mainTree(MAIN));
  const primed = prime ? service.primeEditPath() : false;
  const made = analysed.length;
  service.refresh();
  const after = service.mainTree(MAIN);
  const cold = () => createApacheService({ fs, env: {}, openText: (f) => buffers.get(f) }).mainTree(MAIN);
  return { service, buffers, before, after: published(after), primed, made, analysed, cold };
}

describe('edit path priming', () => {
  it('types into the largest included file, before the line that closes its section', () => {
    const service = createApacheService({ fs: memoryFileSystem(FILES), env: {}, openText: () => undefined });
    const model = service.mainTree(MAIN).model;
    assert.strictEqual(primingTarget(model, () => true), A);
    assert.strictEqual(primingTarget(model, (f) => f !== A), B, 'only an eligible file (not open in the editor, in the workspace)');
    const texts = throwawayTexts(FILES[B]);
    assert.strictEqual(texts[0], '<VirtualHost *:80>\n    ServerName b.example\n    \n</VirtualHost>\n');
    assert.strictEqual(texts[3], '<VirtualHost *:80>\n    ServerName b.example\n    KeepAlive On\n</VirtualHost>\n');
  });

  it('splices throwaway states of the file, reports none of them, and keeps an analysis of the texts as they are', () => {
    const primed = session(true);
    assert.strictEqual(primed.primed, true);
    assert.strictEqual(primed.made, 1, 'the priming\'s analyses are not reported');
    assert.ok(primed.service.stats().modelsSpliced >= 4, `${primed.service.stats().modelsSpliced} spliced`);
    assert.strictEqual(primed.after, primed.before);
    assert.strictEqual(primed.after, published(primed.cold()));
    // Nothing the kept analysis read differs from the disk: a round keeps it, analysing nothing.
    const kept = primed.service.stats().analysesKept;
    primed.service.refresh();
    primed.service.mainTree(MAIN);
    assert.strictEqual(primed.service.stats().analysesKept, kept + 1);
    assert.strictEqual(primed.analysed.length, 1);
  });

  it('leaves the keystrokes that follow as they are without it (the primed file and another)', () => {
    for (const file of [A, B]) {
      const results: string[][] = [];
      for (const prime of [false, true]) {
        const s = session(prime);
        const out: string[] = [];
        s.buffers.set(file, FILES[file]);
        for (const typed of ['', 'K', 'KeepAlive', 'KeepAlive Of', 'KeepAlive Off', '']) {
          s.buffers.set(file, FILES[file].replace('</VirtualHost>', `    ${typed}\n</VirtualHost>`));
          s.service.refresh();
          const incremental = published(s.service.mainTree(MAIN));
          assert.strictEqual(incremental, published(s.cold()));
          out.push(incremental);
        }
        results.push(out);
      }
      assert.deepStrictEqual(results[1], results[0], file);
    }
  });

  it('types into a file of a usual size only, and not at all in a tree of very much text', () => {
    const big = { ...FILES, [`${ROOT}/sites/big.conf`]: `${'ServerAlias x.example\n'.repeat(4000)}` };
    const service = createApacheService({ fs: memoryFileSystem(big), env: {}, openText: () => undefined });
    assert.strictEqual(primingTarget(service.mainTree(MAIN).model, () => true), A, 'not the 84 KB file');
    const huge = { ...FILES, [`${ROOT}/sites/huge.conf`]: `${'ServerAlias x.example\n'.repeat(200000)}` };
    assert.strictEqual(primingTarget(createApacheService({ fs: memoryFileSystem(huge), env: {}, openText: () => undefined }).mainTree(MAIN).model, () => true), undefined);
  });

  it('types only into a file of a workspace folder (a tree may include /proc)', () => {
    const service = createApacheService({ fs: memoryFileSystem(FILES), env: {}, roots: ['/elsewhere'], openText: () => undefined });
    assert.strictEqual(service.primeEditPath(), false);
    assert.strictEqual(service.stats().modelsSpliced, 0);
  });

  it('does nothing without open buffers (the CLI) or without a tree', () => {
    assert.strictEqual(createApacheService({ fs: memoryFileSystem(FILES), env: {}, roots: [ROOT] }).primeEditPath(), false);
    assert.strictEqual(createApacheService({ fs: memoryFileSystem({}), env: {}, roots: [ROOT], openText: () => undefined }).primeEditPath(), false);
  });
});
