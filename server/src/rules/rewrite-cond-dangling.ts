// A RewriteCond belongs to the next RewriteRule of the same scope; with none after it, httpd
// keeps it nowhere and it tests nothing.

import type { DirectiveUse } from '../model';
import type { Rule } from './lib/types';
import { deleteLine, useAtFinding } from './lib/edits';
import { checkContainers, containerSlot, type ContainerCheck } from './lib/rewrite-scopes';

/** The RewriteConds of a container that no RewriteRule follows. */
const danglingCondsOf: ContainerCheck = (c, report) => {
  let pending: DirectiveUse[] = [];
  for (const use of c.uses) {
    if (use.key === 'rewritecond') pending.push(use);
    else if (use.key === 'rewriterule') pending = [];
  }
  for (const use of pending) {
    report({
      file: use.file, line: use.line.line, start: use.line.contentStart, end: use.line.contentEnd,
      message: 'This RewriteCond has no RewriteRule after it in the same section or file, so it tests nothing. Conditions belong to the rule that follows them.',
      tags: ['unnecessary'],
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
    checkContainers(ctx, danglingConds, danglingCondsOf);
  },
  fixes(finding, ctx) {
    const use = useAtFinding(ctx, finding, 'rewritecond');
    return use ? [{ title: 'Remove the unused RewriteCond', edits: [deleteLine(use)] }] : [];
  },
};
