// Nothing denies .htaccess and .htpasswd: they can be downloaded, with their password hashes
// and rewrite logic. Stock configurations deny them with a <Files ".ht*"> section.

import { activeUses } from '../model';
import type { Rule } from './lib/types';
import { isWholeServer } from './lib/advisor-util';
import { fileNameDenied } from './lib/protected-paths';
import { appendDenyBlock } from './lib/deny-block';
import { lineSpan } from './lib/util';

export const htaccessServed: Rule = {
  id: 'htaccess-served',
  category: 'security',
  defaultSeverity: 'warning',
  summary: 'No <Files ".ht*"> (or <FilesMatch "^\\.ht">) section denies .htaccess and .htpasswd.',
  check(ctx) {
    const model = ctx.model;
    const roots = activeUses(model, 'DocumentRoot');
    if (!isWholeServer(model) || !roots.length) return;
    if (fileNameDenied(model, '.htaccess') && fileNameDenied(model, '.htpasswd')) return;
    ctx.report({
      ...lineSpan(roots[0]),
      message: 'Nothing denies .htaccess and .htpasswd: clients can download them, password hashes included. Add <Files ".ht*"> with Require all denied at server level.',
    });
  },
  fixes(_finding, ctx) {
    return appendDenyBlock(ctx, 'Deny .ht* files at server level', '<Files ".ht*">', '</Files>');
  },
};
