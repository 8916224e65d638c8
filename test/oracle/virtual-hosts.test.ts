// The virtual-host overview against `apache2 -S`: generated trees (name-based hosts sharing an
// address, IP-based ones, hosts on several addresses, hosts without ServerName, aliases and
// wildcard aliases, hosts spread over included files), the overview taken through the service
// API, and httpd's own listing compared address by address: the hosts in order, the default of
// each address, names, file:line and aliases.

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createApacheService } from '../../server/src/service';
import { httpdAvailable, httpdVhosts, removeRunDir, type DumpedHost } from './httpd';
import { seededRandom as random } from '../helpers/random';

const TREES = 12;

function generate(dir: string, seed: number): string {
  const rnd = random(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const addresses = ['*:8081', '*:8082', '127.0.0.1:8083', '127.0.0.2:8081', '_default_:8084'];
  fs.mkdirSync(path.join(dir, 'sites'), { recursive: true });
  const main = path.join(dir, 'httpd.conf');
  fs.writeFileSync(main, [
    'LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so',
    'LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so',
    'Listen 8081', 'Listen 8082', 'Listen 8083', 'Listen 8084',
    'ServerName main.example',
    'ErrorLog ${APACHE_LOG_DIR}/error.log',
    'IncludeOptional sites/*.conf',
    '',
  ].join('\n'));
  const files = 1 + Math.floor(rnd() * 3);
  let n = 0;
  for (let f = 0; f < files; f++) {
    const lines: string[] = [];
    const hosts = 1 + Math.floor(rnd() * 5);
    for (let h = 0; h < hosts; h++, n++) {
      const own = rnd() < 0.2 ? [pick(addresses), pick(addresses)] : [pick(addresses)];
      lines.push(`<VirtualHost ${[...new Set(own)].join(' ')}>`);
      if (rnd() < 0.85) lines.push(`  ServerName site${n}.example`);
      if (rnd() < 0.4) lines.push(`  ServerAlias www.site${n}.example${rnd() < 0.5 ? ` *.site${n}.example` : ''}`);
      lines.push('</VirtualHost>', '');
    }
    fs.writeFileSync(path.join(dir, 'sites', `${String(f).padStart(2, '0')}-s.conf`), lines.join('\n'));
  }
  return main;
}

describe('virtual-host overview against apache2 -S', function () {
  this.timeout(120000);
  const dirs: string[] = [];
  before(function () {
    if (!httpdAvailable()) this.skip();
  });
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    removeRunDir();
  });

  for (let seed = 1; seed <= TREES; seed++) {
    it(`generated tree ${seed}: same hosts per address, same order and defaults, names, aliases and places`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-vhosts-'));
      dirs.push(dir);
      const main = generate(dir, seed);
      const theirs = await httpdVhosts(dir, main);
      assert.ok(theirs.size > 0, 'apache2 -S listed hosts');
      const service = createApacheService({});
      service.setRoots([dir]);
      const view = service.virtualHosts(service.mainTree(main));
      const ours = new Map(view.addresses.map((a) => [a.address, a.hosts.map((h): DumpedHost => ({ name: h.name, file: h.file, line: h.line + 1, default: h.default, aliases: h.aliases }))]));
      // apache2 -S prints aliases only for addresses with several hosts, and names a host without
      // ServerName on an IP address by reverse DNS (ours says so in words, in parentheses): those
      // names compare as "(by DNS)".
      const generated = /^(site\d+|main)\.example$/;
      const shown = (h: DumpedHost, many: boolean) => `  ${h.default ? 'default ' : ''}${generated.test(h.name) ? h.name : '(by DNS)'} ${path.basename(h.file)}:${h.line} [${many ? h.aliases.join(' ') : ''}]`;
      const render = (m: Map<string, DumpedHost[]>) =>
        [...m]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([address, hosts]) => `${address}\n${hosts.map((h) => shown(h, hosts.length > 1)).join('\n')}`)
          .join('\n');
      assert.strictEqual(render(ours), render(theirs));
    });
  }
});
