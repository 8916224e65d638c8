// A regular expression PCRE2 refuses: httpd stops at startup with the directive's own message
// (or answers 500 for a .htaccess). Reported on the pattern with httpd's words and PCRE's reason.
// Sections (<LocationMatch>, `~` sections…) are section-syntax's, with the same checker.

import type { DirectiveUse } from '../model';
import { condKind } from '../simulate/rewrite/directives';
import { pcreSyntaxError } from '../simulate/rewrite/pcre-syntax';
import type { Rule } from './lib/types';

const REDIRECT_STATUS = /^(permanent|temp|seeother|gone|\d+)$/i;

/** The pattern word of a regex directive and httpd's message for it, or undefined. */
function patternOf(use: DirectiveUse): { word: number; pattern: string; message: (p: string) => string } | undefined {
  switch (use.key) {
    case 'rewriterule':
      if (use.args.length < 2) return undefined;
      return { word: 0, pattern: use.args[0].replace(/^!/, ''), message: (p) => `RewriteRule: cannot compile regular expression '${p}'` };
    case 'rewritecond': {
      if (use.args.length < 2) return undefined;
      const pattern = use.args[1].replace(/^!/, '');
      if (condKind(use.args[0], pattern).kind !== 'regex') return undefined;
      return { word: 1, pattern, message: (p) => `RewriteCond: cannot compile regular expression '${p}'` };
    }
    case 'redirectmatch': {
      const word = use.args.length >= 3 || (use.args.length === 2 && REDIRECT_STATUS.test(use.args[0]) && /^gone$|^4|^5/i.test(use.args[0])) ? 1 : 0;
      if (use.args[word] === undefined) return undefined;
      return { word, pattern: use.args[word], message: () => 'Regular expression could not be compiled.' };
    }
    case 'aliasmatch':
    case 'scriptaliasmatch':
      if (use.args.length < 2) return undefined;
      return { word: 0, pattern: use.args[0], message: () => 'Regular expression could not be compiled.' };
  }
  return undefined;
}

export const regexInvalid: Rule = {
  id: 'regex-invalid',
  category: 'syntax',
  defaultSeverity: 'error',
  // A pattern's verdict follows from its own line: cached per file, an edit re-checks its file only.
  scope: 'file',
  summary: 'A RewriteRule, RewriteCond, RedirectMatch, AliasMatch or ScriptAliasMatch pattern PCRE cannot compile: httpd refuses the configuration.',
  check(ctx) {
    const uses = ctx.model.uses;
    // Indexed: for-of makes an iterator result per line until the loop is optimized, which a CLI run rarely reaches.
    for (let ui = 0; ui < uses.length; ui++) {
      const use = uses[ui];
      if (!use.active || use.isSection) continue;
      const found = patternOf(use);
      if (!found) continue;
      const reason = pcreSyntaxError(found.pattern);
      if (reason === undefined) continue;
      const word = use.words[found.word];
      ctx.report({
        file: use.file,
        line: use.line.line,
        start: word ? word.start : use.line.contentStart,
        end: word ? word.end : use.line.contentEnd,
        message: `${found.message(found.pattern)} (PCRE: ${reason})`,
      });
    }
  },
};
