import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { allDirectives, allModules, findModule, getDirective, getModuleByIdentifier, getModuleBySourceFile, isKnownModuleName } from '../../../server/src/data';
import type { ArgHow } from '../../../server/src/data/types';
import { checkArguments, valueRefusal } from '../../../server/src/rules/lib/argument-check';
import { repoRoot } from '../../helpers/files';

const dataDir = path.join(repoRoot, 'scripts', 'data');

function readTsv(file: string): Record<string, string>[] {
  const lines = fs.readFileSync(path.join(dataDir, file), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  const header = lines.shift()!.split('\t');
  return lines.map((l) => Object.fromEntries(l.split('\t').map((v, i) => [header[i], v])));
}

const probe = readTsv('httpd-arg-probe.tsv');
const probeRow = (kind: string, name: string): Record<string, string> | undefined => probe.find((r) => r.kind === kind && r.name.toLowerCase() === name.toLowerCase());

const BOUNDS: Record<ArgHow, [number, number | null]> = {
  NO_ARGS: [0, 0], TAKE1: [1, 1], TAKE2: [2, 2], TAKE3: [3, 3], TAKE12: [1, 2], TAKE13: [1, 3], TAKE23: [2, 3], TAKE123: [1, 3],
  FLAG: [1, 1], ITERATE: [1, null], ITERATE2: [2, null], RAW_ARGS: [0, null],
};

describe('directive knowledge base', () => {
  it('has every directive of the manual and every name the Debian httpd accepts, the latter with httpd\'s "Allowed in" class', () => {
    const manual = JSON.parse(fs.readFileSync(path.join(dataDir, 'apache-directives.json'), 'utf8')) as { directives: { name: string }[] };
    assert.strictEqual(manual.directives.length, 719);
    for (const d of manual.directives) assert.ok(getDirective(d.name), d.name);
    const binary = readTsv('apache-binary-directives.tsv');
    assert.ok(binary.length > 700);
    for (const row of binary) {
      const info = getDirective(row.name);
      assert.ok(info, row.name);
      assert.ok(info.allowedIn, `${row.name} has allowedIn`);
    }
  });

  it('gives every directive a syntax line, contexts, a module with providers, and a consistent argument schema', () => {
    const incomplete = allDirectives().filter((d) => !d.syntax || !d.module || d.providedBy.length === 0 || d.contexts.length === 0 || !d.args?.how);
    assert.deepStrictEqual(incomplete.map((d) => d.name), []);
    for (const d of allDirectives()) {
      if (d.args.how === 'RAW_ARGS') continue;
      assert.deepStrictEqual([d.args.min, d.args.max], BOUNDS[d.args.how], `${d.name} ${d.args.how}`);
    }
  });

  it('records argument kinds probed from the real httpd, with its messages', () => {
    const keepAliveTimeout = getDirective('KeepAliveTimeout')!;
    assert.strictEqual(keepAliveTimeout.args.how, 'TAKE1');
    assert.strictEqual(keepAliveTimeout.args.countMessage, 'KeepAliveTimeout takes one argument, Keep-Alive timeout duration (sec)');
    assert.strictEqual(keepAliveTimeout.args.countMessage, probeRow('args', 'KeepAliveTimeout')!.message);
    assert.strictEqual(getDirective('KeepAlive')!.args.how, 'FLAG');
    assert.strictEqual(getDirective('KeepAlive')!.args.valueMessage, 'KeepAlive must be On or Off');
    assert.deepStrictEqual([getDirective('AddType')!.args.how, getDirective('LoadModule')!.args.how, getDirective('Alias')!.args.how], ['ITERATE2', 'TAKE2', 'TAKE12']);
    assert.strictEqual(getDirective('ServerName')!.args.countMessage, 'ServerName takes one argument, The hostname and port of the server');
    assert.strictEqual(getDirective('timeout')!.name, 'TimeOut', 'lookups ignore case');
    assert.strictEqual(getDirective('TimeOut')!.args.how, 'TAKE1', 'the probe matched the manual spelling');
    const probed = allDirectives().filter((d) => d.source !== 'third-party' && d.args.verified);
    assert.strictEqual(probed.length, probe.filter((r) => r.kind === 'args').length, 'every probe row reached the table');
  });

  it('guesses argument kinds from the syntax line where httpd could not be asked, and says so', () => {
    assert.deepStrictEqual(getDirective('SecureListen')!.args, { how: 'TAKE23', min: 2, max: 3, verified: false });
    assert.strictEqual(getDirective('ISAPICacheFile')!.args.how, 'ITERATE');
    assert.strictEqual(getDirective('UNCList')!.args.how, 'ITERATE');
    assert.strictEqual(getDirective('ISAPIFakeAsync')!.args.how, 'FLAG');
  });

  it('applies the value types confirmed by httpd, which give httpd\'s verdict on every hand-written sample', () => {
    const values = JSON.parse(fs.readFileSync(path.join(dataDir, 'arg-values.json'), 'utf8')) as { directives: Record<string, { valid: string[]; invalid: string[] }> };
    const typed = allDirectives().filter((d) => d.args.types);
    assert.ok(typed.length >= 60, `${typed.length} directives with value types`);
    for (const [name, spec] of Object.entries(values.directives)) {
      const info = getDirective(name)!;
      if (probeRow('values', name)?.verified !== 'yes') {
        assert.strictEqual(info.args.types, undefined, `${name} is not confirmed, so it has no types`);
        continue;
      }
      for (const sample of spec.valid) assert.strictEqual(checkArguments(info, sample.split(' ')), undefined, `${name} ${sample}`);
      for (const sample of spec.invalid) {
        const error = checkArguments(info, sample.split(' '));
        assert.ok(error, `${name} ${sample} is refused`);
        // A refusal with a reason of its own (LimitRequestBody's overflow) gets that reason's message.
        const words = sample.split(' ');
        const at = error.wordIndex ?? 0;
        const reason = info.args.types && valueRefusal(info.args.types[Math.min(at, info.args.types.length - 1)], words[at])?.reason;
        const message = reason ? probe.find((r) => r.kind === 'reason' && r.name === name && r.how === reason)?.message : probeRow('values', name)!.message;
        if (message) assert.strictEqual(error.message, message, `${name} ${sample} gets httpd's message`);
      }
    }
    assert.strictEqual(checkArguments(getDirective('Order')!, ['deny,allow']), undefined);
    assert.strictEqual(checkArguments(getDirective('Order')!, ['Deny'])?.message, 'unknown order');
    assert.strictEqual(checkArguments(getDirective('ServerTokens')!, ['Production'])?.message, "ServerTokens takes 1 argument: 'Prod(uctOnly)', 'Major', 'Minor', 'Min(imal)', 'OS', or 'Full'");
  });

  it('knows modules by identifier, source file and name, with Debian names and .so files', () => {
    const rewrite = getDirective('RewriteRule')!;
    assert.deepStrictEqual(rewrite.providedBy, [{ module: 'mod_rewrite', identifier: 'rewrite_module', sourceFile: 'mod_rewrite.c' }]);
    assert.deepStrictEqual(rewrite.override, ['FileInfo']);
    assert.deepStrictEqual(getDirective('Require')!.providedBy, [{ module: 'mod_authz_core', identifier: 'authz_core_module', sourceFile: 'mod_authz_core.c' }]);
    assert.deepStrictEqual(getDirective('KeepAlive')!.providedBy, [{ module: 'core', identifier: null, sourceFile: null }]);
    assert.deepStrictEqual(getDirective('MaxRequestWorkers')!.providedBy.map((p) => [p.identifier, p.sourceFile]), [
      ['mpm_prefork_module', 'prefork.c'],
      ['mpm_worker_module', 'worker.c'],
      ['mpm_event_module', 'event.c'],
    ]);
    assert.strictEqual(getModuleByIdentifier('headers_module')!.debianName, 'headers');
    assert.strictEqual(getModuleByIdentifier('dumpio_module')!.debianName, 'dump_io');
    assert.strictEqual(getModuleBySourceFile('mod_ssl.c')!.identifier, 'ssl_module');
    // The manual names no real source file for these two; httpd's own listing does.
    assert.strictEqual(findModule('mod_sed.c')!.identifier, 'sed_module');
    assert.strictEqual(findModule('mod_heartbeat.c')!.identifier, 'heartbeat_module');
    assert.strictEqual(findModule('mod_rewrite')!.sourceFile, 'mod_rewrite.c');
    assert.ok(isKnownModuleName('core_module') && isKnownModuleName('prefork.c') && !isKnownModuleName('mod_nonesuch.c'));
    const debian = readTsv('debian-modules.tsv');
    for (const row of debian) {
      const module = getModuleByIdentifier(row.identifier);
      if (module && module.status !== 'External') assert.deepStrictEqual([module.debianName, module.soFile], [row.debianName, row.soFile], row.identifier);
    }
    assert.ok(allModules().length >= 132);
  });

  it('places directives as httpd does', () => {
    assert.strictEqual(getDirective('Require')!.allowedIn, 'inside-dir-htaccess');
    assert.strictEqual(getDirective('Listen')!.allowedIn, 'outside-dir');
    assert.strictEqual(getDirective('RewriteRule')!.allowedIn, 'anywhere-htaccess');
    assert.deepStrictEqual(getDirective('ListenTCPDeferAccept')!.contexts, ['server config', 'virtual host']);
    assert.ok(getDirective('IfModule')!.isSection);
    assert.ok(!getDirective('KeepAlive')!.isSection);
  });

  it('marks legacy names, and those httpd keeps only to refuse them', () => {
    const maxClients = getDirective('MaxClients')!;
    assert.deepStrictEqual([maxClients.source, maxClients.deprecated?.successor, maxClients.module, maxClients.syntax], ['binary', 'MaxRequestWorkers', 'mpm_common', 'MaxClients number']);
    assert.strictEqual(maxClients.rejected, undefined, 'httpd still accepts MaxClients');
    assert.strictEqual(getDirective('MaxRequestsPerChild')!.deprecated?.successor, 'MaxConnectionsPerChild');
    for (const name of ['Port', 'SSLLog', 'SSLLogLevel', 'FancyIndexing']) {
      assert.strictEqual(getDirective(name)!.rejected, probeRow('refuses', name)!.message, name);
      assert.ok(getDirective(name)!.deprecated, name);
    }
    assert.strictEqual(getDirective('Port')!.rejected, 'Port was replaced with Listen in Apache 2.0');
  });

  it('includes the third-party modules with their directives', () => {
    const thirdParty = allDirectives().filter((d) => d.source === 'third-party');
    const files = fs.existsSync(path.join(dataDir, 'third-party')) ? fs.readdirSync(path.join(dataDir, 'third-party')).filter((f) => f.endsWith('.json')) : [];
    for (const file of files) {
      const pack = JSON.parse(fs.readFileSync(path.join(dataDir, 'third-party', file), 'utf8')) as { module: { name: string; identifier: string } };
      assert.strictEqual(getModuleByIdentifier(pack.module.identifier)?.status, 'External', file);
      assert.ok(thirdParty.some((d) => d.module === pack.module.name), file);
    }
    if (files.some((f) => f === 'mod_php.json')) {
      assert.strictEqual(getModuleByIdentifier('php7_module')!.soFile, 'libphp8.2.so');
      assert.strictEqual(getDirective('php_admin_value')!.providedBy[0].identifier, 'php_module');
    }
  });

  it('is what the generator makes of scripts/data today (regenerate with npm run generate:data)', function () {
    this.timeout(30000);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'generated-'));
    try {
      execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'generate-data.mjs'), '--out', out]);
      for (const file of ['directives.generated.json', 'modules.generated.json']) {
        const fresh = fs.readFileSync(path.join(out, file), 'utf8');
        const committed = fs.readFileSync(path.join(repoRoot, 'server', 'src', 'data', file), 'utf8');
        assert.ok(fresh === committed, `${file} is out of date`);
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
