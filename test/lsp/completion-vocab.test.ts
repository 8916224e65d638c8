// Completion from the shared vocabulary, over the protocol, with the cursor inside each context:
// %{…} variables in mod_rewrite, ap_expr and mod_headers syntax, header names, media types from
// the tree's own mime.types and AddType, php.ini names, SSLCipherSuite words, Debian .load lines;
// snippets (sections, recipes) only for a client that declares snippet support; hover from the
// same tables.

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CompletionItem, CompletionList, Hover, TextEdit } from 'vscode-languageserver-protocol';
import { repoRoot } from '../helpers/files';
import { TestClient } from './client';

const MODULES = ['mpm_prefork', 'authz_core', 'rewrite', 'headers', 'mime', 'expires', 'ssl', 'setenvif', 'env', 'proxy', 'proxy_fcgi'];

const MAIN = [
  ...MODULES.map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`),
  'LoadModule php_module /usr/lib/apache2/modules/libphp8.2.so',
  'ServerName vocab.test',
  'TypesConfig conf/mime.types',
  'AddType application/x-added-in-tree .added',
  'SetEnv APP_ENV production',
  'Include site.conf',
  '',
].join('\n');

describe('completion from the vocabulary (LSP)', function () {
  this.timeout(30000);
  let root: string;
  let site: string;
  let client: TestClient;
  let snippetClient: TestClient;

  before(async () => {
    if (!fs.existsSync(path.join(repoRoot, 'dist', 'server.js'))) throw new Error('dist/server.js missing: run npm run build first');
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-vocab-'));
    fs.mkdirSync(path.join(root, 'conf'));
    fs.mkdirSync(path.join(root, 'mods-available'));
    fs.writeFileSync(path.join(root, 'httpd.conf'), MAIN);
    fs.writeFileSync(path.join(root, 'conf', 'mime.types'), '# test types\ntext/html\t\thtml htm\napplication/x-only-in-this-file\tvtest\n');
    site = path.join(root, 'site.conf');
    fs.writeFileSync(site, '\n');
    // A minimal client (no snippets, no Markdown, no itemDefaults: every item carries its textEdit) and a typical one.
    client = new TestClient();
    await client.initialize(root, { workspace: { configuration: true } }, [], { minimal: true });
    await client.open(site, '\n');
    snippetClient = new TestClient();
    await snippetClient.initialize(root);
    await snippetClient.open(site, '\n');
  });

  after(async () => {
    await client?.stop();
    await snippetClient?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  /** Completion at the "|" of the marked text, typed into `file`. */
  async function completeAt(marked: string, file = site, c = client): Promise<{ items: CompletionItem[]; text: string; offset: number }> {
    const offset = marked.indexOf('|');
    const text = marked.slice(0, offset) + marked.slice(offset + 1);
    await c.change(file, text);
    const before = text.slice(0, offset).split('\n');
    const position = { line: before.length - 1, character: before[before.length - 1].length };
    const list = await c.request<CompletionItem[] | CompletionList>('textDocument/completion', { textDocument: { uri: c.uri(file) }, position });
    return { items: Array.isArray(list) ? list : list.items, text, offset };
  }

  const labels = (items: CompletionItem[]): string[] => items.map((i) => i.label);
  /** The text an item's edit replaces. */
  const replaced = (item: CompletionItem, text: string): string => {
    const edit = item.textEdit as TextEdit;
    const lines = text.split('\n');
    assert.strictEqual(edit.range.start.line, edit.range.end.line);
    return lines[edit.range.start.line].slice(edit.range.start.character, edit.range.end.character);
  };

  it('%{…} in a RewriteCond test string and a RewriteRule substitution: mod_rewrite variables and lookups', async () => {
    const cond = await completeAt('RewriteEngine On\nRewriteCond %{HT|');
    assert.ok(labels(cond.items).includes('%{HTTP_HOST}') && labels(cond.items).includes('%{HTTPS}') && labels(cond.items).includes('%{HTTP:'));
    assert.ok(labels(cond.items).includes('%{SERVER_ADDR}'), 'SERVER_ADDR is a mod_rewrite variable');
    assert.ok(!labels(cond.items).includes('%{CONTENT_TYPE}'), 'CONTENT_TYPE exists only in ap_expr');
    assert.strictEqual(replaced(cond.items[0], cond.text), '%{HT');
    const header = await completeAt('RewriteCond %{HTTP:X-Forw|');
    assert.ok(labels(header.items).includes('%{HTTP:X-Forwarded-Proto}'), labels(header.items).join(' '));
    const rule = await completeAt('RewriteRule ^ https://%{SERVER_N|');
    assert.ok(labels(rule.items).includes('%{SERVER_NAME}'));
    assert.strictEqual(replaced(rule.items[0], rule.text), '%{SERVER_N', 'only the variable is replaced, not the URL before it');
  });

  it('%{…} in ap_expr: <If>, Require expr, SetEnvIfExpr, RewriteCond expr, Header expr=', async () => {
    const inIf = await completeAt(`<If "%{REQUEST_URI} == '/' && %{CONTENT_T|">\n</If>`);
    assert.ok(labels(inIf.items).includes('%{CONTENT_TYPE}'));
    assert.ok(!labels(inIf.items).includes('%{SERVER_ADDR}'), 'ap_expr has no SERVER_ADDR (httpd refuses it)');
    assert.strictEqual(replaced(inIf.items[0], inIf.text), '%{CONTENT_T');
    const require = await completeAt('<Directory /srv>\n  Require expr "%{req:X-Forw|"\n</Directory>');
    assert.ok(labels(require.items).includes('%{req:X-Forwarded-For}'), labels(require.items).join(' '));
    const setEnv = await completeAt('SetEnvIfExpr "%{SSL_|" tls');
    assert.ok(labels(setEnv.items).includes('%{SSL_PROTOCOL}'), 'mod_ssl is loaded, so its variables are ap_expr names');
    const cond = await completeAt('RewriteCond expr "%{TIME_|"');
    assert.ok(labels(cond.items).includes('%{TIME_HOUR}'));
    const headerExpr = await completeAt('Header always set X-Status "expr=%{REQUEST_S|"');
    assert.ok(labels(headerExpr.items).includes('%{REQUEST_STATUS}'));
  });

  it('Header and RequestHeader: actions, then response or request header names, then %{…}e / %{…}s formats', async () => {
    const actions = await completeAt('Header always |');
    assert.ok(labels(actions.items).includes('set') && labels(actions.items).includes('echo') && labels(actions.items).includes('note'));
    const requestActions = await completeAt('RequestHeader |');
    assert.ok(labels(requestActions.items).includes('set') && !labels(requestActions.items).includes('echo') && !labels(requestActions.items).includes('note'));
    const response = await completeAt('Header always set |');
    assert.ok(labels(response.items).includes('Strict-Transport-Security') && !labels(response.items).includes('User-Agent'));
    const request = await completeAt('RequestHeader set |');
    assert.ok(labels(request.items).includes('X-Forwarded-Proto') && !labels(request.items).includes('Strict-Transport-Security'));
    const format = await completeAt('Header always set X-Env "%{|"');
    assert.ok(labels(format.items).includes('%{APP_ENV}e'), 'SetEnv in the tree names APP_ENV');
    assert.ok(labels(format.items).includes('%{SSL_PROTOCOL}s'));
  });

  it('media types from the mime.types the tree loads (TypesConfig under ServerRoot) and from AddType', async () => {
    for (const line of ['AddType |', 'ForceType |', 'ExpiresByType |', 'AddOutputFilterByType DEFLATE text/html |', 'RewriteRule ^x$ - [T=|']) {
      const { items } = await completeAt(line);
      assert.ok(labels(items).includes('application/x-only-in-this-file'), `${line}: ${labels(items).slice(0, 5).join(' ')}`);
      assert.ok(labels(items).includes('application/x-added-in-tree'), line);
    }
    const notAType = await completeAt('AddType text/html |');
    assert.ok(!labels(notAType.items).includes('text/html'), 'the second AddType argument is an extension');
  });

  it('php.ini names: php_value only per-directory ones, php_flag switches, the admin forms everything', async () => {
    const value = labels((await completeAt('php_value |')).items);
    assert.ok(value.includes('memory_limit') && value.includes('upload_max_filesize'));
    assert.ok(!value.includes('allow_url_fopen'), 'a PHP_INI_SYSTEM name: php_value cannot set it');
    const adminFlag = labels((await completeAt('php_admin_flag |')).items);
    assert.ok(adminFlag.includes('allow_url_fopen') && !adminFlag.includes('memory_limit'));
    const flag = labels((await completeAt('php_flag display_errors |')).items);
    assert.deepStrictEqual(flag, ['On', 'Off']);
  });

  it('SSLCipherSuite: words after each colon, weak ones only as removals, TLS 1.3 suites after TLSv1.3', async () => {
    const first = await completeAt('SSLCipherSuite |');
    assert.ok(labels(first.items).includes('HIGH') && labels(first.items).includes('TLSv1.3') && !labels(first.items).includes('RC4'));
    const removal = await completeAt('SSLCipherSuite HIGH:!|');
    assert.ok(labels(removal.items).includes('!RC4') && labels(removal.items).includes('!aNULL'));
    assert.strictEqual(replaced(removal.items[0], removal.text), '!');
    const tls13 = await completeAt('SSLCipherSuite TLSv1.3 |');
    assert.ok(labels(tls13.items).includes('TLS_AES_256_GCM_SHA384'));
  });

  it('a Debian mods-available/*.load file: its module first, then the .so path Debian installs', async () => {
    const load = path.join(root, 'mods-available', 'rewrite.load');
    await client.open(load, '\n');
    const ids = await completeAt('LoadModule |', load);
    // Sorted as clients sort: by sortText, which defaults to the label.
    const key = (i: CompletionItem): string => i.sortText ?? i.label;
    const sorted = [...ids.items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    assert.strictEqual(sorted[0].label, 'rewrite_module');
    assert.ok(labels(ids.items).includes('ssl_module'), 'the other modules stay offered');
    const so = await completeAt('LoadModule rewrite_module |', load);
    assert.deepStrictEqual(labels(so.items), ['/usr/lib/apache2/modules/mod_rewrite.so']);
  });

  it('snippets (sections, recipes) only for a client that declares snippet support', async () => {
    const plain = await completeAt('|');
    const recipe = plain.items.find((i) => i.label === 'recipe: Keep-alive for prefork with PHP');
    assert.ok(recipe, labels(plain.items).filter((l) => l.startsWith('recipe')).join(', '));
    assert.notStrictEqual(recipe.insertTextFormat, 2);
    assert.strictEqual((recipe.textEdit as TextEdit).newText, 'KeepAlive On\nKeepAliveTimeout 2\nMaxKeepAliveRequests 100\n');
    const section = plain.items.find((i) => i.label === '<VirtualHost>')!;
    assert.doesNotMatch((section.textEdit as TextEdit).newText, /\$\{?\d/);
    assert.ok(!plain.items.some((i) => i.insertTextFormat === 2), 'no snippet-format item for a client without snippets');
    const rich = await completeAt('|', site, snippetClient);
    const richRecipe = rich.items.find((i) => i.label === 'recipe: Keep-alive for prefork with PHP')!;
    assert.strictEqual(richRecipe.insertTextFormat, 2);
    assert.match((richRecipe.textEdit as TextEdit).newText, /KeepAliveTimeout \$\{1:2\}/);
    const resolved = await snippetClient.request<CompletionItem>('completionItem/resolve', richRecipe);
    assert.match((resolved.documentation as { value: string }).value, /KeepAliveTimeout 2\n/, 'resolve shows the configuration it inserts');
    // Recipes needing modules the tree does not load, or a scope they do not fit, are not offered.
    assert.ok(!labels(plain.items).includes('recipe: Reverse proxy with WebSocket'), 'proxy_http is not loaded');
  });

  it('hover reads the same tables: php.ini access, header names, cipher words, %{…} variables', async () => {
    const text = 'php_value allow_url_fopen 0\nHeader always set Strict-Transport-Security "max-age=1"\nSSLCipherSuite HIGH:!aNULL\nRewriteCond %{HTTPS} !=on\n';
    await snippetClient.change(site, text);
    const hover = async (line: number, character: number): Promise<string> =>
      ((await snippetClient.request<Hover>('textDocument/hover', { textDocument: { uri: snippetClient.uri(site) }, position: { line, character } }))?.contents as { value: string })?.value.replace(/\\/g, '') ?? '';
    assert.match(await hover(0, 12), /php_admin_value/);
    assert.match(await hover(1, 20), /HSTS/);
    assert.match(await hover(2, 22), /\*\*!aNULL\*\* \(removed here\)/);
    assert.match(await hover(3, 14), /TLS connection/);
  });
});
