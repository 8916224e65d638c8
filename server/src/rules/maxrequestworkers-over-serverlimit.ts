// MaxRequestWorkers above what ServerLimit allows (prefork: ServerLimit itself; worker/event:
// ServerLimit × ThreadsPerChild). httpd lowers it at start with only a log line (AH00180,
// AH00515, AH00318), so the capacity in the file is not the capacity the server has.

import type { CodeFix, Rule } from './lib/types';
import { adjustmentAnchor, mpmLimits } from './lib/mpm-limits';
import { setDirectiveValue, useAtFinding } from './lib/edits';
import { lineSpan } from './lib/util';

export const maxRequestWorkersOverServerLimit: Rule = {
  id: 'maxrequestworkers-over-serverlimit',
  category: 'capacity',
  defaultSeverity: 'warning',
  summary: 'MaxRequestWorkers is higher than ServerLimit allows; httpd lowers it at start.',
  check(ctx) {
    const limits = mpmLimits(ctx.model);
    const adjustment = limits?.adjustments.find((a) => a.kind === 'workers-over-limit');
    if (!limits || !adjustment) return;
    const at = adjustmentAnchor(limits, adjustment);
    if (!at) return;
    const perChild = limits.effective.threadsPerChild;
    const needed = limits.mpm === 'prefork' ? adjustment.from : Math.ceil(adjustment.from / perChild);
    const configured = limits.maxRequestWorkers.use ? '' : ' (its default)';
    ctx.report({
      ...lineSpan(at),
      message:
        `httpd lowers MaxRequestWorkers ${adjustment.from}${configured} to ${adjustment.to} at start (${adjustment.code}). ` +
        `Raise ServerLimit to ${needed} if memory allows, or set MaxRequestWorkers ${adjustment.to}.`,
      data: { serverLimit: needed, workers: adjustment.to },
    });
  },
  fixes(finding, ctx) {
    const limits = mpmLimits(ctx.model);
    const anchor = useAtFinding(ctx, finding);
    const serverLimit = finding.data?.serverLimit as number | undefined;
    const workers = finding.data?.workers as number | undefined;
    if (!limits || !anchor || serverLimit === undefined || workers === undefined) return [];
    const fixes: CodeFix[] = [];
    // Writing down what httpd does anyway changes nothing at run time and silences the warning.
    const keep = setDirectiveValue(ctx, limits.maxRequestWorkers.use, 'MaxRequestWorkers', String(workers), anchor);
    if (keep) fixes.push({ title: `Set MaxRequestWorkers to ${workers} (what httpd uses)`, preferred: true, edits: [keep] });
    const raise = setDirectiveValue(ctx, limits.serverLimit.use, 'ServerLimit', String(serverLimit), anchor);
    if (raise) fixes.push({ title: `Raise ServerLimit to ${serverLimit}`, edits: [raise] });
    return fixes;
  },
};
