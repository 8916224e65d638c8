// Writes a synthetic configuration tree: a main httpd.conf and one file per virtual host
// (105 lines each), shaped like the trees used to time httpd itself. Debian's apache2 -t
// accepts it (run with the APACHE_* variables of test/oracle/httpd.ts).
import * as fs from 'fs';
import * as path from 'path';

export function generateTree(dir, vhosts) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'sites'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'www'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
  const modules = ['mpm_event', 'authz_core', 'authz_host', 'authn_core', 'authn_file', 'auth_basic', 'authz_user', 'alias', 'dir', 'mime', 'rewrite', 'headers', 'setenvif', 'expires', 'deflate', 'filter', 'proxy', 'proxy_http', 'env'];
  const main = [
    `ServerRoot ${dir}`,
    `DefaultRuntimeDir ${dir}`,
    `PidFile ${dir}/httpd.pid`,
    `ErrorLog ${dir}/logs/error.log`,
    ...modules.map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`),
    'ServerName bench.example',
    'Listen 18080',
    'KeepAlive On',
    'KeepAliveTimeout 5',
    '<IfModule mpm_event_module>',
    '    StartServers 2',
    '    MaxRequestWorkers 150',
    '</IfModule>',
    '<Directory />',
    '    AllowOverride None',
    '    Require all denied',
    '</Directory>',
    'IncludeOptional sites/*.conf',
    '',
  ];
  fs.writeFileSync(path.join(dir, 'httpd.conf'), main.join('\n'));
  for (let i = 0; i < vhosts; i++) {
    const n = String(i).padStart(4, '0');
    const lines = [`# Site ${n}: generated for the benchmark`, '#', `Define VH${n} site${n}.example`, '<VirtualHost *:18080>', `    ServerName \${VH${n}}`, `    ServerAlias www.\${VH${n}}`, `    ServerAdmin webmaster@\${VH${n}}`, `    DocumentRoot ${dir}/www`, '    DirectoryIndex index.html', '    AddDefaultCharset UTF-8', '    Header always set X-Content-Type-Options nosniff', '', '    <Files ".ht*">', '        Require all denied', '    </Files>', `    <Directory ${dir}/www>`, '        Options -Indexes +FollowSymLinks', '        AllowOverride None', '        Require all granted', '    </Directory>'];
    for (let l = 0; l < 8; l++) lines.push(`    <Location /area${l}>`, `        Require ip 10.${l}.0.0/16`, `        Header set X-Area "${l}"`, '    </Location>');
    lines.push('', '    # Old paths move permanently', '    RewriteEngine On');
    for (let r = 0; r < 12; r++) lines.push(`    RewriteCond %{HTTP_HOST} ^old${r}\\.example$ [NC]`, `    RewriteRule ^/page${r}/(.*)$ /new${r}/$1 [R=301,L]`);
    for (let a = 0; a < 10; a++) lines.push(`    Alias /static${a} ${dir}/www`);
    lines.push('', '    <IfModule mod_expires.c>', '        ExpiresActive On', '        ExpiresDefault "access plus 1 hour"', '    </IfModule>');
    lines.push('    <FilesMatch "\\.(png|jpg)$">', '        Header set Cache-Control "max-age=86400"', '    </FilesMatch>');
    lines.push('    SetEnvIf User-Agent "bot" is_bot', '    AddType text/plain .log', '    AddOutputFilterByType DEFLATE text/html text/css');
    lines.push(`    ProxyPass /api${n} http://127.0.0.1:9000/`, `    ProxyPassReverse /api${n} http://127.0.0.1:9000/`);
    lines.push('</VirtualHost>', '');
    fs.writeFileSync(path.join(dir, 'sites', `vh${n}.conf`), lines.join('\n'));
  }
  return path.join(dir, 'httpd.conf');
}
