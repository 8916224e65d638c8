// Peak memory: the processes the MPM runs at full load, each with a resident size, against the
// machine's memory. Both sizes come from settings (apache.memory.totalMB, .perProcessMB); the
// built-in per-process sizes are rough typical figures, meant to be replaced by measured ones.

import type { ConfigModel } from '../model';
import type { AnalysisSettings, Rule } from './lib/types';
import { mpmLimits } from './lib/mpm-limits';
import { setDirectiveValue, useAtFinding } from './lib/edits';
import { lineSpan } from './lib/util';

/**
 * Typical resident sizes in MB. A prefork child is small on its own and large with an
 * interpreter inside; a worker/event child carries ThreadsPerChild threads and their buffers.
 */
export const DEFAULT_PROCESS_MB: Readonly<Record<string, number>> = {
  prefork: 10,
  'prefork+php': 60,
  'prefork+perl': 50,
  'prefork+python': 40,
  'prefork+wsgi': 40,
  worker: 30,
  event: 30,
};

/** Share of the machine's memory the pool may take before the rule speaks. */
export const MEMORY_SHARE = 0.9;

export interface MemoryEstimate {
  processes: number;
  perProcessMB: number;
  /** The perProcessMB key used: "prefork+php", "event"… */
  key: string;
  peakMB: number;
  /** True when the size came from the user's settings. */
  measured: boolean;
}

function positive(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : undefined;
}

export function estimateMemory(model: ConfigModel, settings: AnalysisSettings): MemoryEstimate | undefined {
  const limits = mpmLimits(model);
  if (!limits) return undefined;
  const heavy = model.languageModules.find((l) => l.inProcess && l.kind !== 'lua' && l.kind !== 'passenger');
  const key = limits.mpm === 'prefork' && heavy ? `prefork+${heavy.kind}` : limits.mpm;
  const configured = positive(settings.perProcessMB[key]) ?? positive(settings.perProcessMB[limits.mpm]);
  const perProcessMB = configured ?? DEFAULT_PROCESS_MB[key] ?? DEFAULT_PROCESS_MB[limits.mpm];
  return { processes: limits.processes, perProcessMB, key, peakMB: Math.round(limits.processes * perProcessMB), measured: configured !== undefined };
}

export const memoryBudget: Rule = {
  id: 'memory-budget',
  category: 'capacity',
  defaultSeverity: 'warning',
  summary: 'At full load the configured workers would need more memory than the machine has (apache.memory.totalMB).',
  check(ctx) {
    const total = positive(ctx.settings.memoryTotalMB);
    if (!total) return;
    const limits = mpmLimits(ctx.model);
    const estimate = estimateMemory(ctx.model, ctx.settings);
    if (!limits || !estimate || estimate.peakMB <= total * MEMORY_SHARE) return;
    const at = limits.maxRequestWorkers.use ?? limits.serverLimit.use ?? ctx.model.mpmModules[0]?.where;
    if (!at) return;
    const perChild = limits.effective.threadsPerChild;
    const fittingProcesses = Math.max(1, Math.floor((total * MEMORY_SHARE) / estimate.perProcessMB));
    const workers = fittingProcesses * perChild;
    ctx.report({
      ...('key' in at ? lineSpan(at) : at),
      message:
        `At full load ${estimate.processes} processes × ~${estimate.perProcessMB} MB ≈ ${estimate.peakMB} MB, over ${Math.round(MEMORY_SHARE * 100)}% of the ${total} MB: the machine would swap. ` +
        `About ${workers} MaxRequestWorkers fit.`,
      data: { workers },
    });
  },
  fixes(finding, ctx) {
    const limits = mpmLimits(ctx.model);
    const use = useAtFinding(ctx, finding);
    const workers = finding.data?.workers as number | undefined;
    if (!limits?.maxRequestWorkers.use || !use || workers === undefined) return [];
    const edit = setDirectiveValue(ctx, limits.maxRequestWorkers.use, 'MaxRequestWorkers', String(workers), use);
    return edit ? [{ title: `Lower MaxRequestWorkers to ${workers}`, edits: [edit] }] : [];
  },
};
