// A site deployed as a checkout serves its .git (or .svn, .hg) folder unless something denies
// it: the whole history, often with credentials, can be downloaded.

import * as path from 'path';
import { activeUses } from '../model';
import type { Rule } from './lib/types';
import { isWholeServer } from './lib/advisor-util';
import { pathDenied } from './lib/protected-paths';
import { appendDenyBlock } from './lib/deny-block';
import { lineSpan } from './lib/util';
import { trimTrailingSlashes } from '../parser';

const FOLDERS = ['.git', '.svn', '.hg'];

export const vcsFolderServed: Rule = {
  id: 'vcs-folder-served',
  category: 'security',
  defaultSeverity: 'information',
  summary: 'Nothing denies .git, .svn or .hg folders under the DocumentRoot.',
  check(ctx) {
    const model = ctx.model;
    const root = activeUses(model, 'DocumentRoot')[0];
    if (!isWholeServer(model) || !root) return;
    const dir = trimTrailingSlashes(root.args[0] ?? '') || '/';
    // A denial for any one of them shows the concern is handled; the rule does not audit its pattern.
    if (FOLDERS.some((f) => pathDenied(model, path.posix.join(dir, f), `/${f}/config`))) return;
    ctx.report({
      ...lineSpan(root),
      message: `Nothing denies ${FOLDERS.join(', ')} folders, so a checkout served here exposes its whole history. Deny them with <DirectoryMatch "/\\.(git|svn|hg)(/|$)">.`,
    });
  },
  fixes(_finding, ctx) {
    return appendDenyBlock(ctx, 'Deny version-control folders at server level', '<DirectoryMatch "/\\.(git|svn|hg)(/|$)">', '</DirectoryMatch>');
  },
};
