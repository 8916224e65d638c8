// One RewriteCond evaluated as apply_rewrite_cond does: the test string expanded, then a
// regex, a string or integer comparison, a file test, a sub-request test or an expression.

import type { RewriteCtx } from './context';
import { evaluateExpr } from './expr';
import { atoi } from './flags';
import { execPattern } from './regex';
import { expand } from './substitution';
import type { RewriteCondDef } from './types';

export interface CondOutcome {
  test: string;
  matched: boolean;
  /** Set when the result could not be decided faithfully. */
  unknown?: string;
}

/** strcmp-like comparison on bytes. */
function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** mod_rewrite's compare_lexicography: the longer string is greater, else byte order. */
function compareLexicography(a: string, b: string): number {
  if (a.length > b.length) return 1;
  if (a.length < b.length) return -1;
  return compareBytes(a, b);
}

function compareNoCase(a: string, b: string): number {
  return compareBytes(a.toLowerCase(), b.toLowerCase());
}

export function applyCondition(c: RewriteCondDef, ctx: RewriteCtx): CondOutcome {
  const input = c.kind === 'expr' ? '' : expand(c.input, ctx).text;
  let rc = false;
  let unknown: string | undefined;
  const st = (): ReturnType<RewriteCtx['world']['stat']> => ctx.world.stat(input);
  switch (c.kind) {
    case 'file': rc = st()?.type === 'file'; break;
    case 'size': { const s = st(); rc = s?.type === 'file' && s.size > 0; break; }
    case 'dir': rc = st()?.type === 'dir'; break;
    case 'link': rc = !!st()?.symlink; break;
    case 'exec': rc = !!st()?.executable; break;
    case 'url-lookup':
    case 'file-lookup': {
      if (input && !ctx.req.isSubrequest) {
        const status = ctx.world.subrequestStatus?.(c.kind === 'url-lookup' ? 'url' : 'file', input);
        if (status === undefined) unknown = `${c.kind === 'url-lookup' ? '-U' : '-F'} needs a sub-request, which is not simulated here`;
        else rc = c.kind === 'url-lookup' ? status < 400 : status < 300 && ctx.world.stat(input) !== undefined;
      }
      break;
    }
    case 'str-gt': rc = (c.nocase ? compareNoCase(input, c.pattern) : compareLexicography(input, c.pattern)) >= 1; break;
    case 'str-ge': rc = (c.nocase ? compareNoCase(input, c.pattern) : compareLexicography(input, c.pattern)) >= 0; break;
    case 'str-lt': rc = (c.nocase ? compareNoCase(input, c.pattern) : compareLexicography(input, c.pattern)) <= -1; break;
    case 'str-le': rc = (c.nocase ? compareNoCase(input, c.pattern) : compareLexicography(input, c.pattern)) <= 0; break;
    case 'str-eq': rc = c.nocase ? input.toLowerCase() === c.pattern.toLowerCase() : input === c.pattern; break;
    case 'int-ge': rc = atoi(input) >= atoi(c.pattern); break;
    case 'int-gt': rc = atoi(input) > atoi(c.pattern); break;
    case 'int-le': rc = atoi(input) <= atoi(c.pattern); break;
    case 'int-lt': rc = atoi(input) < atoi(c.pattern); break;
    case 'int-eq': rc = atoi(input) === atoi(c.pattern); break;
    case 'expr': {
      const r = evaluateExpr(c.pattern, ctx);
      if (r === undefined) unknown = 'this expression is outside the subset the simulator evaluates';
      else {
        rc = r.value;
        if (rc && !c.negate && r.captures) ctx.briRC = { source: '', caps: r.captures };
      }
      break;
    }
    case 'regex': {
      const caps = c.compiled ? execPattern(c.compiled, input) : undefined;
      if (caps === undefined) unknown = c.compiled && !c.compiled.ok ? `the pattern cannot be simulated faithfully: ${c.compiled.reason}` : 'the test string is too long to match';
      else if (caps) {
        rc = true;
        if (!c.negate) ctx.briRC = { source: input, caps };
      }
      break;
    }
  }
  if (c.negate) rc = !rc;
  ctx.world.events?.push({ kind: 'cond', text: `${c.kind === 'expr' ? '(null)' : input} ~ ${c.written} => ${rc ? 'matched' : 'not-matched'}` });
  if (unknown) ctx.unknown.push(`RewriteCond at ${c.file}:${c.line}: ${unknown}`);
  return { test: c.kind === 'expr' ? c.pattern : input, matched: rc, unknown };
}
