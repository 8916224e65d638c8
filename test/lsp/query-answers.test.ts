// Completion and hover answers kept between requests (per analysis, per typed text, per hover
// text) must follow every edit: asked again within a word, after typing more, after deleting,
// and after an edit that changes what the tree loads, they equal what a fresh answer says.

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CompletionItem, CompletionList, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { TestClient } from './client';

const MPM = 'LoadModule mpm_event_module modules/mod_mpm_event.so\n';
const REWRITE = 'LoadModule rewrite_module modules/mod_rewrite.so\n';

describe('completion and hover answers follow the edits', function () {
  this.timeout(60000);
  let dir: string;
  let client: TestClient | undefined;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-lsp-answers-'));
  });
  afterEach(async () => {
    await client?.stop();
    client = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const minimal of [false, true]) {
    it(`a directive's hover is the same anywhere in its name and shows each edit's value (${minimal ? 'plain text' : 'Markdown'} client)`, async () => {
      const main = path.join(dir, 'httpd.conf');
      const text = (seconds: number) => `${MPM}KeepAliveTimeout ${seconds}\n`;
      fs.writeFileSync(main, text(5));
      client = new TestClient();
      client.settings = { diagnostics: { debounceMs: 0 } };
      await client.initialize(dir, {}, [], { minimal });
      await client.open(main, text(5));
      await client.diagnosticsFor(main);
      const hoverAt = async (character: number) => {
        const hover = await client!.request<Hover>('textDocument/hover', { textDocument: { uri: client!.uri(main) }, position: { line: 1, character } });
        return (hover.contents as MarkupContent).value;
      };
      const first = await hoverAt(3);
      assert.match(first, /KeepAliveTimeout `?5`?/);
      assert.strictEqual(await hoverAt(12), first, 'the same text anywhere in the name');
      for (const seconds of [9, 5, 12]) {
        await client.change(main, text(seconds));
        await client.diagnosticsFor(main);
        const now = await hoverAt(3 + (seconds % 4));
        assert.match(now, new RegExp(`KeepAliveTimeout \`?${seconds}\`?`), `after the edit to ${seconds}`);
        assert.doesNotMatch(now, new RegExp(`KeepAliveTimeout \`?${seconds === 5 ? 9 : 5}\`? `), 'no earlier value is left');
      }
    });
  }

  for (const minimal of [false, true]) {
    it(`names narrow and widen as a prefix is typed and deleted, and resolve tells whether the module is loaded (${minimal ? 'bare' : 'typical'} client)`, async () => {
      const main = path.join(dir, 'httpd.conf');
      fs.writeFileSync(main, MPM);
      client = new TestClient();
      client.settings = { diagnostics: { debounceMs: 0 } };
      await client.initialize(dir, {}, [], { minimal });
      const uri = client.uri(main);
      await client.open(main, MPM);
      await client.diagnosticsFor(main);
      const labelsAfter = async (typed: string, head = MPM): Promise<{ labels: string[]; list: CompletionList }> => {
        await client!.change(main, `${head}${typed}`);
        await client!.diagnosticsFor(main);
        const list = await client!.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: head.split('\n').length - 1, character: typed.length } });
        return { labels: list.items.map((i) => i.label), list };
      };
      const inOrder = (typed: string, label: string) => {
        let at = 0;
        for (const ch of label.replace(/^</, '').toLowerCase()) if (ch === typed[at]) at++;
        return at === typed.length;
      };
      const widest = (await labelsAfter('R')).labels;
      assert.ok(widest.includes('RewriteRule') && widest.includes('Redirect'), 'R offers both');
      const seen = new Map<string, string[]>();
      for (const typed of ['Re', 'Rew', 'Rewr', 'Rew', 'Re', 'Rdr']) {
        const { labels } = await labelsAfter(typed);
        const expected = widest.filter((l) => inOrder(typed.toLowerCase(), l));
        assert.deepStrictEqual(labels, expected, `after typing ${typed}: the R list's names holding its letters in order`);
        if (seen.has(typed)) assert.deepStrictEqual(labels, seen.get(typed), `${typed} again`);
        seen.set(typed, labels);
      }

      const resolveRewriteRule = async (head: string) => {
        const { list } = await labelsAfter('RewriteR', head);
        const item = list.items.find((i) => i.label === 'RewriteRule');
        assert.ok(item, 'RewriteRule is offered');
        return client!.request<CompletionItem>('completionItem/resolve', { ...item, data: item.data ?? list.itemDefaults?.data });
      };
      const notLoaded = await resolveRewriteRule(MPM);
      assert.match(notLoaded.detail ?? '', /mod_rewrite not loaded/);
      const loaded = await resolveRewriteRule(`${MPM}${REWRITE}`);
      assert.doesNotMatch(loaded.detail ?? '', /not loaded/, 'the edit that loads mod_rewrite is seen');
      assert.match(loaded.detail ?? '', /^RewriteRule /);
      assert.ok(loaded.documentation, 'the description comes with resolve');
    });
  }
});
