// Semantic tokens over the protocol: the legend, a file with every kind of token (decoded and
// asserted by text, type and modifiers), directive states from the tree's modules, a delta after
// an edit that rebuilds exactly the full answer, and a range request.

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { SemanticTokens, SemanticTokensDelta, SemanticTokensLegend } from 'vscode-languageserver-protocol';
import { repoRoot } from '../helpers/files';
import { TestClient } from './client';

interface Decoded {
  line: number;
  character: number;
  text: string;
  type: string;
  modifiers: string[];
}

function decode(data: number[], text: string, legend: SemanticTokensLegend): Decoded[] {
  const lines = text.split('\n');
  const out: Decoded[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i];
    character = data[i] === 0 ? character + data[i + 1] : data[i + 1];
    const modifiers = legend.tokenModifiers.filter((_, bit) => data[i + 4] & (1 << bit));
    out.push({ line, character, text: lines[line].slice(character, character + data[i + 2]), type: legend.tokenTypes[data[i + 3]], modifiers });
  }
  return out;
}

/** Every token kind the legend documents, one or more per line. */
const EVERY_KIND = [
  '# A comment line',
  'Define DOCROOT /srv/www',
  'KeepAlive On',
  'KeepAliveTimeout 150ms',
  'MaxKeepAliveRequests 100',
  'MaxClients 150',
  'Frobnicate yes',
  'Header always set X-Frame-Options "DENY"',
  '<IfModule !mod_rewrite.c>',
  '    Options -Indexes +FollowSymLinks',
  '</IfModule>',
  '<VirtualHost *:80>',
  '    ServerName www.example.com',
  '    DocumentRoot "${DOCROOT}/html"',
  '    RewriteEngine on',
  '    RewriteCond %{HTTP_HOST} !^www\\.example\\.com$ [NC,OR]',
  '    RewriteCond %{ENV:REDIRECT_STATUS} =200',
  '    RewriteRule ^/(a|b)+/([^/]*)\\.html?$ /x.php?p=$1&q=%1&h=%{HTTP:Host} [L,R=301]',
  '    <DirectoryMatch "^/srv/(?:www|old){2}">',
  '    </DirectoryMatch>',
  '</VirtualHost>',
  'IncludeOptional conf.d/*.conf',
  'AddType text/html .shtml',
  '',
].join('\n');

const MAIN = [
  'ServerRoot /etc/apache2',
  'LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so',
  'LoadModule rewrite_module /usr/lib/apache2/modules/mod_rewrite.so',
  'Include site.conf',
  '',
].join('\n');

