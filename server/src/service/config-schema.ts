// The JSON schema of `.httpd-lint.json` (schemas/httpd-lint.schema.json, shipped in the package
// and contributed to VS Code through jsonValidation). Written by scripts/generate-rule-schema.ts;
// a test checks the file agrees with this and that config-file.ts accepts what it describes.

import { rulesSettingSchema } from '../rules/settings-schema';

export function configFileSchema(): Record<string, unknown> {
  const rules = rulesSettingSchema();
  const settings = {
    mainConfig: { type: 'string', markdownDescription: 'Main configuration file of the tree, relative to this file (e.g. `apache2.conf`). Files it includes are checked in its tree.' },
    serverRoot: { type: 'string', markdownDescription: 'ServerRoot for relative paths, like `httpd -d`, relative to this file. A `ServerRoot` directive still wins.' },
    version: { type: 'string', pattern: '^2\\.\\d+(\\.\\d+)?$', markdownDescription: 'httpd version for `<IfVersion>`, e.g. `2.4.62`.' },
    staticModules: { type: 'array', items: { type: 'string' }, markdownDescription: 'Modules compiled into httpd (`httpd -l`), e.g. `["core_module", "so_module", "http_module"]`. Default: Debian\'s, or core, so and http under the ServerRoot of a build that loads the rest (/etc/httpd, /usr/local/apache2…).' },
    defines: { type: 'array', items: { type: 'string' }, markdownDescription: 'Names defined as with `httpd -D NAME`; `NAME=VALUE` also sets `${NAME}`.' },
    pathMappings: { type: 'object', additionalProperties: { type: 'string' }, markdownDescription: 'Server paths read from elsewhere, e.g. `{"/etc/httpd": "."}` (targets relative to this file).' },
    rules: { type: 'object', properties: rules.properties, additionalProperties: false, markdownDescription: 'Level per rule id: `off`, `hint`, `information`, `warning` or `error`.' },
    keepAlive: { type: 'object', properties: { timeoutThreshold: { type: 'number', minimum: 0, markdownDescription: 'Seconds above which `KeepAliveTimeout` is reported on prefork with an in-process language module.' } }, additionalProperties: false },
    memory: {
      type: 'object',
      properties: {
        totalMB: { type: 'number', minimum: 0, markdownDescription: 'Memory of the server in MB, for the capacity advice.' },
        perProcessMB: { type: 'object', additionalProperties: { type: 'number', minimum: 0 }, markdownDescription: 'Resident MB per process, keyed by `prefork`, `prefork+php`, `worker`, `event`.' },
      },
      additionalProperties: false,
    },
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'httpd-lint configuration (.httpd-lint.json)',
    type: 'object',
    properties: {
      $schema: { type: 'string' },
      ...settings,
      ignore: { type: 'array', items: { type: 'string' }, markdownDescription: 'Globs of files not to check or report, relative to this file (`**` for any folders), e.g. `["vendor/**", "*.dist"]`.' },
      overrides: {
        type: 'array',
        markdownDescription: 'Settings for some paths: each entry applies to the files its `files` globs match, in order, on top of the settings above.',
        items: {
          type: 'object',
          required: ['files'],
          properties: {
            files: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1 }], markdownDescription: 'Globs relative to this file.' },
            ...settings,
          },
          additionalProperties: false,
        },
      },
    },
    additionalProperties: false,
  };
}
