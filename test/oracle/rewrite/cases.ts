// Rule sets and requests for the mod_rewrite oracle: generated sets that exercise every flag
// and condition kind, and the rewrite rules of well-known applications' .htaccess files.

import * as fs from 'fs';
import * as path from 'path';

export interface OracleRequest {
  method: string;
  target: string;
  headers: Record<string, string>;
}

export interface OracleCase {
  name: string;
  /** Directives inside the <VirtualHost>. */
  server?: string;
  /** Directory sections: path relative to the site root ('' for the root) and body. */
  directories?: { dir: string; body: string }[];
  /** .htaccess files: directory relative to the site root and content. */
  htaccess: { dir: string; text: string; file?: string }[];
  /** Map files written next to the site (name -> content). */
  maps?: Record<string, string>;
  requests: OracleRequest[];
}

/** Files (and directories, ending with '/') every site holds. */
export const SITE_FILES = [
  'index.php', 'index.html', 'robots.txt', 'a.txt', 'b.txt', 'empty.txt', 'script.sh', 'css/app.css', 'css/app.css.gz', 'js/app.js',
  'images/logo.png', 'sub/index.html', 'sub/page.html', 'sub/deeper/file.txt', 'empty/', 'docs/readme.txt', 'new/page.html', 'api/index.php',
  'core/install.php', 'remote.php', 'yourls-loader.php', 'public/index.php', '.well-known/acme-challenge/token', 'user.json',
  'w/index.php', 'w/load.php', 'w/thumb.php', 'w/images/a/ab/Foo.png',
];
/** Symbolic links: name -> target (relative). */
export const SITE_LINKS: Record<string, string> = { 'link.txt': 'a.txt' };

const PATHS = [
  '/', '/index.php', '/index.php/foo/bar', '/index.html', '/robots.txt', '/a.txt', '/A.TXT', '/b.txt', '/empty.txt', '/script.sh', '/link.txt',
  '/css/app.css', '/js/app.js', '/images/logo.png', '/missing', '/missing/deep/path', '/missing/', '/blog/post-1', '/blog/2024/01/hello',
  '/sub', '/sub/', '/sub/page.html', '/sub/page', '/sub/go', '/sub/deeper/file.txt', '/sub/missing', '/empty/', '/empty', '/docs/readme.txt',
  '/old/page.html', '/old/x', '/new/page.html', '/user/42', '/user/abc', '/product/abc-123.html', '/api/users/7', '/api/', '/foo%20bar',
  '/caf%C3%A9', '/u/%3Fx=1', '/q/a%26b', '/b/a%20b&c', '/ne/x%23y', '/x//y', '/.hidden', '/.well-known/acme-challenge/token',
  '/.well-known/caldav', '/.well-known/other', '/core/install.php', '/install.php', '/remote/abc', '/config/x', '/composer.json',
  '/gone', '/forbid', '/teapot', '/see', '/dash-a-b-c', '/n3/a-b-c-d-e', '/dpi/x/y', '/m/Hello', '/esc/a b', '/time', '/env', '/expr',
  '/size/empty.txt', '/size/a.txt', '/t/robots.txt', '/ocm-provider/', '/index', '/wp-admin/', '/trailing/', '/www', '/p/x',
];
const QUERIES = ['', '?a=1&b=2', '?q=%3Fx&debug=1'];
const HEADER_SETS: Record<string, string>[] = [
  {},
  { 'User-Agent': 'Googlebot/2.1', 'Accept-Encoding': 'gzip, br', 'X-Num': '7', Cookie: 'lang=de', Authorization: 'Basic dTpw' },
];

/** Requests for one site: every path with each query (or one query in turn), alternating header sets. */
export function requestsFor(host: string, port: number, extra: string[] = [], everyQuery = true): OracleRequest[] {
  const out: OracleRequest[] = [];
  const paths = [...PATHS, ...extra];
  paths.forEach((p, i) => {
    QUERIES.forEach((q, j) => {
      if (!everyQuery && j !== i % QUERIES.length && !(p === '/teapot' || p === '/env')) return;
      const h = HEADER_SETS[(i + j) % HEADER_SETS.length];
      // A path that has a query of its own gets the variant's parameters appended.
      const target = p.includes('?') && q ? p + '&' + q.slice(1) : p + q;
      out.push({ method: p === '/teapot' && j === 2 ? 'TRACK' : p === '/env' && j === 1 ? 'TRACE' : 'GET', target, headers: { Host: `${host}:${port}`, ...h } });
    });
  });
  return out;
}

