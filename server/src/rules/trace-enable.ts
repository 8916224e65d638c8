// The TRACE method echoes the request back, headers included. httpd enables it by default;
// security scanners flag it and nothing on a normal site needs it.

import { activeUses, serverLevelUse } from '../model';
import type { Rule } from './lib/types';
import { defaultSettingAnchor, isWholeServer, valueSpan } from './lib/advisor-util';
import { appendLine, replaceWord, useAtFinding } from './lib/edits';

export const traceEnable: Rule = {
  id: 'trace-enable',
  category: 'security',
  defaultSeverity: 'information',
  summary: 'TraceEnable is not Off (httpd enables TRACE by default).',
  check(ctx) {
    const model = ctx.model;
    const message = (setting: string): string =>
      `${setting}: TRACE echoes each request back, cookies and headers included, and scanners flag it. Use TraceEnable Off.`;
    for (const use of activeUses(model, 'TraceEnable')) {
      if ((use.scope !== 'server' && use.scope !== 'vhost') || (use.args[0] ?? '').toLowerCase() === 'off') continue;
      ctx.report({ ...valueSpan(use), message: message(`TraceEnable ${use.args[0] ?? ''}`) });
    }
    if (isWholeServer(model) && !serverLevelUse(model, 'TraceEnable')) {
      ctx.report({ ...defaultSettingAnchor(model), message: message('TraceEnable is not set (default On)') });
    }
  },
  fixes(finding, ctx) {
    const use = useAtFinding(ctx, finding, 'traceenable');
    if (use?.words[0]) return [{ title: 'Set TraceEnable Off', preferred: true, edits: [replaceWord(use, use.words[0], 'Off')] }];
    const append = use ? undefined : appendLine(finding.file, 'TraceEnable Off', ctx);
    return append ? [{ title: 'Add TraceEnable Off', preferred: true, edits: [append] }] : [];
  },
};
