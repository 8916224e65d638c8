// VS Code answers a settings request with package.json's defaults for every setting the user left
// unset; those must read as "unset" on the server, not as a choice the user made.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { readSettings } from '../../../server/src/service/settings';
import { createApacheService } from '../../../server/src/service';
import { memoryFileSystem } from '../../../server/src/model';
import { repoRoot } from '../../helpers/files';

/** The "apache" section as VS Code's getConfiguration returns it with nothing set. */
function packageDefaults(): Record<string, unknown> {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const section: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries<{ default?: unknown }>(pkg.contributes.configuration.properties)) {
    const parts = key.split('.').slice(1);
    let at = section;
    for (const part of parts.slice(0, -1)) at = (at[part] ??= {}) as Record<string, unknown>;
    at[parts[parts.length - 1]] = schema.default;
  }
  return section;
}

describe('package.json setting defaults', () => {
  it('read as the server defaults of an empty configuration', () => {
    assert.deepStrictEqual(readSettings(packageDefaults()), readSettings({}));
  });

  it('leave the compiled-in modules to the ServerRoot: a RHEL tree loading log_config gets no module-builtin', () => {
    const files = {
      '/repo/conf/httpd.conf': 'ServerRoot "/etc/httpd"\nInclude conf.modules.d/*.conf\nUser apache\n',
      '/repo/conf.modules.d/00-base.conf': 'LoadModule mpm_event_module modules/mod_mpm_event.so\nLoadModule unixd_module modules/mod_unixd.so\nLoadModule log_config_module modules/mod_log_config.so\n',
    };
    const service = createApacheService({ fs: memoryFileSystem(files), settings: readSettings(packageDefaults()), env: {}, roots: ['/repo'], configFile: null });
    service.refresh();
    const file = '/repo/conf.modules.d/00-base.conf';
    const { analysis, modelFile } = service.analyzeFile(file);
    assert.ok(analysis.model.modules.has('log_config_module'), 'the tree was read');
    const findings = service.diagnostics(analysis, modelFile);
    assert.deepStrictEqual(findings.map((f) => `${f.code}: ${f.message}`), []);
  });
});
