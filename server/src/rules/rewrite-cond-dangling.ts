// A RewriteCond belongs to the next RewriteRule of the same scope; with none after it, httpd
// keeps it nowhere and it tests nothing.

import type { DirectiveUse } from '../model';
import type { Rule } from './lib/types';
import { deleteLine, useAtFinding } from './lib/edits';
import { checkContainers, containerSlot, type ContainerCheck } from './lib/rewrite-scopes';

/**
 * The RewriteConds of a container that no RewriteRule follows. `extra` is 'lone' for a file read
 * on its own: conditions at its end may belong to the rule the including file writes after the
 * Include (Debian's sugarplum ships its conditions that way), so they are only information.
 */
const danglingCondsOf: ContainerCheck = (c, report, extra) => {
  let pending: DirectiveUse[] = [];
  for (const use of c.uses) {
    if (use.key === 'rewritecond') pending.push(use);
    else if (use.key === 'rewriterule') pending = [];
  }
  const mayContinue = extra === 'lone' && c.topLevel && pending[0]?.scope !== 'htaccess';
  for (const use of pending) {
    report({
      file: use.file, line: use.line.line, start: use.line.contentStart, end: use.line.contentEnd,
      ...(mayContinue
        ? { severity: 'information', message: 'This RewriteCond has no RewriteRule after it in this file: fine if the file that includes it writes one after the Include.' }
        : { message: 'This RewriteCond has no RewriteRule after it in the same section or file, so it tests nothing. Conditions belong to the rule that follows them.', tags: ['unnecessary'] }),
    });
  }
};

export const danglingConds = containerSlot(danglingCondsOf);

export const rewriteCondDangling: Rule = {
  id: 'rewrite-cond-dangling',
  category: 'hygiene',
  defaultSeverity: 'warning',
  summary: 'A RewriteCond with no RewriteRule after it in the same scope: it applies to nothing.',
  check(ctx) {
    checkContainers(ctx, danglingConds, danglingCondsOf, ctx.model.moduleStateKnown ? '' : 'lone');
  },
  fixes(finding, ctx) {
    const use = useAtFinding(ctx, finding, 'rewritecond');
    return use ? [{ title: 'Remove the unused RewriteCond', edits: [deleteLine(use)] }] : [];
  },
};
