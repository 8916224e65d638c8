// MaxRequestWorkers above what ServerLimit (× ThreadsPerChild) allows: httpd lowers it at start
// with only a log line (AH00180 / AH00515), so the configured capacity is not the real one.

import type { Rule } from './types';
import { mpmLimits } from './mpm-limits';
import { insertLineAfter, useAtFinding } from './edits';
import { lineSpan } from './util';

export const maxRequestWorkersOverServerLimit: Rule = {
  id: 'maxrequestworkers-over-serverlimit',
  category: 'capacity',
  defaultSeverity: 'warning',
  summary: 'MaxRequestWorkers is higher than ServerLimit allows; httpd silently lowers it.',
  check(ctx) {
    const limits = mpmLimits(ctx.model);
    const mrw = limits?.maxRequestWorkers;
    if (!limits || !mrw?.use) return;
    const tpc = Math.min(limits.threadsPerChild.value, limits.threadLimit.value);
    const cap = limits.mpm === 'prefork' ? limits.serverLimit.value : limits.serverLimit.value * tpc;
    if (mrw.value <= cap) return;
    const needed = limits.mpm === 'prefork' ? mrw.value : Math.ceil(mrw.value / tpc);
    const message =
      limits.mpm === 'prefork'
        ? `MaxRequestWorkers ${mrw.value} exceeds ServerLimit ${limits.serverLimit.value}: httpd lowers it to ${cap} at start (AH00180). Raise ServerLimit to ${mrw.value} if the memory allows, or lower MaxRequestWorkers.`
        : `MaxRequestWorkers ${mrw.value} would need ${needed} processes of ${tpc} threads but ServerLimit is ${limits.serverLimit.value}: httpd lowers it to ${cap} at start (AH00515). Raise ServerLimit to ${needed}, or lower MaxRequestWorkers.`;
    ctx.report({ ...lineSpan(mrw.use), message, data: { serverLimit: needed } });
  },
  fixes(finding, ctx) {
    const needed = finding.data?.serverLimit as number | undefined;
    const use = useAtFinding(ctx, finding);
    if (!needed || !use) return [];
    const limits = mpmLimits(ctx.model);
    const existing = limits?.serverLimit.use;
    const edit = existing?.words[0]
      ? { file: existing.file, start: existing.words[0].start, end: existing.words[0].end, newText: String(needed) }
      : insertLineAfter(use, `ServerLimit ${needed}`, ctx);
    return edit ? [{ title: `Set ServerLimit to ${needed}`, edits: [edit], preferred: true }] : [];
  },
};
