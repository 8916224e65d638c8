// A regular expression PCRE2 refuses: httpd stops at startup with the directive's own message
// (or answers 500 for a .htaccess). Reported on the pattern with httpd's words and PCRE's reason.
// Sections (<LocationMatch>, `~` sections…) are section-syntax's, with the same checker.

import type { DirectiveUse } from '../model';
import { condKind } from '../simulate/rewrite/directives';
import { pcreSyntaxError } from '../simulate/rewrite/pcre-syntax';
import type { Rule } from './lib/types';

const REDIRECT_STATUS = /^(permanent|temp|seeother|gone|\d+)$/i;

/** The word holding the pattern of a regex directive, or -1 when the line has none. */
function patternWord(use: DirectiveUse): number {
  switch (use.key) {
    case 'rewriterule':
      return use.args.length < 2 ? -1 : 0;
    case 'rewritecond':
      return use.args.length < 2 ? -1 : 1;
    case 'redirectmatch': {
      const word = use.args.length >= 3 || (use.args.length === 2 && REDIRECT_STATUS.test(use.args[0]) && /^gone$|^4|^5/i.test(use.args[0])) ? 1 : 0;
      return use.args[word] === undefined ? -1 : word;
    }
    case 'aliasmatch':
    case 'scriptaliasmatch':
      return use.args.length < 2 ? -1 : 0;
  }
  return -1;
}

/** httpd's message for a pattern it cannot compile. */
function messageOf(use: DirectiveUse, pattern: string): string {
  if (use.key === 'rewriterule') return `RewriteRule: cannot compile regular expression '${pattern}'`;
  if (use.key === 'rewritecond') return `RewriteCond: cannot compile regular expression '${pattern}'`;
  return 'Regular expression could not be compiled.';
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
      const index = patternWord(use);
      if (index === -1) continue;
      const arg = use.args[index];
      // mod_rewrite's "!" negates the match; it is no part of the pattern.
      const pattern = (use.key === 'rewriterule' || use.key === 'rewritecond') && arg.startsWith('!') ? arg.slice(1) : arg;
      // The (remembered) verdict first: nearly every pattern compiles.
      const reason = pcreSyntaxError(pattern);
      if (reason === undefined) continue;
      if (use.key === 'rewritecond' && condKind(use.args[0], pattern).kind !== 'regex') continue;
      const word = use.words[index];
      ctx.report({
        file: use.file,
        line: use.line.line,
        start: word ? word.start : use.line.contentStart,
        end: word ? word.end : use.line.contentEnd,
        message: `${messageOf(use, pattern)} (PCRE: ${reason})`,
      });
    }
  },
};
