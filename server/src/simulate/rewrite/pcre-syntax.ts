// Whether PCRE2 (httpd's regex library, compiled without UTF, as ap_regcomp calls it) refuses a
// pattern, and why. One left-to-right scan with an explicit group stack: no recursion, linear in
// the pattern. Only what PCRE2 certainly refuses is an error; where this scanner cannot follow
// (extended mode, start-of-pattern options, conditions, unknown property names) it says nothing,
// because a false error would tell the user httpd refuses a configuration it accepts.

const VALID_ESCAPE_LETTERS = new Set('ABCDEGHKNPQRSVWXZabcdefghknoprstvwxz');
const NOT_IN_CLASS = new Set('BRXN');
const CLASS_ESCAPES = new Set('dDsSwWhHvVpP');
const POSIX_NAMES = new Set(['alpha', 'lower', 'upper', 'alnum', 'ascii', 'blank', 'cntrl', 'digit', 'graph', 'print', 'punct', 'space', 'word', 'xdigit']);
const VERBS = new Set(['ACCEPT', 'COMMIT', 'F', 'FAIL', 'MARK', 'PRUNE', 'SKIP', 'THEN', '']);
const ALPHA_ASSERTIONS = new Set([
  'pla', 'plb', 'nla', 'nlb', 'napla', 'naplb', 'positive_lookahead', 'positive_lookbehind', 'negative_lookahead', 'negative_lookbehind',
  'non_atomic_positive_lookahead', 'non_atomic_positive_lookbehind', 'atomic', 'sr', 'asr', 'script_run', 'atomic_script_run',
]);
const START_OPTION = /^\(\*(?:UTF|UCP|CR|LF|CRLF|ANYCRLF|ANY|NUL|BSR_ANYCRLF|BSR_UNICODE|NO_AUTO_POSSESS|NO_DOTSTAR_ANCHOR|NO_JIT|NO_START_OPT|NOTEMPTY|NOTEMPTY_ATSTART|LIMIT_(?:HEAP|MATCH|DEPTH|RECURSION)=\d+)\)/;
/** PCRE2's largest repeat count. */
const MAX_REPEAT = 65535;

/** Length of what an item matches inside a lookbehind: a number, variable, or not known here. */
type Len = number | 'var' | 'unknown';

interface Group {
  /**
   * 'lookbehind': its own branches may differ in length; 'inner': a group inside a lookbehind,
   * whose branches must agree; 'assert': a lookahead (no length).
   */
  kind: 'lookbehind' | 'inner' | 'plain' | 'assert';
  branches: Len[];
  current: Len;
}

function addLen(a: Len, b: Len): Len {
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  if (a === 'var' || b === 'var') return 'var';
  return a + b;
}

/** PCRE2's check_posix_syntax: '[' followed by ':' '.' or '=' and closed by the same before ']'. */
function posixAt(p: string, i: number): number | undefined {
  const term = p[i + 1];
  if (term !== ':' && term !== '.' && term !== '=') return undefined;
  for (let j = i + 2; j < p.length; j++) {
    if (p[j] === '\\' && (p[j + 1] === ']' || p[j + 1] === '\\')) j++;
    else if ((p[j] === '[' && p[j + 1] === term) || p[j] === ']') return undefined;
    else if (p[j] === term && p[j + 1] === ']') return j + 1;
  }
  return undefined;
}

