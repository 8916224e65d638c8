// KeepAlive Off on the event MPM: event parks idle keep-alive connections in its listener thread
// without tying up a worker, so turning keep-alive off only adds handshakes.

import { activeUses } from '../model';
import type { Rule } from './lib/types';
import { valueSpan } from './lib/advisor-util';
import { replaceWord, useAtFinding } from './lib/edits';

export const keepAliveOffEvent: Rule = {
  id: 'keepalive-off-event',
  category: 'performance',
  defaultSeverity: 'information',
  summary: 'KeepAlive Off on the event MPM gives up the cheap idle connections event is built for.',
  check(ctx) {
    if (ctx.model.mpm !== 'event') return;
    for (const use of activeUses(ctx.model, 'KeepAlive')) {
      if ((use.scope !== 'server' && use.scope !== 'vhost') || (use.args[0] ?? '').toLowerCase() !== 'off') continue;
      ctx.report({
        ...valueSpan(use),
        message: 'KeepAlive Off on event: idle connections cost event almost nothing, new ones cost a TCP and TLS handshake. Use KeepAlive On with a short KeepAliveTimeout.',
      });
    }
  },
  fixes(finding, ctx) {
    const use = useAtFinding(ctx, finding, 'keepalive');
    const word = use?.words[0];
    return use && word ? [{ title: 'Turn KeepAlive On', preferred: true, edits: [replaceWord(use, word, 'On')] }] : [];
  },
};
