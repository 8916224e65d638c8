// Threaded MPMs: MaxRequestWorkers must be a multiple of ThreadsPerChild, or httpd rounds it
// down at start (AH00513).

import type { Rule } from './types';
import { mpmLimits } from './mpm-limits';
import { lineSpan } from './util';

export const maxRequestWorkersNotMultiple: Rule = {
  id: 'maxrequestworkers-not-multiple',
  category: 'capacity',
  defaultSeverity: 'warning',
  summary: 'MaxRequestWorkers is not a multiple of ThreadsPerChild; httpd rounds it down.',
  check(ctx) {
    const limits = mpmLimits(ctx.model);
    const mrw = limits?.maxRequestWorkers;
    if (!limits || limits.mpm === 'prefork' || !mrw?.use) return;
    const tpc = Math.min(limits.threadsPerChild.value, limits.threadLimit.value);
    if (tpc <= 0 || mrw.value % tpc === 0 || mrw.value > limits.serverLimit.value * tpc) return;
    if (mrw.value < tpc) {
      ctx.report({ ...lineSpan(mrw.use), message: `MaxRequestWorkers ${mrw.value} is less than ThreadsPerChild ${tpc}: httpd raises it to ${tpc} (AH00511).`, data: { rounded: tpc } });
      return;
    }
    const rounded = mrw.value - (mrw.value % tpc);
    ctx.report({
      ...lineSpan(mrw.use),
      message: `MaxRequestWorkers ${mrw.value} is not a multiple of ThreadsPerChild ${tpc}: httpd uses ${rounded} (AH00513).`,
      data: { rounded },
    });
  },
  fixes(finding, ctx) {
    const rounded = finding.data?.rounded as number | undefined;
    const use = ctx.model.uses.find((u) => u.file === finding.file && u.line.line === finding.line);
    const word = use?.words[0];
    return rounded && use && word ? [{ title: `Set MaxRequestWorkers to ${rounded}`, preferred: true, edits: [{ file: use.file, start: word.start, end: word.end, newText: String(rounded) }] }] : [];
  },
};