/** Rule sets written for the oracle, one per flag/condition family. */
export function generatedCases(): Omit<OracleCase, 'requests'>[] {
  const root = (text: string): { dir: string; text: string }[] => [{ dir: '', text }];
  return [
    { name: 'last', htaccess: root('RewriteEngine On\nRewriteRule ^old/(.*)$ new/$1 [L]\nRewriteRule ^user/([0-9]+)$ index.php?id=$1 [L]\nRewriteRule ^blog/(.*)$ index.php?path=$1\nRewriteRule ^index\\.php$ - [L]\n') },
    { name: 'redirects', htaccess: root('RewriteEngine On\nRewriteRule ^old/(.*)$ /new/$1 [R=301,L]\nRewriteRule ^a\\.txt$ b.txt [R]\nRewriteRule ^b\\.txt$ robots.txt [L]\nRewriteRule ^gone$ - [G]\nRewriteRule ^forbid$ - [F]\nRewriteRule ^teapot$ - [R=405]\nRewriteRule ^see$ /new/page.html [R=seeother,L]\nRewriteRule ^www$ http://www.example.com/ [L]\nRewriteRule ^user/(.*)$ http://%{HTTP_HOST}/new/$1 [L]\n') },
    { name: 'nocase-chain-skip', htaccess: root('RewriteEngine On\nRewriteRule ^a\\.txt$ - [NC,C]\nRewriteRule ^(.*)$ b.txt [L]\nRewriteRule ^user/(\\w+)$ - [S=2]\nRewriteRule ^user/ robots.txt [L]\nRewriteRule ^user/ a.txt [L]\nRewriteRule ^user/(.*)$ new/page.html [L]\nRewriteRule ^SUB/PAGE$ sub/page.html [NC,L]\n') },
    { name: 'query', htaccess: root('RewriteEngine On\nRewriteRule ^user/(\\d+)$ index.php?id=$1 [QSA,L]\nRewriteRule ^product/(.*)\\.html$ index.php?p=$1 [QSD,L]\nRewriteRule ^blog/(.*)$ index.php? [L]\nRewriteRule ^api/(.*)$ api/index.php?r=$1?x [QSL,QSA,L]\nRewriteRule ^old/(.*)$ /new/page.html?from=$1 [R,L]\nRewriteRule ^dash-(.*)$ /a.txt?d=$1 [QSA,R=302,L]\nRewriteRule ^missing$ /b.txt?%{QUERY_STRING}&more=1 [R,L]\n') },
    { name: 'loop-last', htaccess: root('RewriteEngine On\nRewriteRule ^(.*)$ index.php/$1 [L]\n') },
    { name: 'loop-end', htaccess: root('RewriteEngine On\nRewriteRule ^(.*)$ index.php/$1 [END]\n') },
    { name: 'loop-guarded', htaccess: root('RewriteEngine On\nRewriteCond %{ENV:REDIRECT_STATUS} ^$\nRewriteRule ^(.*)$ index.php?u=$1 [L]\nRewriteCond %{REQUEST_FILENAME} !-f\nRewriteRule ^ index.php [L]\n') },
    { name: 'cond-regex', htaccess: root('RewriteEngine On\nRewriteCond %{HTTP_USER_AGENT} googlebot [NC,OR]\nRewriteCond %{QUERY_STRING} (^|&)debug=1\nRewriteRule ^(a|b)\\.txt$ robots.txt [L]\nRewriteCond %{HTTP_COOKIE} lang=(\\w+)\nRewriteRule ^sub/page$ sub/page.html?lang=%1 [L]\nRewriteCond %{REQUEST_URI} !^/css/\nRewriteCond %{QUERY_STRING} !^$\nRewriteRule ^(.+)\\.css$ - [F]\nRewriteCond %{HTTP_HOST} ^([^:]+)\nRewriteRule ^missing$ /a.txt?host=%1 [R,L]\n') },
    { name: 'cond-compare', htaccess: root('RewriteEngine On\nRewriteCond %{QUERY_STRING} >m\nRewriteRule ^a\\.txt$ b.txt [L]\nRewriteCond %{QUERY_STRING} =a=1&b=2\nRewriteRule ^b\\.txt$ robots.txt [L]\nRewriteCond %{HTTP:X-Num} -gt5\nRewriteRule ^user/(.*)$ a.txt [L]\nRewriteCond %{HTTP:X-Num} -le5\nRewriteRule ^user/(.*)$ b.txt [L]\nRewriteCond %{QUERY_STRING} <=a=1\nRewriteRule ^empty\\.txt$ robots.txt [L]\nRewriteCond %{QUERY_STRING} <b [NC]\nRewriteRule ^docs/ robots.txt [L]\nRewriteCond %{QUERY_STRING} >=Q=%3FX [NC]\nRewriteRule ^index\\.html$ a.txt [L]\nRewriteCond %{HTTP:X-Num} -eq7\nRewriteCond %{HTTP:X-Num} !-ne7\nRewriteCond %{HTTP:X-Num} -ge7\nRewriteCond %{HTTP:X-Num} -lt8\nRewriteRule ^robots\\.txt$ b.txt [L]\nRewriteCond %{QUERY_STRING} =""\nRewriteRule ^missing$ a.txt [L]\n') },
    { name: 'cond-files', htaccess: root('RewriteEngine On\nRewriteCond %{REQUEST_FILENAME} -s\nRewriteRule ^size/(.*)$ a.txt [L]\nRewriteCond %{DOCUMENT_ROOT}/$1 -s\nRewriteRule ^size/(.*)$ $1 [L]\nRewriteCond %{REQUEST_FILENAME} -l\nRewriteRule ^link\\.txt$ b.txt [L]\nRewriteCond %{REQUEST_FILENAME} -L\nRewriteRule ^(.*)$ - [E=ISLINK:1]\nRewriteCond %{REQUEST_FILENAME} -x\nRewriteRule ^script\\.sh$ robots.txt [L]\nRewriteCond %{REQUEST_FILENAME} -d\nRewriteRule ^(empty|sub)/$ a.txt [L]\nRewriteCond %{REQUEST_FILENAME}.gz -f\nRewriteRule ^(.*)\\.css$ $1.css.gz [L]\nRewriteCond %{REQUEST_FILENAME} !-f\nRewriteCond %{REQUEST_FILENAME} !-d\nRewriteRule ^ index.php [L]\n') },
    { name: 'cond-lookup', htaccess: root('RewriteEngine On\nRewriteCond /new/%{REQUEST_URI} -U\nRewriteRule ^old/(.*)$ new/$1 [L]\nRewriteCond %{DOCUMENT_ROOT}/sub/$1 -F\nRewriteRule ^t/(.*)$ sub/$1 [L]\nRewriteCond %{DOCUMENT_ROOT}/$1 -F\nRewriteRule ^t/(.*)$ $1 [L]\n') },
    {
      name: 'server',
      server: 'RewriteEngine On\nRewriteRule ^/old/(.*)$ /new/$1 [L]\nRewriteRule ^/www$ http://other.test/x [R=302,L]\nRewriteRule ^/p/(.*)$ /sub/$1 [PT]\nRewriteRule ^/dr/(.*)$ %{DOCUMENT_ROOT}/$1 [L]\nRewriteRule ^/gone$ - [G]\nRewriteRule ^/user/(\\d+)$ /index.php?id=$1 [QSA,L]\nRewriteRule ^/env$ /a.txt [E=FOO:bar]\nRewriteCond %{ENV:FOO} =bar\nRewriteRule ^/a\\.txt$ /b.txt [L]\nRewriteRule ^/x/+y$ /robots.txt [L]\nRewriteRule ^/time$ /a.txt?y=%{TIME_YEAR} [R,L]\nRewriteRule ^/install\\.php$ /core/install.php [R=301,L]\nRewriteRule ^/missing/(.*)$ /$1 [L]\nRewriteRule ^/ocm-provider/$ index.php [L]\nRewriteRule ^/trailing/$ sub [L]\n',
      htaccess: root('RewriteRule ^robots\\.txt$ b.txt [L]\n'),
    },
    {
      name: 'server-htaccess',
      server: 'RewriteEngine On\nRewriteRule ^/user/(.*)$ /index.php/$1\nRewriteRule ^/m/(.*)$ /sub/$1 [L]\n',
      htaccess: [{ dir: '', text: 'RewriteEngine On\nRewriteRule ^index\\.php/(.*)$ a.txt?p=$1 [L]\nRewriteCond %{REQUEST_FILENAME} !-f\nRewriteRule ^sub/(.*)$ sub/page.html [L]\n' }],
    },
    {
      name: 'directory',
      directories: [{ dir: '', body: 'RewriteEngine On\nRewriteBase /\nRewriteRule ^old/(.*)$ new/$1 [L]\nRewriteRule ^user/(.*)$ index.php?u=$1 [R=301,L]\n' }, { dir: 'sub', body: 'RewriteEngine On\nRewriteBase /sub/\nRewriteRule ^page$ page.html [L]\nRewriteRule ^go$ page.html [R,L]\n' }],
      htaccess: [],
    },
    {
      name: 'base-sub',
      htaccess: [
        { dir: '', text: 'RewriteEngine On\nRewriteRule ^old/(.*)$ new/$1 [L]\nRewriteRule ^blog/(.*)$ index.php [L]\n' },
        { dir: 'sub', text: 'RewriteEngine On\nRewriteBase /sub/\nRewriteRule ^page$ page.html [L]\nRewriteRule ^go$ page.html [R,L]\nRewriteRule ^missing$ /a.txt [L]\nRewriteRule ^deeper/(.*)$ ../b.txt [L]\n' },
      ],
    },
    {
      name: 'inherit',
      htaccess: [
        { dir: '', text: 'RewriteEngine On\nRewriteRule ^(.*)/missing$ a.txt [L]\nRewriteRule ^(.*)/go$ b.txt [L]\n' },
        { dir: 'sub', text: 'RewriteEngine On\nRewriteOptions Inherit\nRewriteRule ^page$ page.html [L]\n' },
        { dir: 'docs', text: 'RewriteEngine On\nRewriteRule ^x$ readme.txt [L]\n' },
      ],
    },
    {
      name: 'inherit-before',
      htaccess: [
        { dir: '', text: 'RewriteEngine On\nRewriteOptions InheritDownBefore\nRewriteRule ^(.*)/go$ $1/page.html [L]\n' },
        { dir: 'sub', text: 'RewriteRule ^page$ page.html [L]\nRewriteRule ^go$ index.html [L]\n' },
      ],
    },
    {
      name: 'maps',
      server: 'RewriteEngine On\nRewriteMap lower int:tolower\nRewriteMap upper int:toupper\nRewriteMap esc int:escape\nRewriteMap unesc int:unescape\nRewriteMap pages txt:MAPS/pages.txt\nRewriteMap pick rnd:MAPS/pick.txt\nRewriteRule ^/m/(.*)$ /${lower:$1}.txt [L]\nRewriteRule ^/esc/(.*)$ /x?q=${esc:$1} [R,L]\nRewriteRule ^/user/(.*)$ /${pages:$1|missing-page} [L]\n',
      htaccess: root('RewriteRule ^A\\.TXT$ ${lower:A}.txt [L]\nRewriteRule ^product/(.*)$ ${pages:$1|index.php} [L]\nRewriteRule ^sub/(.*)$ ${pick:one}.txt [L]\nRewriteRule ^caf(.*)$ /a.txt?c=${unesc:%2541}${upper:x$1} [R,L]\n'),
      maps: { 'pages.txt': '# users and pages\n42 a.txt\nabc   b.txt\nabc-123.html robots.txt\n  7 index.html\n', 'pick.txt': 'one b.txt\n' },
    },
    { name: 'escaping', htaccess: root('RewriteEngine On\nRewriteRule ^b/(.*)$ /x?q=$1 [B,R,L]\nRewriteRule ^q/(.*)$ /x?q=$1 [BNP,B,R,L]\nRewriteRule ^foo\\ bar$ /y?z=$0 [B=&,R,L]\nRewriteRule ^esc/(.*)$ /z?s=$1 [BCTLS,R,L]\nRewriteRule ^caf(.*)$ /c?s=$1 [B,BNE=%,R,L]\nRewriteRule ^ne/(.*)$ /x#$1 [NE,R,L]\nRewriteRule ^user/(.*)$ /x#$1 [R,L]\n') },
    { name: 'env-type', htaccess: root('RewriteEngine On\nRewriteRule ^ - [E=SEEN:yes,E=PATH:%{REQUEST_URI}]\nRewriteCond %{ENV:SEEN} =yes\nRewriteRule ^env$ a.txt [L]\nRewriteRule ^t/(.*)$ $1 [T=text/x-oracle,CO=k:v:example.test,L]\nRewriteRule ^(.*)$ - [E=!SEEN]\nRewriteCond %{ENV:SEEN} ^$\nRewriteRule ^index\\.html$ b.txt [L]\n') },
    { name: 'next', htaccess: root('RewriteEngine On\nRewriteRule ^dash-([^-]*)-(.*)$ dash-$1_$2 [N]\nRewriteRule ^dash-(.*)$ a.txt?d=$1 [L]\nRewriteRule ^n3/([^-]*)-(.*)$ n3/$1_$2 [N=3]\nRewriteRule ^n3/ b.txt [L]\n') },
    { name: 'dpi', htaccess: root('RewriteEngine On\nRewriteRule ^index\\.php/foo/(.*)$ index.html [DPI,L]\nRewriteRule ^dpi/(.*)$ a.txt/$1 [DPI]\nRewriteRule ^dpi/(.*)$ b.txt [L]\n') },
    { name: 'qmark', htaccess: root('RewriteEngine On\nRewriteRule ^u/(.*)$ /b.txt$1 [L]\nRewriteRule ^q/(.*)$ a.txt?x=$1 [L]\nRewriteRule ^caf(.*)$ /a.txt$1 [UnsafeAllow3F,L]\nRewriteRule ^x//y$ /a.txt?x=1 [L]\n') },
    { name: 'qmark-allowed', htaccess: root('RewriteEngine On\nRewriteRule ^u/(.*)$ /b.txt$1 [UnsafeAllow3F,L]\n') },
    { name: 'noslash', htaccess: [{ dir: '', text: 'RewriteEngine On\nRewriteRule ^sub$ a.txt [L]\n' }, { dir: 'sub', text: 'RewriteEngine On\nRewriteRule ^$ page.html [L]\nRewriteRule ^go$ page.html [L]\n' }] },
    { name: 'allownoslash', htaccess: [{ dir: 'sub', text: 'RewriteEngine On\nRewriteOptions AllowNoSlash\nRewriteRule ^$ page.html [L]\nRewriteRule ^go$ page.html [L]\n' }] },
    { name: 'expr', htaccess: root('RewriteEngine On\nRewriteCond expr "%{QUERY_STRING} =~ /debug/"\nRewriteRule ^(a|b)\\.txt$ robots.txt [L]\nRewriteCond expr "-f %{REQUEST_FILENAME} && %{REQUEST_METHOD} == \'GET\'"\nRewriteRule ^sub/(.*)$ a.txt [L]\nRewriteCond expr "!(%{HTTP:X-Num} -lt 5) || %{QUERY_STRING} == \'a=1&b=2\'"\nRewriteRule ^user/ b.txt [L]\n') },
    { name: 'time', htaccess: root('RewriteEngine On\nRewriteCond %{TIME_YEAR} >2000\nRewriteCond %{TIME_HOUR} -ge0\nRewriteCond %{TIME_MON} -le12\nRewriteCond %{TIME_WDAY} -lt7\nRewriteRule ^time$ a.txt [L]\nRewriteCond %{TIME} <2000\nRewriteRule ^.*$ b.txt [L]\n') },
    { name: 'htaccess-error', htaccess: [{ dir: 'sub', text: 'RewriteEngine On\nRewriteRule ^page$ page.html [R=418]\n' }, { dir: '', text: 'RewriteEngine On\nRewriteRule ^old/(.*)$ new/$1 [L]\n' }] },
    { name: 'engine-off', htaccess: [{ dir: '', text: 'RewriteEngine On\nRewriteRule ^(sub|docs)/(.*)$ a.txt [L]\n' }, { dir: 'sub', text: 'RewriteEngine Off\nRewriteRule ^page$ b.txt [L]\n' }, { dir: 'docs', text: 'RewriteRule ^(.*)$ b.txt [L]\n' }] },
    { name: 'server-engine-inherited', server: 'RewriteEngine On\n', htaccess: root('RewriteRule ^old/(.*)$ new/$1 [L]\nRewriteRule ^A\\.TXT$ a.txt [L]\n') },
    { name: 'nosymlinks', directories: [{ dir: 'sub', body: 'Options -FollowSymLinks\n' }], htaccess: root('RewriteEngine On\nRewriteRule ^sub/page$ sub/page.html [L]\nRewriteRule ^old/(.*)$ new/$1 [L]\n') },
    { name: 'leading-slash', htaccess: root('RewriteEngine On\nRewriteRule ^/old/(.*)$ new/$1 [L]\nRewriteRule ^old/(.*)$ /new/$1 [L]\n') },
    { name: 'optional-leading-slash', htaccess: root('RewriteEngine On\nRewriteRule ^/?old/(.*)$ new/$1 [L]\nRewriteRule ^/?data/ - [F]\n') },
    { name: 'proxy', htaccess: root('RewriteEngine On\nRewriteRule ^p/(.*)$ http://127.0.0.1:9/$1 [P]\nRewriteRule ^api/(.*)$ http://backend.test/$1 [P,L]\n') },
    { name: 'passthrough-dir', htaccess: root('RewriteEngine On\nRewriteRule ^p/(.*)$ sub/$1 [PT]\nRewriteRule ^sub/x$ a.txt [L]\n') },
  ];
}

