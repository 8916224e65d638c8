// PHP already runs in PHP-FPM, yet the server keeps prefork: nothing in-process needs it any
// more, and event serves static files and idle keep-alive connections far more cheaply.

import type { Rule } from './lib/types';

export const fpmWithPrefork: Rule = {
  id: 'fpm-with-prefork',
  category: 'performance',
  defaultSeverity: 'information',
  summary: 'PHP is handed to PHP-FPM, yet the server still uses prefork with no in-process language module.',
  check(ctx) {
    const model = ctx.model;
    if (!model.phpFpm || model.mpm !== 'prefork' || model.languageModules.some((l) => l.inProcess)) return;
    const mpm = model.mpmModules[0]?.where;
    if (!mpm) return;
    ctx.report({
      ...mpm,
      message: 'PHP runs in PHP-FPM and nothing in httpd needs prefork: event serves the same load with far fewer processes. Switch to the event MPM.',
      related: [{ ...model.phpFpm, message: 'PHP-FPM wired in here' }],
    });
  },
};
