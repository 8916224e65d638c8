// The profile page of the editor's webview, rendered from a real analysis.
import * as assert from 'assert';
import { pathToFileURL } from 'url';
import { renderProfileHtml } from '../../../client/src/profile-html';
import { contentSecurityPolicy, escapeHtml, openLocationHref, parseOpenLocationArgs } from '../../../client/src/webview-page';
import { serverProfile } from '../../../server/src/service/profile';
import { analysis, ROOT } from '../../helpers/trees';

const CONFIG = [
  'LoadModule mpm_prefork_module modules/mod_mpm_prefork.so',
  'LoadModule authz_core_module modules/mod_authz_core.so',
  'Listne 80',
  '<IfModule mod_nope.c>',
  '  ServerAdmin x',
  '</IfModule>',
  '<Directory />',
  '  Require all granted',
  '</Directory>',
  '<VirtualHost *:80>',
  '  ServerName "<img src=x onerror=alert(1)>"',
  "  ServerAlias a&b.example `x` *.example.com '\"q\"'",
  '</VirtualHost>',
  '',
].join('\n');

const NONCE = 'n0nce+/=';

function page(): string {
  const profile = serverProfile(analysis({ 'httpd.conf': CONFIG }));
  return renderProfileHtml(profile, { nonce: NONCE, toUri: (f) => pathToFileURL(f).toString(), updated: new Date(0) });
}

const unescapeHtml = (s: string): string => s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!);

describe('server profile page (webview HTML)', () => {
  it('escapes every piece of configuration text', () => {
    const html = page();
    assert.ok(!html.includes('<img'), 'no tag from the configuration');
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'), 'the ServerName is shown as text');
    assert.ok(html.includes('a&amp;b.example, `x`, *.example.com, &quot;q&quot;'), 'the aliases as written');
    assert.strictEqual(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('runs no script and allows only its own styles', () => {
    const html = page();
    assert.ok(!/<script/i.test(html));
    assert.ok(!/\son\w+=/i.test(html.replace(/&lt;img src=x onerror=alert\(1\)&gt;/, '')), 'no event handler attributes');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
    assert.ok(csp, 'a CSP meta tag');
    assert.strictEqual(unescapeHtml(csp[1]), contentSecurityPolicy(NONCE));
    assert.match(contentSecurityPolicy(NONCE), /^default-src 'none'; style-src 'nonce-n0nce\+\/='; .*script-src 'none'/);
    const styles = html.match(/<style[^>]*>/g) ?? [];
    assert.deepStrictEqual(styles, [`<style nonce="${NONCE}">`]);
    assert.ok(!/\sstyle=/.test(html), 'no inline style attributes (the CSP would block them)');
  });

  it('links each finding and each set value to its file and line through our command only', () => {
    const html = page();
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => unescapeHtml(m[1]));
    assert.ok(hrefs.length >= 5, `links: ${hrefs.length}`);
    const targets = hrefs.map((h) => {
      assert.ok(h.startsWith('command:apache.openLocation?'), h);
      const args = JSON.parse(decodeURIComponent(h.slice('command:apache.openLocation?'.length))) as unknown[];
      assert.strictEqual(args.length, 1);
      const parsed = parseOpenLocationArgs(args[0]);
      assert.ok(parsed, h);
      return `${parsed.uri}#${parsed.line + 1}`;
    });
    const main = pathToFileURL(`${ROOT}/httpd.conf`).toString();
    for (const line of [1, 3, 4, 7, 10]) assert.ok(targets.includes(`${main}#${line}`), `a link to httpd.conf:${line} in ${targets.join(', ')}`);
    assert.strictEqual(openLocationHref('file:///a%20b.conf', 2), `command:apache.openLocation?${encodeURIComponent('[{"uri":"file:///a%20b.conf","line":2}]')}`);
  });

  it('lists findings most severe first with their whole messages, hints folded', () => {
    const html = page();
    const profile = serverProfile(analysis({ 'httpd.conf': CONFIG }));
    const order: string[] = [...html.matchAll(/<li class="finding (\w+)">/g)].map((m) => m[1]);
    assert.deepStrictEqual(order, profile.findings.map((f): string => f.severity));
    assert.deepStrictEqual([...new Set(order)], ['error', 'warning', 'information', 'hint'].filter((s) => order.includes(s)));
    assert.ok(order.includes('error') && order.includes('hint'));
    for (const f of profile.findings) assert.ok(html.includes(`<p>${escapeHtml(f.message)}</p>`), `whole message of ${f.code}`);
    const details = html.indexOf('<details>');
    assert.ok(details > 0 && html.indexOf('<li class="finding hint">') > details, 'hints inside a folded <details>');
    assert.ok(html.indexOf('<li class="finding error">') < details);
  });

  it('accepts only well-formed link arguments', () => {
    assert.deepStrictEqual(parseOpenLocationArgs({ uri: 'file:///x', line: 3 }), { uri: 'file:///x', line: 3 });
    for (const bad of [undefined, null, 'file:///x', { uri: 1, line: 1 }, { uri: 'file:///x', line: -1 }, { uri: 'file:///x', line: 1.5 }, { uri: 'file:///x' }]) {
      assert.strictEqual(parseOpenLocationArgs(bad), undefined, JSON.stringify(bad));
    }
  });
});
