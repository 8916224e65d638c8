// Evaluates an ap_expr tree (model/expr.ts reads it) against a simulated request, the way httpd's
// util_expr_eval.c does: left to right, `&&`/`||` short-circuiting, `$N` the groups of the last
// `=~` that matched. What the simulator cannot know (a variable it does not model, a file test
// it has no answer for, a subrequest) is "unknown", and the logic is three-valued: `false && x` is
// false whatever x is. Recursion follows the tree, whose depth model/expr.ts caps.

import { createHash } from 'crypto';
import { fnmatchWith, type ExprCondition, type ExprList, type ExprStringPart, type ExprWord } from '../../model';

/** The groups of a regex match: index 0 is the whole match. */
export type ExprCaptures = (string | undefined)[];

/** What a simulator knows of the request; undefined answers are "unknown". */
export interface ExprEnvironment {
  /** `%{NAME}`. */
  variable(name: string): string | undefined;
  /** `%{http:Name}`, `req(…)`: a request header ('' when absent). */
  header(name: string): string | undefined;
  /** `env(…)`, `%{env:NAME}`: the request's environment, when the simulator keeps one. */
  environment?(name: string): string | undefined;
  /** A file test: what is at the path, or null when nothing is. */
  stat(path: string): { type: 'file' | 'directory' | 'other'; size?: number; executable?: boolean; symlink?: boolean } | null | undefined;
  /** Whether the address is in the subnet (`-R`, `-ipmatch`). */
  ipMatches(address: string, subnet: string): boolean | undefined;
  /** The groups when the pattern matches, null when it does not. */
  match(pattern: string, caseless: boolean, subject: string): ExprCaptures | null | undefined;
}

export interface ExprOutcome {
  value: boolean | undefined;
  /** The groups `$N` (and RewriteCond's `%N`) refer to after the expression; undefined when none matched or they are not certain. */
  captures?: ExprCaptures;
  /** An unknown part decided whether the last match ran, so the captures are not certain. */
  capturesUncertain: boolean;
}

const FALSY_T = new Set(['', '0', 'off', 'false', 'no']);

