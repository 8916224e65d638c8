// Generators of configuration text and trees: real directive names and section tags mixed with
// noise (quotes, backslashes, continuations, CRLF, NUL, non-ASCII), and multi-file trees wired with
// Include/IncludeOptional, globs, Define and conditionals.

import fc from 'fast-check';

const NAMES = ['ServerName', 'Listen', 'KeepAlive', 'KeepAliveTimeout', 'Timeout', 'DocumentRoot', 'Options', 'Require', 'Order', 'Allow', 'Deny', 'AllowOverride', 'LoadModule', 'Define', 'UnDefine', 'Include', 'IncludeOptional', 'ServerRoot', 'MaxRequestWorkers', 'ServerLimit', 'StartServers', 'ThreadsPerChild', 'RewriteEngine', 'RewriteRule', 'RewriteCond', 'Header', 'SetEnvIf', 'AddType', 'ErrorLog', 'LogLevel', 'ServerTokens', 'ServerSignature', 'TraceEnable', 'SSLProtocol', 'SSLCipherSuite', 'ProxyPass', 'Alias', 'ScriptAlias', 'Redirect', 'RedirectMatch', 'DirectoryIndex', 'Listne', 'Foo'];
const SECTIONS = ['Directory', 'DirectoryMatch', 'Files', 'FilesMatch', 'Location', 'LocationMatch', 'VirtualHost', 'IfModule', 'IfDefine', 'IfVersion', 'IfFile', 'If', 'ElseIf', 'Else', 'Limit', 'LimitExcept', 'RequireAll', 'RequireAny', 'Proxy', 'Macro', 'Bogus'];
const WORDS = ['On', 'Off', 'all', 'granted', 'denied', 'from', '80', '443', '*:80', '15', '5', '0', '-1', '2147483648', '/var/www', 'mod_rewrite.c', 'rewrite_module', '!ssl_module', 'X', '${X}', '${UNSET}', 'conf.d/*.conf', 'a.conf', '"quoted word"', "'single'", '"unterminated', '\\', '#', '# comment', '>', '<', '~', '^/(a+)+$', '[', 'Indexes', '+FollowSymLinks', '-Indexes', 'None', 'é', '\u0000', '\u00ff', '\t'];

const word = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...WORDS) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) });
const indent = fc.constantFrom('', '', '    ', '\t', '  ');
const eol = fc.constantFrom('\n', '\n', '\n', '\r\n', ' \\\n', '');

const directiveLine = fc.tuple(indent, fc.constantFrom(...NAMES), fc.array(word, { maxLength: 4 }), eol).map(([i, n, ws, e]) => `${i}${n}${ws.length ? ' ' : ''}${ws.join(' ')}${e || '\n'}`);
const openLine = fc.tuple(indent, fc.constantFrom(...SECTIONS), fc.array(word, { maxLength: 2 }), fc.constantFrom('>', '>', '')).map(([i, n, ws, close]) => `${i}<${n}${ws.length ? ' ' : ''}${ws.join(' ')}${close}\n`);
const closeLine = fc.tuple(indent, fc.constantFrom(...SECTIONS)).map(([i, n]) => `${i}</${n}>\n`);
const otherLine = fc.oneof(fc.constant('\n'), fc.constant('# a comment\n'), fc.constant('   \n'), fc.constant('\r\n'), fc.string({ maxLength: 20 }).map((s) => `${s}\n`));

/** One configuration text: a mix of lines, with random bytes now and then. */
export const configText = fc
  .array(
    fc.oneof({ weight: 6, arbitrary: directiveLine }, { weight: 2, arbitrary: openLine }, { weight: 2, arbitrary: closeLine }, { weight: 2, arbitrary: otherLine }),
    { maxLength: 30 },
  )
  .chain((lines) => fc.tuple(fc.constant(lines.join('')), fc.constantFrom('', '', '', '\uFEFF', 'garbage', '\\')))
  .map(([text, tail]) => (tail === '\uFEFF' ? tail + text : text + tail));

/** Properly nested text (every section closed) with random indentation, for the formatter. */
export const nestedText = fc.letrec((tie) => ({
  block: fc.array(fc.oneof({ weight: 4, arbitrary: directiveLine.map((l) => l.replace(/ \\\n$/, '\n')) }, { weight: 1, arbitrary: tie('section') }, { weight: 1, arbitrary: otherLine.filter((l) => !l.includes('<') && !l.includes('\\') && !l.includes('\r')) }), { maxLength: 6 }).map((xs) => (xs as string[]).join('')),
  section: fc.tuple(indent, fc.constantFrom('Directory', 'IfModule', 'VirtualHost', 'Location', 'Files'), tie('block'), indent).map(([i, n, body, j]) => `${i}<${n} x>\n${body}${j}</${n}>\n`),
})).block as fc.Arbitrary<string>;

export interface FuzzTree {
  files: Record<string, string>;
  main: string;
  defines: string[];
}

const ROOT = '/fuzz';
const FILE_NAMES = ['httpd.conf', 'conf.d/a.conf', 'conf.d/b.conf', 'conf.d/.hidden.conf', 'mods/x.load', 'sites/one.conf', 'sites/two.conf', 'www/.htaccess'];
const INCLUDES = ['conf.d/*.conf', 'conf.d', 'mods/*.load', 'sites/*.conf', 'sites/one.conf', 'missing/*.conf', 'conf.d/[ab].conf', 'conf.d/?.conf', 'httpd.conf', '/fuzz/conf.d/*', '*/*.conf', 'mods/[z-a].load'];

const includeLine = fc.tuple(fc.constantFrom('Include', 'IncludeOptional'), fc.constantFrom(...INCLUDES)).map(([d, p]) => `${d} ${p}\n`);
const conditional = fc.tuple(fc.constantFrom('IfDefine FUZZ', 'IfDefine !FUZZ', 'IfModule rewrite_module', 'IfModule !mod_ssl.c', 'IfVersion >= 2.4'), fc.array(fc.oneof(includeLine, directiveLine), { maxLength: 3 })).map(([c, body]) => `<${c}>\n${body.join('')}</${c.split(' ')[0]}>\n`);
const treeFileText = fc.array(fc.oneof({ weight: 3, arbitrary: configText }, { weight: 2, arbitrary: includeLine }, { weight: 1, arbitrary: conditional }, { weight: 1, arbitrary: fc.constantFrom('Define FUZZ\n', 'Define X value\n', 'UnDefine FUZZ\n', 'LoadModule rewrite_module modules/mod_rewrite.so\n', 'LoadModule mpm_prefork_module m.so\n', 'LoadModule php_module m.so\n', 'ServerRoot /fuzz\n') }), { maxLength: 6 }).map((parts) => parts.join(''));

/** A tree of up to eight files under /fuzz, the main file always present. */
export const fuzzTree: fc.Arbitrary<FuzzTree> = fc
  .tuple(fc.subarray(FILE_NAMES.slice(1)), fc.array(treeFileText, { minLength: FILE_NAMES.length, maxLength: FILE_NAMES.length }), fc.subarray(['FUZZ', 'X=1']))
  .map(([names, texts, defines]) => {
    const files: Record<string, string> = {};
    ['httpd.conf', ...names].forEach((n, i) => (files[`${ROOT}/${n}`] = texts[i]));
    return { files, main: `${ROOT}/httpd.conf`, defines };
  });
