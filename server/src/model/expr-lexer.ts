// The words of an ap_expr boolean expression, cut as httpd's scanner (util_expr_scan.l in 2.4)
// cuts them: quoted strings with %{…} and $N inside, variables and their `:argument`, regexes
// `/re/` and `m#re#` with an optional `i`, operators, numbers and names. One pass, linear in the
// input, never throws. The token names are httpd's, since its messages print them.

export type ExprTokenKind =
  | 'T_TRUE' | 'T_FALSE' | 'T_DIGIT' | 'T_ID' | 'T_STRING' | 'T_REGEX' | 'T_REGEX_I' | 'T_REGEX_BACKREF'
  | 'T_OP_UNARY' | 'T_OP_BINARY' | 'T_STR_BEGIN' | 'T_STR_END' | 'T_VAR_BEGIN' | 'T_VAR_END'
  | 'T_OP_EQ' | 'T_OP_NE' | 'T_OP_LT' | 'T_OP_LE' | 'T_OP_GT' | 'T_OP_GE' | 'T_OP_REG' | 'T_OP_NRE' | 'T_OP_IN'
  | 'T_OP_STR_EQ' | 'T_OP_STR_NE' | 'T_OP_STR_LT' | 'T_OP_STR_LE' | 'T_OP_STR_GT' | 'T_OP_STR_GE'
  | 'T_OP_CONCAT' | 'T_OP_OR' | 'T_OP_AND' | 'T_OP_NOT' | 'T_ERROR'
  | '(' | ')' | '{' | '}' | ',' | ':' | '$end';

export interface ExprToken {
  kind: ExprTokenKind;
  /** Offsets in the expression text. */
  start: number;
  end: number;
  /** Name of an identifier or operator (without '-'), text of a string part or regex. */
  value: string;
  /** For T_ERROR: the scanner's message ("Unterminated string or variable"). */
  error?: string;
  /** For T_ERROR: the scanner stops the whole server (no rule matched the character). */
  fatal?: boolean;
}

/** Operators and keywords, longest first where one is a prefix of another. */
const WORD_OPERATORS: Record<string, ExprTokenKind> = {
  and: 'T_OP_AND', or: 'T_OP_OR', not: 'T_OP_NOT', in: 'T_OP_IN', true: 'T_TRUE', false: 'T_FALSE',
  eq: 'T_OP_EQ', ne: 'T_OP_NE', lt: 'T_OP_LT', le: 'T_OP_LE', gt: 'T_OP_GT', ge: 'T_OP_GE',
};
const DASH_OPERATORS: Record<string, ExprTokenKind> = {
  in: 'T_OP_IN', eq: 'T_OP_EQ', ne: 'T_OP_NE', lt: 'T_OP_LT', le: 'T_OP_LE', gt: 'T_OP_GT', ge: 'T_OP_GE',
};
const SYMBOL_OPERATORS: [string, ExprTokenKind][] = [
  ['==', 'T_OP_STR_EQ'], ['!=', 'T_OP_STR_NE'], ['<=', 'T_OP_STR_LE'], ['>=', 'T_OP_STR_GE'], ['=~', 'T_OP_REG'], ['!~', 'T_OP_NRE'],
  ['&&', 'T_OP_AND'], ['||', 'T_OP_OR'], ['=', 'T_OP_STR_EQ'], ['<', 'T_OP_STR_LT'], ['>', 'T_OP_STR_GT'], ['!', 'T_OP_NOT'], ['.', 'T_OP_CONCAT'],
];
/** Characters that may follow `m` to open a regex. */
const REGEX_DELIMITERS = '/#$%^,;:_?|-!.\'"';

const isIdStart = (c: string): boolean => /[A-Za-z]/.test(c);
const isIdChar = (c: string): boolean => /[A-Za-z0-9_]/.test(c);
const isDigit = (c: string): boolean => c >= '0' && c <= '9';

/** Scanner states above the expression itself: a quoted string, a variable name, a variable argument. */
type State = { kind: 'string'; quote: string } | { kind: 'name' } | { kind: 'argument' };

/** A boolean expression (<If>, expr=…), or a string expression: text with %{…} and $N, quotes literal (ErrorDocument). */
export type ExprMode = 'boolean' | 'string';

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };

