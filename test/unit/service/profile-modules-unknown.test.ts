// The server profile says where the list of loaded modules stops being known.
import * as assert from 'assert';
import { memoryFileSystem } from '../../../server/src/model';
import { createApacheService, renderProfileText } from '../../../server/src/service';
import { readSettings } from '../../../server/src/service/settings';

function profileOf(files: Record<string, string>, file: string) {
  const service = createApacheService({ fs: memoryFileSystem(files), settings: readSettings({}), env: {}, roots: ['/repo'], configFile: null });
  service.refresh();
  return service.profile(service.analyzeFile(file).analysis);
}

describe('server profile: modules past an unreadable Include', () => {
  it('names the Include after which the loaded modules are unknown, in the data and the text', () => {
    const profile = profileOf({ '/repo/apache2/apache2.conf': 'ServerName a\nInclude mods.conf\n' }, '/repo/apache2/apache2.conf');
    assert.strictEqual(profile.modulesUnknownAfter?.file, '/repo/apache2/apache2.conf');
    assert.strictEqual(profile.modulesUnknownAfter?.line, 1);
    assert.match(renderProfileText(profile), /Loaded modules +unknown past this Include, which could not be read: what it loads is not counted +\(apache2\.conf:2\)/);
  });

  it('says nothing of it when every Include was read', () => {
    const profile = profileOf({ '/repo/apache2/apache2.conf': 'ServerName a\nInclude mods.conf\n', '/repo/apache2/mods.conf': 'LoadModule mpm_event_module x.so\n' }, '/repo/apache2/apache2.conf');
    assert.strictEqual(profile.modulesUnknownAfter, undefined);
    assert.doesNotMatch(renderProfileText(profile), /unknown past/);
  });
});
