// A deterministic set of edits to the oracle trees: typical mistakes and harmless controls.
// Each case edits files of a scratch tree; `restore` puts them back.

import * as fs from 'fs';
import * as path from 'path';
import type { Tree } from './trees';

export interface Case {
  name: string;
  tree: string;
  kind: string;
  apply(tree: Tree): void;
}

export interface Edited {
  restore(): void;
}

/** Applies a case and remembers the original files so the tree can be restored. */
export function applyCase(tree: Tree, c: Case): Edited {
  const originals = new Map<string, Buffer | null>();
  const remember = (file: string): void => {
    if (!originals.has(file)) originals.set(file, fs.existsSync(file) ? fs.readFileSync(file) : null);
  };
  currentRecorder = remember;
  try {
    c.apply(tree);
  } finally {
    currentRecorder = undefined;
  }
  return {
    restore() {
      restoreSymlinks();
      for (const [file, data] of originals) {
        if (data === null) fs.rmSync(file, { force: true });
        else {
          fs.rmSync(file, { force: true });
          fs.writeFileSync(file, data);
        }
      }
    },
  };
}

let currentRecorder: ((file: string) => void) | undefined;

/** Rewrites one file of the tree (relative path), through a symlink as httpd would read it. */
function edit(tree: Tree, rel: string, change: (text: string) => string): void {
  let file = path.join(tree.dir, rel);
  if (fs.lstatSync(file).isSymbolicLink()) file = path.resolve(path.dirname(file), fs.readlinkSync(file));
  currentRecorder?.(file);
  const text = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, change(text));
}

