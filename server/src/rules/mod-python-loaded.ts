// mod_python: a retired project that runs Python inside every httpd process.

import type { Rule } from './lib/types';

export const modPythonLoaded: Rule = {
  id: 'mod-python-loaded',
  category: 'migration',
  defaultSeverity: 'information',
  summary: 'mod_python is loaded; the project was retired and mod_wsgi replaces it.',
  check(ctx) {
    for (const python of ctx.model.languageModules) {
      if (python.kind !== 'python' || !python.where) continue;
      ctx.report({
        ...python.where,
        message: 'mod_python is loaded: retired since 2010, it runs Python inside every httpd process. Serve Python through mod_wsgi in daemon mode or a reverse proxy.',
      });
    }
  },
};
