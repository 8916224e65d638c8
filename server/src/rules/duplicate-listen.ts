// The same address and port given to Listen twice. httpd refuses the configuration
// ("Cannot define multiple Listeners on the same IP:port"); it compares the address as written
// (case-sensitive) and the port as a number, so `Listen 80` and `Listen 0.0.0.0:80` differ.

import { activeUses, type DirectiveUse } from '../model';
import type { Rule } from './lib/types';
import { isDetached } from './lib/advisor-util';
import { deleteLine, useAtFinding } from './lib/edits';
import { describeLocation, lineSpan } from './lib/util';

/** "host|port" as httpd compares listeners; undefined when the argument is not an address. */
export function listenKey(arg: string): string | undefined {
  const m = /^(?:\[([^\]]*)\]:|(.*):)?(\d+)$/.exec(arg);
  if (!m) return undefined;
  const host = m[1] ?? m[2] ?? '';
  return `${host}|${parseInt(m[3], 10)}`;
}

export const duplicateListen: Rule = {
  id: 'duplicate-listen',
  category: 'hygiene',
  defaultSeverity: 'error',
  summary: 'The same address and port is given to Listen twice; httpd refuses to start.',
  check(ctx) {
    const model = ctx.model;
    const seen = new Map<string, DirectiveUse>();
    for (const use of activeUses(model, 'Listen')) {
      const key = listenKey(use.args[0] ?? '');
      if (key === undefined) continue;
      const seenKey = `${isDetached(model, use.file)}|${key}`;
      const first = seen.get(seenKey);
      if (!first) {
        seen.set(seenKey, use);
        continue;
      }
      ctx.report({
        ...lineSpan(use),
        message: `Cannot define multiple Listeners on the same IP:port (${use.args[0]} is already at ${describeLocation(model, { file: first.file, line: first.line.line })})`,
        related: [{ ...lineSpan(first), message: 'first Listen for this address' }],
      });
    }
  },
  fixes(finding, ctx) {
    const use = useAtFinding(ctx, finding, 'listen');
    return use ? [{ title: 'Remove the duplicate Listen', preferred: true, edits: [deleteLine(use)] }] : [];
  },
};
