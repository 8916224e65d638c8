// apache/virtualHosts over stdio: the overview of the tree with what each host serves: its
// DocumentRoot, aliases (its own, then the main server's), TLS files, how a .php URL is answered
// (mod_php in the server processes, or PHP-FPM through proxy_fcgi) and the keep-alive values in
// force, each with the file:line that sets it. The grouping itself is checked against apache2 -S
// in test/oracle/virtual-hosts.test.ts.

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { VirtualHostsView } from '../../shared/virtual-hosts';
import { TestClient } from './client';

describe('apache/virtualHosts over the protocol', function () {
  this.timeout(60000);
  let dir: string;
  let client: TestClient;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-lsp-vhosts-'));
    fs.mkdirSync(path.join(dir, 'sites'));
    fs.writeFileSync(path.join(dir, 'httpd.conf'), [
      'LoadModule mpm_prefork_module modules/mod_mpm_prefork.so',
      'LoadModule php_module modules/libphp8.2.so',
      'LoadModule proxy_module modules/mod_proxy.so',
      'LoadModule proxy_fcgi_module modules/mod_proxy_fcgi.so',
      'LoadModule ssl_module modules/mod_ssl.so',
      'LoadModule alias_module modules/mod_alias.so',
      'ServerName main.example',
      'KeepAlive On',
      'KeepAliveTimeout 15',
      'Alias /icons/ /usr/share/icons/',
      '<FilesMatch "\\.php$">',
      '  SetHandler application/x-httpd-php',
      '</FilesMatch>',
      'IncludeOptional sites/*.conf',
      '',
    ].join('\n'));
    fs.writeFileSync(path.join(dir, 'sites', 'shop.conf'), [
      '<VirtualHost *:80>',
      '  ServerName shop.example',
      '  ServerAlias www.shop.example',
      '  DocumentRoot /srv/shop',
      '  KeepAliveTimeout 3',
      '</VirtualHost>',
      '<VirtualHost *:80>',
      '  ServerName api.example',
      '  DocumentRoot /srv/api',
      '  <FilesMatch "\\.php$">',
      '    SetHandler "proxy:fcgi://127.0.0.1:9000"',
      '  </FilesMatch>',
      '</VirtualHost>',
      '<VirtualHost *:443>',
      '  ServerName shop.example',
      '  DocumentRoot /srv/shop',
      '  SSLEngine on',
      '  SSLCertificateFile /etc/ssl/shop.pem',
      '  SSLCertificateKeyFile /etc/ssl/shop.key',
      '</VirtualHost>',
      '',
    ].join('\n'));
    client = new TestClient();
    await client.initialize(dir);
  });
  after(async () => {
    await client?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('groups hosts by address with the default first and lists what each serves, with places', async () => {
    const view = await client.request<VirtualHostsView | null>('apache/virtualHosts', {});
    assert.ok(view);
    assert.deepStrictEqual(view.addresses.map((a) => [a.address, a.hosts.map((h) => `${h.default ? '*' : ''}${h.name}@${h.line + 1}`)]), [
      ['*:80', ['*shop.example@1', 'api.example@7']],
      ['*:443', ['*shop.example@14']],
    ]);
    const [shop, api] = view.addresses[0].hosts;
    const details = (h: typeof shop) => Object.fromEntries(h.details.map((d) => [d.label, `${d.value}${d.file ? ` @${path.basename(d.file)}:${(d.line ?? 0) + 1}` : ''}`]));
    assert.deepStrictEqual(shop.aliases, ['www.shop.example']);
    const shopDetails = details(shop);
    assert.strictEqual(shopDetails.DocumentRoot, '/srv/shop @shop.conf:4');
    assert.strictEqual(shopDetails.Alias, '/icons/ /usr/share/icons/ @httpd.conf:10', 'the main server\'s alias, inherited');
    assert.strictEqual(shopDetails.PHP, 'mod_php, inside the server processes @httpd.conf:12');
    assert.strictEqual(shopDetails.KeepAliveTimeout, '3 @shop.conf:5');
    assert.strictEqual(shopDetails.KeepAlive, 'On @httpd.conf:8');
    assert.match(shopDetails.MaxKeepAliveRequests, /^100 \(default\)$/);
    assert.strictEqual(details(api).PHP, 'PHP-FPM (fcgi://127.0.0.1:9000) @shop.conf:11');
    assert.strictEqual(details(api).KeepAliveTimeout, '15 @httpd.conf:9');
    const tls = details(view.addresses[1].hosts[0]);
    assert.strictEqual(tls.SSLCertificateFile, '/etc/ssl/shop.pem @shop.conf:18');
    assert.strictEqual(tls.SSLCertificateKeyFile, '/etc/ssl/shop.key @shop.conf:19');
    assert.strictEqual(view.mainServer.name, 'main.example');
  });

  it('answers for the tree of a given file, and follows edits', async () => {
    const site = path.join(dir, 'sites', 'shop.conf');
    const text = fs.readFileSync(site, 'utf8');
    await client.open(site, text);
    await client.change(site, text.replace('ServerName api.example', 'ServerName api2.example'));
    const view = await client.request<VirtualHostsView | null>('apache/virtualHosts', { uri: client.uri(site) });
    assert.deepStrictEqual(view?.addresses[0].hosts.map((h) => h.name), ['shop.example', 'api2.example']);
  });
});
