// Names and directives httpd 2.4 still accepts but that are obsolete or renamed.

import { getDirective } from '../data';
import type { Rule } from './types';
import { deleteLine, useAtFinding } from './edits';
import { nameSpan, processedUses } from './util';

interface Deprecation {
  message: string;
  rename?: string;
  remove?: boolean;
}

const DEPRECATIONS: Record<string, Deprecation> = {
  maxclients: { message: 'MaxClients is the 2.2 name of MaxRequestWorkers.', rename: 'MaxRequestWorkers' },
  maxrequestsperchild: { message: 'MaxRequestsPerChild is the 2.2 name of MaxConnectionsPerChild.', rename: 'MaxConnectionsPerChild' },
  namevirtualhost: { message: 'NameVirtualHost has no effect since 2.4 (name-based hosting is automatic); httpd warns about it at start (AH00548).', remove: true },
  sslcertificatechainfile: { message: 'SSLCertificateChainFile is deprecated since 2.4.8: put the intermediate certificates in the SSLCertificateFile file, after the server certificate.' },
  defaulttype: { message: 'DefaultType only accepts `none` in 2.4 and does nothing; use ForceType or AddType.', remove: true },
};

export const deprecatedDirective: Rule = {
  id: 'deprecated-directive',
  category: 'migration',
  defaultSeverity: 'information',
  summary: 'A directive httpd 2.4 still accepts but that is renamed or obsolete.',
  check(ctx) {
    for (const use of processedUses(ctx.model)) {
      const d = DEPRECATIONS[use.key];
      if (!d || !getDirective(use.name)) continue;
      ctx.report({ ...nameSpan(use), message: d.message, tags: ['deprecated'] });
    }
  },
  fixes(finding, ctx) {
    const use = useAtFinding(ctx, finding);
    const d = use ? DEPRECATIONS[use.key] : undefined;
    if (!use || !d) return [];
    if (d.rename) return [{ title: `Rename to ${d.rename}`, preferred: true, edits: [{ file: use.file, start: use.line.name.start, end: use.line.name.end, newText: d.rename }] }];
    if (d.remove) return [{ title: `Remove ${use.name}`, preferred: true, edits: [deleteLine(use)] }];
    return [];
  },
};