function create(tree: Tree, rel: string, text: string): void {
  const file = path.join(tree.dir, rel);
  currentRecorder?.(file);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

function replaceLine(text: string, index: number, replacement: string): string {
  const lines = text.split('\n');
  lines[index] = replacement;
  return lines.join('\n');
}

function insertAfter(text: string, index: number, line: string): string {
  const lines = text.split('\n');
  lines.splice(index + 1, 0, line);
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

const TREE_FILES: Record<string, string[]> = {
  debian: ['apache2.conf', 'ports.conf', 'conf-available/security.conf', 'conf-available/charset.conf', 'conf-available/serve-cgi-bin.conf', 'mods-available/mime.conf', 'mods-available/dir.conf', 'mods-available/status.conf', 'mods-available/setenvif.conf', 'mods-available/autoindex.conf', 'mods-available/mpm_event.conf', 'mods-available/alias.conf', 'mods-available/reqtimeout.conf', 'mods-available/negotiation.conf', 'mods-available/deflate.conf', 'sites-available/000-default.conf'],
  'debian-php-prefork': ['apache2.conf', 'mods-available/php8.2.conf', 'mods-available/mpm_prefork.conf'],
  docs: ['conf/httpd.conf', 'conf/extra/proxy-html.conf'],
  'own-small': ['httpd.conf', 'conf.d/vhosts.conf'],
};

/** The main file of each tree, relative to its directory. */
const MAIN: Record<string, string> = { debian: 'apache2.conf', 'debian-php-prefork': 'apache2.conf', docs: 'conf/httpd.conf', 'own-small': 'httpd.conf' };

export function generateCases(read: (tree: string, rel: string) => string): Case[] {
  const cases: Case[] = [];
  const add = (tree: string, kind: string, name: string, apply: (t: Tree) => void): void => {
    cases.push({ tree, kind, name: `${tree}: ${kind}: ${name}`, apply });
  };

  for (const [tree, files] of Object.entries(TREE_FILES)) {
    for (const rel of files) {
      const text = read(tree, rel);
      const directives = directiveLines(text);
      directives.forEach((d, n) => {
        // Every directive misspelled (inside a false <IfModule> httpd never looks at it).
        add(tree, 'misspelled', `${rel}:${d.index + 1} ${d.name}`, (t) => edit(t, rel, (x) => replaceLine(x, d.index, `${d.indent}${misspell(d.name, n)}${d.rest}`)));
        // A trailing comment on every directive: errors for one-argument ones, silent for others.
        add(tree, 'trailing-comment', `${rel}:${d.index + 1} ${d.name}`, (t) => edit(t, rel, (x) => replaceLine(x, d.index, `${d.indent}${d.name}${d.rest.replace(/\s+$/, '')} # note`)));
      });
      for (const index of closingLines(text)) {
        add(tree, 'closing-removed', `${rel}:${index + 1}`, (t) => edit(t, rel, (x) => replaceLine(x, index, '')));
        add(tree, 'closing-wrong', `${rel}:${index + 1}`, (t) => edit(t, rel, (x) => replaceLine(x, index, /<\/Files>/i.test(x.split('\n')[index]) ? '</Location>' : '</Files>')));
      }
      for (const index of openingLines(text).slice(0, 6)) {
        add(tree, 'missing-bracket', `${rel}:${index + 1}`, (t) => edit(t, rel, (x) => replaceLine(x, index, x.split('\n')[index].replace(/>\s*$/, ''))));
      }
      add(tree, 'stray-closing', rel, (t) => edit(t, rel, (x) => `${x}\n</Directory>\n`));
      add(tree, 'control-comments', rel, (t) => edit(t, rel, (x) => `# added comment\n\n${x}\n# trailing comment line\n`));
      add(tree, 'control-crlf', rel, (t) => edit(t, rel, (x) => x.replace(/\n/g, '\r\n')));
      add(tree, 'bom', rel, (t) => edit(t, rel, (x) => `\uFEFF${x}`));
    }
    const main = MAIN[tree];
    const appendMain = (kind: string, name: string, line: string): void => add(tree, kind, name, (t) => edit(t, main, (x) => `${x}\n${line}\n`));
    appendMain('context', 'Require at server level', 'Require all granted');
    appendMain('context', 'Listen in a vhost', '<VirtualHost *:18099>\n    Listen 18098\n</VirtualHost>');
    appendMain('context', 'User in a vhost', '<VirtualHost *:18099>\n    User www-data\n</VirtualHost>');
    appendMain('context', 'AllowOverride in a vhost', '<VirtualHost *:18099>\n    AllowOverride None\n</VirtualHost>');
    appendMain('context', 'VirtualHost in Directory', '<Directory /tmp>\n    <VirtualHost *:18099>\n    </VirtualHost>\n</Directory>');
    appendMain('context', 'Directory in Directory', '<Directory /tmp>\n    <Directory /tmp/x>\n    </Directory>\n</Directory>');
    appendMain('context', 'Location in Location', '<Location /a>\n    <Location /b>\n    </Location>\n</Location>');
    appendMain('context', 'Files in Location', '<Location /a>\n    <Files x>\n    </Files>\n</Location>');
    appendMain('context', 'DocumentRoot in Directory', '<Directory /tmp>\n    DocumentRoot /tmp\n</Directory>');
    appendMain('context', 'ServerName in Directory', '<Directory /tmp>\n    ServerName x.example\n</Directory>');
    appendMain('context', 'Options in a vhost (allowed)', '<VirtualHost *:18099>\n    Options -Indexes\n</VirtualHost>');
    appendMain('context', 'Require in a Location (allowed)', '<Location /x>\n    Require all denied\n</Location>');
    appendMain('context', 'LoadModule in a vhost (read-time, allowed)', '<VirtualHost *:18099>\n    LoadModule rewrite_module /usr/lib/apache2/modules/mod_rewrite.so\n</VirtualHost>');
    appendMain('context', 'Define in a vhost (allowed)', '<VirtualHost *:18099>\n    Define IN_VHOST 1\n</VirtualHost>');
    appendMain('value', 'KeepAlive maybe', 'KeepAlive maybe');
    appendMain('value', 'KeepAlive 1', 'KeepAlive 1');
    appendMain('value', 'KeepAliveTimeout abc', 'KeepAliveTimeout abc');
    appendMain('value', 'KeepAliveTimeout 5s (allowed)', 'KeepAliveTimeout 5s');
    appendMain('value', 'KeepAliveTimeout 500ms (allowed)', 'KeepAliveTimeout 500ms');
    appendMain('value', 'LogLevel loud', 'LogLevel loud');
    appendMain('value', 'LogLevel per module (allowed)', 'LogLevel warn core:info');
    appendMain('value', 'ServerTokens foo', 'ServerTokens foo');
    appendMain('value', 'ServerSignature maybe', 'ServerSignature maybe');
    appendMain('value', 'HostnameLookups sometimes', 'HostnameLookups sometimes');
    appendMain('value', 'UseCanonicalName perhaps', 'UseCanonicalName perhaps');
    appendMain('value', 'TraceEnable foo', 'TraceEnable foo');
    appendMain('value', 'ServerName with two words', 'ServerName a.example b.example');
    appendMain('value', 'ServerName empty', 'ServerName ""');
    appendMain('value', 'DocumentRoot missing argument', 'DocumentRoot');
    appendMain('value', 'Listen abc', 'Listen abc');
    appendMain('value', 'Options mixed', '<Directory /tmp>\n    Options +Indexes FollowSymLinks\n</Directory>');
    appendMain('value', 'Options unknown', '<Directory /tmp>\n    Options Bogus\n</Directory>');
    appendMain('value', 'Options signed (allowed)', '<Directory /tmp>\n    Options -Indexes +FollowSymLinks\n</Directory>');
    appendMain('value', 'Require unknown provider', '<Directory /tmp>\n    Require foo bar\n</Directory>');
    appendMain('value', 'ErrorDocument 999', 'ErrorDocument 999 /x');
    appendMain('value', 'Timeout text (allowed by httpd)', 'Timeout abc');
    appendMain('value', 'MaxKeepAliveRequests text (allowed by httpd)', 'MaxKeepAliveRequests lots');
    appendMain('mpm', 'extra MPM', 'LoadModule mpm_worker_module /usr/lib/apache2/modules/mod_mpm_worker.so');
    appendMain('modules', 'built-in module loaded', 'LoadModule log_config_module /usr/lib/apache2/modules/mod_log_config.so');
    appendMain('modules', 'module loaded twice (warning)', 'LoadModule alias_module /usr/lib/apache2/modules/mod_alias.so\nLoadModule alias_module /usr/lib/apache2/modules/mod_alias.so');
    appendMain('modules', 'directive of an unloaded module', 'RewriteCond %{HTTP_HOST} x\nProxyPreserveHost On');
    appendMain('modules', 'Header without mod_headers guard', 'Header set X-A b');
    appendMain('modules', 'MaxSpareServers on the wrong MPM', 'MaxSpareServers 10');
    appendMain('modules', 'ThreadsPerChild on the wrong MPM', 'ThreadsPerChild 25');
    appendMain('include', 'Include of a missing file', 'Include does-not-exist.conf');
    appendMain('include', 'Include glob matching nothing', 'Include conf-available/*.nothing');
    appendMain('include', 'Include of a missing directory glob', 'Include no-such-dir/*.conf');
    appendMain('include', 'IncludeOptional of a missing file (allowed)', 'IncludeOptional does-not-exist.conf');
    appendMain('include', 'IncludeOptional glob matching nothing (allowed)', 'IncludeOptional no-such-dir/*.conf');
    add(tree, 'include', 'Include recursion', (t) => {
      create(t, 'loop-a.conf', 'Include loop-b.conf\n');
      create(t, 'loop-b.conf', 'Include loop-a.conf\n');
      edit(t, main, (x) => `${x}\nInclude loop-a.conf\n`);
    });
    appendMain('variables', 'undefined variable (warning)', 'ServerAdmin ${NOPE_NOT_DEFINED}');
    appendMain('variables', 'defined variable (allowed)', 'Define ADMIN admin@example.com\nServerAdmin ${ADMIN}');
    appendMain('syntax', 'unterminated quote (allowed)', 'ServerAdmin "me@example.com');
    appendMain('syntax', 'continuation line (allowed)', 'ServerAdmin \\\n    me@example.com');
    appendMain('syntax', 'comment continuation swallows a line (allowed)', '# note \\\nFooBarBaz x');
    appendMain('syntax', 'backslash then blank is no continuation', 'ServerAdmin a@b\\ \nFooBarBaz x');
    appendMain('syntax', 'IfModule mod_x form (allowed, never true)', '<IfModule mod_headers>\n    FooBarBaz x\n</IfModule>');
    appendMain('syntax', 'IfModule .so form (allowed, never true)', '<IfModule mod_rewrite.so>\n    FooBarBaz x\n</IfModule>');
    appendMain('syntax', 'IfModule wrong case (allowed, never true)', '<IfModule MIME_MODULE>\n    FooBarBaz x\n</IfModule>');
    appendMain('syntax', 'unclosed section inside a false IfModule', '<IfModule mod_nothing.c>\n    <Directory /x>\n</IfModule>');
    appendMain('syntax', 'IfModule without argument', '<IfModule>\n</IfModule>');
    appendMain('syntax', 'Else without If', '<Else>\n</Else>');
    appendMain('syntax', 'If and Else (allowed)', '<If "%{HTTP_HOST} == \'a\'">\n    Require all denied\n</If>\n<Else>\n    Require all granted\n</Else>');
    appendMain('syntax', 'one-line section', '<Directory /tmp></Directory>');
    appendMain('syntax', 'closing tag with an argument', '<IfModule mod_alias.c>\n</IfModule extra>');
    appendMain('syntax', 'case-insensitive closing tag (allowed)', '<directory /tmp>\n</DIRECTORY>');
    appendMain('control', 'extra valid directives', 'ServerSignature Off\nTraceEnable Off\n<Directory /tmp>\n    AllowOverride None\n    Require all denied\n</Directory>');
    appendMain('control', 'IfDefine never defined (allowed)', '<IfDefine NEVER_DEFINED_X>\n    FooBarBaz x\n</IfDefine>');
  }

  // Loaded modules removed: the module's own directives outside <IfModule> then fail.
  for (const mod of ['mime', 'dir', 'setenvif', 'alias', 'autoindex', 'negotiation', 'deflate', 'reqtimeout', 'status', 'authz_core', 'filter', 'access_compat']) {
    add('debian', 'module-removed', `${mod}.load disabled`, (t) => {
      const link = path.join(t.dir, 'mods-enabled', `${mod}.load`);
      restoreLinks.push({ link, target: fs.readlinkSync(link) });
      fs.rmSync(link);
    });
  }
  add('debian', 'mpm', 'no MPM', (t) => {
    for (const f of ['mpm_event.load', 'mpm_event.conf']) {
      const link = path.join(t.dir, 'mods-enabled', f);
      restoreLinks.push({ link, target: fs.readlinkSync(link) });
      fs.rmSync(link);
    }
  });
  for (const mod of ['rewrite', 'headers', 'ssl', 'proxy', 'expires', 'cgi', 'userdir', 'info']) {
    add('debian', 'module-enabled', `a2enmod ${mod}`, (t) => {
      for (const ext of ['load', 'conf']) {
        const available = path.join(t.dir, 'mods-available', `${mod}.${ext}`);
        const link = path.join(t.dir, 'mods-enabled', `${mod}.${ext}`);
        if (fs.existsSync(available) && !fs.existsSync(link)) {
          fs.symlinkSync(`../mods-available/${mod}.${ext}`, link);
          removeLinks.push(link);
        }
      }
    });
  }
  return cases;
}

/** Symbolic links a case removed or added; the runner puts them back after the case. */
export const restoreLinks: { link: string; target: string }[] = [];
export const removeLinks: string[] = [];

export function restoreSymlinks(): void {
  for (const { link, target } of restoreLinks.splice(0)) {
    fs.rmSync(link, { force: true });
    fs.symlinkSync(target, link);
  }
  for (const link of removeLinks.splice(0)) fs.rmSync(link, { force: true });
}
