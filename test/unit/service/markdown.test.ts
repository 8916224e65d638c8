// Configuration text placed in Markdown stays literal: rendered with a real CommonMark renderer
// (raw HTML and autolinks on, the most permissive setting), every word survives and nothing
// becomes a link, image, HTML element or emphasis.

import * as assert from 'assert';
import { allDirectives } from '../../../server/src/data';
import * as md from '../../../server/src/service/markdown';
import { explainDirective, hoverAt } from '../../../server/src/service/hover';
import { pathToFileURL } from 'url';
import { renderProfileHtml } from '../../../client/src/profile-html';
import { serverProfile } from '../../../server/src/service/profile';
import { analysis, model, ROOT } from '../../helpers/trees';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const MarkdownIt = require('markdown-it');
const renderer = new MarkdownIt({ html: true, linkify: true });
// Render every link, whatever its scheme, so the tests see any link the text could produce.
renderer.validateLink = () => true;

function render(markdown: string): string {
  return renderer.render(markdown) as string;
}

/** The text a reader sees: tags dropped, entities decoded. */
function visible(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Elements that only our own builders may produce. */
function markupElements(html: string): string[] {
  return [...html.matchAll(/<(a|img|em|strong|h\d|li|ol|ul|blockquote|table|script|iframe|s|del|hr)\b[^>]*>/g)].map((m) => m[0]);
}

const HOSTILE = [
  '[docs](command:workbench.action.terminal.new)',
  '![x](https://evil.example/p.png)',
  '<img src=x onerror=alert(1)>',
  '<RequireAny> and </RequireAny>',
  'conf.d/*.conf and *emphasis* and **bold** and _under_ and mod_php_x',
  'see https://evil.example/x, www.evil.example and admin@example.com',
  '- not a list',
  '1. not a list',
  '# not a heading',
  '> not a quote',
  '$x^2$ ~~gone~~ a|b',
  '&amp; &lt;b&gt; &#65;',
  'back`tick and ``double`` and ```',
  'trailing backslash \\',
];

describe('markdown escaping', () => {
  it('text(): hostile configuration text renders literally, with no markup', () => {
    for (const value of HOSTILE) {
      const html = render(md.text(value));
      assert.deepStrictEqual(markupElements(html), [], `${value} -> ${html}`);
      assert.strictEqual(visible(html).trim(), value, `${value} -> ${html}`);
    }
  });

  it('code(): a value cannot break out of its code span, whatever backticks it holds', () => {
    for (const value of [...HOSTILE, '`', '``x``', 'a ` b', '`${X}`', ' spaced ']) {
      const html = render(md.code(value));
      const spans = [...html.matchAll(/<code>([\s\S]*?)<\/code>/g)];
      assert.strictEqual(spans.length, 1, `${value} -> ${html}`);
      assert.strictEqual(visible(spans[0][1]).trim(), value.trim(), `${value} -> ${html}`);
      assert.deepStrictEqual(markupElements(html), [], `${value} -> ${html}`);
    }
  });

  it('codeBlock(): a fence longer than any backtick run inside', () => {
    const value = 'a\n```\n<b>x</b>\n````';
    const html = render(md.codeBlock(value, 'apacheconf'));
    assert.strictEqual((html.match(/<pre>/g) ?? []).length, 1);
    assert.ok(visible(html).includes(value));
  });

  it('prose(): our code spans stay code, every other word stays visible', () => {
    const html = render(md.prose('Use `<RequireAny>` inside <RequireAll>, globs like conf.d/*.conf and *.load, names like mod_php_x; a lone ` stays.'));
    assert.match(html, /<code>&lt;RequireAny&gt;<\/code>/);
    assert.strictEqual(visible(html).trim(), 'Use <RequireAny> inside <RequireAll>, globs like conf.d/*.conf and *.load, names like mod_php_x; a lone ` stays.');
    assert.deepStrictEqual(markupElements(html), []);
  });

  it('link(): only file: and https: targets we build', () => {
    assert.strictEqual(md.link('x', 'command:evil'), 'x');
    assert.strictEqual(md.link('x', 'javascript:alert(1)'), 'x');
    const file = md.fileLink('a (1).conf', '/srv/a (1).conf', 4);
    const html = render(file);
    assert.match(html, /<a href="file:\/\/\/srv\/a%20%281%29\.conf#L5"><code>a \(1\)\.conf<\/code><\/a>/);
  });

  it('every directive description renders with every word', () => {
    for (const info of allDirectives()) {
      if (!info.description) continue;
      const html = render(md.prose(info.description));
      assert.deepStrictEqual(markupElements(html), [], info.name);
      const words = info.description.replace(/`/g, '').split(/\s+/).filter(Boolean);
      const shown = visible(html).replace(/\s+/g, ' ');
      for (const word of words) assert.ok(shown.includes(word), `${info.name}: "${word}" lost in ${html}`);
    }
  });

  it('every directive guide keeps <Tags> written outside code', () => {
    for (const info of allDirectives()) {
      if (!info.guide) continue;
      const html = render(explainDirective(info.name)!);
      assert.ok(!/<(?!\/?(a|p|code|pre|strong|em|h\d|ul|ol|li|hr|blockquote|br|table|thead|tbody|tr|th|td)\b)[a-z]/i.test(html), `${info.name}: raw HTML in ${html.slice(0, 200)}`);
    }
  });
});

describe('hover and profile with hostile configuration text', () => {
  const evilFile = '[docs](command:workbench.action.terminal.new).conf';
  const files = {
    'httpd.conf': [
      'LoadModule mpm_event_module m.so',
      'LoadModule authz_core_module m.so',
      'Define X "a`b`` <img src=x> [l](command:c)"',
      'ServerName ${X}',
      'Include conf.d/*.conf',
      'RewriteEngine On',
      'RewriteRule ^ - [<b>bold</b>]',
      '',
    ].join('\n'),
    [`conf.d/${evilFile}`]: 'ServerAdmin <img src=x onerror=alert(1)>\n<VirtualHost *:80>\nServerName <img/src=y>\n</VirtualHost>\n',
  };

  it('a ${X} value stays inside its code span', () => {
    const m = model(files);
    const text = files['httpd.conf'];
    const h = hoverAt(m, `${ROOT}/httpd.conf`, text.indexOf('${X}') + 2)!;
    const html = render(h.markdown);
    assert.deepStrictEqual(markupElements(html), ['<a href="file:///srv/httpd/httpd.conf#L3">'], 'only the link to the Define');
    const spans = [...html.matchAll(/<code>([\s\S]*?)<\/code>/g)].map((s) => visible(s[1]).trim());
    assert.ok(spans.includes('a`b`` <img src=x> [l](command:c)'), html);
  });

  it('an included file named like a link is a file link, not a command link', () => {
    const m = model(files);
    const text = files['httpd.conf'];
    const html = render(hoverAt(m, `${ROOT}/httpd.conf`, text.indexOf('conf.d/*') + 2)!.markdown);
    const links = [...html.matchAll(/<a href="([^"]*)"/g)].map((l) => l[1]);
    assert.strictEqual(links.length, 1, html);
    assert.match(links[0], /^file:\/\/\/srv\/httpd\/conf\.d\/%5Bdocs%5D%28command:workbench\.action\.terminal\.new%29\.conf$/);
    assert.ok(visible(html).includes(`conf.d/${evilFile}`));
  });

  it('an unknown RewriteRule flag is shown as text', () => {
    const m = model(files);
    const text = files['httpd.conf'];
    const html = render(hoverAt(m, `${ROOT}/httpd.conf`, text.indexOf('[<b>') + 3)!.markdown);
    assert.ok(!/<b>/.test(html), html);
    assert.ok(visible(html).includes('<b>bold</b>'));
  });

  it('the profile (an HTML page in the editor) shows ServerName <img …> as text', () => {
    const html = renderProfileHtml(serverProfile(analysis(files)), { nonce: 'n', toUri: (f) => pathToFileURL(f).toString(), updated: new Date(0) });
    assert.ok(!/<img/.test(html), html);
    assert.ok(visible(html).includes('<img/src=y>'));
    const links = [...html.matchAll(/<a [^>]*href="([^"]*)"/g)].map((l) => l[1]);
    assert.ok(links.length > 0 && links.every((l) => l.startsWith('command:apache.openLocation?')), links.join('\n'));
  });
});
