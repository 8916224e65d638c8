// SSLProtocol lines that leave SSLv3, TLS 1.0 or TLS 1.1 enabled (RFC 8996 deprecates both TLS
// versions). Follows mod_ssl's reading: a word with + or - adds or removes, a bare word replaces
// the whole set, and `all` means every protocol this OpenSSL build has (no SSLv3 on current ones).

import { activeUses } from '../model';
import { readSslProtocol } from '../data/vocabulary';
import type { Rule } from './lib/types';
import { fitMessage } from './lib/message';
import { replaceArguments, useAtFinding } from './lib/edits';
import { lineSpan } from './lib/util';

const OBSOLETE = new Set(['SSLv3', 'TLSv1', 'TLSv1.1']);
export const MODERN_PROTOCOLS = '-all +TLSv1.2 +TLSv1.3';

/** The protocols an SSLProtocol line enables (mod_ssl's reading, data/vocabulary.ts). */
export function enabledProtocols(args: string[]): Set<string> {
  return readSslProtocol('SSLProtocol', args).enabled;
}

export const weakTlsProtocol: Rule = {
  id: 'weak-tls-protocol',
  category: 'security',
  defaultSeverity: 'warning',
  summary: 'SSLProtocol leaves SSLv3, TLSv1 or TLSv1.1 enabled.',
  check(ctx) {
    for (const use of activeUses(ctx.model, 'SSLProtocol')) {
      const reading = readSslProtocol('SSLProtocol', use.args);
      // A line httpd refuses is invalid-arguments' business.
      const weak = reading.error ? [] : [...reading.enabled].filter((p) => OBSOLETE.has(p));
      if (!weak.length) continue;
      ctx.report({
        ...lineSpan(use),
        message: fitMessage(`SSLProtocol ${use.args.join(' ')} leaves ${weak.join(' and ')} enabled, obsolete since RFC 8996. Use \`SSLProtocol ${MODERN_PROTOCOLS}\`.`, `SSLProtocol leaves ${weak.join(' and ')} enabled, obsolete since RFC 8996. Use \`SSLProtocol ${MODERN_PROTOCOLS}\`.`),
      });
    }
  },
  fixes(finding, ctx) {
    const use = useAtFinding(ctx, finding, 'sslprotocol');
    const edit = use ? replaceArguments(use, MODERN_PROTOCOLS) : undefined;
    return edit ? [{ title: `Set SSLProtocol ${MODERN_PROTOCOLS}`, preferred: true, edits: [edit] }] : [];
  },
};
