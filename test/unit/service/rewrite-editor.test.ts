// The editor side of mod_rewrite: hover on a rule's pattern, completion of %{VARIABLES} and
// flags from the vocabulary, and the "why did this rule not match" answer from a real trace.

import * as assert from 'assert';
import { memoryFileSystem } from '../../../server/src/model';
import { complete } from '../../../server/src/service/completion';
import { hoverAt } from '../../../server/src/service/hover';
import { declaredFileView, traceRequest } from '../../../server/src/simulate';
import { explainRule } from '../../../server/src/simulate/rewrite/explain';
import { model, ROOT, tree } from '../../helpers/trees';

function cursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

const CONF = [
  'LoadModule mpm_event_module m.so',
  'LoadModule rewrite_module m.so',
  'Listen 8080',
  'ServerName r.test',
  'DocumentRoot /www',
  'RewriteEngine On',
  'RewriteRule ^/old/(.*)$ /new/$1 [R=301,L]',
  '<Directory /www>',
  '  RewriteRule ^/blog/(.*)$ index.php?p=$1 [L]',
  '  RewriteRule ^shop/(\\d+)$ index.php?item=$1 [NC,L]',
  '</Directory>',
  '',
].join('\n');

describe('mod_rewrite in the editor', () => {
  it('hover on a pattern says what it matches, where it applies and explains the flags', () => {
    const m = model({ 'httpd.conf': CONF });
    const server = hoverAt(m, `${ROOT}/httpd.conf`, CONF.indexOf('^/old') + 2)!.markdown;
    assert.match(server, /subjects starting with `\/old\/`/);
    assert.match(server, /Captures \$1/);
    assert.match(server, /\*\*Server context\*\*/);
    assert.match(server, /\*\*R\*\*/);
    const dir = hoverAt(m, `${ROOT}/httpd.conf`, CONF.indexOf('^shop') + 2)!.markdown;
    assert.match(dir, /\*\*Directory context\*\*/);
    assert.match(dir, /`\/www\/`/);
    assert.match(dir, /any case, \[NC\]/);
  });

  it('completes %{VARIABLES} in test strings and flag names inside [..]', () => {
    const fs = memoryFileSystem(tree({ 'httpd.conf': '' }));
    const vars = complete({ ...cursor('RewriteCond %{HT|'), fileScope: 'server', fs }).map((c) => c.label);
    assert.ok(vars.includes('%{HTTP_HOST}') && vars.includes('%{HTTPS}') && vars.includes('%{HTTP:'), vars.join(' '));
    const flags = complete({ ...cursor('RewriteRule ^a b [R=301,|'), fileScope: 'server', fs }).map((c) => c.label);
    assert.ok(flags.includes('[R=301,L') && flags.includes('[R=301,QSA') && flags.includes('[R=301,BNE='), flags.join(' '));
  });

  it('explains why a rule did not match: the leading slash in directory context', () => {
    const m = model({ 'httpd.conf': CONF });
    const files = declaredFileView(['/www/index.php']);
    const r = traceRequest(m, { url: 'http://r.test:8080/blog/x' }, { files });
    const line = CONF.split('\n').findIndex((l) => l.includes('^/blog')) + 1;
    const why = explainRule(r.rewrite, `${ROOT}/httpd.conf`, line);
    assert.match(why, /does not match 'blog\/x'.*drop the leading slash/);
    const shop = traceRequest(m, { url: 'http://r.test:8080/SHOP/7' }, { files });
    assert.strictEqual(shop.outcome.file, '/www/index.php');
    assert.match(explainRule(shop.rewrite, `${ROOT}/httpd.conf`, line + 1), /matched 'SHOP\/7' and produced \/www\/index\.php\?item=7/);
  });
});
