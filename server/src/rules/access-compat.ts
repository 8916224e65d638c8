// 2.2-style access control (Order/Allow/Deny/Satisfy through mod_access_compat), and its
// mixing with Require. The quick fix converts only the forms whose meaning is unambiguous.

import type { DirectiveUse, SectionUse } from '../model';
import type { CodeFix, FixContext, Finding, Rule } from './types';
import { deleteLine, newlineOf } from './edits';
import { lineSpan } from './util';

const OLD = new Set(['order', 'allow', 'deny', 'satisfy']);

/** Active old-style lines, grouped by the section (or file top level) they sit in. */
function groups(uses: DirectiveUse[]): DirectiveUse[][] {
  const byScope = new Map<unknown, DirectiveUse[]>();
  for (const use of uses) {
    if (!use.active || !OLD.has(use.key)) continue;
    const key = use.parents[use.parents.length - 1] ?? use.file;
    const list = byScope.get(key) ?? [];
    list.push(use);
    byScope.set(key, list);
  }
  return [...byScope.values()];
}

const IP = /^[0-9.]+(\/[0-9.]+)?$|^[0-9a-fA-F:]+(\/\d+)?$/;

/** The equivalent Require line, or undefined when the translation would be a guess. */
export function translate(lines: DirectiveUse[]): string | undefined {
  const order = lines.filter((u) => u.key === 'order');
  const allows = lines.filter((u) => u.key === 'allow');
  const denies = lines.filter((u) => u.key === 'deny');
  if (lines.some((u) => u.key === 'satisfy') || order.length !== 1) return undefined;
  const mode = order[0].args.join('').toLowerCase();
  const hosts = (list: DirectiveUse[]): string[] | undefined => {
    const out: string[] = [];
    for (const u of list) {
      if (u.args[0]?.toLowerCase() !== 'from' || u.args.length < 2) return undefined;
      out.push(...u.args.slice(1));
    }
    return out;
  };
  const allowed = hosts(allows);
  const denied = hosts(denies);
  if (!allowed || !denied) return undefined;
  const isAll = (l: string[]): boolean => l.length === 1 && l[0].toLowerCase() === 'all';
  const requireFor = (l: string[]): string | undefined => {
    if (l.every((h) => IP.test(h))) return `Require ip ${l.join(' ')}`;
    if (l.every((h) => !IP.test(h) && !/^env=/i.test(h) && h.toLowerCase() !== 'all')) return `Require host ${l.join(' ')}`;
    return undefined;
  };
  if (mode === 'allow,deny') {
    if (denied.length) return undefined;
    if (!allowed.length) return 'Require all denied';
    return isAll(allowed) ? 'Require all granted' : requireFor(allowed);
  }
  if (mode === 'deny,allow') {
    if (isAll(denied)) return allowed.length ? requireFor(allowed) : 'Require all denied';
    if (!denied.length && (!allowed.length || isAll(allowed))) return 'Require all granted';
    return undefined;
  }
  return undefined;
}

export const accessCompat: Rule = {
  id: 'access-compat',
  category: 'migration',
  defaultSeverity: 'warning',
  summary: '2.2-style Order/Allow/Deny access control, kept alive by mod_access_compat.',
  check(ctx) {
    for (const lines of groups(ctx.model.uses)) {
      const first = lines[0];
      const translation = translate(lines);
      ctx.report({
        ...lineSpan(first),
        message: translation
          ? `Order/Allow/Deny is httpd 2.2 access control, only accepted through mod_access_compat, and mixes badly with Require. Here it means \`${translation}\`.`
          : 'Order/Allow/Deny is httpd 2.2 access control, only accepted through mod_access_compat, and mixes badly with Require. Rewrite it with Require (and <RequireAll>/<RequireAny>); this combination has no exact one-line equivalent, so no automatic fix is offered.',
        data: translation ? { translation } : undefined,
      });
    }
  },
  fixes(finding: Finding, ctx: FixContext): CodeFix[] {
    const translation = finding.data?.translation as string | undefined;
    if (!translation) return [];
    const lines = groups(ctx.model.uses).find((g) => g[0].file === finding.file && g[0].line.line === finding.line);
    if (!lines || lines.some((u) => u.file !== finding.file)) return [];
    const text = ctx.text(finding.file) ?? '';
    const first = lines[0];
    const indent = text.slice(first.line.start, first.line.contentStart);
    const edits = [{ file: first.file, start: first.line.start, end: first.line.end, newText: `${indent}${translation}${newlineOf(text)}` }, ...lines.slice(1).map(deleteLine)];
    return [{ title: `Replace with ${translation}`, preferred: true, edits }];
  },
};

export const mixedAccessControl: Rule = {
  id: 'mixed-access-control',
  category: 'security',
  defaultSeverity: 'warning',
  summary: 'Order/Allow/Deny and Require are used in the same section.',
  check(ctx) {
    for (const lines of groups(ctx.model.uses)) {
      const section = lines[0].parents[lines[0].parents.length - 1] as SectionUse | undefined;
      const requires = (section?.children ?? ctx.model.uses.filter((u) => u.parents.length === 0 && u.file === lines[0].file)).filter((u) => u.active && u.key === 'require');
      if (!requires.length) continue;
      ctx.report({
        ...lineSpan(requires[0]),
        message: 'Require and the old Order/Allow/Deny are mixed in one section: mod_access_compat and mod_authz_core then combine their verdicts in ways that are easy to get wrong (a Deny can be overridden or ignored). Use only Require.',
        related: [{ ...lineSpan(lines[0]), message: 'old-style access control here' }],
      });
    }
  },
};
