// `.httpd-lint.json` through the real CLI process and the language server over stdio, and its
// shipped JSON schema (in sync with the code, accepting what the reader accepts).

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { configFileSchema } from '../../server/src/service';
import { repoRoot } from '../helpers/files';
import { TestClient } from '../lsp/client';
import { runCli, writeTree } from '../helpers/cli';

const MODULES = '/usr/lib/apache2/modules';

const lint = (args: string[], cwd: string) => runCli(args, { cwd });
const tempTree = (files: Record<string, string>) => writeTree(files, 'httpd-lint-config-');

interface JsonDiagnostic {
  file: string;
  code: string;
  severity: string;
}

const MAIN = `LoadModule mpm_event_module ${MODULES}/mod_mpm_event.so\nServerName a.example\n<IfDefine STAGING>\nServerTokens OS\n</IfDefine>\nServerSignature On\nInclude sites/*.conf\n`;
const CONFIG = {
  $schema: './schemas/httpd-lint.schema.json',
  mainConfig: 'conf/httpd.conf',
  defines: ['STAGING'],
  rules: { 'server-signature-on': 'error' },
  ignore: ['vendor/**'],
  overrides: [{ files: 'conf/sites/legacy-*.conf', rules: { 'trace-enable': 'off' } }],
};

function configTree(): string {
  return tempTree({
    '.httpd-lint.json': JSON.stringify(CONFIG, null, 2),
    'conf/httpd.conf': MAIN,
    'conf/sites/new.conf': 'TraceEnable On\n',
    'conf/sites/legacy-a.conf': 'TraceEnable On\n',
    'vendor/x/httpd.conf': 'NoSuchDirective here\n',
  });
}