describe('semantic tokens over the protocol', function () {
  this.timeout(30000);
  let client: TestClient;
  let root: string;
  let main: string;
  let site: string;
  let legend: SemanticTokensLegend;

  const full = async (file: string): Promise<SemanticTokens> => client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: client.uri(file) } });
  const find = (tokens: Decoded[], line: number, text: string): Decoded => {
    const hit = tokens.find((t) => t.line === line && t.text === text);
    assert.ok(hit, `no token ${JSON.stringify(text)} on line ${line}; line has ${JSON.stringify(tokens.filter((t) => t.line === line).map((t) => t.text))}`);
    return hit;
  };
  const expect = (tokens: Decoded[], line: number, text: string, type: string, modifiers: string[] = []): void => {
    const t = find(tokens, line, text);
    assert.deepStrictEqual([t.type, [...t.modifiers].sort()], [type, [...modifiers].sort()], `${JSON.stringify(text)} on line ${line}`);
  };

  before(async function () {
    if (!fs.existsSync(path.join(repoRoot, 'dist', 'server.js'))) throw new Error('dist/server.js missing: run npm run build first');
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-tokens-'));
    main = path.join(root, 'httpd.conf');
    site = path.join(root, 'site.conf');
    fs.writeFileSync(main, MAIN);
    fs.writeFileSync(site, EVERY_KIND);
    client = new TestClient();
    client.settings = { mainConfig: main, serverRoot: root };
    const init = (await client.initialize(root)) as { capabilities: { semanticTokensProvider?: { legend: SemanticTokensLegend; full: { delta: boolean }; range: boolean } } };
    const provider = init.capabilities.semanticTokensProvider;
    assert.ok(provider, 'semanticTokensProvider announced');
    assert.deepStrictEqual(provider.full, { delta: true });
    assert.strictEqual(provider.range, true);
    legend = provider.legend;
    await client.open(site, EVERY_KIND);
    await client.diagnosticsFor(site);
  });

  after(async () => {
    await client?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('announces a legend of standard types, with the states and regex parts as modifiers, as docs/semantic-tokens.md lists it', () => {
    for (const t of ['keyword', 'namespace', 'variable', 'regexp', 'number', 'string', 'operator', 'comment']) assert.ok(legend.tokenTypes.includes(t), t);
    for (const m of ['deprecated', 'defaultLibrary', 'notLoaded', 'unknown', 'anchor', 'group', 'quantifier', 'characterClass', 'escape', 'alternation', 'backreference']) assert.ok(legend.tokenModifiers.includes(m), m);
    const docs = fs.readFileSync(path.join(repoRoot, 'docs', 'semantic-tokens.md'), 'utf8');
    for (const name of [...legend.tokenTypes, ...legend.tokenModifiers]) assert.match(docs, new RegExp(`\`${name}\``), `docs/semantic-tokens.md names ${name}`);
    // VS Code knows the modifiers LSP does not define from the extension's manifest.
    const standard = ['declaration', 'definition', 'readonly', 'static', 'deprecated', 'abstract', 'async', 'modification', 'documentation', 'defaultLibrary'];
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { semanticTokenModifiers: { id: string }[] } };
    assert.deepStrictEqual(manifest.contributes.semanticTokenModifiers.map((m) => m.id), legend.tokenModifiers.filter((m) => !standard.includes(m)));
  });

  it('gives every kind of token of a file, by text, type and modifiers', async () => {
    const answer = await full(site);
    assert.ok(answer.resultId, 'a result id for deltas');
    const tokens = decode(answer.data, EVERY_KIND, legend);
    expect(tokens, 0, '# A comment line', 'comment');
    expect(tokens, 1, 'Define', 'keyword', ['defaultLibrary']);
    expect(tokens, 1, 'DOCROOT', 'variable', ['declaration', 'readonly']);
    expect(tokens, 1, '/srv/www', 'string', ['path']);
    expect(tokens, 2, 'On', 'enumMember');
    expect(tokens, 3, '150ms', 'number');
    expect(tokens, 4, '100', 'number');
    // Directive states: deprecated, unknown, from a module the tree does not load.
    expect(tokens, 5, 'MaxClients', 'keyword', ['defaultLibrary', 'deprecated']);
    expect(tokens, 6, 'Frobnicate', 'keyword', ['unknown']);
    expect(tokens, 7, 'Header', 'keyword', ['defaultLibrary', 'notLoaded']);
    expect(tokens, 7, '"DENY"', 'string');
    expect(tokens, 8, 'IfModule', 'namespace', ['defaultLibrary']);
    expect(tokens, 8, '!', 'operator');
    expect(tokens, 8, 'mod_rewrite.c', 'type', ['defaultLibrary']);
    expect(tokens, 9, '-', 'operator');
    expect(tokens, 9, 'Indexes', 'enumMember');
    expect(tokens, 9, 'FollowSymLinks', 'enumMember');
    expect(tokens, 10, 'IfModule', 'namespace', ['defaultLibrary']);
    expect(tokens, 11, 'VirtualHost', 'namespace', ['defaultLibrary']);
    expect(tokens, 13, '${DOCROOT}', 'variable', ['readonly']);
    expect(tokens, 14, 'RewriteEngine', 'keyword', ['defaultLibrary']);
    expect(tokens, 14, 'on', 'enumMember');
    // RewriteCond: test string variable, negated regex with anchors and escapes, flags.
    expect(tokens, 15, '%{HTTP_HOST}', 'variable', ['defaultLibrary']);
    expect(tokens, 15, '^', 'keyword', ['anchor']);
    expect(tokens, 15, 'www', 'regexp');
    expect(tokens, 15, '\\.', 'string', ['escape']);
    expect(tokens, 15, '$', 'keyword', ['anchor']);
    expect(tokens, 15, 'NC', 'enumMember');
    expect(tokens, 15, 'OR', 'enumMember');
    expect(tokens, 15, '[', 'operator');
    expect(tokens, 16, '%{ENV:REDIRECT_STATUS}', 'variable', ['defaultLibrary']);
    expect(tokens, 16, '=', 'operator');
    expect(tokens, 16, '200', 'number');
    // RewriteRule: pattern parts, substitution with backreferences and a header variable, flags.
    expect(tokens, 17, '(', 'operator', ['group']);
    expect(tokens, 17, '|', 'operator', ['alternation']);
    expect(tokens, 17, '+', 'operator', ['quantifier']);
    expect(tokens, 17, '[^/]', 'regexp', ['characterClass']);
    expect(tokens, 17, '?', 'operator', ['quantifier']);
    expect(tokens, 17, '/x.php?p=', 'string');
    expect(tokens, 17, '$1', 'parameter', ['backreference']);
    expect(tokens, 17, '%1', 'parameter', ['backreference']);
    expect(tokens, 17, '%{HTTP:Host}', 'variable', ['defaultLibrary']);
    expect(tokens, 17, 'L', 'enumMember');
    expect(tokens, 17, 'R', 'enumMember');
    expect(tokens, 17, '301', 'number');
    expect(tokens, 18, 'DirectoryMatch', 'namespace', ['defaultLibrary']);
    expect(tokens, 18, '(?:', 'operator', ['group']);
    expect(tokens, 18, '{2}', 'operator', ['quantifier']);
    expect(tokens, 19, 'DirectoryMatch', 'namespace', ['defaultLibrary']);
    expect(tokens, 21, 'conf.d/*.conf', 'string', ['path']);
    assert.ok(!tokens.some((t) => t.text === 'text/html'), 'a MIME type is no path');
    // Every token lies inside one line's text, in order, none overlapping the one before.
    const lines = EVERY_KIND.split('\n');
    let previous = { line: -1, end: 0 };
    for (const t of tokens) {
      assert.ok(t.text.length > 0 && t.character + t.text.length <= lines[t.line].length, JSON.stringify(t));
      assert.ok(t.line > previous.line || t.character >= previous.end, `tokens in order at ${JSON.stringify(t)}`);
      previous = { line: t.line, end: t.character + t.text.length };
    }
  });

  it('answers a delta after an edit that, applied to the last result, equals the full answer', async () => {
    const first = await full(site);
    const edited = EVERY_KIND.replace('KeepAlive On', 'KeepAlive Off\nTimeout 60');
    await client.change(site, edited);
    const delta = await client.request<SemanticTokensDelta | SemanticTokens>('textDocument/semanticTokens/full/delta', { textDocument: { uri: client.uri(site) }, previousResultId: first.resultId });
    assert.ok('edits' in delta, `a delta, not a full answer: ${JSON.stringify(delta).slice(0, 200)}`);
    const rebuilt = [...first.data];
    for (const e of [...delta.edits].sort((a, b) => b.start - a.start)) rebuilt.splice(e.start, e.deleteCount, ...(e.data ?? []));
    const fresh = await full(site);
    assert.deepStrictEqual(rebuilt, fresh.data);
    const sent = delta.edits.reduce((n, e) => n + (e.data?.length ?? 0), 0);
    assert.ok(sent < fresh.data.length / 2, `the delta sends ${sent} of ${fresh.data.length} numbers`);
    const tokens = decode(fresh.data, edited, legend);
    expect(tokens, 2, 'Off', 'enumMember');
    expect(tokens, 3, 'Timeout', 'keyword', ['defaultLibrary']);
    expect(tokens, 3, '60', 'number');
    // An unknown previous result gets a full answer.
    const stale = await client.request<SemanticTokensDelta | SemanticTokens>('textDocument/semanticTokens/full/delta', { textDocument: { uri: client.uri(site) }, previousResultId: 'no-such-result' });
    assert.ok('data' in stale && stale.data.length === fresh.data.length);
    await client.change(site, EVERY_KIND);
  });

  it('marks a directive notLoaded only while its module is not loaded in the tree', async () => {
    const withHeaders = MAIN + 'LoadModule headers_module /usr/lib/apache2/modules/mod_headers.so\n';
    await client.open(main, withHeaders);
    await client.diagnosticsFor(site);
    const tokens = decode((await full(site)).data, EVERY_KIND, legend);
    expect(tokens, 7, 'Header', 'keyword', ['defaultLibrary']);
    await client.change(main, MAIN);
    const again = decode((await full(site)).data, EVERY_KIND, legend);
    expect(again, 7, 'Header', 'keyword', ['defaultLibrary', 'notLoaded']);
  });

  it('answers a range request with the tokens of those lines only', async () => {
    const range = await client.request<SemanticTokens>('textDocument/semanticTokens/range', { textDocument: { uri: client.uri(site) }, range: { start: { line: 15, character: 0 }, end: { line: 16, character: 0 } } });
    const tokens = decode(range.data, EVERY_KIND, legend);
    assert.ok(tokens.length > 5);
    assert.deepStrictEqual([...new Set(tokens.map((t) => t.line))], [15]);
    expect(tokens, 15, 'RewriteCond', 'keyword', ['defaultLibrary']);
  });
});
