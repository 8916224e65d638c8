// Greys out what httpd skips: the body of a conditional section that is false here, with the
// reason (module not loaded, name not defined…).

import type { SectionUse } from '../model';
import type { Rule } from './lib/types';

export const inactiveBlock: Rule = {
  id: 'inactive-block',
  category: 'hygiene',
  defaultSeverity: 'hint',
  summary: 'A conditional block (IfModule, IfDefine…) that is false in this configuration.',
  scope: 'file',
  check(ctx) {
    const uses = ctx.model.uses;
    // Indexed: for-of makes an iterator result per line until the loop is optimized, which a CLI run rarely reaches.
    for (let ui = 0; ui < uses.length; ui++) {
      const use = uses[ui];
      if (!use.isSection || !use.active) continue;
      const section = use as SectionUse;
      if (!section.condition || section.condition.value) continue;
      const body = section.section;
      const end = body.close ? body.close.contentEnd : body.open.contentEnd;
      ctx.report({
        file: use.file,
        line: use.line.line,
        start: use.line.contentStart,
        end,
        message: `Inactive: <${use.name} ${use.args.join(' ')}> is false here — ${section.condition.reason}.`,
        tags: ['unnecessary'],
      });
    }
  },
};
