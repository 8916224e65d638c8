// Debian's mod_php is not thread-safe: under event or worker httpd refuses to start.

import type { Rule } from './lib/types';

export const phpThreadedMpm: Rule = {
  id: 'php-threaded-mpm',
  category: 'modules',
  defaultSeverity: 'error',
  summary: 'mod_php (not thread-safe) loaded with the threaded event or worker MPM.',
  check(ctx) {
    const model = ctx.model;
    if (model.mpm !== 'event' && model.mpm !== 'worker') return;
    const mpmWhere = model.mpmModules[0]?.where;
    for (const lang of model.languageModules) {
      if (lang.kind !== 'php' || !lang.where) continue;
      const module = model.modules.get(lang.identifier);
      if (module?.soPath && /zts/i.test(module.soPath)) continue;
      ctx.report({
        ...lang.where,
        message:
          `Apache is running a threaded MPM, but your PHP Module is not compiled to be threadsafe. Switch to prefork or run PHP through PHP-FPM.`,
        related: mpmWhere ? [{ ...mpmWhere, message: `MPM ${model.mpm} loaded here` }] : undefined,
      });
    }
  },
};
