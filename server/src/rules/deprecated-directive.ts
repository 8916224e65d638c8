// Directives httpd 2.4 still accepts but that are renamed or do nothing. Names 2.4 refuses
// outright (RewriteLog, LockFile, SSLMutex…) are errors and belong to unknown-directive.

import { getDirective } from '../data';
import { DEPRECATED_IN_24 } from '../data/vocabulary';
import type { Severity } from '../model';
import type { CodeFix, Rule } from './lib/types';
import { deleteLine, useAtFinding } from './lib/edits';
import { nameSpan, processedUses } from './lib/util';

interface Deprecation {
  message: (args: string[]) => string;
  /** httpd logs a warning about it at start. */
  warns?: (args: string[]) => boolean;
  rename?: string;
  /** Removing the line changes nothing. */
  removable?: boolean;
}

/** Our messages for every name of the vocabulary's list (the type keeps the two in step). */
const DEPRECATIONS: Record<keyof typeof DEPRECATED_IN_24, Deprecation> = {
  maxclients: { message: () => 'MaxClients is the 2.2 name of MaxRequestWorkers; 2.4 still accepts it. Rename it so the setting is found under its current name.', rename: 'MaxRequestWorkers' },
  maxrequestsperchild: { message: () => 'MaxRequestsPerChild is the 2.2 name of MaxConnectionsPerChild (it counts connections, not requests); 2.4 still accepts it.', rename: 'MaxConnectionsPerChild' },
  namevirtualhost: { message: () => 'NameVirtualHost has no effect since 2.4: name-based virtual hosts are automatic. httpd logs AH00548 about it at start; remove the line.', warns: () => true, removable: true },
  defaulttype: {
    message: (args) =>
      (args[0] ?? '').toLowerCase() === 'none'
        ? 'DefaultType does nothing since 2.4 (only `none` is accepted silently); remove the line and use ForceType or AddType where a type is needed.'
        : `DefaultType ${args[0] ?? ''} is ignored since 2.4 (httpd logs AH00117 at start); remove the line and use ForceType or AddType where a type is needed.`,
    warns: (args) => (args[0] ?? '').toLowerCase() !== 'none',
    removable: true,
  },
  sslcertificatechainfile: { message: () => 'SSLCertificateChainFile is deprecated since 2.4.8. Append the intermediate certificates to the SSLCertificateFile file and remove this line.' },
};

export const deprecatedDirective: Rule = {
  id: 'deprecated-directive',
  category: 'migration',
  defaultSeverity: 'information',
  summary: 'A directive httpd 2.4 still accepts but that is renamed (MaxClients…) or does nothing (NameVirtualHost…).',
  scope: 'file',
  check(ctx) {
    const uses = processedUses(ctx.model);
    // Indexed: for-of makes an iterator result per line until the loop is optimized, which a CLI run rarely reaches.
    for (let ui = 0; ui < uses.length; ui++) {
      const use = uses[ui];
      const d = (DEPRECATIONS as Record<string, Deprecation>)[use.key];
      const info = d && !use.isSection ? getDirective(use.name) : undefined;
      if (!d || !info || info.rejected) continue;
      const severity: Severity | undefined = d.warns?.(use.args) ? 'warning' : undefined;
      ctx.report({ ...nameSpan(use), message: d.message(use.args), tags: ['deprecated'], severity });
    }
  },
  fixes(finding, ctx): CodeFix[] {
    const use = useAtFinding(ctx, finding);
    const d = use ? (DEPRECATIONS as Record<string, Deprecation>)[use.key] : undefined;
    if (!use || !d) return [];
    if (d.rename) return [{ title: `Rename to ${d.rename}`, preferred: true, edits: [{ file: use.file, start: use.line.name.start, end: use.line.name.end, newText: d.rename }] }];
    if (d.removable) return [{ title: `Remove ${use.name}`, preferred: true, edits: [deleteLine(use)] }];
    return [];
  },
};
