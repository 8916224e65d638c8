// A deterministic set of edits to the oracle trees: typical mistakes and harmless controls.
// Each case edits files of a scratch tree; `restore` puts them back.

import * as fs from 'fs';
import * as path from 'path';
import type { Tree } from './trees';

export interface Case {
  name: string;
  tree: string;
  kind: string;
  /** -D names for this case instead of the tree's own. */
  defines?: string[];
  /** What httpd is meant to say, where the edit was written for one outcome on every tree. */
  expect?: RegExp | 'ok';
  apply(tree: Tree): void;
}

export interface Edited {
  restore(): void;
}

/** What one case changed in its tree: file contents and symbolic links, as they were before. */
interface EditLog {
  files: Map<string, Buffer | null>;
  links: Map<string, string | null>;
}

/** The log of the case being applied (cases apply synchronously, so one at a time). */
let current: EditLog | undefined;

/** Applies a case and remembers the original files and links so the tree can be restored. */
export function applyCase(tree: Tree, c: Case): Edited {
  const log: EditLog = { files: new Map(), links: new Map() };
  current = log;
  try {
    c.apply(tree);
  } finally {
    current = undefined;
  }
  return {
    restore() {
      for (const [link, target] of log.links) {
        fs.rmSync(link, { force: true });
        if (target !== null) fs.symlinkSync(target, link);
      }
      for (const [file, data] of log.files) {
        fs.rmSync(file, { force: true });
        if (data !== null) fs.writeFileSync(file, data);
      }
    },
  };
}

function rememberFile(file: string): void {
  if (current && !current.files.has(file)) current.files.set(file, fs.existsSync(file) ? fs.readFileSync(file) : null);
}

function rememberLink(link: string): void {
  if (current && !current.links.has(link)) current.links.set(link, isLink(link) ? fs.readlinkSync(link) : null);
}

function isLink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Rewrites one file of the tree (relative path), through a symlink as httpd would read it. */
function edit(tree: Tree, rel: string, change: (text: string) => string): void {
  let file = path.join(tree.dir, rel);
  if (isLink(file)) file = path.resolve(path.dirname(file), fs.readlinkSync(file));
  rememberFile(file);
  const text = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, change(text));
}

/** a2dismod: removes a link of mods-enabled. */
function disable(tree: Tree, name: string): void {
  const link = path.join(tree.dir, 'mods-enabled', name);
  rememberLink(link);
  fs.rmSync(link);
}

/** a2enmod: links mods-available/NAME into mods-enabled, if it exists and is not enabled yet. */
function enable(tree: Tree, name: string): void {
  const link = path.join(tree.dir, 'mods-enabled', name);
  if (!fs.existsSync(path.join(tree.dir, 'mods-available', name)) || isLink(link)) return;
  rememberLink(link);
  fs.symlinkSync(`../mods-available/${name}`, link);
}

function create(tree: Tree, rel: string, text: string): void {
  const file = path.join(tree.dir, rel);
  rememberFile(file);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

// Edits read lines from the copy being edited: trees embed their own scratch paths.
function lineOf(text: string, index: number): string {
  return text.split('\n')[index];
}

function replaceLine(text: string, index: number, replacement: string): string {
  const lines = text.split('\n');
  lines[index] = replacement;
  return lines.join('\n');
}

/** Directive lines of a file as plain text: index, indentation, name, rest. */
function directiveLines(text: string): { index: number; indent: string; name: string; rest: string }[] {
  const out: { index: number; indent: string; name: string; rest: string }[] = [];
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    if (index > 0 && lines[index - 1].endsWith('\\')) return;
    const m = /^(\s*)([A-Za-z][A-Za-z0-9_]*)(\s.*)?$/.exec(line);
    if (m && !line.endsWith('\\')) out.push({ index, indent: m[1], name: m[2], rest: m[3] ?? '' });
  });
  return out;
}

