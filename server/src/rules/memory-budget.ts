// Peak memory: MaxRequestWorkers worth of processes (prefork) or threaded children, each with a
// resident size, against the machine's memory. Both come from settings (apache.memory.*).

import type { ConfigModel } from '../model';
import type { AnalysisSettings, Rule } from './types';
import { mpmLimits } from './mpm-limits';
import { lineSpan } from './util';

/** Typical resident sizes in MB; override with apache.memory.perProcessMB. */
export const DEFAULT_PROCESS_MB: Record<string, number> = {
  prefork: 12,
  'prefork+php': 60,
  'prefork+perl': 50,
  'prefork+python': 40,
  'prefork+wsgi': 40,
  worker: 40,
  event: 40,
};

export interface MemoryEstimate {
  processes: number;
  perProcessMB: number;
  key: string;
  peakMB: number;
}

export function estimateMemory(model: ConfigModel, settings: AnalysisSettings): MemoryEstimate | undefined {
  const limits = mpmLimits(model);
  if (!limits) return undefined;
  const heavy = model.languageModules.find((l) => l.inProcess && l.kind !== 'lua');
  const key = limits.mpm === 'prefork' && heavy ? `prefork+${heavy.kind}` : limits.mpm;
  const perProcessMB = settings.perProcessMB[key] ?? settings.perProcessMB[limits.mpm] ?? DEFAULT_PROCESS_MB[key] ?? 40;
  return { processes: limits.processes, perProcessMB, key, peakMB: limits.processes * perProcessMB };
}

export const memoryBudget: Rule = {
  id: 'memory-budget',
  category: 'capacity',
  defaultSeverity: 'warning',
  summary: 'At full load the configured workers would need more memory than the machine has.',
  check(ctx) {
    const total = ctx.settings.memoryTotalMB;
    if (!total) return;
    const estimate = estimateMemory(ctx.model, ctx.settings);
    const limits = mpmLimits(ctx.model);
    if (!estimate || !limits || estimate.peakMB <= total * 0.9) return;
    const at = limits.maxRequestWorkers.use ? lineSpan(limits.maxRequestWorkers.use) : { file: ctx.model.mainFile, line: 0, start: 0, end: 0 };
    const fits = Math.max(1, Math.floor((total * 0.9) / estimate.perProcessMB));
    const workers = limits.mpm === 'prefork' ? fits : fits * Math.min(limits.threadsPerChild.value, limits.threadLimit.value);
    ctx.report({
      ...at,
      message: `At full load ${estimate.processes} ${limits.mpm} processes × ~${estimate.perProcessMB} MB (${estimate.key}) ≈ ${estimate.peakMB} MB, more than 90% of the ${total} MB configured in apache.memory.totalMB: the machine would swap. About ${workers} workers fit.`,
    });
  },
};
