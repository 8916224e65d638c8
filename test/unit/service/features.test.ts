import * as assert from 'assert';
import { memoryFileSystem } from '../../../server/src/model';
import { parse } from '../../../server/src/parser';
import { complete, signatureAt } from '../../../server/src/service/completion';
import { formatFile } from '../../../server/src/service/formatting';
import { hoverAt } from '../../../server/src/service/hover';
import { definitionAt, foldingRanges, outline } from '../../../server/src/service/navigation';
import { getDirective } from '../../../server/src/data';
import * as md from '../../../server/src/service/markdown';
import { applyEdits, model, ROOT, tree } from '../../helpers/trees';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const MarkdownIt = require('markdown-it');

/** The text a reader sees of rendered Markdown (raw HTML on, as permissive as editors get). */
function renderMarkdownText(markdown: string): string {
  const html = new MarkdownIt({ html: true }).render(markdown) as string;
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .trim();
}

/** Splits "text with | cursor" into text and offset. */
function cursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

describe('service features', () => {
  const files = {
    'httpd.conf': 'LoadModule mpm_event_module m.so\nLoadModule authz_core_module m.so\nDefine DOCS /srv/www\nDocumentRoot ${DOCS}\nInclude conf.d/*.conf\n<IfModule mod_ssl.c>\n    Listen 443\n</IfModule>\n',
    'conf.d/a.conf': 'ServerName a.example\n',
  };

  it('hovers a directive with its facts and whether its module is loaded here', () => {
    const m = model(files);
    const h = hoverAt(m, `${ROOT}/httpd.conf`, files['httpd.conf'].indexOf('DocumentRoot') + 2)!;
    assert.match(h.markdown, /^\*\*DocumentRoot\*\* — core/);
    assert.match(h.markdown, /DocumentRoot directory-path/);
    assert.match(h.markdown, /Module: core, always available/);
  });

  it('hovers a ${VAR} with its value and an Include with the files it matches', () => {
    const m = model(files);
    const text = files['httpd.conf'];
    const v = hoverAt(m, `${ROOT}/httpd.conf`, text.indexOf('${DOCS}') + 3)!;
    assert.match(v.markdown, /`\$\{DOCS\}` = `\/srv\/www` \(Define at \[`httpd\.conf:3`\]\(file:\/\/\/srv\/httpd\/httpd\.conf#L3\)\)/);
    const inc = hoverAt(m, `${ROOT}/httpd.conf`, text.indexOf('conf.d/*') + 2)!;
    assert.match(inc.markdown, /1 file/);
    assert.match(inc.markdown, /- \[`conf\.d\/a\.conf`\]\(file:\/\/\/srv\/httpd\/conf\.d\/a\.conf\)/, 'included files are links');
  });

  it('hovers argument keywords (Options, RewriteRule flags)', () => {
    const m = model({ 'httpd.conf': 'Options -Indexes\nRewriteRule ^/a /b [R=301,L]\n' });
    assert.match(hoverAt(m, `${ROOT}/httpd.conf`, 10)!.markdown, /^\*\*Indexes\*\* — /);
    const flags = hoverAt(m, `${ROOT}/httpd.conf`, 'Options -Indexes\nRewriteRule ^/a /b [R'.length)!.markdown;
    assert.match(flags, /\*\*R\*\* — redirect/);
    assert.match(flags, /\*\*L\*\* — last/);
  });

  it('completes only directives allowed in the cursor context', () => {
    const fs = memoryFileSystem(tree(files));
    const inDir = cursor('<Directory /x>\n    |\n</Directory>\n');
    const dirLabels = complete({ ...inDir, fileScope: 'server', fs }).map((c) => c.label);
    assert.ok(dirLabels.includes('Require') && dirLabels.includes('Options'));
    assert.ok(!dirLabels.includes('Listen'));
    const top = cursor('|\n');
    const topLabels = complete({ ...top, fileScope: 'server', fs }).map((c) => c.label);
    assert.ok(topLabels.includes('Listen'));
    assert.ok(!topLabels.includes('Require'), 'Require is not allowed at server level');
    const htaccess = complete({ ...top, fileScope: 'htaccess', fs }).map((c) => c.label);
    assert.ok(htaccess.includes('RewriteRule') && !htaccess.includes('Listen'));
  });

  it('completes flag values, Options keywords and module names', () => {
    const fs = memoryFileSystem(tree(files));
    const m = model(files);
    assert.deepStrictEqual(complete({ ...cursor('KeepAlive |'), fileScope: 'server', fs }).map((c) => c.label), ['On', 'Off']);
    assert.ok(complete({ ...cursor('Options +F|'), fileScope: 'server', fs }).some((c) => c.label === '+FollowSymLinks'));
    const mods = complete({ ...cursor('<IfModule |'), fileScope: 'server', fs, model: m });
    assert.ok(mods.some((c) => c.label === 'mod_rewrite.c'));
    assert.strictEqual(mods.find((c) => c.label === 'authz_core_module')!.rank, 0, 'loaded modules first');
  });

  it('completes Include paths relative to ServerRoot', () => {
    const m = model(files);
    const fs = memoryFileSystem(tree(files));
    const items = complete({ ...cursor('Include conf|'), fileScope: 'server', fs, model: m }).map((c) => c.label);
    assert.ok(items.includes('conf.d/'), items.join(','));
  });

  it('shows the syntax line while typing arguments', () => {
    const sig = signatureAt('KeepAliveTimeout 1', 18, 'server')!;
    assert.strictEqual(sig.label, 'KeepAliveTimeout num[ms]');
    assert.strictEqual(sig.activeParameter, 0);
    assert.deepStrictEqual(sig.parameters.map(([a, b]) => sig.label.slice(a, b)), ['num[ms]']);
  });

  it('gives the signature documentation as Markdown: code spans kept, <tags>, globs and names literal', () => {
    // The description of RequireAny mentions <RequireAny>-like tags and code spans.
    for (const name of ['RequireAny', 'Include', 'AliasPreservePath']) {
      const info = getDirective(name)!;
      const sig = signatureAt(`${name} x`, name.length + 1, 'server')!;
      assert.strictEqual(sig.documentation, md.prose(info.description));
      const rendered = renderMarkdownText(sig.documentation!);
      const withoutBackticks = info.description.replace(/`/g, '');
      assert.strictEqual(rendered, withoutBackticks, name);
    }
    const require = signatureAt('Require all granted', 8, 'server')!;
    assert.deepStrictEqual(require.parameters.map(([a, b]) => require.label.slice(a, b)), require.label.split(/\s+/).slice(1));
  });

  it('goes from an Include to its files and from ${VAR} to its Define', () => {
    const m = model(files);
    const text = files['httpd.conf'];
    assert.deepStrictEqual(definitionAt(m, `${ROOT}/httpd.conf`, text.indexOf('conf.d/*') + 1).map((t) => t.file), [`${ROOT}/conf.d/a.conf`]);
    assert.deepStrictEqual(definitionAt(m, `${ROOT}/httpd.conf`, text.indexOf('${DOCS}') + 2).map((t) => t.line), [2]);
  });

  it('builds an outline and folding ranges', () => {
    const parsed = parse('# a\n# b\n<VirtualHost *:80>\n    ServerName x\n</VirtualHost>\n');
    const items = outline(parsed);
    assert.deepStrictEqual(items.map((i) => [i.name, i.detail, i.children.map((c) => c.name)]), [['<VirtualHost *:80>', 'x', ['ServerName']]]);
    assert.deepStrictEqual(foldingRanges(parsed), [{ startLine: 2, endLine: 3 }, { startLine: 0, endLine: 1, kind: 'comment' }]);
  });

  it('formats indentation only, keeping arguments, comments and continuations', () => {
    const text = '<VirtualHost *:80>\nServerName   x   \n  <Directory /y>\n        Require all \\\n   granted\n  </Directory>\n# note  \n</VirtualHost>\nOptions On\\ \n';
    const out = applyEdits(text, formatFile(parse(text), { tabSize: 4, insertSpaces: true }));
    assert.strictEqual(out, '<VirtualHost *:80>\n    ServerName   x\n    <Directory /y>\n        Require all \\\n   granted\n    </Directory>\n    # note\n</VirtualHost>\nOptions On\\ \n');
  });
});
