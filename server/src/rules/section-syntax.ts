// Section headers httpd's handlers refuse: a missing '>', a conditional without its argument,
// and <Else>/<ElseIf> that follow no <If>.

import type { DirectiveUse } from '../model';
import type { Rule } from './lib/types';
import { directiveInfo, nameSpan, processedUses } from './lib/util';
import { SECTIONS } from '../data/vocabulary';
import { pcreSyntaxError } from '../simulate/rewrite/pcre-syntax';

const NEEDS_ARGUMENT = SECTIONS.needsArgument;

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
      // mod_authz_core's Require* containers do not check for the '>' (seen with the real httpd).
      if (open.kind === 'open' && !open.hasClosingBracket && !/^require(all|any|none)$/.test(use.key)) {
        ctx.report({ ...nameSpan(use), message: `<${use.name}> directive missing closing '>'` });
        continue;
      }
      if (NEEDS_ARGUMENT.has(use.key) && (use.args.length === 0 || use.args[0] === '')) {
        ctx.report({ ...nameSpan(use), message: `<${use.name}> directive requires additional arguments` });
        continue;
      }
      if (REGEX_SECTIONS.has(use.key) || (['directory', 'files', 'location', 'proxy'].includes(use.key) && use.args[0] === '~')) {
        const pattern = REGEX_SECTIONS.has(use.key) ? use.args[0] : use.args[1];
        if (pattern !== undefined && pcreSyntaxError(pattern) !== undefined) {
          ctx.report({ ...nameSpan(use), message: 'Regex could not be compiled' });
          continue;
        }
      }
      if ((use.key === 'else' || use.key === 'elseif') && !followsIf(use, uses)) {
        ctx.report({ ...nameSpan(use), message: '<Else> or <ElseIf> section without previous <If> or <ElseIf> section in same scope' });
      }
    }
  },
};

const REGEX_SECTIONS = SECTIONS.regex;

/** The previous section among the use's siblings must be <If> or <ElseIf>. */
function followsIf(use: DirectiveUse, uses: DirectiveUse[]): boolean {
  for (let i = uses.indexOf(use) - 1; i >= 0; i--) {
    const other = uses[i];
    if (other.parents !== use.parents || !other.isSection) continue;
    return other.key === 'if' || other.key === 'elseif';
  }
  return false;
}