/** Bytes a literal character takes in the configuration file (PCRE2 without UTF counts bytes). */
function byteLen(ch: string): number {
  const c = ch.codePointAt(0) ?? 0;
  return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

interface Escape {
  /** Index after the escape. */
  end: number;
  error?: string;
  /** Matches a character (repeatable, length 1) vs an assertion (not repeatable, length 0). */
  kind: 'char' | 'class' | 'assert' | 'ref' | 'var' | 'unknown' | 'quote';
  /** Group number or name a reference needs. */
  ref?: number | string;
}

/** Reads the escape starting at p[i] === '\\'. */
function readEscape(p: string, i: number, inClass: boolean, groupsSoFar: number): Escape {
  const n = p[i + 1];
  if (n === undefined) return { end: i + 1, kind: 'char', error: '\\ at end of pattern' };
  if (!/[A-Za-z0-9]/.test(n)) return { end: i + 2, kind: 'char' };
  if (/[1-9]/.test(n)) {
    const digits = /^\d+/.exec(p.slice(i + 1))![0];
    if (inClass) return { end: i + 1 + (n === '8' || n === '9' ? 1 : Math.min(3, /^[0-7]*/.exec(digits)![0].length || 1)), kind: 'char' };
    const num = Number(digits);
    if (num < 10 || n === '8' || n === '9' || num <= groupsSoFar) return { end: i + 1 + digits.length, kind: 'ref', ref: num };
    const octal = /^[0-7]{1,3}/.exec(digits)?.[0];
    return octal ? { end: i + 1 + octal.length, kind: 'char' } : { end: i + 2, kind: 'ref', ref: num };
  }
  if (n === '0') return { end: i + 2 + (/^[0-7]{0,2}/.exec(p.slice(i + 2))![0].length), kind: 'char' };
  if (!VALID_ESCAPE_LETTERS.has(n)) {
    return { end: i + 2, kind: 'char', error: /[LlUuF]/.test(n) ? `PCRE2 does not support \\${n}` : `unrecognized character follows \\ (\\${n})` };
  }
  if (inClass && NOT_IN_CLASS.has(n)) return { end: i + 2, kind: 'char', error: `escape sequence \\${n} is invalid in a character class` };
  switch (n) {
    case 'x': {
      if (p[i + 2] !== '{') return { end: i + 2 + (/^[0-9a-fA-F]{0,2}/.exec(p.slice(i + 2))![0].length), kind: 'char' };
      const m = /^\{([0-9a-fA-F]*)\}/.exec(p.slice(i + 2));
      if (!m || !m[1]) return { end: i + 2, kind: 'char', error: '\\x{ is not followed by hexadecimal digits and }' };
      if (parseInt(m[1], 16) > 0xff) return { end: i + 2 + m[0].length, kind: 'char', error: 'character code point value in \\x{} is too large' };
      return { end: i + 2 + m[0].length, kind: 'char' };
    }
    case 'o': {
      const m = /^\{([0-7]+)\}/.exec(p.slice(i + 2));
      if (!m) return { end: i + 2, kind: 'char', error: '\\o must be followed by octal digits in {}' };
      if (parseInt(m[1], 8) > 0xff) return { end: i + 2 + m[0].length, kind: 'char', error: 'character code point value in \\o{} is too large' };
      return { end: i + 2 + m[0].length, kind: 'char' };
    }
    case 'c': {
      const c = p[i + 2];
      if (c === undefined) return { end: i + 2, kind: 'char', error: '\\c at end of pattern' };
      if (c < ' ' || c > '~') return { end: i + 3, kind: 'char', error: '\\c must be followed by a printable ASCII character' };
      return { end: i + 3, kind: 'char' };
    }
    case 'N':
      return p[i + 2] === '{' ? { end: i + 2, kind: 'char', error: '\\N{…} needs Unicode (UTF) mode' } : { end: i + 2, kind: 'class' };
    case 'p':
    case 'P':
      if (p[i + 2] === undefined || (p[i + 2] === '{' && p.indexOf('}', i + 2) < 0)) return { end: i + 2, kind: 'char', error: `malformed \\${n}` };
      return { end: p[i + 2] === '{' ? Math.max(p.indexOf('}', i + 2) + 1, i + 3) : i + 3, kind: 'class' };
    case 'Q':
      return { end: i + 2, kind: 'quote' };
    case 'E':
      return { end: i + 2, kind: 'unknown' };
    case 'g': {
      const rest = p.slice(i + 2);
      const num = /^(?:\{(-?\d+)\}|(-?\d+))/.exec(rest);
      if (num) {
        const v = Number(num[1] ?? num[2]);
        if (v === 0 || (v < 0 && -v > groupsSoFar)) return { end: i + 2 + num[0].length, kind: 'ref', error: 'reference to a group that does not exist' };
        return { end: i + 2 + num[0].length, kind: 'ref', ref: v > 0 ? v : undefined };
      }
      const name = /^\{([A-Za-z_]\w*)\}/.exec(rest);
      if (name) return { end: i + 2 + name[0].length, kind: 'ref', ref: name[1] };
      // \g<…> and \g'…' call a group: left to PCRE2.
      return { end: i + 2, kind: 'unknown' };
    }
    case 'k': {
      const m = /^(?:<([A-Za-z_]\w*)>|'([A-Za-z_]\w*)'|\{([A-Za-z_]\w*)\})/.exec(p.slice(i + 2));
      if (!m) return { end: i + 2, kind: 'unknown', error: '\\k is not followed by a group name in <>, \'\' or {}' };
      return { end: i + 2 + m[0].length, kind: 'ref', ref: m[1] ?? m[2] ?? m[3] };
    }
    case 'b':
      return inClass ? { end: i + 2, kind: 'char' } : { end: i + 2, kind: 'assert' };
    case 'B': case 'A': case 'z': case 'Z': case 'G': case 'K':
      return inClass ? { end: i + 2, kind: 'char', error: `escape sequence \\${n} is invalid in a character class` } : { end: i + 2, kind: 'assert' };
    case 'R': case 'X':
      return { end: i + 2, kind: 'var' };
  }
  return { end: i + 2, kind: CLASS_ESCAPES.has(n) ? 'class' : 'char' };
}

/** Reads a character class starting at p[i] === '['; the index after its ']' or an error. */
function readClass(p: string, i: number, groupsSoFar: number): { end: number; error?: string; unknown?: boolean } {
  let j = i + 1;
  if (p[j] === '^') j++;
  let first = true;
  /** The previous element: a single character (for ranges), a class escape, or none. */
  let prev: { code: number } | 'class' | undefined;
  let unknown = false;
  while (j < p.length) {
    const c = p[j];
    if (c === ']' && !first) return { end: j + 1, unknown };
    if (c === '\\' && p[j + 1] === 'E') {
      j += 2;
      continue;
    }
    first = false;
    let item: { code: number } | 'class';
    if (c === '[') {
      const close = posixAt(p, j);
      if (close !== undefined) {
        if (p[j + 1] !== ':') return { end: j, error: 'POSIX collating elements are not supported' };
        const name = p.slice(j + 2, close - 1).replace(/^\^/, '');
        if (!POSIX_NAMES.has(name)) return { end: j, error: `unknown POSIX class name '${name}'` };
        item = 'class';
        j = close + 1;
      } else {
        item = { code: 0x5b };
        j++;
      }
    } else if (c === '\\') {
      if (p[j + 1] === 'Q') {
        const e = p.indexOf('\\E', j + 2);
        const lit = e < 0 ? p.slice(j + 2) : p.slice(j + 2, e);
        j = e < 0 ? p.length : e + 2;
        if (!lit) continue;
        item = { code: lit.charCodeAt(lit.length - 1) };
      } else {
        const e = readEscape(p, j, true, groupsSoFar);
        if (e.error) return { end: j, error: e.error };
        item = e.kind === 'class' ? 'class' : { code: escapeCode(p, j, e.end) };
        if (e.kind === 'unknown') unknown = true;
        j = e.end;
      }
    } else {
      item = { code: p.charCodeAt(j) };
      j++;
    }
    // A '-' between two items makes a range (a trailing '-' before ']' is literal).
    if (p[j] === '-' && p[j + 1] !== undefined && p[j + 1] !== ']') {
      const start = item;
      j++;
      let end: { code: number } | 'class';
      if (p[j] === '[' && posixAt(p, j) !== undefined) return { end: j, error: 'invalid range in character class' };
      if (p[j] === '\\') {
        const e = readEscape(p, j, true, groupsSoFar);
        if (e.error) return { end: j, error: e.error };
        if (e.kind === 'unknown' || e.kind === 'quote') {
          unknown = true;
          j = e.end;
          continue;
        }
        end = e.kind === 'class' ? 'class' : { code: escapeCode(p, j, e.end) };
        j = e.end;
      } else {
        end = { code: p.charCodeAt(j) };
        j++;
      }
      if (start === 'class' || end === 'class') return { end: j, error: 'invalid range in character class' };
      if (!unknown && end.code < start.code) return { end: j, error: 'range out of order in character class' };
      prev = undefined;
      continue;
    }
    prev = item;
  }
  void prev;
  return { end: j, error: 'missing terminating ] for character class' };
}

/** The character code of a simple escape inside a class (for range order). */
function escapeCode(p: string, start: number, end: number): number {
  const body = p.slice(start + 1, end);
  const simple: Record<string, number> = { a: 7, e: 27, f: 12, n: 10, r: 13, t: 9, b: 8 };
  if (body.length === 1 && simple[body] !== undefined) return simple[body];
  if (body[0] === 'x') return parseInt(body.slice(1).replace(/[{}]/g, '') || '0', 16);
  if (body[0] === 'o') return parseInt(body.slice(2, -1), 8);
  if (/^[0-7]+$/.test(body)) return parseInt(body, 8);
  if (body[0] === 'c') return (body.charCodeAt(1) & 0xdf) ^ 0x40;
  return body.charCodeAt(body.length - 1);
}

/** Verdicts by pattern text: trees repeat the same patterns thousands of times. */
const verdicts = new Map<string, string | undefined>();
const VERDICTS_LIMIT = 4000;
/** Longer patterns are scanned each time rather than kept. */
const MAX_REMEMBERED_LENGTH = 1024;

/**
 * PCRE2's reason for refusing the pattern, or undefined when it compiles (or when this scanner
 * cannot tell, which it treats as "compiles").
 */
export function pcreSyntaxError(p: string): string | undefined {
  if (p.length > MAX_REMEMBERED_LENGTH) return scan(p);
  const known = verdicts.get(p);
  if (known !== undefined || verdicts.has(p)) return known;
  const verdict = scan(p);
  if (verdicts.size >= VERDICTS_LIMIT) verdicts.clear();
  verdicts.set(p, verdict);
  return verdict;
}

function scan(p: string): string | undefined {
  // Start-of-pattern options ((*UTF), (*UCP)…) change what the rest means: not followed here.
  if (START_OPTION.test(p)) return undefined;
  const stack: Group[] = [];
  const top: Group = { kind: 'plain', branches: [], current: 0 };
  let groups = 0;
  const names = new Set<string>();
  const refs: (number | string)[] = [];
  /** Whether a quantifier may follow: true, false, or undefined (not known here). */
  let repeatable = false as boolean | undefined;
  /** Length of the last item (for quantifiers inside a lookbehind). */
  let lastLen = 0 as Len;
  let afterQuantifier = false as boolean;
  const cur = (): Group => stack[stack.length - 1] ?? top;
  const item = (len: Len, canRepeat: boolean | undefined): void => {
    const g = cur();
    g.current = addLen(g.current, len);
    lastLen = len;
    repeatable = canRepeat;
    afterQuantifier = false;
  };
  for (let i = 0; i < p.length;) {
    const c = p[i];
    // Quantifiers.
    let q: { end: number; exact?: number; error?: string } | undefined;
    if (c === '*' || c === '+' || c === '?') q = { end: i + 1 };
    else if (c === '{') {
      const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(p.slice(i));
      if (m) {
        const lo = Number(m[1]);
        const hi = m[3] ? Number(m[3]) : undefined;
        if (lo > MAX_REPEAT || (hi !== undefined && hi > MAX_REPEAT)) q = { end: i + m[0].length, error: 'number too big in {} quantifier' };
        else if (hi !== undefined && hi < lo) q = { end: i + m[0].length, error: 'numbers out of order in {} quantifier' };
        else q = { end: i + m[0].length, exact: m[2] ? undefined : lo };
      }
    }
    if (q) {
      if (q.error) return q.error;
      if (afterQuantifier || repeatable === false) return 'quantifier does not follow a repeatable item';
      i = q.end;
      if (p[i] === '?' || p[i] === '+') i++;
      const g = cur();
      // Undo the item's length and apply the repeat.
      const repeated: Len = q.exact !== undefined ? (typeof lastLen === 'number' ? lastLen * q.exact : lastLen) : lastLen === 0 ? 0 : lastLen === 'unknown' ? 'unknown' : 'var';
      if (typeof g.current === 'number' && typeof lastLen === 'number') g.current = addLen(g.current - lastLen, repeated);
      else if (repeated !== lastLen) g.current = addLen(g.current, repeated === 'unknown' ? 'unknown' : 'var');
      afterQuantifier = true;
      continue;
    }
    if (c === '\\' && p[i + 1] === 'E') {
      // A stray \E is ignored.
      i += 2;
      continue;
    }
    if (c === '\\') {
      const e = readEscape(p, i, false, groups);
      if (e.error) return e.error;
      if (e.kind === 'quote') {
        const end = p.indexOf('\\E', e.end);
        const lit = end < 0 ? p.slice(e.end) : p.slice(e.end, end);
        i = end < 0 ? p.length : end + 2;
        if (lit) item([...lit].reduce((n, ch) => n + byteLen(ch), 0), true);
        continue;
      }
      if (e.ref !== undefined) refs.push(e.ref);
      if (e.kind === 'assert') item(0, false);
      else if (e.kind === 'ref') item('unknown', true);
      else if (e.kind === 'var') item('var', true);
      else if (e.kind === 'unknown') item('unknown', undefined);
      else item(1, true);
      i = e.end;
      continue;
    }
    if (c === '[') {
      if (posixAt(p, i) !== undefined) return 'POSIX named classes are supported only within a class';
      const r = readClass(p, i, groups);
      if (r.error) return r.error;
      i = r.end;
      item(1, true);
      continue;
    }
    if (c === '(') {
      if (p[i + 1] === '*') {
        const m = /^\(\*([A-Za-z_]*)(:[^)]*)?\)/.exec(p.slice(i));
        const alpha = /^\(\*([a-z_]+):/.exec(p.slice(i));
        if (alpha && ALPHA_ASSERTIONS.has(alpha[1])) {
          stack.push({ kind: /^(plb|nlb|naplb|positive_lookbehind|negative_lookbehind|non_atomic_positive_lookbehind)$/.test(alpha[1]) ? 'lookbehind' : inLookbehind(stack) ? 'inner' : 'plain', branches: [], current: 0 });
          i += alpha[0].length;
          repeatable = false;
          afterQuantifier = false;
          continue;
        }
        if (!m || !VERBS.has(m[1]) || (!m[1] && !m[2])) return '(*VERB) not recognized or malformed';
        i += m[0].length;
        item(0, undefined);
        continue;
      }
      if (p[i + 1] !== '?') {
        groups++;
        stack.push({ kind: inLookbehind(stack) ? 'inner' : 'plain', branches: [], current: 0 });
        i++;
        repeatable = false;
        afterQuantifier = false;
        continue;
      }
      const rest = p.slice(i + 2);
      if (rest[0] === '#') {
        const close = p.indexOf(')', i);
        if (close < 0) return 'missing ) after (?# comment';
        i = close + 1;
        continue;
      }
      let open: Group['kind'] | 'capture' | undefined;
      let skip = 0;
      let m: RegExpExecArray | null;
      if (/^[=!]/.test(rest)) {
        open = 'assert';
        skip = 1;
      } else if (/^[:|>]/.test(rest)) {
        open = 'plain';
        skip = 1;
      } else if (/^<[=!]/.test(rest)) {
        open = 'lookbehind';
        skip = 2;
      } else if ((m = /^(?:<([A-Za-z_]\w*)>|'([A-Za-z_]\w*)'|P<([A-Za-z_]\w*)>)/.exec(rest))) {
        open = 'capture';
        names.add(m[1] ?? m[2] ?? m[3]);
        skip = m[0].length;
      } else if (/^(?:<|'|P<)/.test(rest)) {
        return 'subpattern name expected or malformed';
      } else if ((m = /^P=([A-Za-z_]\w*)\)/.exec(rest))) {
        refs.push(m[1]);
        i += 2 + m[0].length;
        item('unknown', true);
        continue;
      } else if ((m = /^(?:P>|&)([A-Za-z_]\w*)\)/.exec(rest))) {
        refs.push(m[1]);
        i += 2 + m[0].length;
        item('unknown', true);
        continue;
      } else if ((m = /^(?:R|([+-]?)(\d+))\)/.exec(rest))) {
        if (m[2] !== undefined && !m[1]) refs.push(Number(m[2]));
        i += 2 + m[0].length;
        item('unknown', true);
        continue;
      } else if (rest[0] === '(' || rest[0] === 'C') {
        // Conditions and callouts: not followed here.
        return undefined;
      } else if ((m = /^\^?[imnsxJU]*(?:-[imnsxJU]*)?([:)])/.exec(rest))) {
        if (/x/.test(m[0].split('-')[0])) return undefined;
        if (m[1] === ')') {
          i += 2 + m[0].length;
          item(0, false);
          continue;
        }
        open = 'plain';
        skip = m[0].length;
      } else return 'unrecognized character after (? or (?-';
      if (open === 'capture') groups++;
      stack.push({ kind: open === 'lookbehind' || open === 'assert' ? open : inLookbehind(stack) ? 'inner' : 'plain', branches: [], current: 0 });
      i += 2 + skip;
      repeatable = false;
      afterQuantifier = false;
      continue;
    }
    if (c === ')') {
      const g = stack.pop();
      if (!g) return 'unmatched closing parenthesis';
      g.branches.push(g.current);
      let len: Len = 0;
      if (g.kind === 'lookbehind') {
        if (g.branches.includes('var')) return 'lookbehind assertion is not fixed length';
      } else if (g.kind === 'inner') {
        if (g.branches.includes('unknown')) len = 'unknown';
        else if (g.branches.includes('var') || new Set(g.branches).size > 1) len = 'var';
        else len = g.branches[0];
      }
      i++;
      item(len, true);
      continue;
    }
    if (c === '|') {
      const g = cur();
      g.branches.push(g.current);
      g.current = 0;
      repeatable = false;
      afterQuantifier = false;
      i++;
      continue;
    }
    if (c === '^' || c === '$') {
      item(0, false);
      i++;
      continue;
    }
    const ch = String.fromCodePoint(p.codePointAt(i)!);
    item(byteLen(ch), true);
    i += ch.length;
  }
  if (stack.length) return 'missing closing parenthesis';
  for (const r of refs) {
    if (typeof r === 'number' ? r > groups : !names.has(r)) return 'reference to a group that does not exist';
  }
  return undefined;
}

function inLookbehind(stack: Group[]): boolean {
  return stack.some((g) => g.kind === 'lookbehind');
}
