// Configuration trees laid out as the distributions ship them, written under os.tmpdir() as a
// repository checkout would hold them: absolute server paths (/etc/httpd, /etc/apache2,
// /usr/local) stay in the files, so reading them needs the path mapping. Symlinks as a2ensite
// makes them on Debian.

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface Layout {
  name: string;
  dir: string;
  main: string;
  /** A file the tree includes. */
  included: string;
  /** A file of the tree nothing includes. */
  detached?: string;
  /** The server folder the tree stands for, when its paths are absolute. */
  serverPath?: string;
}

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text.replace(/^\n/, ''));
  }
}

function link(dir: string, from: string, to: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, from)), { recursive: true });
  fs.symlinkSync(to, path.join(dir, from));
}

export function scratch(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `httpd-layout-${name}-`));
}

const PREFORK_RHEL = 'LoadModule mpm_prefork_module modules/mod_mpm_prefork.so\n';
const BASE = `LoadModule authz_core_module modules/mod_authz_core.so
LoadModule mime_module modules/mod_mime.so
LoadModule dir_module modules/mod_dir.so
`;
const SSL_VHOST = `
Listen 443 https
<VirtualHost _default_:443>
    SSLEngine on
    SSLCertificateFile /etc/pki/tls/certs/localhost.crt
    SSLCertificateKeyFile /etc/pki/tls/private/localhost.key
</VirtualHost>
`;

/** Debian/Ubuntu: apache2.conf, a2enmod/a2ensite symlinks, envvars. */
export function debianLayout(): Layout {
  const dir = scratch('debian');
  write(dir, {
    'apache2.conf': `
DefaultRuntimeDir \${APACHE_RUN_DIR}
PidFile \${APACHE_PID_FILE}
User \${APACHE_RUN_USER}
Group \${APACHE_RUN_GROUP}
ErrorLog \${APACHE_LOG_DIR}/error.log
IncludeOptional mods-enabled/*.load
IncludeOptional mods-enabled/*.conf
Include ports.conf
IncludeOptional conf-enabled/*.conf
IncludeOptional sites-enabled/*.conf
`,
    envvars: 'export APACHE_RUN_USER=www-data\nexport APACHE_RUN_GROUP=www-data\nexport APACHE_PID_FILE=/var/run/apache2/apache2.pid\nexport APACHE_RUN_DIR=/var/run/apache2\nexport APACHE_LOG_DIR=/var/log/apache2\n',
    'ports.conf': 'Listen 80\n',
    'mods-available/mpm_prefork.load': 'LoadModule mpm_prefork_module /usr/lib/apache2/modules/mod_mpm_prefork.so\n',
    'mods-available/authz_core.load': 'LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so\n',
    'mods-available/rewrite.load': 'LoadModule rewrite_module /usr/lib/apache2/modules/mod_rewrite.so\n',
    'mods-available/ssl.load': 'LoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so\n',
    'sites-available/000-default.conf': '<VirtualHost *:80>\n    ServerName www.example.com\n    DocumentRoot /var/www/html\n</VirtualHost>\n',
    'sites-available/default-ssl.conf': `<VirtualHost *:443>\n    ServerName www.example.com\n    SSLEngine on\n</VirtualHost>\n`,
    'sites-available/with-rewrite.conf': 'LoadModule rewrite_module /usr/lib/apache2/modules/mod_rewrite.so\n<VirtualHost *:8080>\n    RewriteEngine on\n</VirtualHost>\n',
  });
  link(dir, 'mods-enabled/mpm_prefork.load', '../mods-available/mpm_prefork.load');
  link(dir, 'mods-enabled/authz_core.load', '../mods-available/authz_core.load');
  link(dir, 'sites-enabled/000-default.conf', '../sites-available/000-default.conf');
  return { name: 'debian', dir, main: path.join(dir, 'apache2.conf'), included: path.join(dir, 'ports.conf'), detached: path.join(dir, 'sites-available', 'default-ssl.conf') };
}

/** RHEL/Fedora/CentOS: conf/httpd.conf with ServerRoot "/etc/httpd", conf.d/ and conf.modules.d/ beside conf/. */
export function rhelLayout(): Layout {
  const dir = scratch('rhel');
  write(dir, {
    'conf/httpd.conf': `
ServerRoot "/etc/httpd"
Listen 80
Include conf.modules.d/*.conf
User apache
Group apache
DocumentRoot "/var/www/html"
<Directory "/var/www/html">
    Require all granted
</Directory>
IncludeOptional conf.d/*.conf
`,
    // RHEL's build loads mod_unixd, which its User and Group lines need.
    'conf.modules.d/00-base.conf': `LoadModule unixd_module modules/mod_unixd.so\n${BASE}`,
    'conf.modules.d/00-mpm.conf': PREFORK_RHEL,
    'conf.modules.d/00-ssl.conf': 'LoadModule ssl_module modules/mod_ssl.so\n',
    'conf.d/ssl.conf': SSL_VHOST,
    'conf.d/welcome.conf': '<LocationMatch "^/+$">\n    Options -Indexes\n</LocationMatch>\n',
  });
  return { name: 'rhel', dir, main: path.join(dir, 'conf', 'httpd.conf'), included: path.join(dir, 'conf.d', 'ssl.conf'), serverPath: '/etc/httpd' };
}

