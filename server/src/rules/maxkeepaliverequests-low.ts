// MaxKeepAliveRequests so small that keep-alive barely helps. 0 means unlimited in httpd and is
// not reported: the idle time is bounded by KeepAliveTimeout either way.

import { activeUses, httpdAtoi, isOn } from '../model';
import type { Rule } from './lib/types';
import { hostSetting, valueSpan, vhostOf } from './lib/advisor-util';
import { replaceWord, useAtFinding } from './lib/edits';

const LOWEST_REASONABLE = 10;
const HTTPD_DEFAULT = 100;

export const maxKeepAliveRequestsLow: Rule = {
  id: 'maxkeepaliverequests-low',
  category: 'performance',
  defaultSeverity: 'warning',
  summary: 'MaxKeepAliveRequests of 1–10: connections close after a handful of requests, so keep-alive barely helps.',
  check(ctx) {
    for (const use of activeUses(ctx.model, 'MaxKeepAliveRequests')) {
      if (use.scope !== 'server' && use.scope !== 'vhost') continue;
      const n = httpdAtoi(use.args[0] ?? '');
      if (n < 1 || n > LOWEST_REASONABLE) continue;
      const keepAlive = hostSetting(ctx.model, 'KeepAlive', vhostOf(use));
      if (keepAlive && !isOn(keepAlive.args[0] ?? '')) continue;
      ctx.report({
        ...valueSpan(use),
        message: `MaxKeepAliveRequests ${n}: each connection closes after ${n} request${n === 1 ? '' : 's'}, so pages with more assets pay new handshakes. Use ${HTTPD_DEFAULT} (the default) or more.`,
      });
    }
  },
  fixes(finding, ctx) {
    const use = useAtFinding(ctx, finding, 'maxkeepaliverequests');
    const word = use?.words[0];
    return use && word ? [{ title: `Set MaxKeepAliveRequests to ${HTTPD_DEFAULT}`, preferred: true, edits: [replaceWord(use, word, String(HTTPD_DEFAULT))] }] : [];
  },
};