/** Cuts the expression into tokens, ending with `$end` or at the first T_ERROR. */
export function lexExpression(text: string, mode: ExprMode = 'boolean'): ExprToken[] {
  const out: ExprToken[] = [];
  const n = text.length;
  let i = 0;
  // A string expression is read as a string with no closing quote: the end of the text ends it.
  const whole: State = { kind: 'string', quote: '' };
  const states: State[] = mode === 'string' ? [whole] : [];
  let buffer = '';
  let bufferStart = -1;

  const push = (kind: ExprTokenKind, start: number, end: number, value = ''): void => {
    out.push({ kind, start, end, value });
  };
  const fail = (start: number, end: number, error: string, fatal = false): ExprToken[] => {
    out.push({ kind: 'T_ERROR', start, end, value: '', error, fatal });
    return out;
  };
  const flush = (at: number): void => {
    if (bufferStart >= 0) push('T_STRING', bufferStart, at, buffer);
    buffer = '';
    bufferStart = -1;
  };
  const append = (c: string, at: number): void => {
    if (bufferStart < 0) bufferStart = at;
    buffer += c;
  };

  while (i < n) {
    const c = text[i];
    const state = states[states.length - 1];
    if (state?.kind === 'name') {
      if (isIdStart(c) || c === '_') {
        let j = i + 1;
        while (j < n && isIdChar(text[j])) j++;
        push('T_ID', i, j, text.slice(i, j));
        i = j;
      } else if (c === '}') {
        states.pop();
        push('T_VAR_END', i, ++i);
      } else if (c === ':') {
        states[states.length - 1] = { kind: 'argument' };
        push(':', i, ++i);
      } else return fail(i, i + 1, `Invalid character in variable name '${c}'`);
      continue;
    }
    if (state) {
      // A quoted string or a variable argument: text, escapes, %{…} and $N.
      if (state.kind === 'string' && c === state.quote) {
        flush(i);
        states.pop();
        push('T_STR_END', i, ++i);
      } else if (state.kind === 'argument' && c === '}') {
        flush(i);
        states.pop();
        push('T_VAR_END', i, ++i);
      } else if (state.kind === 'argument' && (c === '"' || c === '\'')) {
        // No rule of httpd's scanner takes a quote here: it stops the server.
        return fail(i, i + 1, 'flex scanner jammed', true);
      } else if (c === '\n') {
        return fail(i, i + 1, 'Unterminated string or variable');
      } else if (c === '%' && text[i + 1] === '{') {
        flush(i);
        states.push({ kind: 'name' });
        push('T_VAR_BEGIN', i, i + 2);
        i += 2;
      } else if (c === '$' && isDigit(text[i + 1] ?? '')) {
        flush(i);
        push('T_REGEX_BACKREF', i, i + 2, text[i + 1]);
        i += 2;
      } else if (c === '\\') {
        let j = i + 1;
        while (j < n && isDigit(text[j])) j++;
        if (j > i + 1) {
          const digits = text.slice(i + 1, j);
          // The longer of `\\[0-7]{1,3}` and `\\[0-9]+` wins: 8, 9 or a fourth digit make it "bad".
          if (digits.length > 3 || /[89]/.test(digits)) return fail(i, j, 'Bad escape sequence');
          const value = parseInt(digits, 8);
          if (value > 0xff) return fail(i, j, 'Escape sequence out of bound');
          append(String.fromCharCode(value), i);
          i = j;
        } else if (i + 1 >= n) {
          // No rule takes a backslash that ends the text: the scanner stops the server.
          return fail(i, i + 1, 'flex scanner jammed', true);
        } else {
          append(ESCAPES[text[i + 1]] ?? text[i + 1], i);
          i += 2;
        }
      } else {
        append(c, i++);
      }
      continue;
    }
    // The expression itself.
    if (c === ' ' || c === '\t' || c === '\n') {
      i++;
      continue;
    }
    if (c === '"' || c === '\'') {
      states.push({ kind: 'string', quote: c });
      push('T_STR_BEGIN', i, i + 1);
      i++;
      continue;
    }
    if (c === '%' && text[i + 1] === '{') {
      states.push({ kind: 'name' });
      push('T_VAR_BEGIN', i, i + 2);
      i += 2;
      continue;
    }
    if (c === '$' && isDigit(text[i + 1] ?? '')) {
      push('T_REGEX_BACKREF', i, i + 2, text[i + 1]);
      i += 2;
      continue;
    }
    const regexOpen = c === '/' ? 1 : c === 'm' && REGEX_DELIMITERS.includes(text[i + 1] ?? '\0') && !(text[i + 1] === '_' && isIdChar(text[i + 2] ?? '')) ? 2 : 0;
    if (regexOpen) {
      const delimiter = text[i + regexOpen - 1];
      const close = text.indexOf(delimiter, i + regexOpen);
      // An unclosed regex ends the input: the parser then meets its end.
      if (close < 0) {
        push('$end', n, n);
        return out;
      }
      const pattern = text.slice(i + regexOpen, close);
      if (text[close + 1] === 'i') push('T_REGEX_I', i, close + 2, pattern);
      else push('T_REGEX', i, close + 1, pattern);
      i = text[close + 1] === 'i' ? close + 2 : close + 1;
      continue;
    }
    if (c === '-' || isDigit(c)) {
      let j = c === '-' ? i + 1 : i;
      while (j < n && isDigit(text[j])) j++;
      if (j > i + (c === '-' ? 1 : 0)) {
        push('T_DIGIT', i, j, text.slice(i, j));
        i = j;
        continue;
      }
    }
    if (c === '-' && /[A-Za-z_]/.test(text[i + 1] ?? '')) {
      let j = i + 2;
      while (j < n && isIdChar(text[j])) j++;
      const name = text.slice(i + 1, j);
      push(DASH_OPERATORS[name] ?? (name.length === 1 ? 'T_OP_UNARY' : 'T_OP_BINARY'), i, j, name);
      i = j;
      continue;
    }
    if (isIdStart(c)) {
      let j = i + 1;
      while (j < n && isIdChar(text[j])) j++;
      const name = text.slice(i, j);
      push(WORD_OPERATORS[name] ?? 'T_ID', i, j, name);
      i = j;
      continue;
    }
    const symbol = SYMBOL_OPERATORS.find(([s]) => text.startsWith(s, i));
    if (symbol) {
      push(symbol[1], i, i + symbol[0].length, symbol[0]);
      i += symbol[0].length;
      continue;
    }
    if ('(){},:'.includes(c)) {
      push(c as ExprTokenKind, i, i + 1, c);
      i++;
      continue;
    }
    return fail(i, i + 1, `Parse error near '${c}'`);
  }
  if (states.length === 1 && states[0] === whole) {
    flush(n);
    states.pop();
  }
  if (states.length) return fail(n, n, 'Unterminated string or variable');
  push('$end', n, n);
  return out;
}
