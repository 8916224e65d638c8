// Nothing denies .htaccess and .htpasswd: they can be downloaded, with their password hashes
// and rewrite logic. Stock configurations deny them with a <Files ".ht*"> section; others refuse
// every dot-file by URL (<LocationMatch>, RedirectMatch 404, RewriteRule [F]), which covers them too.

import * as path from 'path';
import { activeUses } from '../model';
import type { Rule } from './lib/types';
import { isWholeServer } from './lib/advisor-util';
import { fileNameDenied, pathDenied } from './lib/protected-paths';
import { appendDenyBlock } from './lib/deny-block';
import { lineSpan } from './lib/util';
import { trimTrailingSlashes } from '../parser';

const HT_FILES = ['.htaccess', '.htpasswd'];

export const htaccessServed: Rule = {
  id: 'htaccess-served',
  category: 'security',
  defaultSeverity: 'warning',
  summary: 'Nothing denies .htaccess and .htpasswd: no <Files ".ht*"> section, no denial of dot-files by path.',
  check(ctx) {
    const model = ctx.model;
    const roots = activeUses(model, 'DocumentRoot');
    if (!isWholeServer(model) || !roots.length) return;
    if (fileNameDenied(model, '.htaccess') && fileNameDenied(model, '.htpasswd')) return;
    const dir = trimTrailingSlashes(roots[0].args[0] ?? '') || '/';
    if (HT_FILES.every((f) => pathDenied(model, path.posix.join(dir, f), `/${f}`))) return;
    ctx.report({
      ...lineSpan(roots[0]),
      message: 'Nothing denies .htaccess and .htpasswd: clients can download them, password hashes included. Add <Files ".ht*"> with Require all denied at server level.',
    });
  },
  fixes(_finding, ctx) {
    return appendDenyBlock(ctx, 'Deny .ht* files at server level', '<Files ".ht*">', '</Files>');
  },
};
