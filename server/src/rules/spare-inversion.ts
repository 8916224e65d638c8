// Min/Max spare settings the wrong way round: httpd keeps forking and killing, or ignores one.

import { serverLevelUse } from '../model';
import type { Rule } from './types';
import { lineSpan } from './util';

const PAIRS: [string, string, string][] = [
  ['MinSpareServers', 'MaxSpareServers', 'prefork'],
  ['MinSpareThreads', 'MaxSpareThreads', 'threaded'],
];

export const spareInversion: Rule = {
  id: 'spare-inversion',
  category: 'capacity',
  defaultSeverity: 'warning',
  summary: 'A Min/MaxSpare pair where the minimum is not below the maximum.',
  check(ctx) {
    const mpm = ctx.model.mpm;
    for (const [minName, maxName, kind] of PAIRS) {
      if (!mpm || (kind === 'prefork') !== (mpm === 'prefork')) continue;
      const min = serverLevelUse(ctx.model, minName);
      const max = serverLevelUse(ctx.model, maxName);
      if (!min || !max) continue;
      const lo = parseInt(min.args[0] ?? '', 10);
      const hi = parseInt(max.args[0] ?? '', 10);
      if (!(lo >= hi)) continue;
      ctx.report({
        ...lineSpan(max),
        message: `${maxName} ${hi} is not above ${minName} ${lo}: httpd ${kind === 'prefork' ? 'raises MaxSpareServers to MinSpareServers + 1' : 'adjusts MaxSpareThreads'} and the pool keeps growing and shrinking. Keep a gap between them.`,
        related: [{ ...lineSpan(min), message: `${minName} set here` }],
      });
    }
  },
};
