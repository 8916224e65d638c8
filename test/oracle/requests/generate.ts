// Generated configurations for the request oracle: virtual hosts on shared and separate
// addresses (name-based with wildcards, IP-based, defaults), nested Directory/Files/Location/If
// sections, Alias/Redirect/ProxyPass orderings, .htaccess files of every override class and
// Require trees; with a document tree whose static files contain their own path and whose PHP
// files print theirs, and the requests to send. Every section carries
// `Header always append X-Sections <id>` so the response names the sections that applied.
// Deterministic: a seeded generator, so a failure can be replayed.

import * as fs from 'fs';
import * as path from 'path';
import { loadModules } from '../../helpers/live-httpd';
import { seededRandom as random } from '../../helpers/random';

export interface Places {
  dir: string;
  /** [ip-based port, name-based port, main-server port] */
  ports: number[];
  backendPort: number;
}

export interface OracleRequest {
  /** Address connected to. */
  address: string;
  port: number;
  host: string;
  path: string;
  method: string;
  clientAddress: string;
}

export interface GeneratedConfig {
  name: string;
  /** Configuration text (after the harness's own header lines). */
  config: string;
  /** Files to create: path relative to dir → content ('' = its own absolute path). */
  files: Map<string, string>;
  /** Files (relative to dir) written with execute permission: the CGI scripts. */
  executables: Set<string>;
  requests: OracleRequest[];
  /** Vhost label by DocumentRoot folder, for reading the answering vhost off the served path. */
  usesAutoindex: boolean;
}

const BASE_MODULES = ['mpm_prefork', 'authz_core', 'authz_host', 'authz_user', 'authn_core', 'authn_file', 'auth_basic', 'access_compat', 'mime', 'dir', 'alias', 'headers', 'proxy', 'proxy_http', 'php8.2'];

class Writer {
  lines: string[] = [];
  private counter = 0;
  constructor(private readonly prefix: string) {}
  id(): string {
    return `${this.prefix}${++this.counter}`;
  }
  line(text: string): void {
    this.lines.push(text);
  }
  section(kind: string, arg: string, body: string[] | (() => void), indent = ''): string {
    const id = this.id();
    this.lines.push(`${indent}<${kind}${arg ? ' ' + arg : ''}>`);
    this.lines.push(`${indent}  Header always append X-Sections ${id}`);
    if (typeof body === 'function') body();
    else for (const b of body) this.lines.push(`${indent}  ${b}`);
    this.lines.push(`${indent}</${kind}>`);
    return id;
  }
}

/** The document tree of one site, relative to the site folder. */
const SITE_FILES = ['index.html', 'a.txt', 'b.html', 'p.php', 'sub/index.html', 'sub/c.txt', 'sub/q.php', 'sub/deep/d.txt', 'sub/deep/index.php', 'noidx/e.txt', 'noidx/f.json', 'img/logo.png', 'img/x.gif', 'priv/secret.txt', 'priv/index.html', 'other.html'];

const SITE_PATHS = [
  '/', '/index.html', '/a.txt', '/b.html', '/p.php', '/p.php/extra', '/sub', '/sub/', '/sub/c.txt', '/sub/q.php', '/sub/deep/', '/sub/deep',
  '/sub/deep/d.txt', '/noidx/', '/noidx', '/noidx/e.txt', '/noidx/f.json', '/img/logo.png', '/img/x.gif', '/img/', '/priv/', '/priv/secret.txt',
  '/missing.html', '/sub/missing.txt', '/a.txt/', '/a.txt/more', '/nodir/x', '/other.html', '/a.txt?x=1', '/sub?y=2', '//sub//c.txt', '/./a.txt',
  '/sub/../b.html', '/SUB/c.txt', '/p.php?q=1',
];

const PICK = <T>(rnd: () => number, list: T[]): T => list[Math.floor(rnd() * list.length)];

const PHP_SCRIPT = '<?php echo "PHP:" . __FILE__;';
const CGI_SCRIPT = '#!/bin/sh\necho "Content-Type: text/plain"\necho\necho "CGI:$SCRIPT_FILENAME"\n';

/** Error documents every site carries (ErrorDocument targets). */
const ERROR_FILES = ['err/404.html', 'err/403.html', 'err/401.html', 'err/500.html', 'err/e.php', 'err/index.html'];

