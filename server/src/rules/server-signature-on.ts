// ServerSignature On/EMail: pages httpd generates (errors, listings) end with a footer naming
// the server version and host. The default is Off.

import { activeUses } from '../model';
import type { Rule } from './lib/types';
import { valueSpan } from './lib/advisor-util';
import { replaceWord, useAtFinding } from './lib/edits';

export const serverSignatureOn: Rule = {
  id: 'server-signature-on',
  category: 'security',
  defaultSeverity: 'information',
  summary: 'ServerSignature On/EMail: generated pages carry a footer with the server version.',
  check(ctx) {
    for (const use of activeUses(ctx.model, 'ServerSignature')) {
      const value = (use.args[0] ?? '').toLowerCase();
      if (value !== 'on' && value !== 'email') continue;
      ctx.report({
        ...valueSpan(use),
        message: `ServerSignature ${use.args[0]} puts the server version${value === 'email' ? ' and the ServerAdmin address' : ''} under every page httpd generates (errors, listings). Use ServerSignature Off.`,
      });
    }
  },
  fixes(finding, ctx) {
    const use = useAtFinding(ctx, finding, 'serversignature');
    return use?.words[0] ? [{ title: 'Set ServerSignature Off', preferred: true, edits: [replaceWord(use, use.words[0], 'Off')] }] : [];
  },
};
