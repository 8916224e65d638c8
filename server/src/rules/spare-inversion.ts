// Min/MaxSpare settings without room between them. httpd quietly raises the maximum when the MPM
// starts: prefork to MinSpareServers + 1, worker and event to MinSpareThreads + ThreadsPerChild
// (one whole child more), so the configured maximum is not the one in force.

import { httpdAtoi, serverLevelUse } from '../model';
import type { Rule } from './lib/types';
import { fitMessage } from './lib/message';
import { mpmLimits } from './lib/mpm-limits';
import { setDirectiveValue, useAtFinding } from './lib/edits';
import { lineSpan } from './lib/util';

const DEFAULTS = { prefork: { min: 5, max: 10 }, threaded: { min: 75, max: 250 } };

function count(value: string | undefined, fallback: number): number {
  return value === undefined ? fallback : httpdAtoi(value);
}

export const spareInversion: Rule = {
  id: 'spare-inversion',
  category: 'capacity',
  defaultSeverity: 'warning',
  summary: 'MaxSpareServers/MaxSpareThreads too close to (or below) the minimum; httpd raises it at start.',
  check(ctx) {
    const limits = mpmLimits(ctx.model);
    if (!limits) return;
    const prefork = limits.mpm === 'prefork';
    const [minName, maxName] = prefork ? ['MinSpareServers', 'MaxSpareServers'] : ['MinSpareThreads', 'MaxSpareThreads'];
    const defaults = prefork ? DEFAULTS.prefork : DEFAULTS.threaded;
    const minUse = serverLevelUse(ctx.model, minName);
    const maxUse = serverLevelUse(ctx.model, maxName);
    if (!minUse && !maxUse) return;
    const min = count(minUse?.args[0], defaults.min);
    const max = count(maxUse?.args[0], defaults.max);
    const perChild = limits.effective.threadsPerChild;
    const floor = prefork ? min + 1 : min + perChild;
    if (max >= floor) return;
    const at = maxUse ?? minUse!;
    const why = prefork ? `${minName} + 1` : `${minName} + ThreadsPerChild (${min} + ${perChild})`;
    const shown = (use: typeof minUse, name: string, value: number): string => `${name} ${value}${use ? '' : ' (default)'}`;
    ctx.report({
      ...lineSpan(at),
      message: fitMessage(`${shown(maxUse, maxName, max)} leaves no room above ${shown(minUse, minName, min)}: httpd raises it to ${why} = ${floor} at start. Keep a gap between the two.`, `${maxName} leaves no room above ${minName}: httpd raises it to ${floor} at start. Keep a gap between the two.`),
      related: maxUse && minUse ? [{ ...lineSpan(minUse), message: `${minName} set here` }] : undefined,
      data: { maxName, floor },
    });
  },
  fixes(finding, ctx) {
    const anchor = useAtFinding(ctx, finding);
    const maxName = finding.data?.maxName as string | undefined;
    const floor = finding.data?.floor as number | undefined;
    if (!anchor || !maxName || floor === undefined) return [];
    const edit = setDirectiveValue(ctx, serverLevelUse(ctx.model, maxName), maxName, String(floor), anchor);
    return edit ? [{ title: `Set ${maxName} to ${floor} (what httpd uses)`, preferred: true, edits: [edit] }] : [];
  },
};
