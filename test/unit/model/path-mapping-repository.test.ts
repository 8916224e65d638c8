// A container's Apache file kept in a docker/ folder of the application's repository includes the
// application's files by their path in the image; the repository holds them one folder up.

import * as assert from 'assert';
import { buildModel, memoryFileSystem } from '../../../server/src/model';

const CONF = [
  '<Directory /var/www/App/p>',
  'Include /var/www/App/p/.htaccess',
  '</Directory>',
  '<Directory /var/www/App/p/api>',
  'Include /var/www/App/p/api/.htaccess',
  '</Directory>',
  '',
].join('\n');

function build(files: Record<string, string>, main: string) {
  return buildModel({ mainFile: main, fs: memoryFileSystem(files), env: {}, moduleStateKnown: false });
}

describe('path mappings inferred for a tree in a repository', () => {
  it('maps the image path onto the repository above the docker/ folder, not onto a same-named file beside the tree', () => {
    const model = build({
      '/work/app/.git/HEAD': 'ref: refs/heads/main\n',
      '/work/app/docker/apache.conf': CONF,
      '/work/app/docker/.htaccess': 'Require all denied\n',
      '/work/app/p/.htaccess': 'Options -Indexes\n',
      '/work/app/p/api/.htaccess': 'Options -Indexes\n',
    }, '/work/app/docker/apache.conf');
    assert.deepStrictEqual(model.pathMappings.map((m) => [m.from, m.to]), [['/var/www/App', '/work/app']]);
    assert.deepStrictEqual(model.problems.map((p) => p.code), []);
    assert.deepStrictEqual(model.files, ['/work/app/docker/apache.conf', '/work/app/p/.htaccess', '/work/app/p/api/.htaccess']);
  });

  it('looks no higher than the repository root, and takes no bare file name as evidence there', () => {
    const model = build({
      '/work/.htaccess': 'Options -Indexes\n',
      '/work/p/.htaccess': 'Options -Indexes\n',
      '/work/app/.htaccess': 'Options -Indexes\n',
      '/work/app/.git/HEAD': 'ref: refs/heads/main\n',
      '/work/app/docker/apache.conf': CONF,
    }, '/work/app/docker/apache.conf');
    assert.deepStrictEqual(model.pathMappings, []);
  });
});
