// A small subset of ap_expr for `RewriteCond expr "…"`: comparisons of strings and variables
// (== != < <= > >= -eq -ne -lt -le -gt -ge, =~ !~ with /regex/), -f -d -s -z -n unary tests,
// `!`, `&&`, `||` and parentheses. Anything else is "not evaluated". The parser works on an
// explicit operator stack, so no recursion follows the input's nesting.

import type { RewriteCtx } from './context';
import { compileRewritePattern, execPattern, type Captures } from './regex';
import { lookupVariable } from './variables';
import { atoi } from './flags';

type Tok = { t: 'str'; v: string } | { t: 'op'; v: string } | { t: 're'; v: string; nocase: boolean } | { t: '('} | { t: ')' };

function tokenize(s: string, ctx: RewriteCtx): Tok[] | undefined {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '(' || c === ')') { out.push({ t: c }); i++; continue; }
    if (c === "'" || c === '"') {
      let v = '';
      i++;
      while (i < s.length && s[i] !== c) {
        if (s[i] === '%' && s[i + 1] === '{') {
          const end = s.indexOf('}', i);
          if (end < 0) return undefined;
          const r = variable(s.slice(i + 2, end), ctx);
          if (r === undefined) return undefined;
          v += r;
          i = end + 1;
          continue;
        }
        if (s[i] === '\\' && i + 1 < s.length) i++;
        v += s[i++];
      }
      if (i >= s.length) return undefined;
      i++;
      out.push({ t: 'str', v });
      continue;
    }
    if (c === '%' && s[i + 1] === '{') {
      const end = s.indexOf('}', i);
      if (end < 0) return undefined;
      const r = variable(s.slice(i + 2, end), ctx);
      if (r === undefined) return undefined;
      out.push({ t: 'str', v: r });
      i = end + 1;
      continue;
    }
    if (c === '/' || (c === 'm' && /[#/|]/.test(s[i + 1] ?? ''))) {
      const delim = c === '/' ? '/' : s[i + 1];
      let j = i + (c === '/' ? 1 : 2);
      let body = '';
      while (j < s.length && s[j] !== delim) {
        if (s[j] === '\\' && s[j + 1] === delim) { body += delim; j += 2; continue; }
        body += s[j++];
      }
      if (j >= s.length) return undefined;
      j++;
      let nocase = false;
      if (s[j] === 'i') { nocase = true; j++; }
      out.push({ t: 're', v: body, nocase });
      i = j;
      continue;
    }
    const two = s.slice(i, i + 2);
    if (['==', '!=', '<=', '>=', '=~', '!~', '&&', '||'].includes(two)) { out.push({ t: 'op', v: two }); i += 2; continue; }
    const m = /^-(eq|ne|lt|le|gt|ge|f|d|s|z|n|F|U)\b/.exec(s.slice(i));
    if (m) { out.push({ t: 'op', v: m[0] }); i += m[0].length; continue; }
    if (c === '<' || c === '>' || c === '!') { out.push({ t: 'op', v: c }); i++; continue; }
    const w = /^[A-Za-z0-9_.-]+/.exec(s.slice(i));
    if (w && /^(true|false)$/i.test(w[0])) { out.push({ t: 'op', v: w[0].toLowerCase() }); i += w[0].length; continue; }
    if (w && /^[0-9]+$/.test(w[0])) { out.push({ t: 'str', v: w[0] }); i += w[0].length; continue; }
    return undefined;
  }
  return out;
}

function variable(name: string, ctx: RewriteCtx): string | undefined {
  // ap_expr knows the same request variables for the common names; reqenv/env via ENV:.
  if (/^[A-Z_]+$/.test(name) || /^(HTTP|ENV):/i.test(name)) return lookupVariable(name, ctx);
  return undefined;
}

export interface ExprResult {
  value: boolean;
  captures?: Captures;
}