/** Requests for ScriptAlias, ErrorDocument and UserDir, added to every configuration. */
const FEATURE_PATHS = {
  cgi: ['/cgi-bin/ok.cgi', '/cgi-bin/noexec.cgi', '/cgi-bin/missing.cgi', '/cgi-bin/t.txt', '/cgi-bin/p.php', '/cgi-bin/', '/cgi-bin', '/cgi-bin/sub', '/cgi-bin/ok.cgi/extra', '/sm/ok.cgi', '/sm/sub/x.cgi', '/sm/', '/c2/a.cgi', '/c2/b.txt', '/c2/missing.cgi', '/vcgi/x.cgi', '/vcgi/'],
  errors: ['/missing.html', '/sub/missing.txt', '/priv/secret.txt', '/priv/', '/err/404.html', '/nodir/x', '/noidx/', '/a.txt/more'],
  userdir: ['/~alice/x.txt', '/~alice/', '/~alice', '/~bob/x.txt', '/~carol/y.php', '/~root/x.txt', '/~root/', '/~root', '/~nobody/z.php', '/~daemon/x.txt', '/~www-data/x.txt', '/~alice/x.txt?q=1', '/~a./x.txt'],
};

interface Site {
  label: string;
  root: string;
  names: string[];
  aliases: string[];
}

