// Advice about how application code runs: embedded mod_wsgi on prefork, mod_python, mod_perl on
// threaded MPMs, PHP-FPM still on prefork, tuning blocks for an MPM that is not running.

import { activeUses, type SectionUse } from '../model';
import type { Rule } from './types';
import { describeLocation, lineSpan, nameSpan } from './util';
import { insertLineAfter, useAtFinding } from './edits';

export const wsgiEmbeddedPrefork: Rule = {
  id: 'wsgi-embedded-prefork',
  category: 'performance',
  defaultSeverity: 'warning',
  summary: 'mod_wsgi runs the Python application inside prefork children (embedded mode).',
  check(ctx) {
    const model = ctx.model;
    const wsgi = model.languageModules.find((l) => l.kind === 'wsgi' && l.inProcess);
    if (!wsgi || model.mpm !== 'prefork') return;
    for (const use of activeUses(model, 'WSGIScriptAlias')) {
      ctx.report({
        ...lineSpan(use),
        message: `WSGIScriptAlias without WSGIDaemonProcess/WSGIProcessGroup runs the application embedded in every prefork child (mod_wsgi loaded at ${describeLocation(model, wsgi.where)}): each child loads Python and the app. Use daemon mode.`,
      });
    }
  },
  fixes(finding, ctx) {
    const use = useAtFinding(ctx, finding, 'wsgiscriptalias');
    if (!use) return [];
    const name = 'app';
    const first = insertLineAfter(use, `WSGIDaemonProcess ${name} processes=2 threads=15`, ctx);
    const second = insertLineAfter(use, `WSGIProcessGroup ${name}`, ctx);
    if (!first || !second) return [];
    return [{ title: 'Run the application in a mod_wsgi daemon process group', preferred: true, edits: [{ ...first, newText: first.newText + second.newText }] }];
  },
};

export const modPythonLoaded: Rule = {
  id: 'mod-python-loaded',
  category: 'migration',
  defaultSeverity: 'information',
  summary: 'mod_python is loaded; the project was retired and mod_wsgi replaces it.',
  check(ctx) {
    const python = ctx.model.languageModules.find((l) => l.kind === 'python');
    if (!python?.where) return;
    ctx.report({ ...python.where, message: 'mod_python is loaded: the project was moved to the Apache Attic in 2010 and only sporadically revived; it runs Python inside every httpd process. Move applications to WSGI with mod_wsgi in daemon mode.' });
  },
};

export const perlThreadedMpm: Rule = {
  id: 'perl-threaded-mpm',
  category: 'modules',
  defaultSeverity: 'information',
  summary: 'mod_perl with a threaded MPM needs a Perl built with ithreads.',
  check(ctx) {
    const perl = ctx.model.languageModules.find((l) => l.kind === 'perl');
    if (!perl?.where || (ctx.model.mpm !== 'event' && ctx.model.mpm !== 'worker')) return;
    ctx.report({ ...perl.where, message: `mod_perl under the ${ctx.model.mpm} MPM needs a Perl built with ithreads and a pool of interpreters (PerlInterp*); Perl modules that are not thread-safe misbehave. Prefork is the safe choice for mod_perl.` });
  },
};

export const fpmWithPrefork: Rule = {
  id: 'fpm-with-prefork',
  category: 'performance',
  defaultSeverity: 'information',
  summary: 'PHP runs in PHP-FPM, yet the server still uses prefork.',
  check(ctx) {
    const model = ctx.model;
    if (!model.phpFpm || model.mpm !== 'prefork' || model.languageModules.some((l) => l.kind === 'php')) return;
    const mpm = model.mpmModules[0]?.where;
    if (!mpm) return;
    ctx.report({ ...mpm, message: `PHP is handed to PHP-FPM (${describeLocation(model, model.phpFpm)}), so nothing needs prefork any more: the event MPM serves static files and idle keep-alive connections with far less memory.` });
  },
};

const MPM_OF_CONDITION: Record<string, string> = {
  mpm_prefork_module: 'prefork', 'prefork.c': 'prefork',
  mpm_worker_module: 'worker', 'worker.c': 'worker',
  mpm_event_module: 'event', 'event.c': 'event',
};

export const tuningForInactiveMpm: Rule = {
  id: 'tuning-for-inactive-mpm',
  category: 'capacity',
  defaultSeverity: 'information',
  summary: 'A tuning block for an MPM that is not the one running has no effect.',
  check(ctx) {
    const model = ctx.model;
    if (!model.mpm) return;
    for (const use of model.uses) {
      if (!use.isSection || use.key !== 'ifmodule' || !use.active) continue;
      const target = MPM_OF_CONDITION[use.args[0] ?? ''];
      const section = use as SectionUse;
      if (!target || target === model.mpm || section.children.every((c) => c.isSection)) continue;
      ctx.report({ ...nameSpan(use), message: `These settings apply to the ${target} MPM, but this server runs ${model.mpm}: they have no effect. Tune the ${model.mpm} block instead.`, tags: ['unnecessary'] });
    }
  },
};
