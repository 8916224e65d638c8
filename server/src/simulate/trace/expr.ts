// The subset of httpd's ap_expr that needs no live connection: string and regex comparisons on
// request variables (%{REQUEST_URI}, %{HTTP_HOST}, %{HTTP:Name}, %{QUERY_STRING}…), -ipmatch,
// -R, -f/-d on the simulator's file view, true/false, !, &&, || and parentheses. Anything else is
// "depends" (undefined). A tokenizer plus a precedence-climbing parser with an explicit depth cap.

import { regexMatches } from '../../model';
import { replaceBraced } from '../../parser';

export interface ExprContext {
  variable(name: string): string | undefined;
  ipMatches(address: string, spec: string): boolean | undefined;
  exists(path: string, kind: 'f' | 'd' | 'e'): boolean | undefined;
}

type Token = { t: 'str'; v: string } | { t: 'var'; v: string } | { t: 'op'; v: string } | { t: 're'; v: string; flags: string } | { t: 'word'; v: string };

const MAX_DEPTH = 64;

function tokenize(text: string): Token[] | undefined {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let v = '';
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\\' && j + 1 < text.length) j++;
        v += text[j++];
      }
      if (j >= text.length) return undefined;
      out.push({ t: 'str', v });
      i = j + 1;
      continue;
    }
    if (c === '%' && text[i + 1] === '{') {
      const end = text.indexOf('}', i);
      if (end === -1) return undefined;
      out.push({ t: 'var', v: text.slice(i + 2, end) });
      i = end + 1;
      continue;
    }
    const re = /^m?([/#|!])/.exec(text.slice(i));
    if ((c === '/' || (c === 'm' && /[#|!/]/.test(text[i + 1] ?? ''))) && re) {
      const delim = re[1];
      const start = i + re[0].length;
      const end = text.indexOf(delim, start);
      if (end === -1) return undefined;
      const flags = /^[i]*/.exec(text.slice(end + 1))![0];
      out.push({ t: 're', v: text.slice(start, end), flags });
      i = end + 1 + flags.length;
      continue;
    }
    const op = /^(&&|\|\||==|!=|=~|!~|<=|>=|<|>|!|\(|\)|-[a-zA-Z]+)/.exec(text.slice(i));
    if (op) {
      out.push({ t: 'op', v: op[1] });
      i += op[1].length;
      continue;
    }
    const word = /^[A-Za-z0-9_.:-]+/.exec(text.slice(i));
    if (!word) return undefined;
    out.push({ t: 'word', v: word[0] });
    i += word[0].length;
  }
  return out;
}

/** true/false, or undefined when the expression needs something the simulator cannot know. */
export function evaluateExpr(text: string, ctx: ExprContext): boolean | undefined {
  const tokens = tokenize(text);
  if (!tokens) return undefined;
  let pos = 0;
  let failed = false;
  const peek = (): Token | undefined => tokens[pos];
  const value = (tok: Token | undefined): string | undefined => {
    if (!tok) return undefined;
    if (tok.t === 'str') return replaceBraced(tok.v, '%{', (n) => ctx.variable(n) ?? '\u0000');
    if (tok.t === 'var') return ctx.variable(tok.v);
    if (tok.t === 'word') return tok.v;
    return undefined;
  };
  const primary = (depth: number): boolean | undefined => {
    if (depth > MAX_DEPTH) {
      failed = true;
      return undefined;
    }
    const tok = tokens[pos++];
    if (!tok) {
      failed = true;
      return undefined;
    }
    if (tok.t === 'op' && tok.v === '!') {
      const v = primary(depth + 1);
      return v === undefined ? undefined : !v;
    }
    if (tok.t === 'op' && tok.v === '(') {
      const v = orExpr(depth + 1);
      if (peek()?.v !== ')') failed = true;
      pos++;
      return v;
    }
    if (tok.t === 'word' && (tok.v === 'true' || tok.v === 'false')) return tok.v === 'true';
    if (tok.t === 'op' && /^-[fdesFUAR]$/.test(tok.v)) {
      const arg = value(tokens[pos++]);
      if (arg === undefined || arg.includes('\u0000')) return undefined;
      if (tok.v === '-R') return ctx.ipMatches(ctx.variable('REMOTE_ADDR') ?? '', arg);
      if (tok.v === '-f' || tok.v === '-F') return ctx.exists(arg, 'f');
      if (tok.v === '-d') return ctx.exists(arg, 'd');
      if (tok.v === '-e') return ctx.exists(arg, 'e');
      return undefined;
    }
    // binary comparison
    const left = value(tok);
    const op = tokens[pos++];
    if (!op || op.t !== 'op') {
      failed = true;
      return undefined;
    }
    const rightTok = tokens[pos++];
    if (op.v === '=~' || op.v === '!~') {
      if (!rightTok || rightTok.t !== 're' || left === undefined || left.includes('\u0000')) return undefined;
      const m = regexMatches(rightTok.flags.includes('i') ? `(?i)${rightTok.v}` : rightTok.v, left);
      return m === undefined ? undefined : op.v === '=~' ? m : !m;
    }
    const right = value(rightTok);
    if (left === undefined || right === undefined || left.includes('\u0000') || right.includes('\u0000')) return undefined;
    switch (op.v) {
      case '==':
        return left === right;
      case '!=':
        return left !== right;
      case '-ipmatch':
        return ctx.ipMatches(left, right);
      case '-strmatch':
      case '-strcmatch':
        return undefined;
      case '<':
        return left < right;
      case '>':
        return left > right;
      case '-eq':
        return Number(left) === Number(right);
      case '-ne':
        return Number(left) !== Number(right);
      case '-lt':
        return Number(left) < Number(right);
      case '-gt':
        return Number(left) > Number(right);
      default:
        return undefined;
    }
  };
  const andExpr = (depth: number): boolean | undefined => {
    let v = primary(depth);
    while (peek()?.t === 'op' && peek()!.v === '&&') {
      pos++;
      const r = primary(depth);
      v = v === false || r === false ? false : v === undefined || r === undefined ? undefined : true;
    }
    return v;
  };
  const orExpr = (depth: number): boolean | undefined => {
    let v = andExpr(depth);
    while (peek()?.t === 'op' && peek()!.v === '||') {
      pos++;
      const r = andExpr(depth);
      v = v === true || r === true ? true : v === undefined || r === undefined ? undefined : false;
    }
    return v;
  };
  const result = orExpr(0);
  if (failed || pos !== tokens.length) return undefined;
  return result;
}