export function generate(index: number, places: Places): GeneratedConfig {
  const rnd = random(1000 + index * 7919);
  const dir = places.dir;
  const [ipPort, namePort, mainPort] = places.ports;
  const w = new Writer('s');
  const files = new Map<string, string>();
  const usesAutoindex = rnd() < 0.5;
  const usesUserdir = rnd() < 0.3;
  const modules = [...BASE_MODULES, ...(usesAutoindex ? ['autoindex'] : [])];
  const moduleLine = w.lines.length;
  w.line('');
  w.line(`Listen 127.0.0.1:${ipPort}`);
  w.line(`Listen 127.0.0.2:${ipPort}`);
  w.line(`Listen 127.0.0.1:${namePort}`);
  w.line(`Listen 127.0.0.1:${mainPort}`);
  w.line('LogLevel warn');
  w.line(`DocumentRoot ${dir}/main`);
  w.line('Header always set X-Vhost main');
  if (rnd() < 0.3) w.line(`DirectoryIndex ${PICK(rnd, ['index.html', 'index.php index.html', 'other.html index.html', 'missing.html'])}`);
  // Sometimes no AllowOverride at all: httpd then reads .htaccess files and refuses every line.
  w.section('Directory', '/', [rnd() < 0.1 ? '' : 'AllowOverride None', 'Require all denied'].filter(Boolean));
  w.section('Directory', dir, [
    `AllowOverride ${PICK(rnd, ['None', 'All', 'AuthConfig FileInfo', 'FileInfo', 'Indexes Limit', 'Options', 'AuthConfig Indexes', 'FileInfo Nonfatal=Override', 'None\n  AllowOverrideList Header Require DirectoryIndex', 'Limit\n  AllowOverrideList Options'])}`,
    'Require all granted',
  ]);
  if (rnd() < 0.2) w.line('ErrorDocument 404 "EDTEXT not found"');
  if (rnd() < 0.2) w.line('ErrorDocument 403 "EDTEXT forbidden"');
  // A second stream for ScriptAlias, ErrorDocument and UserDir, so the older choices stay as they were.
  const more = random(5000 + index * 7919);
  const usesCgi = more() < 0.6;
  if (usesCgi) modules.push('cgi');
  if (more() < 0.45) w.line(`ErrorDocument 404 ${PICK(more, ['/err/404.html', '/err/e.php', '/missing-doc.html', 'http://errors.test/404', '/err/', '/priv/secret.txt', 'default'])}`);
  if (more() < 0.35) w.line(`ErrorDocument 403 ${PICK(more, ['/err/403.html', '/err/e.php?code=403', '/priv/index.html', 'http://errors.test/403', '/sub/q.php'])}`);
  if (more() < 0.25) w.line(`ErrorDocument 401 ${PICK(more, ['/err/401.html', 'http://errors.test/401', '"EDTEXT login"'])}`);
  if (more() < 0.3) w.line(`ErrorDocument 500 ${PICK(more, ['/err/500.html', '/err/e.php', 'http://errors.test/500'])}`);
  // UserDir: absolute forms with and without '*', the relative form (home directories from the
  // system's passwd: "..<scratch>" climbs out of any first-level home such as /root, so real users
  // map into the scratch tree without touching the system), redirect forms, enabled/disabled lists.
  const userdir = usesUserdir || more() < 0.45;
  if (userdir) {
    modules.push('userdir');
    const relative = `..${dir}/homes/pub`;
    w.line(`UserDir ${PICK(more, [`${dir}/users/*/pub`, `${dir}/users`, relative, relative, 'http://users.test/*/', 'http://users.test/~*', `${dir}/nope/* ${dir}/users/*/pub`, `${dir}/nope/* ${relative}`])}`);
    const lists = PICK(more, [[], ['disabled root'], ['disabled', 'enabled alice root'], ['disabled alice nobody'], ['enabled']]);
    for (const l of lists) w.line(`UserDir ${l}`);
    w.section('Directory', `${dir}/users/*/pub`, ['Require all granted']);
    for (const f of ['alice/pub/x.txt', 'alice/pub/index.html', 'carol/pub/y.php', 'alice/x.txt', 'root/x.txt', 'nobody/z.php']) files.set(`users/${f}`, f.endsWith('.php') ? PHP_SCRIPT : '');
    for (const f of ['x.txt', 'index.html', 'z.php']) files.set(`homes/pub/${f}`, f.endsWith('.php') ? PHP_SCRIPT : '');
  }
  // ScriptAlias (handler cgi-script without ExecCGI), ScriptAliasMatch, and AddHandler cgi-script
  // that needs ExecCGI; scripts with and without the execute bit.
  const executables = new Set<string>();
  if (usesCgi) {
    w.line(PICK(more, [`ScriptAlias /cgi-bin/ ${dir}/cgi/`, `ScriptAlias /cgi-bin ${dir}/cgi`]));
    if (more() < 0.6) w.line(`ScriptAliasMatch "^/sm/(.*)" "${dir}/cgi/$1"`);
    w.line(`Alias /c2 ${dir}/cgi2`);
    w.section('Directory', `${dir}/cgi2`, ['AddHandler cgi-script .cgi', ...(more() < 0.5 ? ['Options +ExecCGI'] : [])]);
    for (const f of ['cgi/ok.cgi', 'cgi/t.txt', 'cgi/sub/x.cgi', 'cgi2/a.cgi', ...(more() < 0.5 ? ['cgi/index.html'] : [])]) {
      files.set(f, CGI_SCRIPT);
      executables.add(f);
    }
    files.set('cgi/noexec.cgi', CGI_SCRIPT);
    files.set('cgi/p.php', PHP_SCRIPT);
    files.set('cgi2/b.txt', '');
  }
  w.section('FilesMatch', '"\\.php$"', ['SetHandler application/x-httpd-php']);
  if (rnd() < 0.5) w.section('Files', '".ht*"', ['Require all denied']);
  const sites: Site[] = [{ label: 'main', root: `${dir}/main`, names: [], aliases: [] }];
  const vhostCount = 2 + Math.floor(rnd() * 4);
  for (let v = 0; v < vhostCount; v++) sites.push({ label: `v${v}`, root: `${dir}/v${v}`, names: [`h${v}.test`], aliases: rnd() < 0.5 ? [`*.h${v}.test`] : rnd() < 0.5 ? [`alias${v}.test`, `w${v}?.test`] : [] });
  // Per-site sections in the main server (directories of the vhosts' roots too).
  const dirSections = (site: Site, indent: string): void => {
    const r = site.root;
    if (rnd() < 0.6) w.section('Directory', `${r}/sub`, [PICK(rnd, ['Options -Indexes', 'Options +Indexes', 'Options Indexes FollowSymLinks', 'AllowOverride All', 'AllowOverride None', 'DirectoryIndex c.txt', 'DirectorySlash Off', 'Require all granted'])], indent);
    if (rnd() < 0.4) w.section('Directory', `${r}/sub/deep`, [PICK(rnd, ['Require all denied', 'Require ip 127.0.0.3', 'AllowOverride AuthConfig', 'Options +Indexes', 'DirectoryIndex index.php'])], indent);
    if (rnd() < 0.4) w.section('Directory', `${r}/priv`, [PICK(rnd, ['Require all denied', '<RequireAll>\n' + indent + '    Require all granted\n' + indent + '    Require not ip 127.0.0.3\n' + indent + '  </RequireAll>', '<RequireAny>\n' + indent + '    Require ip 127.0.0.3\n' + indent + '    Require method POST\n' + indent + '  </RequireAny>', '<RequireAll>\n' + indent + '    Require ip 127.0.0.0/8\n' + indent + '    <RequireNone>\n' + indent + '      Require ip 127.0.0.3\n' + indent + '    </RequireNone>\n' + indent + '  </RequireAll>', 'AuthType Basic\n' + indent + '  AuthName "x"\n' + indent + '  AuthUserFile /dev/null\n' + indent + '  Require valid-user', 'Order deny,allow\n' + indent + '  Deny from all\n' + indent + '  Allow from 127.0.0.3', 'Order allow,deny\n' + indent + '  Allow from 127.0.0.1'])], indent);
    if (rnd() < 0.3) w.section('Directory', `${path.dirname(r)}/*/img`, ['AddType text/x-test .png'], indent);
    if (rnd() < 0.3) w.section('DirectoryMatch', `"^${r}/(sub|img)"`, [PICK(rnd, ['Options +Indexes', 'Require all granted', 'Require ip 127.0.0.1'])], indent);
    if (rnd() < 0.3) w.section('Directory', `~ "${r}/no.*"`, ['Options +Indexes'], indent);
    if (rnd() < 0.4) {
      w.line(`${indent}<Directory ${r}/noidx>`);
      w.line(`${indent}  Header always append X-Sections ${w.id()}`);
      w.section('Files', PICK(rnd, ['e.txt', '"*.json"', '"f.*"']), [PICK(rnd, ['Require all denied', 'Require all granted', 'ForceType text/plain'])], indent + '  ');
      w.line(`${indent}</Directory>`);
    }
  };
  const locationSections = (_site: Site, indent: string): void => {
    if (rnd() < 0.5) w.section('Location', PICK(rnd, ['/sub', '/sub/', '/img', '/priv', '/noidx', '/a.txt', '/su']), [PICK(rnd, ['Require all granted', 'Require all denied', 'Require ip 127.0.0.3', 'Require method POST', 'Options +Indexes'])], indent);
    if (rnd() < 0.4) w.section('LocationMatch', PICK(rnd, ['"\\.txt$"', '"^/sub/.*\\.php"', '"/img/"', '"(?i)/SUB"']), [PICK(rnd, ['Require all granted', 'Require all denied', 'Header always append X-Note m'])], indent);
    if (rnd() < 0.3) w.section('Files', PICK(rnd, ['a.txt', '"*.html"', 'index.html', '"c.*"']), [PICK(rnd, ['Require all denied', 'Require all granted', 'ForceType text/x-forced'])], indent);
    if (rnd() < 0.3) w.section('FilesMatch', PICK(rnd, ['"^b"', '"\\.(gif|png)$"', '"^index"']), [PICK(rnd, ['Require all denied', 'Require all granted'])], indent);
    if (rnd() < 0.4) {
      const cond = PICK(rnd, [`"%{REQUEST_URI} =~ m#^/sub#"`, `"%{QUERY_STRING} == 'x=1'"`, `"%{HTTP_HOST} =~ /^h1/"`, `"-R '127.0.0.3'"`, `"%{REQUEST_METHOD} == 'GET' && %{REQUEST_URI} =~ /txt$/"`, `"true"`]);
      w.section('If', cond, [PICK(rnd, ['Require all granted', 'Require all denied', 'Header always append X-Note if'])], indent);
      if (rnd() < 0.5) w.section('Else', '', ['Require all granted'], indent);
    }
    if (rnd() < 0.3) {
      w.line(`${indent}<Location /sub>`);
      w.line(`${indent}  Header always append X-Sections ${w.id()}`);
      w.section('If', `"%{REQUEST_URI} =~ /c\\.txt$/"`, ['Require all denied'], indent + '  ');
      w.line(`${indent}</Location>`);
    }
  };
  const mapping = (site: Site, indent: string): void => {
    const lines: string[] = [];
    if (rnd() < 0.5) lines.push(`Alias /pics ${site.root}/img`);
    if (rnd() < 0.3) lines.push(`Alias /al/ ${site.root}/sub/`);
    if (rnd() < 0.3) lines.push(`AliasMatch "^/am/(.*)\\.txt$" "${site.root}/sub/$1.txt"`);
    if (rnd() < 0.5) lines.push(`Redirect ${PICK(rnd, ['', 'permanent ', '303 ', 'temp '])}/old http://target.test/new`);
    if (rnd() < 0.3) lines.push(`Redirect /rel /sub/`);
    if (rnd() < 0.3) lines.push(`RedirectMatch "^/rm/(\\w+)$" "http://target.test/m/$1"`);
    if (rnd() < 0.3) lines.push(`Redirect gone /gone`);
    if (rnd() < 0.5) {
      if (rnd() < 0.5) lines.push(`ProxyPass /app/static !`);
      lines.push(`ProxyPass /app http://127.0.0.1:${places.backendPort}/backend`);
    }
    if (rnd() < 0.3) lines.push(`ProxyPassMatch "^/api/(\\d+)$" http://127.0.0.1:${places.backendPort}/api?id=$1`);
    if (rnd() < 0.2) lines.push(`Alias /app/static ${site.root}/img`);
    if (indent && usesCgi && more() < 0.4) lines.push(`ScriptAlias /vcgi/ ${dir}/cgi/sub/`);
    if (indent && more() < 0.3) lines.push(`ErrorDocument 404 ${PICK(more, ['/err/404.html', '"EDTEXT vhost"', 'http://errors.test/v404', '/err/e.php'])}`);
    if (indent && userdir && more() < 0.3) lines.push(`UserDir ${PICK(more, ['disabled', 'disabled nobody', 'enabled carol', `${dir}/users/*/pub`])}`);
    for (const l of lines) w.line(indent + l);
    if (more() < 0.25) w.section('Location', PICK(more, ['/sub', '/priv', '/cgi-bin']), [`ErrorDocument ${PICK(more, ['404', '403'])} ${PICK(more, ['/err/404.html', '/err/403.html', '/err/e.php', '"EDTEXT location"'])}`], indent);
    if (rnd() < 0.25) w.section('Location', '/lp', [`ProxyPass http://127.0.0.1:${places.backendPort}/lp-backend`], indent);
    if (rnd() < 0.3) w.section('Proxy', PICK(rnd, ['"*"', `"http://127.0.0.1:${places.backendPort}/*"`, `http://127.0.0.1:${places.backendPort}/backend`]), [PICK(rnd, ['Require all granted', 'Require ip 127.0.0.1', 'Require all denied'])], indent);
  };
  // Main-server sections for the main site.
  dirSections(sites[0], '');
  locationSections(sites[0], '');
  mapping(sites[0], '');
  // IP-based hosts on ipPort: 127.0.0.1 and 127.0.0.2 (sometimes two sharing one IP), and a _default_.
  const ipHosts = sites.slice(1, 3);
  ipHosts.forEach((site, i) => {
    const addr = i === 0 ? `127.0.0.1:${ipPort}` : rnd() < 0.5 ? `127.0.0.2:${ipPort}` : `127.0.0.1:${ipPort}`;
    w.line(`<VirtualHost ${addr}>`);
    w.line(`  ServerName ${site.names[0]}`);
    if (site.aliases.length) w.line(`  ServerAlias ${site.aliases.join(' ')}`);
    w.line(`  DocumentRoot ${site.root}`);
    w.line(`  Header always set X-Vhost ${site.label}`);
    if (rnd() < 0.5) dirSections(site, '  ');
    if (rnd() < 0.5) locationSections(site, '  ');
    mapping(site, '  ');
    w.line('</VirtualHost>');
  });
  // Name-based hosts on *:namePort.
  for (const site of sites.slice(3)) {
    w.line(`<VirtualHost ${rnd() < 0.2 ? '_default_' : '*'}:${namePort}>`);
    if (rnd() < 0.9) w.line(`  ServerName ${site.names[0]}`);
    if (site.aliases.length) w.line(`  ServerAlias ${site.aliases.join(' ')}`);
    w.line(`  DocumentRoot ${site.root}`);
    w.line(`  Header always set X-Vhost ${site.label}`);
    if (rnd() < 0.5) dirSections(site, '  ');
    if (rnd() < 0.5) locationSections(site, '  ');
    mapping(site, '  ');
    w.line('</VirtualHost>');
  }
  // Files of every site and .htaccess files.
  let ht = 0;
  for (const site of sites) {
    for (const f of [...SITE_FILES, ...ERROR_FILES]) files.set(path.relative(dir, `${site.root}/${f}`), f.endsWith('.php') ? PHP_SCRIPT : '');
    for (const d of ['sub', 'sub/deep', 'noidx', 'priv', 'img', '']) {
      if (rnd() > 0.3) continue;
      const lines: string[] = [];
      if (rnd() < 0.7) lines.push(`Header always append X-Sections ht${++ht}`);
      const count = 1 + Math.floor(rnd() * 3);
      for (let k = 0; k < count; k++) {
        lines.push(
          PICK(rnd, [
            'Require all denied',
            'Require all granted',
            'Require ip 127.0.0.3',
            'AuthType Basic\nAuthName "t"\nAuthUserFile /dev/null\nRequire valid-user',
            'Options +Indexes',
            'Options -Indexes',
            'DirectoryIndex other.html',
            'DirectorySlash Off',
            'AddType text/x-ht .txt',
            'ForceType text/plain',
            'Order deny,allow\nDeny from all',
            'Order allow,deny\nAllow from 127.0.0.1',
            'Satisfy Any',
            '<Files a.txt>\nRequire all denied\n</Files>',
            '<IfModule mod_headers.c>\nHeader always append X-Note ifm\n</IfModule>',
            'ServerSignature Off',
            'AllowOverride All',
            'NoSuchDirective on',
          ]),
        );
      }
      files.set(path.relative(dir, `${site.root}/${d}/.htaccess`.replace(/\/\//g, '/')), lines.join('\n') + '\n');
    }
  }
  // Requests.
  const requests: OracleRequest[] = [];
  const clients = ['127.0.0.1', '127.0.0.1', '127.0.0.3'];
  const extraPaths = ['/lp', '/lp/x?q=2', '/~alice/x.txt', '/~alice/', '/~alice', '/~bob/x.txt', '/~carol/y.php', '/pics/logo.png', '/pics/', '/pics', '/al/c.txt', '/am/c.txt', '/old', '/old/x?k=v', '/rel', '/rm/abc', '/gone', '/app/x', '/app', '/app/static/logo.png', '/api/42', '/apix'];
  const addRequests = (address: string, port: number, hosts: string[], count: number): void => {
    for (let i = 0; i < count; i++) {
      const p = rnd() < 0.75 ? PICK(rnd, SITE_PATHS) : PICK(rnd, extraPaths);
      requests.push({ address, port, host: PICK(rnd, hosts), path: p, method: rnd() < 0.05 ? 'POST' : 'GET', clientAddress: PICK(rnd, clients) });
    }
  };
  const names = sites.slice(1).flatMap((s) => [...s.names, ...s.aliases.map((a) => a.replace(/\*/g, 'www').replace(/\?/g, '1'))]);
  // 60 requests here and 16 feature requests below: 76 per configuration, as many as before the
  // feature requests came, so the run keeps its time budget.
  addRequests('127.0.0.1', ipPort, [...names, 'unknown.test', '127.0.0.1'], 18);
  addRequests('127.0.0.2', ipPort, [...names, 'unknown.test'], 10);
  addRequests('127.0.0.1', namePort, [...names, 'unknown.test', 'H3.TEST'], 24);
  addRequests('127.0.0.1', mainPort, ['main.test', 'h0.test'], 8);
  // The feature requests, spread over the ports.
  const featurePaths = [...(usesCgi ? FEATURE_PATHS.cgi : []), ...FEATURE_PATHS.errors, ...(userdir ? FEATURE_PATHS.userdir : [])];
  const targets: [string, number, string[]][] = [['127.0.0.1', ipPort, [...names, '127.0.0.1']], ['127.0.0.1', namePort, [...names, 'unknown.test']], ['127.0.0.1', mainPort, ['main.test']]];
  for (let i = 0; i < 16; i++) {
    const [address, port, hosts] = PICK(more, targets);
    requests.push({ address, port, host: PICK(more, hosts), path: PICK(more, featurePaths), method: more() < 0.1 ? 'POST' : 'GET', clientAddress: PICK(more, clients) });
  }
  w.lines[moduleLine] = loadModules(modules);
  return { name: `generated-${index}`, config: w.lines.join('\n'), files, executables, requests, usesAutoindex };
}

/** Writes the document tree: each static file holds its own absolute path. */
export function writeFiles(dir: string, files: Map<string, string>, executables: Set<string> = new Set()): void {
  for (const [rel, content] of files) {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true, mode: 0o755 });
    const mode = executables.has(rel) ? 0o755 : 0o644;
    fs.writeFileSync(abs, content === '' ? abs : content, { mode });
    fs.chmodSync(abs, mode);
  }
}
