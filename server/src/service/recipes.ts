// Recipes: small, complete configurations for common jobs, offered by completion where a
// directive may start. Our own configurations and words. Each is offered only in the scopes it
// works in and when the tree loads what it needs; test/oracle/recipes.test.ts has the real httpd
// accept every recipe (placeholders at their defaults) and checks our rules stay quiet on it.
// Snippet syntax: ${n:default}, ${n|a,b|}; "\\$" and "\\\\" in the strings below are a literal
// dollar and backslash.

import type { ConfigModel, Scope } from '../model';

export interface Recipe {
  id: string;
  label: string;
  description: string;
  /** Scopes where the recipe may be inserted. */
  scopes: Scope[];
  /** Module identifiers the recipe's directives come from. */
  modules: string[];
  /** An extra condition on the tree (beyond its modules). */
  applies?: (model: ConfigModel) => boolean;
  /** The snippet, by scope when the scopes need different configurations. */
  body: string | Partial<Record<Scope, string>>;
}

const ANY: Scope[] = ['server', 'vhost', 'directory', 'htaccess'];

const DOTFILES_FILES = [
  '# Hidden files (.env, .htpasswd, .git/…) are never served; .well-known stays reachable.',
  '<FilesMatch "^\\\\.">',
  '\tRequire all denied',
  '</FilesMatch>',
].join('\n');