/** Directive lines outside any section (the server-config level of that file). */
function topLevelDirectives(text: string): { index: number; name: string; rest: string }[] {
  const lines = text.split('\n');
  const depthAt: number[] = [];
  let depth = 0;
  lines.forEach((line, i) => {
    depthAt[i] = depth;
    if (/^\s*<\//.test(line)) depth = Math.max(0, depth - 1);
    else if (/^\s*<[A-Za-z]/.test(line) && !/<\/[A-Za-z]+>\s*$/.test(line)) depth++;
  });
  return directiveLines(text).filter((d) => depthAt[d.index] === 0 && !d.indent);
}

/** Pairs of neighbouring plain directives whose order does not matter to httpd. */
function swappablePairs(text: string): number[] {
  const orderSensitive = /^(LoadModule|LoadFile|Define|UnDefine|Include|IncludeOptional|ServerRoot|Mutex|LogFormat|DefaultRuntimeDir|SSLSessionCache|TypesConfig|Alias|AliasMatch|ScriptAlias|ScriptAliasMatch|Redirect|RedirectMatch|RewriteCond|RewriteRule|Require|Order|Allow|Deny)$/i;
  const plain = directiveLines(text).filter((d) => !orderSensitive.test(d.name));
  const out: number[] = [];
  for (let i = 0; i + 1 < plain.length; i++) {
    if (plain[i + 1].index === plain[i].index + 1 && plain[i].indent === plain[i + 1].indent) out.push(plain[i].index);
  }
  return out;
}

function swapLines(text: string, index: number): string {
  const lines = text.split('\n');
  [lines[index], lines[index + 1]] = [lines[index + 1], lines[index]];
  return lines.join('\n');
}

function closingLines(text: string): number[] {
  return text.split('\n').flatMap((l, i) => (/^\s*<\/[A-Za-z]+>\s*$/.test(l) ? [i] : []));
}

function openingLines(text: string): number[] {
  return text.split('\n').flatMap((l, i) => (/^\s*<[A-Za-z][^>]*>\s*$/.test(l) ? [i] : []));
}

/** A deterministic misspelling: swap two inner letters, or drop one for short names. */
function misspell(name: string, salt: number): string {
  if (name.length < 4) return `${name}x`;
  const i = 1 + (salt % (name.length - 2));
  const chars = name.split('');
  if (chars[i] === chars[i + 1]) return name.slice(0, i) + name.slice(i + 1);
  [chars[i], chars[i + 1]] = [chars[i + 1], chars[i]];
  return chars.join('');
}

const DOCS_EXTRA_FILES = ['autoindex', 'dav', 'default', 'info', 'languages', 'manual', 'mpm', 'multilang-errordoc', 'ssl', 'userdir', 'vhosts'].map((n) => `conf/extra/httpd-${n}.conf`);

/** The files each tree's cases edit, relative to the tree. */
const TREE_FILES: Record<string, string[]> = {
  debian: ['apache2.conf', 'ports.conf', 'conf-available/security.conf', 'conf-available/charset.conf', 'conf-available/serve-cgi-bin.conf', 'mods-available/mime.conf', 'mods-available/dir.conf', 'mods-available/status.conf', 'mods-available/setenvif.conf', 'mods-available/autoindex.conf', 'mods-available/mpm_event.conf', 'mods-available/alias.conf', 'mods-available/reqtimeout.conf', 'mods-available/negotiation.conf', 'mods-available/deflate.conf', 'sites-available/000-default.conf'],
  'debian-php-prefork': ['apache2.conf', 'mods-available/php8.2.conf', 'mods-available/mpm_prefork.conf'],
  docs: ['conf/httpd.conf', 'conf/extra/proxy-html.conf'],
  'docs-extras': ['conf/httpd.conf', ...DOCS_EXTRA_FILES, 'conf/extra/proxy-html.conf'],
  'own-small': ['httpd.conf', 'conf.d/vhosts.conf'],
  'own-vhosts': ['httpd.conf', 'sites/000-default.conf', 'sites/a.conf', 'sites/b.conf'],
  'own-defines': ['httpd.conf', 'conf/modules.conf'],
};

/** The main file of each tree, relative to its directory. */
const MAIN: Record<string, string> = {
  debian: 'apache2.conf',
  'debian-php-prefork': 'apache2.conf',
  docs: 'conf/httpd.conf',
  'docs-extras': 'conf/httpd.conf',
  'own-small': 'httpd.conf',
  'own-vhosts': 'httpd.conf',
  'own-defines': 'httpd.conf',
};

/** Files httpd never reads in that tree (their Include sits in a false <IfModule>). */
const UNREAD = new Set(['docs:conf/extra/proxy-html.conf']);

/** The trees the cases run on (see trees.ts). */
export const TREE_NAMES = Object.keys(TREE_FILES);

const CONTEXT_WRAPPERS: Record<string, [string, string]> = {
  directory: ['<Directory /tmp>', '</Directory>'],
  location: ['<Location /moved>', '</Location>'],
  vhost: ['<VirtualHost *:18099>', '</VirtualHost>'],
};

export function generateCases(read: (tree: string, rel: string) => string): Case[] {
  const cases: Case[] = [];
  const add = (tree: string, kind: string, name: string, apply: (t: Tree) => void, extra: Pick<Case, 'defines' | 'expect'> = {}): void => {
    cases.push({ tree, kind, name: `${tree}: ${kind}: ${name}`, apply, ...extra });
  };

  for (const [tree, files] of Object.entries(TREE_FILES)) {
    for (const rel of files) {
      const text = read(tree, rel);
      const directives = directiveLines(text);
      directives.forEach((d, n) => {
        // Every directive misspelled (inside a false <IfModule> httpd never looks at it).
        add(tree, 'misspelled', `${rel}:${d.index + 1} ${d.name}`, (t) => edit(t, rel, (x) => replaceLine(x, d.index, lineOf(x, d.index).replace(d.name, misspell(d.name, n)))));
        // A trailing comment on every directive: errors for one-argument ones, silent for others.
        add(tree, 'trailing-comment', `${rel}:${d.index + 1} ${d.name}`, (t) => edit(t, rel, (x) => replaceLine(x, d.index, `${lineOf(x, d.index).replace(/\s+$/, '')} # note`)));
      });
      for (const index of closingLines(text)) {
        add(tree, 'closing-removed', `${rel}:${index + 1}`, (t) => edit(t, rel, (x) => replaceLine(x, index, '')));
        add(tree, 'closing-wrong', `${rel}:${index + 1}`, (t) => edit(t, rel, (x) => replaceLine(x, index, /<\/Files>/i.test(x.split('\n')[index]) ? '</Location>' : '</Files>')));
      }
      for (const index of openingLines(text).slice(0, 6)) {
        add(tree, 'missing-bracket', `${rel}:${index + 1}`, (t) => edit(t, rel, (x) => replaceLine(x, index, x.split('\n')[index].replace(/>\s*$/, ''))));
      }
      add(tree, 'stray-closing', rel, (t) => edit(t, rel, (x) => `${x}\n</Directory>\n`), { expect: UNREAD.has(`${tree}:${rel}`) ? 'ok' : /<\/Directory> without matching <Directory> section/ });
      for (const index of swappablePairs(text).slice(0, 3)) {
        add(tree, 'control-reorder', `${rel}:${index + 1}-${index + 2}`, (t) => edit(t, rel, (x) => swapLines(x, index)), { expect: 'ok' });
      }
      add(tree, 'control-comments', rel, (t) => edit(t, rel, (x) => `# added comment\n\n${x}\n# trailing comment line\n`), { expect: 'ok' });
      add(tree, 'control-crlf', rel, (t) => edit(t, rel, (x) => x.replace(/\n/g, '\r\n')), { expect: 'ok' });
      add(tree, 'bom', rel, (t) => edit(t, rel, (x) => `\uFEFF${x}`));
    }
    const main = MAIN[tree];
    const appendMain = (kind: string, name: string, line: string, expect?: RegExp | 'ok'): void =>
      add(tree, kind, name, (t) => edit(t, main, (x) => `${x}\n${line}\n`), { expect });
    // Server-level directives of the main file, copied into a section where some are not allowed.
    const mainText = read(tree, main);
    for (const d of topLevelDirectives(mainText)) {
      for (const [where, [open, close]] of Object.entries(CONTEXT_WRAPPERS)) {
        add(tree, `copied-into-${where}`, `${main}:${d.index + 1} ${d.name}`, (t) => edit(t, main, (x) => `${x}\n${open}\n    ${lineOf(x, d.index).trim()}\n${close}\n`));
      }
    }
    // Each LoadModule line of the main file commented out: that module's directives become unknown.
    for (const d of directiveLines(mainText).filter((l) => /^LoadModule$/i.test(l.name))) {
      add(tree, 'loadmodule-removed', `${main}:${d.index + 1} ${d.rest.trim().split(/\s+/)[0]}`, (t) => edit(t, main, (x) => replaceLine(x, d.index, `#${lineOf(x, d.index)}`)));
    }
    appendMain('context', 'Require at server level', 'Require all granted', /Require not allowed here/);
    appendMain('context', 'Listen in a vhost', '<VirtualHost *:18099>\n    Listen 18098\n</VirtualHost>', /Listen cannot occur within <VirtualHost> section/);
    appendMain('context', 'User in a vhost', '<VirtualHost *:18099>\n    User www-data\n</VirtualHost>', /User cannot occur within <VirtualHost> section/);
    appendMain('context', 'AllowOverride in a vhost', '<VirtualHost *:18099>\n    AllowOverride None\n</VirtualHost>', /AllowOverride not allowed in <VirtualHost> context/);
    appendMain('context', 'VirtualHost in Directory', '<Directory /tmp>\n    <VirtualHost *:18099>\n    </VirtualHost>\n</Directory>', /<VirtualHost not allowed in <Directory> context/);
    appendMain('context', 'Directory in Directory', '<Directory /tmp>\n    <Directory /tmp/x>\n    </Directory>\n</Directory>', /<Directory not allowed in <Directory> context/);
    appendMain('context', 'Location in Location', '<Location /a>\n    <Location /b>\n    </Location>\n</Location>', /<Location not allowed in <Location> context/);
    appendMain('context', 'Files in Location', '<Location /a>\n    <Files x>\n    </Files>\n</Location>', /<Files> cannot occur within <Location> section/);
    appendMain('context', 'DocumentRoot in Directory', '<Directory /tmp>\n    DocumentRoot /tmp\n</Directory>', /DocumentRoot not allowed in <Directory> context/);
    appendMain('context', 'ServerName in Directory', '<Directory /tmp>\n    ServerName x.example\n</Directory>', /ServerName not allowed in <Directory> context/);
    appendMain('context', 'Options in a vhost (allowed)', '<VirtualHost *:18099>\n    Options -Indexes\n</VirtualHost>', 'ok');
    appendMain('context', 'Require in a Location (allowed)', '<Location /x>\n    Require all denied\n</Location>', 'ok');
    appendMain('context', 'LoadModule in a vhost (read-time, allowed)', '<VirtualHost *:18099>\n    LoadModule rewrite_module /usr/lib/apache2/modules/mod_rewrite.so\n</VirtualHost>');
    appendMain('context', 'Define in a vhost (allowed)', '<VirtualHost *:18099>\n    Define IN_VHOST 1\n</VirtualHost>', 'ok');
    appendMain('value', 'KeepAlive maybe', 'KeepAlive maybe', /KeepAlive must be On or Off/);
    appendMain('value', 'KeepAlive 1', 'KeepAlive 1', /KeepAlive must be On or Off/);
    appendMain('value', 'KeepAliveTimeout abc', 'KeepAliveTimeout abc', /KeepAliveTimeout has wrong format/);
    appendMain('value', 'KeepAliveTimeout 5s (allowed)', 'KeepAliveTimeout 5s', 'ok');
    appendMain('value', 'KeepAliveTimeout 500ms (allowed)', 'KeepAliveTimeout 500ms', 'ok');
    appendMain('value', 'LogLevel loud', 'LogLevel loud', /Log level keyword must be one of emerg\/alert\/crit\/error\/warn\/notice\/info\/debug\/trace1\/...\/trace8/);
    appendMain('value', 'LogLevel per module (allowed)', 'LogLevel warn core:info', 'ok');
    appendMain('value', 'ServerTokens foo', 'ServerTokens foo', /ServerTokens takes 1 argument: 'Prod\(uctOnly\)', 'Major'/);
    appendMain('value', 'ServerSignature maybe', 'ServerSignature maybe', /ServerSignature: use one of: off \| on \| email/);
    appendMain('value', 'HostnameLookups sometimes', 'HostnameLookups sometimes', /parameter must be 'on', 'off', or 'double'/);
    appendMain('value', 'UseCanonicalName perhaps', 'UseCanonicalName perhaps', /parameter must be 'on', 'off', or 'dns'/);
    appendMain('value', 'TraceEnable foo', 'TraceEnable foo', /TraceEnable must be one of 'on', 'off', or 'extended'/);
    appendMain('value', 'ServerName with two words', 'ServerName a.example b.example', /ServerName takes one argument/);
    appendMain('value', 'ServerName empty', 'ServerName ""', /ServerName takes one argument/);
    appendMain('value', 'DocumentRoot missing argument', 'DocumentRoot', /DocumentRoot takes one argument/);
    appendMain('value', 'Listen abc', 'Listen abc', /Port must be specified/);
    appendMain('value', 'Options mixed', '<Directory /tmp>\n    Options +Indexes FollowSymLinks\n</Directory>', /Either all Options must start with \+ or -, or no Option may/);
    appendMain('value', 'Options unknown', '<Directory /tmp>\n    Options Bogus\n</Directory>', /Illegal option Bogus/);
    appendMain('value', 'Options signed (allowed)', '<Directory /tmp>\n    Options -Indexes +FollowSymLinks\n</Directory>', 'ok');
    appendMain('value', 'Require unknown provider', '<Directory /tmp>\n    Require foo bar\n</Directory>', /Unknown Authz provider: foo/);
    appendMain('value', 'ErrorDocument 999', 'ErrorDocument 999 /x', /Unsupported HTTP response code 999/);
    appendMain('value', 'Timeout text (allowed by httpd)', 'Timeout abc', 'ok');
    appendMain('value', 'MaxKeepAliveRequests text (allowed by httpd)', 'MaxKeepAliveRequests lots', 'ok');
    appendMain('value', 'LimitRequestBody past 2^63-1', 'LimitRequestBody 9223372036854775808', /LimitRequestBody argument is not parsable\./);
    appendMain('value', 'LimitRequestBody with a sign (allowed)', 'LimitRequestBody +5', 'ok');
    appendMain('value', 'RequestReadTimeout negative', '<IfModule reqtimeout_module>\n    RequestReadTimeout header=-5\n</IfModule>');
    appendMain('value', 'RequestReadTimeout range (allowed)', '<IfModule reqtimeout_module>\n    RequestReadTimeout header=20-40,MinRate=500 body=20,MinRate=500\n</IfModule>', 'ok');
    appendMain('value', 'AsyncRequestWorkerFactor 0', '<IfModule mpm_event_module>\n    AsyncRequestWorkerFactor 0\n</IfModule>');
    appendMain('value', 'AsyncRequestWorkerFactor 1.5 (allowed)', '<IfModule mpm_event_module>\n    AsyncRequestWorkerFactor 1.5\n</IfModule>', 'ok');
    appendMain('mpm', 'extra MPM', 'LoadModule mpm_worker_module /usr/lib/apache2/modules/mod_mpm_worker.so', /More than one MPM loaded/);
    appendMain('modules', 'built-in module loaded', 'LoadModule log_config_module /usr/lib/apache2/modules/mod_log_config.so', /module log_config_module is built-in and can't be loaded/);
    appendMain('modules', 'module loaded twice (warning)', 'LoadModule alias_module /usr/lib/apache2/modules/mod_alias.so\nLoadModule alias_module /usr/lib/apache2/modules/mod_alias.so');
    appendMain('modules', 'directive of an unloaded module', 'RewriteCond %{HTTP_HOST} x\nProxyPreserveHost On');
    appendMain('modules', 'Header without mod_headers guard', 'Header set X-A b');
    appendMain('modules', 'MaxSpareServers on the wrong MPM', 'MaxSpareServers 10');
    appendMain('modules', 'ThreadsPerChild on the wrong MPM', 'ThreadsPerChild 25');
    appendMain('include', 'Include of a missing file', 'Include does-not-exist.conf', /Could not open configuration file .*does-not-exist.conf: No such file or directory/);
    appendMain('include', 'Include glob matching nothing', 'Include conf-available/*.nothing', /Include\/IncludeOptional: (No matches for the wildcard|Could not open directory)/);
    appendMain('include', 'Include of a missing directory glob', 'Include no-such-dir/*.conf', /Include\/IncludeOptional: Could not open directory .*no-such-dir/);
    appendMain('include', 'IncludeOptional of a missing file (allowed)', 'IncludeOptional does-not-exist.conf', 'ok');
    appendMain('include', 'IncludeOptional glob matching nothing (allowed)', 'IncludeOptional no-such-dir/*.conf', 'ok');
    add(tree, 'include', 'Include recursion', (t) => {
      create(t, 'loop-a.conf', 'Include loop-b.conf\n');
      create(t, 'loop-b.conf', 'Include loop-a.conf\n');
      edit(t, main, (x) => `${x}\nInclude loop-a.conf\n`);
    });
    // httpd reads a file 128 Includes below the main file (the 129th fails, but its message, one
    // line of nested locations, is cut at 8 KB before the innermost one: a unit test covers it).
    add(tree, 'include', 'Include chain 128 files deep (allowed)', (t) => {
      for (let i = 1; i < 128; i++) create(t, `depth-${i}.conf`, `Include depth-${i + 1}.conf\n`);
      create(t, 'depth-128.conf', 'ServerAdmin depth@example.com\n');
      edit(t, main, (x) => `${x}\nInclude depth-1.conf\n`);
    }, { expect: 'ok' });
    appendMain('variables', 'undefined variable (warning)', 'ServerAdmin ${NOPE_NOT_DEFINED}', 'ok');
    appendMain('variables', 'defined variable (allowed)', 'Define ADMIN admin@example.com\nServerAdmin ${ADMIN}', 'ok');
    appendMain('syntax', 'unterminated quote (allowed)', 'ServerAdmin "me@example.com', 'ok');
    appendMain('syntax', 'continuation line (allowed)', 'ServerAdmin \\\n    me@example.com', 'ok');
    appendMain('syntax', 'comment continuation swallows a line (allowed)', '# note \\\nFooBarBaz x', 'ok');
    appendMain('syntax', 'backslash then blank is no continuation', 'ServerAdmin a@b\\ \nFooBarBaz x', /Invalid command 'FooBarBaz'/);
    appendMain('syntax', 'escaped backslash at the end continues too (allowed)', 'ServerAdmin a@b\\\\\nc', 'ok');
    appendMain('syntax', 'IfModule mod_x form (allowed, never true)', '<IfModule mod_headers>\n    FooBarBaz x\n</IfModule>', 'ok');
    appendMain('syntax', 'IfModule .so form (allowed, never true)', '<IfModule mod_rewrite.so>\n    FooBarBaz x\n</IfModule>', 'ok');
    appendMain('syntax', 'IfModule wrong case (allowed, never true)', '<IfModule MIME_MODULE>\n    FooBarBaz x\n</IfModule>', 'ok');
    appendMain('syntax', 'unclosed section inside a false IfModule', '<IfModule mod_nothing.c>\n    <Directory /x>\n</IfModule>', /Expected <\/Directory> but saw <\/IfModule>/);
    appendMain('syntax', 'IfModule without argument', '<IfModule>\n</IfModule>', /<IfModule> directive requires additional arguments/);
    appendMain('syntax', 'Else without If', '<Else>\n</Else>', /<Else> or <ElseIf> section without previous <If> or <ElseIf> section in same scope/);
    appendMain('syntax', 'If and Else (allowed)', '<If "%{HTTP_HOST} == \'a\'">\n    Require all denied\n</If>\n<Else>\n    Require all granted\n</Else>', 'ok');
    appendMain('syntax', 'one-line section', '<Directory /tmp></Directory>', /<Directory> was not closed/);
    appendMain('syntax', 'closing tag with an argument', '<IfModule mod_alias.c>\n</IfModule extra>', /<\/IfModule without matching <IfModule section|Expected <\/IfModule> but saw <\/IfModul>/);
    appendMain('syntax', 'case-insensitive closing tag (allowed)', '<directory /tmp>\n</DIRECTORY>', 'ok');
    appendMain('context', 'ProxyPass in Directory', '<IfModule proxy_module>\n<Directory /tmp>\n    ProxyPass /x http://127.0.0.1:9/\n</Directory>\n</IfModule>');
    // mod_proxy's add_pass reads its own words (probed): a URL after the path, then flags or key=value.
    const proxy = '<IfModule !proxy_module>\n    LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so\n</IfModule>\n';
    appendMain('value', 'ProxyPass parameter without =', `${proxy}ProxyPass /a http://127.0.0.1:9/ x`, /Invalid ProxyPass\|ProxyPassMatch parameter\. Parameter must be in the form 'key=value'\./);
    appendMain('value', 'ProxyPass flags and parameters (allowed)', `${proxy}ProxyPass /a http://127.0.0.1:9/ NOCANON noquery retry=0 timeout=5\nProxyPass / !`, 'ok');
    appendMain('value', 'ProxyPass with a path in a Location', `${proxy}<Location /a>\n    ProxyPass /x http://127.0.0.1:9/\n</Location>`, /ProxyPass\|ProxyPassMatch can not have a path when defined in a location\./);
    appendMain('value', 'ProxyPass URL alone in a Location (allowed)', `${proxy}<Location /a>\n    ProxyPass http://127.0.0.1:9/ retry=0\n</Location>`, 'ok');
    appendMain('value', 'ProxyPass without a URL', `${proxy}ProxyPass /a`, /ProxyPass\|ProxyPassMatch needs a path when not defined in a location/);
    appendMain('value', 'ProxyPass to a relative URL', `${proxy}ProxyPass /a /b`, /ProxyPass URL must be absolute!: \/b/);
    appendMain('value', 'ProxyPass to a URL without a scheme', `${proxy}ProxyPass /a :9`, /ProxyPass Unable to parse URL: :9/);
    appendMain('value', 'ProxyPassMatch with ~', `${proxy}ProxyPassMatch ~ ^/a http://127.0.0.1:9/`, /ProxyPassMatch invalid syntax \('~' usage\)\./);
    appendMain('value', 'ProxyPassReverse with a path in a Location', `${proxy}<Location /a>\n    ProxyPassReverse /x http://127.0.0.1:9/\n</Location>`, /ProxyPassReverse can not have a path when defined in a location/);
    appendMain('value', 'ProxyPassReverse without a path', `${proxy}ProxyPassReverse http://127.0.0.1:9/`, /ProxyPassReverse needs a path when not defined in a location/);
    appendMain('value', 'ProxyPassReverse interpolate in a Location (allowed)', `${proxy}<Location /a>\n    ProxyPassReverse http://127.0.0.1:9/ interpolate\n</Location>`, 'ok');
    appendMain('value', 'ProxyPass ~ and a socket URL (allowed)', `${proxy}ProxyPass ~ ^/a unix:/run/php.sock|fcgi://localhost/`, 'ok');
    appendMain('context', 'AllowOverride in Location (warning)', '<Location /x>\n    AllowOverride None\n</Location>', 'ok');
    appendMain('context', 'Limit with an unknown method (allowed)', '<Directory /tmp>\n    <Limit FOO>\n        Require all denied\n    </Limit>\n</Directory>', 'ok');
    appendMain('value', 'main DocumentRoot missing', 'DocumentRoot /nonexistent/www', /DocumentRoot '\/nonexistent\/www' is not a directory, or is not readable/);
    appendMain('value', 'vhost DocumentRoot missing (warning)', '<VirtualHost *:18099>\n    DocumentRoot /nonexistent/www\n</VirtualHost>', 'ok');
    appendMain('value', 'NameVirtualHost (warning)', 'NameVirtualHost *:18099', 'ok');
    appendMain('value', 'User that does not exist', 'User apache', /bad user name apache/);
    appendMain('value', 'Mutex with an unknown mechanism', 'Mutex foo default', /Invalid Mutex argument foo/);
    appendMain('value', 'obsolete Port', 'Port 80', /Port was replaced with Listen in Apache 2.0/);
    appendMain('value', 'DirectoryMatch with a bad regex', '<DirectoryMatch "([">\n</DirectoryMatch>', /Regex could not be compiled/);
    appendMain('value', 'If with a bad expression', '<If "%{FOO} ==">\n</If>', /Cannot parse condition clause/);
    appendMain('value', 'RewriteRule with an unknown flag', '<IfModule rewrite_module>\n    RewriteRule ^/a /b [FOO]\n</IfModule>');
    // mod_rewrite splits its own lines: backslash-blank stays in the word, nothing is unescaped.
    appendMain('value', 'RewriteCond with escaped blanks (allowed)', '<IfModule rewrite_module>\n    RewriteCond %{THE_REQUEST} ^GET\\ /index\\.php\\ HTTP\n    RewriteRule ^/index\\.php$ / [R=301,L]\n</IfModule>', 'ok');
    appendMain('value', 'RewriteRule pattern with a doubled backslash (allowed)', '<IfModule rewrite_module>\n    RewriteRule ^/(.*)\\\\(.*)$ /$1/$2 [R=301,L]\n    RewriteRule [\\\\] - [F]\n</IfModule>', 'ok');
    appendMain('value', 'RewriteCond flags without brackets', '<IfModule rewrite_module>\n    RewriteCond %{HTTP_HOST} x NC\n    RewriteRule ^/a /b\n</IfModule>');
    appendMain('value', 'php_value without mod_php', '<IfModule !php_module>\n    php_value memory_limit 64M\n</IfModule>');
    appendMain('syntax', 'section missing its closing bracket', '<Directory /tmp\n</Directory>', /<Directory> directive missing closing '>'/);
    appendMain('syntax', 'VirtualHost without an address', '<VirtualHost>\n</VirtualHost>', /<VirtualHost> directive requires additional arguments/);
    appendMain('syntax', 'unclosed section at the end of the file', '<Location /unclosed>\n    Require all denied', /<Location> was not closed/);
    appendMain('control', 'extra valid directives', 'ServerSignature Off\nTraceEnable Off\n<Directory /tmp>\n    AllowOverride None\n    Require all denied\n</Directory>', 'ok');
    appendMain('control', 'IfDefine never defined (allowed)', '<IfDefine NEVER_DEFINED_X>\n    FooBarBaz x\n</IfDefine>', 'ok');
  }

  // Loaded modules removed: the module's own directives outside <IfModule> then fail.
  for (const mod of ['mime', 'dir', 'setenvif', 'alias', 'autoindex', 'negotiation', 'deflate', 'reqtimeout', 'status', 'authz_core', 'filter', 'access_compat']) {
    add('debian', 'module-removed', `${mod}.load disabled`, (t) => disable(t, `${mod}.load`));
  }
  add('debian', 'mpm', 'no MPM', (t) => {
    disable(t, 'mpm_event.load');
    disable(t, 'mpm_event.conf');
  }, { expect: /No MPM loaded/ });
  for (const mod of ['rewrite', 'headers', 'ssl', 'proxy', 'expires', 'cgi', 'userdir', 'info']) {
    add('debian', 'module-enabled', `a2enmod ${mod}`, (t) => {
      enable(t, `${mod}.load`);
      enable(t, `${mod}.conf`);
    });
  }
  add('debian-php-prefork', 'mpm', 'mod_php under event', (t) => {
    for (const [from, to] of [['mpm_prefork.load', 'mpm_event.load'], ['mpm_prefork.conf', 'mpm_event.conf']]) {
      disable(t, from);
      enable(t, to);
    }
  }, { expect: /threaded MPM, but your PHP Module is not compiled to be threadsafe/ });

  // The conditional tree under several command-line -D sets (httpd -D NAME takes names only).
  for (const defines of [[], ['PRODUCTION'], ['WORKER'], ['WITH_STATUS'], ['PRODUCTION', 'WORKER', 'WITH_STATUS']]) {
    add('own-defines', 'defines', `-D ${defines.join(' -D ') || '(none)'}`, () => undefined, { defines, expect: 'ok' });
  }
  add('own-defines', 'defines', 'a section guarded by a -D name', (t) => edit(t, 'httpd.conf', (x) => `${x}\n<IfDefine !PRODUCTION>\n    FooBarBaz x\n</IfDefine>\n`), { defines: ['PRODUCTION'], expect: 'ok' });
  add('own-defines', 'defines', 'the same section without the -D name', (t) => edit(t, 'httpd.conf', (x) => `${x}\n<IfDefine !PRODUCTION>\n    FooBarBaz x\n</IfDefine>\n`), { defines: [], expect: /Invalid command 'FooBarBaz'/ });
  // httpd has no -D NAME=VALUE: the whole word is the name, so PRODUCTION stays undefined.
  add('own-defines', 'defines', '-D NAME=VALUE is one name to httpd', (t) => edit(t, 'httpd.conf', (x) => `${x}\n<IfDefine !PRODUCTION>\n    FooBarBaz x\n</IfDefine>\n`), { defines: ['PRODUCTION=1'], expect: /Invalid command 'FooBarBaz'/ });
  add('own-defines', 'defines', 'UnDefine then IfDefine', (t) => edit(t, 'httpd.conf', (x) => `${x}\nDefine GONE\nUnDefine GONE\n<IfDefine GONE>\n    FooBarBaz x\n</IfDefine>\n`), { expect: 'ok' });
  add('own-defines', 'defines', 'a variable used after UnDefine (warning)', (t) => edit(t, 'httpd.conf', (x) => `${x}\nServerAdmin admin@\${PORT}\n`), { expect: 'ok' });
  return cases;
}
