// Section headers httpd's handlers refuse: a missing '>', a conditional without its argument,
// and <Else>/<ElseIf> that follow no <If>.

import type { DirectiveUse } from '../model';
import type { Rule } from './types';
import { directiveInfo, nameSpan, processedUses } from './util';

const NEEDS_ARGUMENT = new Set(['ifmodule', 'ifdefine', 'iffile', 'ifdirective', 'ifsection', 'ifversion', 'directory', 'directorymatch', 'files', 'filesmatch', 'location', 'locationmatch', 'virtualhost', 'proxy', 'proxymatch', 'if', 'elseif', 'limit', 'limitexcept']);

export const sectionSyntax: Rule = {
  id: 'section-syntax',
  category: 'syntax',
  defaultSeverity: 'error',
  summary: "A section header httpd refuses: missing '>', missing argument, or <Else> without <If>.",
  check(ctx) {
    const uses = processedUses(ctx.model);
    for (const use of uses) {
      if (!use.isSection || !directiveInfo(use)) continue;
      const open = use.line;
      if (open.kind === 'open' && !open.hasClosingBracket) {
        ctx.report({ ...nameSpan(use), message: `<${use.name}> directive missing closing '>'` });
        continue;
      }
      if (NEEDS_ARGUMENT.has(use.key) && (use.args.length === 0 || use.args[0] === '')) {
        ctx.report({ ...nameSpan(use), message: `<${use.name}> directive requires additional arguments` });
        continue;
      }
      if ((use.key === 'else' || use.key === 'elseif') && !followsIf(use, uses)) {
        ctx.report({ ...nameSpan(use), message: '<Else> or <ElseIf> section without previous <If> or <ElseIf> section in same scope' });
      }
    }
  },
};

/** The previous section among the use's siblings must be <If> or <ElseIf>. */
function followsIf(use: DirectiveUse, uses: DirectiveUse[]): boolean {
  for (let i = uses.indexOf(use) - 1; i >= 0; i--) {
    const other = uses[i];
    if (other.parents !== use.parents || !other.isSection) continue;
    return other.key === 'if' || other.key === 'elseif';
  }
  return false;
}