export function evaluateCondition(tree: ExprCondition, env: ExprEnvironment): ExprOutcome {
  let captures: ExprCaptures | undefined;
  let capturesUncertain = false;
  // Above zero while evaluating a part that httpd may not have reached (after an unknown operand).
  let unsure = 0;

  const text = (parts: ExprStringPart[]): string | undefined => {
    let out = '';
    for (const part of parts) {
      const value = part.kind === 'text' ? part.value : part.kind === 'backref' ? backref(part.index) : variable(part.name, part.argument);
      if (value === undefined) return undefined;
      out += value;
    }
    return out;
  };
  const backref = (index: number): string | undefined => {
    if (capturesUncertain) return undefined;
    return captures?.[index] ?? '';
  };
  const variable = (name: string, argument: ExprStringPart[] | undefined): string | undefined => {
    if (!argument) return env.variable(name);
    const value = text(argument);
    return value === undefined ? undefined : call(name, value);
  };
  const call = (name: string, argument: string): string | undefined => {
    switch (name.toLowerCase()) {
      case 'req':
      case 'http':
      case 'req_novary':
        return env.header(argument);
      case 'env':
        return env.environment?.(argument);
      case 'tolower':
        return argument.replace(/[A-Z]+/g, (s) => s.toLowerCase());
      case 'toupper':
        return argument.replace(/[a-z]+/g, (s) => s.toUpperCase());
      case 'escape':
        return escapePath(argument);
      case 'unescape':
        return unescapeUrl(argument);
      case 'base64':
        return Buffer.from(argument, 'utf8').toString('base64');
      case 'md5':
        return createHash('md5').update(argument, 'utf8').digest('hex');
      case 'sha1':
        return createHash('sha1').update(argument, 'utf8').digest('hex');
      default:
        // Response headers, notes, the environment, files: unknown.
        return undefined;
    }
  };
  const word = (w: ExprWord): string | undefined => {
    switch (w.kind) {
      case 'digits':
        return w.value;
      case 'string':
        return text(w.parts);
      case 'variable':
        return variable(w.name, w.argument);
      case 'backref':
        return backref(w.index);
      case 'call': {
        const argument = word(w.argument);
        return argument === undefined ? undefined : call(w.name, argument);
      }
      case 'concat': {
        let out = '';
        for (const part of w.parts) {
          const value = word(part);
          if (value === undefined) return undefined;
          out += value;
        }
        return out;
      }
    }
  };
  const listWords = (list: ExprList): string[] | undefined => {
    if (list.kind === 'call') return undefined;
    const out: string[] = [];
    for (const w of list.words) {
      const value = word(w);
      if (value === undefined) return undefined;
      out.push(value);
    }
    return out;
  };
  const fileTest = (operator: string, path: string): boolean | undefined => {
    const found = env.stat(path);
    if (found === undefined) return undefined;
    switch (operator) {
      case 'e':
        return found !== null;
      case 'f':
        return found?.type === 'file';
      case 'd':
        return found?.type === 'directory';
      case 's':
        if (found === null || found.type !== 'file') return false;
        return found.size === undefined ? undefined : found.size > 0;
      case 'L':
      case 'h':
        return found === null ? false : found.symlink;
      default:
        return found === null ? false : found.executable;
    }
  };
  const unary = (operator: string, operand: string): boolean | undefined => {
    switch (operator) {
      case 'n':
        return operand !== '';
      case 'z':
        return operand === '';
      case 'T':
        return !FALSY_T.has(operand.toLowerCase());
      case 'R': {
        const address = env.variable('REMOTE_ADDR');
        return address === undefined ? undefined : env.ipMatches(address, operand);
      }
      case 'd':
      case 'e':
      case 'f':
      case 's':
      case 'L':
      case 'h':
      case 'x':
        return fileTest(operator, operand);
      default:
        // -F, -U, -A run a subrequest; others come from modules.
        return undefined;
    }
  };
  const compare = (operator: string, numeric: boolean, left: string, right: string): boolean => {
    const order = numeric ? Math.sign(atoi64(left) - atoi64(right)) : left < right ? -1 : left > right ? 1 : 0;
    switch (operator) {
      case 'eq':
        return order === 0;
      case 'ne':
        return order !== 0;
      case 'lt':
        return order < 0;
      case 'le':
        return order <= 0;
      case 'gt':
        return order > 0;
      default:
        return order >= 0;
    }
  };
  const condition = (c: ExprCondition): boolean | undefined => {
    switch (c.kind) {
      case 'constant':
        return c.value;
      case 'not': {
        const value = condition(c.operand);
        return value === undefined ? undefined : !value;
      }
      case 'and':
      case 'or': {
        // httpd goes left to right and stops at the first operand that decides: false for &&,
        // true for ||. After an unknown operand, httpd may already have stopped.
        const deciding = c.kind === 'or';
        let unknown = false;
        let result: boolean | undefined = !deciding;
        for (const operand of c.operands) {
          const value = condition(operand);
          if (value === deciding) {
            result = deciding;
            break;
          }
          if (value === undefined && !unknown) {
            unknown = true;
            unsure++;
          }
        }
        if (unknown) unsure--;
        return result === deciding ? result : unknown ? undefined : result;
      }
      case 'unary': {
        const operand = word(c.operand);
        return operand === undefined ? undefined : unary(c.operator, operand);
      }
      case 'binary': {
        const left = word(c.left);
        const right = word(c.right);
        if (left === undefined || right === undefined) return undefined;
        switch (c.operator) {
          case 'ipmatch':
            return env.ipMatches(left, right);
          case 'strmatch':
            return fnmatchWith(right, left, {});
          case 'strcmatch':
            return fnmatchWith(right, left, { caseBlind: true });
          case 'fnmatch':
            return fnmatchWith(right, left, { pathname: true });
          default:
            return undefined;
        }
      }
      case 'compare': {
        const left = word(c.left);
        const right = word(c.right);
        return left === undefined || right === undefined ? undefined : compare(c.operator, c.numeric, left, right);
      }
      case 'match': {
        const subject = word(c.subject);
        if (subject === undefined) return undefined;
        const groups = env.match(c.pattern, c.caseless, subject);
        if (groups === undefined) {
          // httpd keeps the groups of a match: if this one ran, they are unknown from here on.
          capturesUncertain = true;
          return undefined;
        }
        if (groups) {
          captures = groups;
          capturesUncertain = unsure > 0;
        }
        return c.negated ? !groups : !!groups;
      }
      case 'in': {
        const subject = word(c.subject);
        const words = listWords(c.list);
        return subject === undefined || words === undefined ? undefined : words.includes(subject);
      }
    }
  };

  const value = condition(tree);
  return { value, captures: capturesUncertain ? undefined : captures, capturesUncertain };
}

/** Bytes ap_escape_uri leaves as they are: letters, digits and these. */
const PATH_SAFE = new Set(Array.from("$-_.+!*'(),:@&=/~", (c) => c.charCodeAt(0)));
const isAlnumByte = (b: number): boolean => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** escape(): ap_escape_uri, every other byte as %xx in lower case. */
function escapePath(text: string): string {
  let out = '';
  for (const b of Buffer.from(text, 'utf8')) out += isAlnumByte(b) || PATH_SAFE.has(b) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`;
  return out;
}

/**
 * unescape(): ap_unescape_url_keep2f(…, 0), so %2F stays as written; a bad escape or %00 gives
 * the empty string, as httpd's function returns on an error. Undefined when the bytes are not
 * UTF-8 (the simulator's strings are text).
 */
function unescapeUrl(text: string): string | undefined {
  const bytes = Buffer.from(text, 'utf8');
  const out: number[] = [];
  const hex = (b: number): number => (b >= 0x30 && b <= 0x39 ? b - 0x30 : b >= 0x41 && b <= 0x46 ? b - 0x37 : b >= 0x61 && b <= 0x66 ? b - 0x57 : -1);
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0x25) {
      out.push(bytes[i]);
      continue;
    }
    const high = hex(bytes[i + 1] ?? -1);
    const low = hex(bytes[i + 2] ?? -1);
    if (high < 0 || low < 0) return '';
    const decoded = high * 16 + low;
    if (decoded === 0) return '';
    if (decoded === 0x2f) out.push(bytes[i], bytes[i + 1], bytes[i + 2]);
    else out.push(decoded);
    i += 2;
  }
  try {
    return utf8.decode(Uint8Array.from(out));
  } catch {
    return undefined;
  }
}

/** apr_atoi64: optional blanks and sign, then digits up to the first other character; no digits is 0. */
function atoi64(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d*)/.exec(s);
  const digits = m?.[2] ?? '';
  if (!digits) return 0;
  const n = Number(digits.slice(0, 19));
  return m?.[1] === '-' ? -n : n;
}