export const RECIPES: Recipe[] = [
  {
    id: 'https-redirect',
    label: 'HTTPS redirect',
    description: 'Sends every plain-HTTP request to the same address over HTTPS (behind a TLS-terminating proxy HTTPS is off: test X-Forwarded-Proto instead).',
    scopes: ANY,
    modules: ['rewrite_module'],
    body: ['RewriteEngine On', 'RewriteCond %{HTTPS} !=on', 'RewriteRule ^ https://%{HTTP_HOST}%{REQUEST_URI} [R=${1|301,302|},L]', '$0'].join('\n'),
  },
  {
    id: 'canonical-host',
    label: 'Canonical host name',
    description: 'Redirects every other host name (example.com, an IP address) to the one canonical name, keeping the path and query.',
    scopes: ANY,
    modules: ['rewrite_module'],
    body: [
      'RewriteEngine On',
      'RewriteCond %{HTTP_HOST} !^$',
      'RewriteCond %{HTTP_HOST} !=${1:www.example.com} [NC]',
      'RewriteRule ^ https://${1:www.example.com}%{REQUEST_URI} [R=301,L]',
      '$0',
    ].join('\n'),
  },
  {
    id: 'security-headers',
    label: 'Security headers',
    description: 'Response headers that stop MIME sniffing and framing by other sites, limit the Referer and browser features, and turn on HSTS for HTTPS requests. Add a Content-Security-Policy written for the site.',
    scopes: ANY,
    modules: ['headers_module'],
    body: [
      'Header always set X-Content-Type-Options "nosniff"',
      'Header always set X-Frame-Options "${1|SAMEORIGIN,DENY|}"',
      'Header always set Referrer-Policy "${2:strict-origin-when-cross-origin}"',
      'Header always set Permissions-Policy "${3:geolocation=(), camera=(), microphone=()}"',
      'Header always set Strict-Transport-Security "max-age=${4:63072000}" "expr=%{HTTPS} == \'on\'"',
      '$0',
    ].join('\n'),
  },
  {
    id: 'static-caching',
    label: 'Caching of static assets',
    description: 'Lets browsers keep images, fonts, styles and scripts for a while (mod_expires sets Expires and Cache-Control max-age). Use versioned file names so a change is fetched at once.',
    scopes: ANY,
    modules: ['expires_module'],
    body: [
      'ExpiresActive On',
      ...['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/svg+xml', 'font/woff2', 'text/css', 'text/javascript', 'application/javascript'].map(
        (type) => `ExpiresByType ${type} "access plus \${1:1 month}"`,
      ),
      '$0',
    ].join('\n'),
  },
  {
    id: 'deny-dotfiles',
    label: 'Deny dotfiles and version-control folders',
    description: 'Refuses hidden files (.env, .htpasswd) and the contents of .git, .svn, .hg and .bzr folders, so a checkout deployed as the site does not give away its history.',
    scopes: ANY,
    modules: ['authz_core_module'],
    body: {
      server: `${DOTFILES_FILES}\n<DirectoryMatch "/\\\\.(git|svn|hg|bzr)(/|\\$)">\n\tRequire all denied\n</DirectoryMatch>\n$0`,
      vhost: `${DOTFILES_FILES}\n<DirectoryMatch "/\\\\.(git|svn|hg|bzr)(/|\\$)">\n\tRequire all denied\n</DirectoryMatch>\n$0`,
      directory: `${DOTFILES_FILES}\n<If "%{REQUEST_URI} =~ m#/\\\\.(git|svn|hg|bzr)(/|\\$)#">\n\tRequire all denied\n</If>\n$0`,
      htaccess: `${DOTFILES_FILES}\n<If "%{REQUEST_URI} =~ m#/\\\\.(git|svn|hg|bzr)(/|\\$)#">\n\tRequire all denied\n</If>\n$0`,
    },
  },
  {
    id: 'php-fpm',
    label: 'PHP-FPM through proxy_fcgi',
    description: 'Hands .php files to PHP-FPM over its Unix socket (Debian\'s php-fpm path by default), so httpd can run the event MPM without mod_php.',
    scopes: ANY,
    modules: ['proxy_module', 'proxy_fcgi_module'],
    body: ['<FilesMatch "\\\\.php\\$">', '\tSetHandler "proxy:unix:${1:/run/php/php8.2-fpm.sock}|fcgi://localhost"', '</FilesMatch>', '$0'].join('\n'),
  },
  {
    id: 'reverse-proxy-websocket',
    label: 'Reverse proxy with WebSocket',
    description: 'Forwards a path to a back-end application, WebSocket upgrades included (upgrade=websocket, httpd 2.4.47 and later), and rewrites its redirects back to this server.',
    scopes: ['server', 'vhost'],
    modules: ['proxy_module', 'proxy_http_module'],
    body: [
      'ProxyPreserveHost On',
      'ProxyPass "/${1:app}/" "http://${2:127.0.0.1:8080}/" upgrade=websocket',
      'ProxyPassReverse "/${1:app}/" "http://${2:127.0.0.1:8080}/"',
      '$0',
    ].join('\n'),
  },
  {
    id: 'prefork-php-keepalive',
    label: 'Keep-alive for prefork with PHP',
    description: 'Keep-alive on, but short: with prefork and mod_php every idle connection holds a whole PHP process, so the timeout stays at a couple of seconds (what the prefork-keepalive-timeout rule advises).',
    scopes: ['server'],
    modules: [],
    applies: (model) => model.mpm === 'prefork' && model.languageModules.some((l) => l.inProcess && l.kind === 'php'),
    body: ['KeepAlive On', 'KeepAliveTimeout ${1:2}', 'MaxKeepAliveRequests ${2:100}', '$0'].join('\n'),
  },
];

/** The recipes usable at a place: its scope, and (where the tree is known) its modules and MPM. */
export function recipesFor(scope: Scope, model: ConfigModel | undefined): { recipe: Recipe; body: string }[] {
  const out: { recipe: Recipe; body: string }[] = [];
  for (const recipe of RECIPES) {
    if (!recipe.scopes.includes(scope)) continue;
    const known = !!model?.moduleStateKnown;
    if (known && recipe.modules.some((m) => !model.modules.has(m))) continue;
    if (recipe.applies && (!model || !known || !recipe.applies(model))) continue;
    const body = typeof recipe.body === 'string' ? recipe.body : recipe.body[scope];
    if (body) out.push({ recipe, body });
  }
  return out;
}
