// An ap_expr expression httpd refuses when it reads the configuration (<If>, <ElseIf>,
// Require expr, SetEnvIfExpr, Header/RequestHeader expr=, RewriteCond expr, LogMessage expr=,
// FilterProvider; the string expressions of ErrorDocument, a Header value expr=… and LogMessage's
// message): a syntax error, a variable, function or operator httpd does not know, a regex
// PCRE cannot compile, a subnet -R or -ipmatch cannot read. Reported with httpd's words, on the
// token at fault where the expression's offsets are known.

import { checkExpression, expressionSites, exprNamesOf, holdsUnsetVariable, type ExprPlace, type ExprSite } from '../model';
import { pcreSyntaxError } from '../simulate/rewrite/pcre-syntax';
import type { Rule } from './lib/types';

/** Longest expression quoted in a message (the catalogue's limit is 160 characters). */
const QUOTED_MAX = 40;

const quoted = (text: string): string => (text.length > QUOTED_MAX ? `${text.slice(0, QUOTED_MAX - 1)}…` : text);

/** httpd's message for the place, around the parser's reason. */
function messageOf(place: ExprPlace, site: ExprSite, reason: string): string {
  switch (place) {
    case 'if': return `Cannot parse condition clause: ${reason}`;
    case 'require': return `Cannot parse expression in require line: ${reason}`;
    case 'setenvifexpr': return `Could not parse expression "${quoted(site.text)}": ${reason}`;
    case 'header': return `Can't parse envclause/expression: ${reason}`;
    case 'rewritecond': return `RewriteCond: cannot compile expression "${quoted(site.text)}" ${reason}`;
    case 'logmessage': return `Could not parse expression '${quoted(site.text)}': ${reason}`;
    case 'filterprovider': return `Error parsing FilterProvider expression:${reason}`;
    case 'errordocument': return `Cannot parse expression in ErrorDocument: ${reason}`;
    case 'header-value': return `Can't parse value expression : ${reason}`;
    case 'logmessage-text': return `Could not parse message expression '${quoted(site.text)}': ${reason}`;
  }
}

export const exprInvalid: Rule = {
  id: 'expr-invalid',
  category: 'syntax',
  defaultSeverity: 'error',
  // An expression's verdict follows from its own line and the loaded modules: cached per file.
  scope: 'file',
  summary: 'An ap_expr expression (<If>, Require expr, SetEnvIfExpr, expr=…) httpd cannot parse, or naming a variable, function or operator it does not know: httpd refuses the configuration.',
  check(ctx) {
    const { model } = ctx;
    const names = exprNamesOf(model);
    const uses = model.uses;
    for (let ui = 0; ui < uses.length; ui++) {
      const use = uses[ui];
      if (!use.active) continue;
      const sites = expressionSites(use, model.parsed.get(use.file)?.text);
      for (const site of sites) {
        // An empty <If> argument is section-syntax's.
        if (site.text === '' && site.place === 'if') continue;
        // A fragment's ${NAME} may be defined by the tree it belongs to: its expression is not known.
        if (!model.moduleStateKnown && holdsUnsetVariable(site.text)) continue;
        const problem = checkExpression(site.text, { names, mode: site.mode, regexError: (pattern) => pcreSyntaxError(pattern) });
        if (!problem) continue;
        const inside = site.offset !== undefined && !problem.fatal;
        const start = inside ? site.offset! + problem.start : site.start;
        const end = inside ? site.offset! + Math.max(problem.end, problem.start + 1) : site.end;
        ctx.report({
          file: use.file,
          line: use.line.line,
          start: inside ? Math.min(start, site.end) : start,
          end: inside ? Math.min(end, site.end) : end,
          message: problem.fatal ? `${problem.message}: httpd's expression scanner stops the server here (a quote in %{name:…}, a final backslash)` : messageOf(site.place, site, problem.message),
        });
      }
    }
  },
};
