// <Directory /> that grants everyone: the whole file system becomes servable, so any Alias,
// symlink or mapping mistake exposes arbitrary files.

import { gatheredOnce, runSlot, type SectionUse } from '../model';
import type { Rule } from './lib/types';
import { lineSpan, nameSpan } from './lib/util';

/** A run's active <Directory /> lines, listed once per run. */
export const rootDirectories = runSlot((run) => run.filter((u) => u.active && u.key === 'directory' && u.args[0] === '/') as SectionUse[]);

export const rootAccessGranted: Rule = {
  id: 'root-access-granted',
  category: 'security',
  defaultSeverity: 'warning',
  summary: '<Directory /> grants access to the whole file system (Require all granted).',
  check(ctx) {
    for (const section of gatheredOnce(ctx.model, rootDirectories)) {
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
