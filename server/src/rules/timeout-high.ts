// TimeOut of five minutes or more: one stalled client or backend holds a worker that long.

import { activeUses, secondsValue } from '../model';
import type { Rule } from './lib/types';
import { valueSpan } from './lib/advisor-util';
import { replaceWord, useAtFinding } from './lib/edits';

const HIGH_SECONDS = 300;
const RECOMMENDED = 60;

export const timeoutHigh: Rule = {
  id: 'timeout-high',
  category: 'performance',
  defaultSeverity: 'information',
  summary: 'TimeOut of 300 s or more lets slow or stalled clients hold workers for minutes.',
  check(ctx) {
    for (const use of activeUses(ctx.model, 'TimeOut')) {
      if (use.scope !== 'server' && use.scope !== 'vhost') continue;
      const seconds = secondsValue('TimeOut', use.args[0] ?? '');
      if (seconds === undefined || seconds < HIGH_SECONDS) continue;
      ctx.report({
        ...valueSpan(use),
        message: `TimeOut ${use.args[0]}: a stalled client or backend holds a worker up to ${seconds} s per step. Keep the default ${RECOMMENDED} s; give slow backends a ProxyTimeout.`,
      });
    }
  },
  fixes(finding, ctx) {
    const use = useAtFinding(ctx, finding, 'timeout');
    const word = use?.words[0];
    return use && word ? [{ title: `Set TimeOut to ${RECOMMENDED}`, preferred: true, edits: [replaceWord(use, word, String(RECOMMENDED))] }] : [];
  },
};
