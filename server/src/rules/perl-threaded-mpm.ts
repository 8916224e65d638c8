// mod_perl on worker or event: it works only with a Perl built with ithreads, through a pool of
// interpreters, and Perl code that is not thread-safe misbehaves.

import type { Rule } from './lib/types';

export const perlThreadedMpm: Rule = {
  id: 'perl-threaded-mpm',
  category: 'modules',
  defaultSeverity: 'information',
  summary: 'mod_perl with a threaded MPM needs a Perl built with ithreads and thread-safe Perl code.',
  check(ctx) {
    const model = ctx.model;
    if (model.mpm !== 'event' && model.mpm !== 'worker') return;
    const mpm = model.mpmModules[0]?.where;
    for (const perl of model.languageModules) {
      if (perl.kind !== 'perl' || !perl.where) continue;
      ctx.report({
        ...perl.where,
        message: `mod_perl under the threaded ${model.mpm} MPM needs a Perl with ithreads, and modules that are not thread-safe misbehave. Prefork is the safe choice for mod_perl.`,
        related: mpm ? [{ ...mpm, message: `MPM ${model.mpm} loaded here` }] : undefined,
      });
    }
  },
};