/** Evaluates the supported subset; undefined when the expression is outside it. */
export function evaluateExpr(text: string, ctx: RewriteCtx): ExprResult | undefined {
  const toks = tokenize(text, ctx);
  if (!toks || toks.length === 0 || toks.length > 200) return undefined;
  let captures: Captures | undefined;
  // Shunting-yard over boolean terms: each term is a comparison or unary test.
  const values: boolean[] = [];
  const ops: string[] = [];
  const prec = (o: string): number => (o === '||' ? 1 : o === '&&' ? 2 : o === '!' ? 3 : 0);
  const reduce = (): boolean => {
    const o = ops.pop()!;
    if (o === '!') {
      if (values.length < 1) return false;
      values.push(!values.pop()!);
      return true;
    }
    if (values.length < 2) return false;
    const b = values.pop()!;
    const a = values.pop()!;
    values.push(o === '&&' ? a && b : a || b);
    return true;
  };
  let i = 0;
  while (i < toks.length) {
    const t = toks[i];
    if (t.t === '(') { ops.push('('); i++; continue; }
    if (t.t === ')') {
      while (ops.length && ops[ops.length - 1] !== '(') if (!reduce()) return undefined;
      if (ops.pop() !== '(') return undefined;
      i++;
      continue;
    }
    if (t.t === 'op' && (t.v === '&&' || t.v === '||')) {
      while (ops.length && ops[ops.length - 1] !== '(' && prec(ops[ops.length - 1]) >= prec(t.v)) if (!reduce()) return undefined;
      ops.push(t.v);
      i++;
      continue;
    }
    if (t.t === 'op' && t.v === '!') { ops.push('!'); i++; continue; }
    if (t.t === 'op' && (t.v === 'true' || t.v === 'false')) { values.push(t.v === 'true'); i++; continue; }
    // Unary tests.
    if (t.t === 'op' && /^-[fdsznFU]$/.test(t.v)) {
      const arg = toks[i + 1];
      if (!arg || arg.t !== 'str') return undefined;
      const st = ctx.world.stat(arg.v);
      switch (t.v) {
        case '-f': values.push(st?.type === 'file'); break;
        case '-d': values.push(st?.type === 'dir'); break;
        case '-s': values.push(st?.type === 'file' && st.size > 0); break;
        case '-z': values.push(arg.v === ''); break;
        case '-n': values.push(arg.v !== ''); break;
        default: return undefined;
      }
      i += 2;
      continue;
    }
    // Binary comparison: str op (str|re)
    const left = t;
    const op = toks[i + 1];
    const right = toks[i + 2];
    if (left.t !== 'str' || !op || op.t !== 'op' || !right) return undefined;
    if (op.v === '=~' || op.v === '!~') {
      if (right.t !== 're') return undefined;
      const compiled = compileRewritePattern(right.v, right.nocase);
      const caps = execPattern(compiled, left.v);
      if (caps === undefined) return undefined;
      if (caps && op.v === '=~') captures = caps;
      values.push(op.v === '=~' ? !!caps : !caps);
      i += 3;
      continue;
    }
    if (right.t !== 'str') return undefined;
    const a = left.v;
    const b = right.v;
    // Integer comparisons read the operands like strtol: an empty or non-numeric string is 0.
    const ia = atoi(a);
    const ib = atoi(b);
    switch (op.v) {
      case '==': values.push(a === b); break;
      case '!=': values.push(a !== b); break;
      case '<': values.push(a < b); break;
      case '<=': values.push(a <= b); break;
      case '>': values.push(a > b); break;
      case '>=': values.push(a >= b); break;
      case '-eq': values.push(ia === ib); break;
      case '-ne': values.push(ia !== ib); break;
      case '-lt': values.push(ia < ib); break;
      case '-le': values.push(ia <= ib); break;
      case '-gt': values.push(ia > ib); break;
      case '-ge': values.push(ia >= ib); break;
      default: return undefined;
    }
    i += 3;
  }
  while (ops.length) {
    if (ops[ops.length - 1] === '(') return undefined;
    if (!reduce()) return undefined;
  }
  if (values.length !== 1) return undefined;
  return { value: values[0], captures };
}
