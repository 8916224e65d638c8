// The code actions beyond quick fixes, over the protocol, applied to scratch trees on disk and
// checked with the real `apache2 -t`: suppression comments, source.fixAll.httpd-lint and the
// refactors. Each leaves a configuration httpd accepts, and every byte outside its edit as it was.

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CodeAction, Diagnostic, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { repoRoot } from '../helpers/files';
import { applyWorkspaceEdit, type Applied } from '../helpers/workspace-edit';
import { TestClient } from '../lsp/client';
import { httpdAvailable, httpdCheck, removeRunDir } from './httpd';
import { debianTree, MODULE_DIR, removeScratch, type Tree } from './trees';

const LEGACY = [
  '# two 2.2-style blocks',
  '<Directory /srv/one>',
  '    Order allow,deny',
  '    Allow from all',
  '</Directory>',
  '',
  '<Directory /srv/two>',
  '\tOrder deny,allow',
  '\tDeny from all',
  '</Directory>',
  '<Directory /srv/three>',
  '    # httpd-lint disable-next-line trace-enable',
  '    ServerSignature On',
  '    DirectoryIndex index.html',
  '</Directory>',
  '',
].join('\n');

/** `after` is `before` with `inserted` put in at one place: nothing else changed. */
function assertPureInsertion(before: string, after: string, inserted: string[]): void {
  let rest = after;
  for (const piece of inserted) {
    const at = rest.indexOf(piece);
    assert.ok(at >= 0, `inserted text ${JSON.stringify(piece)} not found`);
    rest = rest.slice(0, at) + rest.slice(at + piece.length);
  }
  assert.strictEqual(rest, before);
}

