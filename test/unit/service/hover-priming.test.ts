// Hovers prepared in idle time (service/hover.ts prepareFileHovers) compile the code of each kind
// of directive's hover: the answers given afterwards must be those of a server that prepared none.

import * as assert from 'assert';
import { memoryFileSystem } from '../../../server/src/model';
import { createApacheService, prepareFileHovers } from '../../../server/src/service';

const MAIN = '/srv/httpd/httpd.conf';
const SITE = '/srv/httpd/sites/a.conf';
const FILES = {
  [MAIN]: 'LoadModule mpm_event_module modules/mod_mpm_event.so\nLoadModule rewrite_module modules/mod_rewrite.so\nListen 80\nKeepAliveTimeout 5\nInclude sites/*.conf\n',
  [SITE]: '<VirtualHost *:80>\n    ServerName a.example\n    KeepAliveTimeout 3\n    RewriteEngine On\n    RewriteRule ^/a$ /b [R=301,L]\n    Nonsense x\n    <Directory /srv/www>\n        Require all granted\n    </Directory>\n</VirtualHost>\n',
};

function hovers(prepare: boolean): string[] {
  const service = createApacheService({ fs: memoryFileSystem(FILES), env: {}, roots: ['/srv/httpd'] });
  service.refresh();
  const fa = service.analyzeFile(SITE);
  if (prepare) prepareFileHovers(fa.analysis, fa.modelFile);
  const text = FILES[SITE];
  const out: string[] = [];
  for (let offset = 0; offset < text.length; offset++) {
    const h = service.hover(fa, offset);
    out.push(h ? `${offset} ${h.start}-${h.end} ${h.markdown}` : `${offset} -`);
  }
  return out;
}

describe('hovers prepared in idle time', () => {
  it('leave every hover of the file as it is without them', () => {
    assert.deepStrictEqual(hovers(true), hovers(false));
  });
});