const REWRITE_APPS_DIR = path.resolve(__dirname, '..', '..', 'fixtures', 'rewrite-apps');
const REALWORLD_DIR = path.resolve(__dirname, '..', '..', 'realworld', 'htaccess');

/** Request paths that exercise MediaWiki-style short URLs (articles, the root, thumbnails, old links). */
const MEDIAWIKI_PATHS = [
  '/wiki/Main_Page', '/wiki/Special:Search', '/wiki/Caf%C3%A9_(Paris)', '/wiki/', '/wiki', '/wikis/x', '/Wiki/Main_Page', '/w/index.php',
  '/w/index.php?title=Main_Page', '/w/index.php?title=A&action=edit', '/w/load.php', '/w/images/a/ab/Foo.png',
  '/w/images/thumb/a/ab/Foo.png/120px-Foo.png', '/w/images/thumb/a/ab/Foo%20Bar.png/80px-Foo%20Bar.png', '/w/images/thumb/x/yy/Foo.png/120px-Foo.png',
  '/w/images/thumb/a/ab/Foo.png/wide-Foo.png', '//', '/wiki/A/B?redirect=no',
];

/** The applications' .htaccess files (the repository copies named in SOURCES.md; mediawiki is our own). */
export function appFiles(): { name: string; file: string; paths?: string[] }[] {
  return [
    { name: 'mediawiki', file: path.join(REWRITE_APPS_DIR, 'mediawiki', '.htaccess'), paths: MEDIAWIKI_PATHS },
    { name: 'wordpress', file: path.join(REWRITE_APPS_DIR, 'wordpress', '.htaccess') },
    { name: 'laravel', file: path.join(REWRITE_APPS_DIR, 'laravel', '.htaccess') },
    { name: 'symfony', file: path.join(REWRITE_APPS_DIR, 'symfony', '.htaccess') },
    { name: 'magento', file: path.join(REWRITE_APPS_DIR, 'magento', '.htaccess') },
    { name: 'nextcloud', file: path.join(REWRITE_APPS_DIR, 'nextcloud', '.htaccess') },
    { name: 'codeigniter', file: path.join(REWRITE_APPS_DIR, 'codeigniter', '.htaccess') },
    { name: 'yourls', file: path.join(REWRITE_APPS_DIR, 'yourls', '.htaccess') },
    { name: 'drupal', file: path.join(REALWORLD_DIR, 'drupal', 'assets', 'scaffold', 'files', 'htaccess') },
    { name: 'joomla', file: path.join(REALWORLD_DIR, 'joomla', 'htaccess.txt') },
    { name: 'cakephp', file: path.join(REALWORLD_DIR, 'cakephp', 'webroot', '.htaccess') },
    { name: 'grav', file: path.join(REALWORLD_DIR, 'grav', '.htaccess') },
    { name: 'phpbb', file: path.join(REALWORLD_DIR, 'phpbb', 'phpBB', '.htaccess') },
  ].filter((a) => fs.existsSync(a.file));
}