describe('editor code actions against the real httpd', function () {
  this.timeout(120000);
  let tree: Tree;
  let client: TestClient;
  let legacy: string;

  before(async function () {
    if (!httpdAvailable()) {
      this.skip();
      return;
    }
    if (!fs.existsSync(path.join(repoRoot, 'dist', 'server.js'))) throw new Error('dist/server.js missing: run npm run build first');
    tree = debianTree(7);
    legacy = path.join(tree.dir, 'conf-enabled', 'legacy.conf');
    fs.writeFileSync(legacy, LEGACY);
    client = new TestClient();
    await client.initialize(tree.dir, { workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } } });
    await client.open(legacy, LEGACY);
  });

  after(async () => {
    await client?.stop();
    removeScratch();
    removeRunDir();
  });

  /** Applies the edit on disk, runs apache2 -t, restores the files (and the open buffer). */
  async function applyAndCheck(edit: WorkspaceEdit, check: (applied: Applied) => void | Promise<void>): Promise<void> {
    const applied = applyWorkspaceEdit(edit);
    try {
      const verdict = await httpdCheck(tree.serverRoot, tree.main);
      assert.ok(verdict.ok, verdict.messages.join(' | '));
      await check(applied);
    } finally {
      for (const [file, text] of applied.before) {
        if (text === undefined) fs.rmSync(file, { force: true });
        else fs.writeFileSync(file, text);
      }
      await client.change(legacy, LEGACY);
    }
  }

  async function actionsAt(file: string, line: number, character: number, only?: string[], diagnostics: Diagnostic[] = []): Promise<CodeAction[]> {
    const position = { line, character };
    return client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: client.uri(file) }, range: { start: position, end: position }, context: { diagnostics, ...(only ? { only } : {}) } });
  }

  it('the stock tree with the legacy file is accepted before any action, and the file has findings', async () => {
    assert.ok((await httpdCheck(tree.serverRoot, tree.main)).ok);
    const diagnostics = await client.diagnosticsFor(legacy, (d) => d.some((x) => x.code === 'access-compat'));
    assert.strictEqual(diagnostics.filter((d) => d.code === 'access-compat').length, 2);
  });

  it('"Disable <rule> for this line" writes the suppression comment with the line\'s indentation and silences only that finding', async () => {
    const diagnostics = await client.diagnosticsFor(legacy, (d) => d.filter((x) => x.code === 'access-compat').length === 2);
    const second = diagnostics.filter((d) => d.code === 'access-compat').sort((a, b) => a.range.start.line - b.range.start.line)[1];
    const actions = await actionsAt(legacy, second.range.start.line, second.range.start.character);
    const titles = actions.map((a) => a.title);
    const disableLine = actions.find((a) => a.title === 'Disable access-compat for this line');
    assert.ok(disableLine, titles.join(' | '));
    assert.strictEqual(disableLine.kind, 'quickfix');
    // The rule's own fixes come first, silencing last.
    assert.ok(titles.indexOf('Disable access-compat for this line') > titles.findIndex((t) => t.startsWith('Replace with')));
    await applyAndCheck(disableLine.edit!, async (applied) => {
      const after = applied.after.get(legacy)!;
      assertPureInsertion(LEGACY, after, ['\t# httpd-lint disable-next-line access-compat\n']);
      await client.change(legacy, after);
      const now = await client.diagnosticsFor(legacy, (d) => d.filter((x) => x.code === 'access-compat').length === 1);
      assert.strictEqual(now.find((d) => d.code === 'access-compat')!.range.start.line, 2);
    });
  });

  it('"Disable <rule> for this file" writes one comment at the top; a second rule joins the same comment', async () => {
    const diagnostics = await client.diagnosticsFor(legacy, (d) => d.some((x) => x.code === 'access-compat'));
    const first = diagnostics.find((d) => d.code === 'access-compat')!;
    const action = (await actionsAt(legacy, first.range.start.line, first.range.start.character)).find((a) => a.title === 'Disable access-compat for this file');
    assert.ok(action);
    await applyAndCheck(action.edit!, async (applied) => {
      const after = applied.after.get(legacy)!;
      assert.strictEqual(after, `# httpd-lint disable access-compat\n${LEGACY}`);
      await client.change(legacy, after);
      const now = await client.diagnosticsFor(legacy, (d) => !d.some((x) => x.code === 'access-compat'));
      // Another rule's finding in the same file: its "for this file" extends the comment.
      const other = now.find((d) => d.code === 'server-signature-on');
      assert.ok(other, JSON.stringify(now.map((d) => d.code)));
      const more = (await actionsAt(legacy, other.range.start.line, other.range.start.character)).find((a) => a.title === `Disable ${other.code} for this file`);
      assert.ok(more);
      const second = applyWorkspaceEdit(more.edit!);
      assert.strictEqual(second.after.get(legacy), `# httpd-lint disable access-compat, ${other.code}\n${LEGACY}`);
      assert.ok((await httpdCheck(tree.serverRoot, tree.main)).ok);
    });
  });

  it('an existing disable-next-line comment gains the second rule instead of a second comment', async () => {
    const diagnostics = await client.diagnosticsFor(legacy, (d) => d.some((x) => x.code === 'access-compat'));
    // Line 13 (0-based 12) is "ServerSignature On" under a comment naming another rule.
    const signature = diagnostics.find((d) => d.range.start.line === 12);
    assert.strictEqual(signature?.code, 'server-signature-on');
    const action = (await actionsAt(legacy, 12, signature.range.start.character)).find((a) => a.title === 'Disable server-signature-on for this line');
    assert.ok(action);
    await applyAndCheck(action.edit!, async (applied) => {
      const after = applied.after.get(legacy)!;
      assertPureInsertion(LEGACY, after, [', server-signature-on']);
      assert.match(after, /^ {4}# httpd-lint disable-next-line trace-enable, server-signature-on$/m);
      await client.change(legacy, after);
      await client.diagnosticsFor(legacy, (d) => d.some((x) => x.code === 'access-compat') && !d.some((x) => x.code === 'server-signature-on'));
    });
  });

  it('source.fixAll.httpd-lint applies the preferred fixes of the file, and httpd accepts the result', async () => {
    await client.diagnosticsFor(legacy, (d) => d.some((x) => x.code === 'access-compat'));
    const actions = await actionsAt(legacy, 0, 0, ['source.fixAll']);
    assert.deepStrictEqual(actions.map((a) => a.kind), ['source.fixAll.httpd-lint']);
    // Without a filter, source actions are left to the editor's Source Action menu.
    assert.ok(!(await actionsAt(legacy, 0, 0)).some((a) => a.kind?.startsWith('source')));
    await applyAndCheck(actions[0].edit!, async (applied) => {
      const after = applied.after.get(legacy)!;
      assert.ok(!/Order|Allow from|Deny from/.test(after), after);
      assert.match(after, /^ {4}Require all granted$/m);
      assert.match(after, /^\tRequire all denied$/m);
      assert.match(after, /^ {4}ServerSignature Off$/m);
      // Lines no fix touched are byte-identical.
      for (const line of ['# two 2.2-style blocks', '<Directory /srv/two>', '    # httpd-lint disable-next-line trace-enable', '    DirectoryIndex index.html']) assert.ok(after.includes(`${line}\n`));
      assert.strictEqual(applied.after.size, 1, 'saving one file edits no other');
    });
  });

  it('"Convert 2.2 access control … in this file" rewrites every block with an exact translation', async () => {
    const action = (await actionsAt(legacy, 0, 0, ['refactor'])).find((a) => a.title.startsWith('Convert 2.2 access control'));
    assert.ok(action);
    assert.strictEqual(action.kind, 'refactor.rewrite');
    assert.match(action.title, /\(2 blocks\)/);
    await applyAndCheck(action.edit!, (applied) => {
      const after = applied.after.get(legacy)!;
      const expected = LEGACY.replace('    Order allow,deny\n    Allow from all\n', '    Require all granted\n').replace('\tOrder deny,allow\n\tDeny from all\n', '\tRequire all denied\n');
      assert.strictEqual(after, expected);
    });
  });

  it('"Wrap in <IfModule>" makes a directive of a module that is not loaded acceptable, and keeps one that is', async () => {
    // RewriteEngine: mod_rewrite is not enabled in the stock tree, so httpd refuses the line as it is.
    const withRewrite = LEGACY.replace('    DirectoryIndex index.html\n', '    RewriteEngine On\n    DirectoryIndex index.html\n');
    fs.writeFileSync(legacy, withRewrite);
    await client.change(legacy, withRewrite);
    await client.diagnosticsFor(legacy, (d) => d.some((x) => x.range.start.line === 13));
    try {
      assert.ok(!(await httpdCheck(tree.serverRoot, tree.main)).ok);
      const rewrite = (await actionsAt(legacy, 13, 6, ['refactor'])).find((a) => a.title === 'Wrap in <IfModule rewrite_module>');
      assert.ok(rewrite);
      await applyAndCheck(rewrite.edit!, (applied) => {
        assertPureInsertion(withRewrite, applied.after.get(legacy)!, ['<IfModule rewrite_module>\n        ', '    </IfModule>\n']);
        assert.match(applied.after.get(legacy)!, /^ {4}<IfModule rewrite_module>\n {8}RewriteEngine On\n {4}<\/IfModule>\n/m);
      });
      fs.writeFileSync(legacy, withRewrite);
      await client.change(legacy, withRewrite);
      await client.diagnosticsFor(legacy, (d) => d.some((x) => x.range.start.line === 13));
      const dir = (await actionsAt(legacy, 14, 6, ['refactor.rewrite'])).find((a) => a.title === 'Wrap in <IfModule dir_module>');
      assert.ok(dir);
      // Both together: the module that is loaded keeps its directive, the other is skipped.
      const uri = client.uri(legacy);
      await applyAndCheck({ changes: { [uri]: [...rewrite.edit!.changes![uri], ...dir.edit!.changes![uri]] } }, (applied) => {
        assert.match(applied.after.get(legacy)!, /^ {4}<IfModule dir_module>\n {8}DirectoryIndex index.html\n {4}<\/IfModule>\n/m);
      });
      // Core directives have no module to test for.
      assert.ok(!(await actionsAt(legacy, 12, 6, ['refactor'])).some((a) => a.title.startsWith('Wrap in')), 'ServerSignature is core');
    } finally {
      fs.writeFileSync(legacy, LEGACY);
      await client.change(legacy, LEGACY);
    }
  });

  it('"Extract this <VirtualHost>" moves the block byte for byte into the sites directory the tree already reads', async () => {
    const site = path.join(tree.dir, 'sites-enabled', '000-default.conf');
    const siteText = fs.readFileSync(site, 'utf8');
    await client.open(site, siteText);
    await client.diagnosticsFor(site);
    const action = (await actionsAt(site, 0, 3, ['refactor.extract'])).find((a) => a.title.startsWith('Extract this <VirtualHost>'));
    assert.ok(action, 'offered on the opening line');
    assert.ok(action.edit!.documentChanges, 'a create needs documentChanges');
    await applyAndCheck(action.edit!, (applied) => {
      const created = [...applied.before].filter(([, t]) => t === undefined).map(([f]) => f);
      assert.deepStrictEqual(created.map((f) => path.relative(tree.dir, f)), ['sites-enabled/vhost-1.conf']);
      const block = siteText.slice(siteText.indexOf('<VirtualHost'), siteText.indexOf('</VirtualHost>') + '</VirtualHost>\n'.length);
      assert.strictEqual(applied.after.get(created[0]), block);
      assert.strictEqual(applied.after.get(site), siteText.replace(block, ''));
      // No Include added: apache2.conf already reads sites-enabled/*.conf.
      assert.strictEqual(applied.after.get(tree.main), undefined);
    });
  });

  it('"Extract this <VirtualHost>" in a tree without a sites directory adds an Include in the block\'s place', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-extract-'));
    try {
      fs.mkdirSync(path.join(dir, 'logs'));
      const main = path.join(dir, 'httpd.conf');
      const text = [
        `LoadModule mpm_event_module ${MODULE_DIR}/mod_mpm_event.so`,
        `LoadModule authz_core_module ${MODULE_DIR}/mod_authz_core.so`,
        'ServerName main.test',
        'Listen 127.0.0.1:18099',
        'ErrorLog logs/error.log',
        'PidFile logs/httpd.pid',
        '<VirtualHost 127.0.0.1:18099>',
        '    ServerName first.test',
        '</VirtualHost>',
        '  <VirtualHost 127.0.0.1:18099>',
        '    ServerName second.test',
        '  </VirtualHost>',
        '',
      ].join('\n');
      fs.writeFileSync(main, text);
      assert.ok((await httpdCheck(dir, main)).ok);
      const own = new TestClient();
      try {
        await own.initialize(dir, { workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } } });
        await own.open(main, text);
        await own.diagnosticsFor(main);
        const at = { line: 9, character: 4 };
        const actions = await own.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: own.uri(main) }, range: { start: at, end: at }, context: { diagnostics: [], only: ['refactor'] } });
        const action = actions.find((a) => a.title.startsWith('Extract this <VirtualHost>'));
        assert.ok(action, actions.map((a) => a.title).join(' | '));
        const applied = applyWorkspaceEdit(action.edit!);
        const block = '  <VirtualHost 127.0.0.1:18099>\n    ServerName second.test\n  </VirtualHost>\n';
        assert.strictEqual(applied.after.get(path.join(dir, 'second.test.conf')), block);
        assert.strictEqual(applied.after.get(main), text.replace(block, '  Include second.test.conf\n'));
        const verdict = await httpdCheck(dir, main);
        assert.ok(verdict.ok, verdict.messages.join(' | '));
        // The virtual hosts keep their order: first.test stays the default of the address.
        const dump = fs.readFileSync(main, 'utf8');
        assert.ok(dump.indexOf('first.test') < dump.indexOf('Include second.test.conf'));
      } finally {
        await own.stop();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('no extract is offered to a client that cannot create files', async () => {
    const plain = new TestClient();
    try {
      await plain.initialize(tree.dir);
      const site = path.join(tree.dir, 'sites-enabled', '000-default.conf');
      await plain.open(site, fs.readFileSync(site, 'utf8'));
      await plain.diagnosticsFor(site);
      const actions = await plain.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: plain.uri(site) }, range: { start: { line: 0, character: 3 }, end: { line: 0, character: 3 } }, context: { diagnostics: [] } });
      assert.ok(!actions.some((a) => a.title.startsWith('Extract')));
    } finally {
      await plain.stop();
    }
  });
});
