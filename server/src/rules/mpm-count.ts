// httpd needs exactly one MPM: none, or two, and it refuses to start.

import type { ConfigModel } from '../model';
import type { Rule } from './lib/types';
import { absentIncludeFolder, isDebianLayout } from './lib/layout';
import { fitMessage } from './lib/message';
import { describeLocation } from './lib/util';

/** Only a full configuration (not a fragment or a lone .htaccess) must load an MPM. */
function isFullConfig(model: ConfigModel): boolean {
  return model.moduleStateKnown && model.fileScopes.get(model.mainFile) === 'server';
}

export const noMpm: Rule = {
  id: 'no-mpm',
  category: 'modules',
  defaultSeverity: 'error',
  summary: 'No MPM module is loaded, so httpd refuses to start.',
  check(ctx) {
    const model = ctx.model;
    if (!isFullConfig(model) || model.mpmModules.length > 0) return;
    const how = isDebianLayout(model) ? 'Enable one: a2enmod mpm_event (or mpm_prefork for mod_php).' : 'Add LoadModule mpm_event_module modules/mod_mpm_event.so.';
    const absent = absentIncludeFolder(model);
    if (absent) {
      // A checkout without mods-enabled/: say where the MPM would have come from.
      const where = `${absent.folder}/ (read at ${describeLocation(model, absent)}) is not in this tree`;
      const message = fitMessage(`No MPM loaded: httpd needs exactly one, and ${where}. ${how}`, `No MPM loaded: ${where}. ${how}`);
      ctx.report({ file: model.mainFile, line: 0, start: 0, end: 0, message, related: [{ file: absent.file, line: absent.line, start: absent.start, end: absent.end, message: `${absent.folder}/ does not exist here` }] });
      return;
    }
    if (model.mpmMayBeBuiltIn) {
      // A source build compiles its MPM in unless configured with --enable-mpms-shared: a guess, so a warning.
      const message = 'No MPM loaded: fine only if this httpd compiles one in (httpd -l lists event.c, as a plain make install does). Else add LoadModule mpm_event_module.';
      ctx.report({ file: model.mainFile, line: 0, start: 0, end: 0, severity: 'warning', message });
      return;
    }
    ctx.report({ file: model.mainFile, line: 0, start: 0, end: 0, message: `No MPM loaded: httpd needs exactly one. ${how}` });
  },
};

export const multipleMpm: Rule = {
  id: 'multiple-mpm',
  category: 'modules',
  defaultSeverity: 'error',
  summary: 'More than one MPM module is loaded, so httpd refuses to start.',
  check(ctx) {
    const model = ctx.model;
    if (!isFullConfig(model) || model.mpmModules.length < 2) return;
    const names = model.mpmModules.map((m) => m.identifier).join(', ');
    for (const module of model.mpmModules.slice(1)) {
      if (!module.where) continue;
      ctx.report({ ...module.where, message: `More than one MPM loaded (${names}). httpd runs exactly one; remove all but one of these LoadModule lines.` });
    }
  },
};
