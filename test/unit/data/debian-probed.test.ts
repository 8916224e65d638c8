// The modules of Debian 12's other Apache packages, read from their binaries by
// scripts/data/third-party/probe-debian-packages.mjs: every probed module and directive is in
// the tables with the facts httpd gave, and a module that could not be probed stays unknown.

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { findModule, getDirective, getModuleByIdentifier, isKnownModuleName } from '../../../server/src/data';
import { repoRoot } from '../../helpers/files';
import { hoverAt } from '../../../server/src/service/hover';
import { ROOT, analysis, codes } from '../../helpers/trees';

const dir = path.join(repoRoot, 'scripts', 'data', 'third-party');
const probed = path.join(dir, 'probed');

function readTsv(file: string): Record<string, string>[] {
  const lines = fs.readFileSync(path.join(probed, file), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  const header = lines.shift()!.split('\t');
  return lines.map((l) => Object.fromEntries(l.split('\t').map((v, i) => [header[i], v])));
}

const modules = readTsv('modules.tsv');
const directives = readTsv('directives.tsv');
const handWritten = new Set(
  fs.readdirSync(dir).filter((f) => f.endsWith('.json'))
    .map((f) => (JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { module: { identifier: string } }).module.identifier),
);

describe('modules probed from Debian packages', () => {
  it('covers many packages, each probed or with the reason it was not', () => {
    assert.ok(new Set(modules.map((m) => m.package)).size >= 40, 'packages');
    for (const m of modules) assert.ok(m.status === 'probed' || (m.status === 'not-probed' && m.note), `${m.package} ${m.identifier}`);
    assert.ok(directives.length >= 300, `${directives.length} directives`);
  });

  it('knows every probed module by identifier, source file and a2enmod name, with its package', () => {
    // Two .load files may load one module (mod_mono and mod_mono_auto): the first names it.
    const first = modules.filter((r, i) => r.status === 'probed' && modules.findIndex((o) => o.status === 'probed' && o.identifier === r.identifier) === i);
    for (const m of first.filter((r) => !handWritten.has(r.identifier))) {
      const info = getModuleByIdentifier(m.identifier);
      assert.ok(info, m.identifier);
      assert.deepStrictEqual([info.status, info.soFile, info.debianName, info.debianPackage], ['External', m.soFile, m.debianName, m.package], m.identifier);
      for (const file of m.sourceFile.split(' ').filter(Boolean)) assert.strictEqual(findModule(file)?.identifier, m.identifier, file);
    }
  });

  it('leaves modules that could not be probed unknown, so their directives are information', () => {
    for (const m of modules.filter((r) => r.status === 'not-probed' && r.identifier)) {
      if (handWritten.has(m.identifier) || modules.some((o) => o.identifier === m.identifier && o.status === 'probed')) continue;
      assert.strictEqual(isKnownModuleName(m.identifier), false, m.identifier);
    }
  });

  it('has every probed directive with httpd\'s placement and argument kind, and an own description', () => {
    const shared = new Set(directives.filter((d, i) => directives.findIndex((o) => o.name === d.name) !== i).map((d) => d.name));
    for (const d of directives) {
      const info = getDirective(d.name);
      assert.ok(info, d.name);
      if (info.source !== 'third-party' || handWritten.has(d.identifier)) continue;
      assert.ok(info.providedBy.some((p) => p.identifier === d.identifier), `${d.name} ${d.identifier}`);
      assert.ok(info.description.length >= 20 && !d.message.includes(info.description), `${d.name}: own description`);
      if (shared.has(d.name)) continue;
      assert.strictEqual(info.allowedIn, d.allowedIn || null, d.name);
      assert.deepStrictEqual(info.override, d.override ? d.override.split(' ') : [], d.name);
      assert.strictEqual(info.args.how, d.how, d.name);
      assert.strictEqual(info.isSection, d.isSection === 'yes', d.name);
    }
  });

  it('checks a probed module\'s directives like httpd: accepted when loaded, a2enmod advice when not', () => {
    const row = directives.find((d) => d.identifier === 'xsendfile_module' && d.name === 'XSendFile');
    assert.ok(row, 'the table has mod_xsendfile');
    const conf = (load: string) => ({ 'apache2.conf': `LoadModule mpm_event_module m.so\nLoadModule authz_core_module m.so\n${load}\n<Directory /srv>\nXSendFile On\nXSendFile maybe\n</Directory>\n` });
    const loaded = analysis(conf('LoadModule xsendfile_module /usr/lib/apache2/modules/mod_xsendfile.so'), 'apache2.conf');
    assert.deepStrictEqual(codes(loaded, 'apache2.conf', 'error'), ['invalid-arguments@6']);
    assert.match(loaded.findings.find((f) => f.code === 'invalid-arguments')!.message, /XSendFile must be On or Off/);
    const missing = analysis(conf(''), 'apache2.conf');
    assert.match(missing.findings.find((f) => f.code === 'module-not-loaded')!.message, /a2enmod xsendfile/);
    const file = `${ROOT}/apache2.conf`;
    const hover = hoverAt(missing.model, file, missing.model.parsed.get(file)!.text.indexOf('XSendFile On') + 2);
    assert.match(hover!.markdown, /mod\\_xsendfile is \*\*not loaded\*\* — enable it with `a2enmod xsendfile` \(Debian package `libapache2-mod-xsendfile`\)/);
  });

  it('accepts the Require providers a loaded third-party module registers, and judges the others only where every module was probed', () => {
    const providers = readTsv('providers.tsv');
    const unixgroup = providers.find((r) => r.identifier === 'authz_unixgroup_module');
    assert.deepStrictEqual(unixgroup?.providers.split(' ').sort(), ['unix-file-group', 'unix-group']);
    const requireIn = (load: string, require: string) => {
      const a = analysis({ 'httpd.conf': `LoadModule mpm_event_module m.so\nLoadModule authz_core_module m.so\n${load}\n<Directory /srv>\nRequire ${require}\n</Directory>\n` });
      return a.findings.filter((f) => f.severity === 'error').map((f) => f.message);
    };
    assert.deepStrictEqual(requireIn('LoadModule authz_unixgroup_module m.so', 'unix-group admins'), []);
    assert.deepStrictEqual(requireIn('', 'unix-group admins'), ['Unknown Authz provider: unix-group']);
    // mod_xsendfile registers none, so a typo stays an error with it loaded.
    assert.deepStrictEqual(requireIn('LoadModule xsendfile_module m.so', 'unix-grop admins'), ['Unknown Authz provider: unix-grop']);
    // A module we have no facts for may register any provider.
    assert.deepStrictEqual(requireIn('LoadModule nonesuch_module m.so', 'nonesuch-group admins'), []);
  });
});
