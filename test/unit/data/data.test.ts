import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { allDirectives, getDirective, getModuleByIdentifier, getModuleBySourceFile } from '../../../server/src/data';
import { repoRoot } from '../../helpers/files';

describe('directive knowledge base', () => {
  it('has every directive of the manual and every name the Debian httpd accepts', () => {
    const manual = JSON.parse(fs.readFileSync(path.join(repoRoot, 'scripts', 'data', 'apache-directives.json'), 'utf8')) as { directives: { name: string }[] };
    for (const d of manual.directives) assert.ok(getDirective(d.name), d.name);
    const tsv = fs.readFileSync(path.join(repoRoot, 'scripts', 'data', 'apache-binary-directives.tsv'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).slice(1);
    for (const row of tsv) assert.ok(getDirective(row.split('\t')[0]), row.split('\t')[0]);
  });

  it('gives every directive syntax, contexts, a module, an argument schema and an own-words description', () => {
    const incomplete = allDirectives().filter((d) => !d.syntax || !d.module || !d.args?.how || !d.description || d.description.length < 20 || (d.contexts.length === 0 && d.source !== 'binary'));
    assert.deepStrictEqual(incomplete.map((d) => d.name), []);
  });

  it('records argument kinds probed from the real httpd, with its messages', () => {
    assert.deepStrictEqual(
      [getDirective('KeepAliveTimeout')!.args.how, getDirective('KeepAlive')!.args.how, getDirective('AddType')!.args.how, getDirective('LoadModule')!.args.how],
      ['TAKE1', 'FLAG', 'ITERATE2', 'TAKE2'],
    );
    assert.strictEqual(getDirective('ServerName')!.args.countMessage, 'ServerName takes one argument, The hostname and port of the server');
    assert.strictEqual(getDirective('KeepAlive')!.args.valueMessage, 'KeepAlive must be On or Off');
    assert.strictEqual(getDirective('timeout')!.name, 'TimeOut', 'lookups ignore case');
    assert.strictEqual(getDirective('TimeOut')!.args.how, 'TAKE1', 'the probe matched the manual spelling');
  });

  it('knows modules by identifier and source file, with Debian names', () => {
    const rewrite = getDirective('RewriteRule')!;
    assert.deepStrictEqual(rewrite.providedBy, [{ module: 'mod_rewrite', identifier: 'rewrite_module', sourceFile: 'mod_rewrite.c' }]);
    assert.deepStrictEqual(rewrite.override, ['FileInfo']);
    assert.strictEqual(getModuleByIdentifier('headers_module')!.debianName, 'headers');
    assert.strictEqual(getModuleBySourceFile('mod_ssl.c')!.identifier, 'ssl_module');
    assert.strictEqual(getDirective('Require')!.allowedIn, 'inside-dir-htaccess');
    assert.strictEqual(getDirective('Listen')!.allowedIn, 'outside-dir');
  });

  it('marks legacy and refused names', () => {
    assert.deepStrictEqual(getDirective('MaxClients')!.deprecated?.successor, 'MaxRequestWorkers');
    assert.deepStrictEqual(getDirective('MaxRequestsPerChild')!.deprecated?.successor, 'MaxConnectionsPerChild');
    assert.ok(getDirective('Port')!.rejected);
    assert.ok(getDirective('IfModule')!.isSection);
  });
});
