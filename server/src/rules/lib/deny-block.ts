// A server-level section that refuses every request, written with whichever access module this
// tree loads: `Require all denied` needs mod_authz_core, `Order`/`Deny` mod_access_compat. With
// neither loaded no such block is accepted by httpd ("Invalid command"), so no fix is offered.

import type { ConfigModel } from '../../model';
import { newlineOf } from './edits';
import type { CodeFix, FixContext } from './types';

export function denyLines(model: ConfigModel): string[] | undefined {
  // Modules unknown (a lone fragment): every 2.4 build ships mod_authz_core.
  if (model.modules.has('authz_core_module') || !model.moduleStateKnown) return ['Require all denied'];
  if (model.modules.has('access_compat_module')) return ['Order allow,deny', 'Deny from all'];
  return undefined;
}

/** A fix appending `<open>` … deny … `</close>` to the main configuration, or none when unsafe. */
export function appendDenyBlock(ctx: FixContext, title: string, open: string, close: string): CodeFix[] {
  const main = ctx.model.mainFile;
  const text = ctx.text(main);
  const deny = denyLines(ctx.model);
  if (text === undefined || !deny) return [];
  const nl = newlineOf(text);
  const block = [open, ...deny.map((l) => `    ${l}`), close].join(nl);
  // A last line ending in a backslash would continue into the block: end it with a newline first.
  const prefix = !text.length ? '' : /\\\r?\n?$/.test(text) ? `${text.endsWith('\n') ? '' : nl}${nl}` : text.endsWith('\n') ? '' : nl;
  return [{ title, preferred: true, edits: [{ file: main, start: text.length, end: text.length, newText: `${prefix}${block}${nl}` }] }];
}