describe('.httpd-lint.json', () => {
  it('the CLI finds it above the checked file: mainConfig, defines, rule levels, overrides, ignore', () => {
    const dir = configTree();
    try {
      const r = lint(['--format', 'json', 'conf/sites/new.conf', 'conf/sites/legacy-a.conf', 'conf/httpd.conf', 'vendor/x/httpd.conf'], dir);
      const report = JSON.parse(r.stdout);
      const found = report.diagnostics.map((d: JsonDiagnostic) => `${path.relative(dir, d.file)} ${d.code} ${d.severity}`);
      assert.strictEqual(r.code, 1, r.stderr);
      // Read in the tree of mainConfig (not on its own), with the override turning trace-enable off for legacy-*.
      assert.ok(found.includes('conf/sites/new.conf trace-enable information'), found.join('\n'));
      assert.ok(!found.some((f: string) => f.startsWith('conf/sites/legacy-a.conf trace-enable')), found.join('\n'));
      assert.ok(found.includes('conf/httpd.conf server-signature-on error'), 'rule level from the file');
      assert.ok(found.includes('conf/httpd.conf server-tokens-full information'), 'STAGING defined by the file');
      assert.ok(!found.some((f: string) => f.startsWith('vendor/')), 'ignored');
      assert.match(r.stderr, /vendor\/x\/httpd\.conf is ignored by \.httpd-lint\.json/);
      // The command line wins over the file; -D adds to its defines.
      const cli = JSON.parse(lint(['--format', 'json', '--rule', 'server-signature-on=warning', '-D', 'OTHER', 'conf/httpd.conf'], dir).stdout);
      const levels = cli.diagnostics.map((d: JsonDiagnostic) => `${d.code} ${d.severity}`);
      assert.ok(levels.includes('server-signature-on warning') && levels.includes('server-tokens-full information'), levels.join(', '));
      // --no-config: none of it.
      const none = JSON.parse(lint(['--format', 'json', '--no-config', 'conf/httpd.conf'], dir).stdout);
      assert.deepStrictEqual(none.diagnostics.filter((d: JsonDiagnostic) => d.code === 'server-signature-on').map((d: JsonDiagnostic) => d.severity), ['information']);
      assert.ok(!none.diagnostics.some((d: JsonDiagnostic & { range: { start: { line: number } } }) => d.code === 'server-tokens-full' && d.range.start.line === 3), 'STAGING not defined');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--config names the file; a broken one is a configuration error (exit 2)', () => {
    const dir = configTree();
    try {
      fs.writeFileSync(path.join(dir, 'other.json'), JSON.stringify({ rules: { 'server-signature-on': 'off' } }));
      const other = JSON.parse(lint(['--format', 'json', '--config', 'other.json', 'conf/httpd.conf'], dir).stdout);
      assert.ok(!other.diagnostics.some((d: JsonDiagnostic) => d.code === 'server-signature-on'));
      for (const [text, message] of [
        ['{ "rules": { "no-such-rule": "error" } }', /unknown rule 'no-such-rule'/],
        ['{ "rule": {} }', /key 'rule' is not known/],
        ['{ "defines": "X" }', /'defines' must be a list of strings/],
        ['{ nope', /not valid JSON/],
      ] as const) {
        fs.writeFileSync(path.join(dir, 'bad.json'), text);
        const r = lint(['--format', 'json', '--config', 'bad.json', 'conf/httpd.conf'], dir);
        assert.strictEqual(r.code, 2, text);
        const error = JSON.parse(r.stdout).error;
        assert.strictEqual(error.kind, 'config');
        assert.match(error.message, message);
      }
      assert.strictEqual(lint(['--config', 'missing.json', 'conf/httpd.conf'], dir).code, 2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ships a JSON schema that matches the code, accepts the example and refuses what the reader refuses', () => {
    const file = path.join(repoRoot, 'schemas', 'httpd-lint.schema.json');
    const shipped = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.deepStrictEqual(shipped, configFileSchema(), 'run npm run generate:rules-schema');
    const validate = new Ajv({ strict: false }).compile(shipped);
    assert.ok(validate(CONFIG), JSON.stringify(validate.errors));
    assert.ok(!validate({ rules: { 'no-such-rule': 'error' } }));
    assert.ok(!validate({ rule: {} }));
    assert.ok(!validate({ overrides: [{ rules: {} }] }), 'an override needs files');
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    assert.deepStrictEqual(pkg.contributes.jsonValidation, [{ fileMatch: '.httpd-lint.json', url: './schemas/httpd-lint.schema.json' }]);
    assert.ok(pkg.files.includes('schemas/'), 'the schema ships in the npm package');
  });

  it('the language server reads it too; settings the client sends win, per workspace folder (scopeUri)', async function () {
    this.timeout(60000);
    const one = configTree();
    const two = tempTree({ 'httpd.conf': `LoadModule mpm_event_module ${MODULES}/mod_mpm_event.so\nServerName b.example\nServerSignature On\n`, '.httpd-lint.json': '{ "rules": { "server-signature-on": "warning" } }' });
    const client = new TestClient();
    try {
      client.scopedSettings.set(client.uri(two), { rules: { 'server-signature-on': 'error' } });
      await client.initialize(one, {}, [two]);
      const main = path.join(one, 'conf', 'httpd.conf');
      await client.open(main, MAIN);
      const d1 = await client.diagnosticsFor(main, (d) => d.some((x) => x.code === 'server-signature-on'), 20000);
      assert.strictEqual(d1.find((x) => x.code === 'server-signature-on')!.severity, 1, 'error, from the file');
      assert.ok(d1.some((x) => x.code === 'server-tokens-full'), 'STAGING defined by the file');
      const legacy = path.join(one, 'conf', 'sites', 'legacy-a.conf');
      await client.open(legacy, 'TraceEnable On\n');
      const site = path.join(one, 'conf', 'sites', 'new.conf');
      await client.open(site, 'TraceEnable On\n');
      await client.diagnosticsFor(site, (d) => d.some((x) => x.code === 'trace-enable'), 20000);
      assert.ok(!(await client.diagnosticsFor(legacy)).some((x) => x.code === 'trace-enable'), 'override: off for legacy-*');
      const vendor = path.join(one, 'vendor', 'x', 'httpd.conf');
      await client.open(vendor, 'NoSuchDirective here\n');
      assert.deepStrictEqual(await client.diagnosticsFor(vendor), [], 'ignored');
      // Folder two: its own file says warning, the setting sent for its scopeUri says error.
      const other = path.join(two, 'httpd.conf');
      await client.open(other, fs.readFileSync(other, 'utf8'));
      const d2 = await client.diagnosticsFor(other, (d) => d.some((x) => x.code === 'server-signature-on'), 20000);
      assert.strictEqual(d2.find((x) => x.code === 'server-signature-on')!.severity, 1);
      // Editing the file (a watched-file event) applies at once; the folder's setting still wins in two.
      fs.writeFileSync(path.join(one, '.httpd-lint.json'), JSON.stringify({ ...CONFIG, rules: { 'server-signature-on': 'off' } }));
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri(path.join(one, '.httpd-lint.json')), type: 2 }] });
      await client.diagnosticsFor(main, (d) => !d.some((x) => x.code === 'server-signature-on'), 20000);
    } finally {
      await client.stop();
      fs.rmSync(one, { recursive: true, force: true });
      fs.rmSync(two, { recursive: true, force: true });
    }
  });
});
