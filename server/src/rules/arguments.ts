// Wrong number of arguments or a value httpd refuses, with httpd's own wording.

import type { Rule } from './lib/types';
import { checkArguments } from './lib/argument-check';
import { commentStart } from './lib/comment-words';
import { checkedInfos, nameSpan, processedUses, wordSpan } from './lib/util';
import { checkDirectiveValues, valueWarnings, WARNED_VALUES } from './lib/directive-values';
import { holdsUnsetVariable } from '../model';

export const argumentsRule: Rule = {
  id: 'invalid-arguments',
  category: 'arguments',
  defaultSeverity: 'error',
  summary: 'A directive with the wrong number of arguments or a value httpd refuses.',
  scope: 'file',
  check(ctx) {
    const uses = processedUses(ctx.model);
    const infos = checkedInfos(ctx.model);
    // Indexed: for-of makes an iterator result per line until the loop is optimized, which a CLI run rarely reaches.
    for (let ui = 0; ui < uses.length; ui++) {
      const use = uses[ui];
      const info = infos[ui];
      if (use.isSection || !info) continue;
      // A fragment's ${NAME} is left for the configuration or environment that will set it.
      if (!ctx.model.moduleStateKnown && use.args.some(holdsUnsetVariable)) continue;
      const error = checkArguments(info, use.args) ?? checkDirectiveValues(use.key, use.args, ctx.model, use);
      if (!error) {
        if (!WARNED_VALUES.has(use.key)) continue;
        // Values httpd accepts but warns about at start, with its wording.
        const warnings = valueWarnings(use.key, use.args);
        for (let wi = 0; wi < warnings.length; wi++) {
          const warning = warnings[wi];
          const word = use.words[warning.wordIndex ?? -1];
          ctx.report({ ...(word ? wordSpan(use, word) : nameSpan(use)), message: warning.message, severity: 'warning' });
        }
        continue;
      }
      // When only a trailing comment breaks the count, the trailing-comment rule reports it.
      const comment = commentStart(use);
      if (comment !== undefined && !checkArguments(info, use.args.slice(0, comment)) && !checkDirectiveValues(use.key, use.args.slice(0, comment), ctx.model, use)) continue;
      const word = error.wordIndex !== undefined ? use.words[error.wordIndex] : undefined;
      ctx.report({ ...(word ? wordSpan(use, word) : nameSpan(use)), message: error.message });
    }
  },
};
