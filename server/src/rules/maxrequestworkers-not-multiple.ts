// Threaded MPMs size the pool in whole child processes: MaxRequestWorkers that is not a multiple
// of ThreadsPerChild is rounded down at start (AH00513, AH00316), and one below ThreadsPerChild
// is raised to it (AH00511, AH00314).

import type { Rule } from './lib/types';
import { adjustmentAnchor, mpmLimits } from './lib/mpm-limits';
import { setDirectiveValue, useAtFinding } from './lib/edits';
import { lineSpan } from './lib/util';

export const maxRequestWorkersNotMultiple: Rule = {
  id: 'maxrequestworkers-not-multiple',
  category: 'capacity',
  defaultSeverity: 'warning',
  summary: 'MaxRequestWorkers is not a multiple of ThreadsPerChild (or is below it); httpd changes it at start.',
  check(ctx) {
    const limits = mpmLimits(ctx.model);
    if (!limits || limits.mpm === 'prefork') return;
    for (const adjustment of limits.adjustments) {
      if (adjustment.kind !== 'workers-not-multiple' && (adjustment.kind !== 'workers-below-minimum' || adjustment.from < 1)) continue;
      const at = adjustmentAnchor(limits, adjustment);
      if (!at) continue;
      const configured = limits.maxRequestWorkers.use ? '' : ' (its default)';
      ctx.report({
        ...lineSpan(at),
        message: `httpd changes MaxRequestWorkers ${adjustment.from}${configured} to ${adjustment.to} at start (${adjustment.code}). Set it to a multiple of ThreadsPerChild ${limits.effective.threadsPerChild}, e.g. ${adjustment.to}.`,
        data: { workers: adjustment.to },
      });
    }
  },
  fixes(finding, ctx) {
    const limits = mpmLimits(ctx.model);
    const anchor = useAtFinding(ctx, finding);
    const workers = finding.data?.workers as number | undefined;
    if (!limits || !anchor || workers === undefined) return [];
    const edit = setDirectiveValue(ctx, limits.maxRequestWorkers.use, 'MaxRequestWorkers', String(workers), anchor);
    return edit ? [{ title: `Set MaxRequestWorkers to ${workers}`, preferred: true, edits: [edit] }] : [];
  },
};
