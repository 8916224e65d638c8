// <Directory /> that grants everyone: the whole file system becomes servable, so any Alias,
// symlink or mapping mistake exposes arbitrary files.

import { activeUses, type SectionUse } from '../model';
import type { Rule } from './lib/types';
import { lineSpan, nameSpan } from './lib/util';

export const rootAccessGranted: Rule = {
  id: 'root-access-granted',
  category: 'security',
  defaultSeverity: 'warning',
  summary: '<Directory /> grants access to the whole file system (Require all granted).',
  check(ctx) {
    for (const section of activeUses(ctx.model, 'Directory') as SectionUse[]) {
      if (section.args[0] !== '/') continue;
      const grant = section.children.find((c) => c.active && c.key === 'require' && c.args[0]?.toLowerCase() === 'all' && c.args[1]?.toLowerCase() === 'granted');
      if (!grant) continue;
      ctx.report({
        ...nameSpan(section),
        message: '<Directory /> grants access to the whole file system: one Alias or symlink mistake exposes any file. Deny / and grant only the folders you serve.',
        related: [{ ...lineSpan(grant), message: 'access granted here' }],
      });
    }
  },
};
