// ThreadsPerChild above ThreadLimit: httpd lowers it at start (AH00507, AH00310).

import type { CodeFix, Rule } from './lib/types';
import { adjustmentAnchor, mpmLimits } from './lib/mpm-limits';
import { setDirectiveValue, useAtFinding } from './lib/edits';
import { lineSpan } from './lib/util';

export const threadsPerChildOverThreadLimit: Rule = {
  id: 'threadsperchild-over-threadlimit',
  category: 'capacity',
  defaultSeverity: 'warning',
  summary: 'ThreadsPerChild is higher than ThreadLimit; httpd lowers it at start.',
  check(ctx) {
    const limits = mpmLimits(ctx.model);
    const adjustment = limits?.adjustments.find((a) => a.kind === 'threads-over-limit');
    if (!limits || !adjustment) return;
    const at = adjustmentAnchor(limits, adjustment);
    if (!at) return;
    const configured = limits.threadLimit.use ? '' : ` (default ${limits.threadLimit.value})`;
    ctx.report({
      ...lineSpan(at),
      message: `httpd lowers ThreadsPerChild ${adjustment.from} to ${adjustment.to} at start, as ThreadLimit${configured} caps it (${adjustment.code}). Raise ThreadLimit (full restart) or lower ThreadsPerChild.`,
      data: { threads: adjustment.to, wanted: adjustment.from },
    });
  },
  fixes(finding, ctx) {
    const limits = mpmLimits(ctx.model);
    const anchor = useAtFinding(ctx, finding);
    const threads = finding.data?.threads as number | undefined;
    const wanted = finding.data?.wanted as number | undefined;
    if (!limits || !anchor || threads === undefined || wanted === undefined) return [];
    const fixes: CodeFix[] = [];
    const keep = setDirectiveValue(ctx, limits.threadsPerChild.use, 'ThreadsPerChild', String(threads), anchor);
    if (keep) fixes.push({ title: `Set ThreadsPerChild to ${threads} (what httpd uses)`, preferred: true, edits: [keep] });
    const raise = setDirectiveValue(ctx, limits.threadLimit.use, 'ThreadLimit', String(wanted), anchor);
    if (raise) fixes.push({ title: `Raise ThreadLimit to ${wanted}`, edits: [raise] });
    return fixes;
  },
};
