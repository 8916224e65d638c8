// An <IfModule> tuning block for an MPM that is not the one loaded: its settings never apply,
// and people edit it believing they tuned the server.

import { gatheredOnce, runSlot, type SectionUse } from '../model';
import type { RelatedLocation, Rule } from './lib/types';
import { fitMessage } from './lib/message';
import { lineSpan, nameSpan } from './lib/util';

const MPM_OF_CONDITION: Record<string, string> = {
  mpm_prefork_module: 'prefork',
  'prefork.c': 'prefork',
  mpm_worker_module: 'worker',
  'worker.c': 'worker',
  mpm_event_module: 'event',
  'event.c': 'event',
};

const LOADING = new Set(['loadmodule', 'loadfile']);

/** A run's active <IfModule> blocks of an MPM, listed once per run (an edit lists its own file again only). */
export const mpmBlocks = runSlot((run) => run.filter((u): u is SectionUse => u.active && u.key === 'ifmodule' && u.isSection && MPM_OF_CONDITION[u.args[0] ?? ''] !== undefined));

export const tuningForInactiveMpm: Rule = {
  id: 'tuning-for-inactive-mpm',
  category: 'capacity',
  defaultSeverity: 'information',
  summary: 'A tuning block for an MPM that is not loaded; its settings have no effect.',
  check(ctx) {
    const model = ctx.model;
    if (!model.mpm || !model.moduleStateKnown) return;
    const blocks = gatheredOnce(model, mpmBlocks);
    const running = blocks.find((b) => MPM_OF_CONDITION[b.args[0]] === model.mpm);
    for (const block of blocks) {
      const target = MPM_OF_CONDITION[block.args[0]];
      // Loading a module is not tuning (distros wrap `LoadModule` in <IfModule mpm_X_module>).
      const settings = block.children.filter((c) => !c.isSection && !LOADING.has(c.key)).map((c) => c.name);
      if (target === model.mpm || !settings.length) continue;
      const related: RelatedLocation[] = running ? [{ ...lineSpan(running), message: `the ${model.mpm} block, which does apply` }] : [];
      ctx.report({
        ...nameSpan(block),
        message: fitMessage(
          `This block tunes the ${target} MPM, but the server runs ${model.mpm}: ${settings.slice(0, 4).join(', ')}${settings.length > 4 ? '…' : ''} here have no effect. Tune the ${model.mpm} settings instead.`,
          `This block tunes the ${target} MPM, but the server runs ${model.mpm}: its ${settings.length} settings have no effect. Tune the ${model.mpm} settings instead.`,
        ),
        related,
        tags: ['unnecessary'],
      });
    }
  },
};
