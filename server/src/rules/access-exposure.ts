// What the server exposes: directory listings, the whole file system, .ht* files, VCS folders.

import { activeUses, type DirectiveUse, type SectionUse } from '../model';
import type { Rule, RuleContext } from './types';
import { useAtFinding } from './edits';
import { lineSpan, nameSpan, wordSpan } from './util';

function grantsAll(section: DirectiveUse): boolean {
  return (section as SectionUse).children?.some((c) => c.active && c.key === 'require' && c.args[0]?.toLowerCase() === 'all' && c.args[1]?.toLowerCase() === 'granted') ?? false;
}

export const directoryListing: Rule = {
  id: 'directory-listing',
  category: 'security',
  defaultSeverity: 'warning',
  summary: 'Options turns on automatic directory listings (Indexes).',
  check(ctx) {
    for (const use of activeUses(ctx.model, 'Options')) {
      const index = use.args.findIndex((a) => /^\+?(indexes|all)$/i.test(a));
      if (index === -1 || !use.words[index]) continue;
      const keyword = use.args[index].replace(/^\+/, '');
      ctx.report({
        ...wordSpan(use, use.words[index]),
        message: `Options ${use.args[index]} lets mod_autoindex list any folder without an index file${/all/i.test(keyword) ? ' (All includes Indexes)' : ''}: backups, uploads and configuration files become browsable. Use -Indexes unless listings are intended.`,
        data: { index },
      });
    }
  },
  fixes(finding, ctx) {
    const use = useAtFinding(ctx, finding, 'options');
    const index = finding.data?.index as number | undefined;
    if (!use || index === undefined) return [];
    const word = use.words[index];
    const signed = use.args.some((a) => /^[+-]/.test(a));
    const current = use.args[index];
    if (/all/i.test(current)) return [];
    if (signed) return [{ title: 'Change to -Indexes', preferred: true, edits: [{ file: use.file, start: word.start, end: word.end, newText: '-Indexes' }] }];
    if (use.args.length === 1) return [{ title: 'Change to Options None', preferred: true, edits: [{ file: use.file, start: word.start, end: word.end, newText: 'None' }] }];
    // Remove the bare keyword with the blank before it.
    const text = ctx.text(use.file) ?? '';
    let start = word.start;
    while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
    return [{ title: 'Remove Indexes', preferred: true, edits: [{ file: use.file, start, end: word.end, newText: '' }] }];
  },
};

export const rootAccessGranted: Rule = {
  id: 'root-access-granted',
  category: 'security',
  defaultSeverity: 'warning',
  summary: '<Directory /> grants access to the whole file system.',
  check(ctx) {
    for (const use of activeUses(ctx.model, 'Directory')) {
      if (use.args[0] !== '/' || !grantsAll(use)) continue;
      ctx.report({ ...nameSpan(use), message: '<Directory /> with `Require all granted` opens the whole file system: any Alias, symlink or mapping mistake serves arbitrary files. Deny / and grant only the document folders.' });
    }
  },
};

function isFullConfig(ctx: RuleContext): boolean {
  return ctx.model.moduleStateKnown && ctx.model.fileScopes.get(ctx.model.mainFile) === 'server';
}

function deniesPattern(ctx: RuleContext, test: (arg: string) => boolean): boolean {
  const sections = [...activeUses(ctx.model, 'Files'), ...activeUses(ctx.model, 'FilesMatch'), ...activeUses(ctx.model, 'DirectoryMatch'), ...activeUses(ctx.model, 'LocationMatch'), ...activeUses(ctx.model, 'Directory')];
  return sections.some((s) => test(s.args.join(' ')) && ((s as SectionUse).children ?? []).some((c) => c.key === 'require' && /denied/i.test(c.args.join(' '))));
}

export const htaccessServed: Rule = {
  id: 'htaccess-served',
  category: 'security',
  defaultSeverity: 'warning',
  summary: 'Nothing stops clients from downloading .htaccess and .htpasswd files.',
  check(ctx) {
    if (!isFullConfig(ctx) || activeUses(ctx.model, 'DocumentRoot').length === 0) return;
    if (deniesPattern(ctx, (a) => /\.ht/.test(a))) return;
    const at = activeUses(ctx.model, 'DocumentRoot')[0];
    ctx.report({ ...lineSpan(at), message: 'No <Files ".ht*"> (or <FilesMatch "^\\.ht">) section denies access to .htaccess and .htpasswd: password hashes and rewrite rules can be downloaded. Add one with `Require all denied`.' });
  },
};

export const vcsFolderServed: Rule = {
  id: 'vcs-folder-served',
  category: 'security',
  defaultSeverity: 'information',
  summary: 'Nothing stops clients from downloading .git or .svn folders.',
  check(ctx) {
    if (!isFullConfig(ctx) || activeUses(ctx.model, 'DocumentRoot').length === 0) return;
    if (deniesPattern(ctx, (a) => /\.git|\.svn|\\\.\(/.test(a)) || activeUses(ctx.model, 'RedirectMatch').some((u) => /\.git/.test(u.args.join(' ')))) return;
    const at = activeUses(ctx.model, 'DocumentRoot')[0];
    ctx.report({ ...lineSpan(at), message: 'Nothing denies access to .git or .svn folders: a site deployed as a checkout exposes its whole history and secrets. Add `<DirectoryMatch "/\\.(git|svn)"> Require all denied </DirectoryMatch>`.' });
  },
};
