// ThreadsPerChild above ThreadLimit: httpd lowers it at start (AH00507).

import type { Rule } from './types';
import { mpmLimits } from './mpm-limits';
import { lineSpan } from './util';

export const threadsPerChildOverThreadLimit: Rule = {
  id: 'threadsperchild-over-threadlimit',
  category: 'capacity',
  defaultSeverity: 'warning',
  summary: 'ThreadsPerChild is higher than ThreadLimit; httpd silently lowers it.',
  check(ctx) {
    const limits = mpmLimits(ctx.model);
    const tpc = limits?.threadsPerChild;
    if (!limits || limits.mpm === 'prefork' || !tpc?.use || tpc.value <= limits.threadLimit.value) return;
    ctx.report({
      ...lineSpan(tpc.use),
      message: `ThreadsPerChild ${tpc.value} exceeds ThreadLimit ${limits.threadLimit.value}: httpd uses ${limits.threadLimit.value} threads per child (AH00507). Raise ThreadLimit (it only changes on a full restart) or lower ThreadsPerChild.`,
    });
  },
};