/** Arch and source builds: conf/httpd.conf with conf/extra/. */
export function archLayout(): Layout {
  const dir = scratch('arch');
  write(dir, {
    'conf/httpd.conf': `
ServerRoot "/etc/httpd"
Listen 80
${PREFORK_RHEL}${BASE}LoadModule ssl_module modules/mod_ssl.so
Include conf/extra/httpd-ssl.conf
Include conf/extra/httpd-vhosts.conf
`,
    'conf/extra/httpd-ssl.conf': SSL_VHOST,
    'conf/extra/httpd-vhosts.conf': '<VirtualHost *:80>\n    ServerName dummy-host.example.com\n</VirtualHost>\n',
    'conf/extra/httpd-info.conf': '<Location "/server-status">\n    SetHandler server-status\n</Location>\n',
  });
  return { name: 'arch', dir, main: path.join(dir, 'conf', 'httpd.conf'), included: path.join(dir, 'conf', 'extra', 'httpd-ssl.conf'), detached: path.join(dir, 'conf', 'extra', 'httpd-info.conf'), serverPath: '/etc/httpd' };
}

/** openSUSE: /etc/apache2/httpd.conf including absolute /etc/apache2/*.conf files. */
export function suseLayout(): Layout {
  const dir = scratch('suse');
  write(dir, {
    'httpd.conf': `
Include /etc/apache2/uid.conf
Include /etc/apache2/loadmodule.conf
Include /etc/apache2/listen.conf
Include /etc/apache2/default-server.conf
IncludeOptional /etc/apache2/vhosts.d/*.conf
`,
    'uid.conf': 'User wwwrun\nGroup www\n',
    'loadmodule.conf': `LoadModule mpm_prefork_module /usr/lib64/apache2-prefork/mod_mpm_prefork.so\nLoadModule authz_core_module /usr/lib64/apache2/mod_authz_core.so\nLoadModule ssl_module /usr/lib64/apache2/mod_ssl.so\n`,
    'listen.conf': 'Listen 80\n',
    'default-server.conf': 'DocumentRoot "/srv/www/htdocs"\n<Directory "/srv/www/htdocs">\n    Require all granted\n</Directory>\n',
    'vhosts.d/ssl.conf': SSL_VHOST,
    'vhosts.d/vhost.template': '<VirtualHost *:80>\n    ServerName dummy-host.example.com\n</VirtualHost>\n',
  });
  return { name: 'suse', dir, main: path.join(dir, 'httpd.conf'), included: path.join(dir, 'vhosts.d', 'ssl.conf'), detached: path.join(dir, 'vhosts.d', 'vhost.template'), serverPath: '/etc/apache2' };
}

/** Alpine: /etc/apache2/httpd.conf with ServerRoot /var/www and conf.d/ included by absolute path. */
export function alpineLayout(): Layout {
  const dir = scratch('alpine');
  write(dir, {
    'httpd.conf': `
ServerRoot /var/www
Listen 80
${PREFORK_RHEL}${BASE}LoadModule ssl_module modules/mod_ssl.so
IncludeOptional /etc/apache2/conf.d/*.conf
`,
    'conf.d/ssl.conf': SSL_VHOST,
    'conf.d/default.conf': 'ServerTokens OS\n',
  });
  return { name: 'alpine', dir, main: path.join(dir, 'httpd.conf'), included: path.join(dir, 'conf.d', 'ssl.conf'), serverPath: '/etc/apache2' };
}

/** FreeBSD: /usr/local/etc/apache24/httpd.conf, ServerRoot "/usr/local", Includes/ and extra/. */
export function freebsdLayout(): Layout {
  const dir = scratch('freebsd');
  write(dir, {
    'httpd.conf': `
ServerRoot "/usr/local"
Listen 80
LoadModule mpm_prefork_module libexec/apache24/mod_mpm_prefork.so
LoadModule authz_core_module libexec/apache24/mod_authz_core.so
LoadModule ssl_module libexec/apache24/mod_ssl.so
Include etc/apache24/extra/httpd-ssl.conf
Include etc/apache24/Includes/*.conf
`,
    'extra/httpd-ssl.conf': SSL_VHOST,
    'Includes/site.conf': '<VirtualHost *:80>\n    ServerName www.example.org\n</VirtualHost>\n',
  });
  return { name: 'freebsd', dir, main: path.join(dir, 'httpd.conf'), included: path.join(dir, 'Includes', 'site.conf'), serverPath: '/usr/local/etc/apache24' };
}

export const LAYOUTS = [debianLayout, rhelLayout, archLayout, suseLayout, alpineLayout, freebsdLayout];
