// Scanners for the inside of argument words: regex parts, variables, backreferences and map
// calls. Each reads the raw source text of one word once, left to right, and never looks past
// the word's end, so the work is linear in the file whatever the line lengths.

import { REWRITE_VARIABLES } from '../data/vocabulary';
import { M, T } from './semantic-legend';

/** Collects tokens by source offset, in order; stops at a bound (the rest keeps the grammar's colours). */
export class TokenSink {
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  readonly types: number[] = [];
  readonly modifiers: number[] = [];
  /** Set while the current logical line spans several physical lines: tokens are split at line ends. */
  multiline = false;

  constructor(
    readonly text: string,
    private readonly max: number,
  ) {}

  get full(): boolean {
    return this.starts.length >= this.max;
  }

  add(start: number, end: number, type: number, modifiers = 0): void {
    if (end <= start || this.full) return;
    if (!this.multiline) {
      this.push(start, end, type, modifiers);
      return;
    }
    const text = this.text;
    let from = start;
    for (let i = start; i < end; i++) {
      if (text.charCodeAt(i) !== 10) continue;
      let stop = i;
      if (stop > from && text.charCodeAt(stop - 1) === 13) stop--;
      this.push(from, stop, type, modifiers);
      from = i + 1;
    }
    this.push(from, end, type, modifiers);
  }

  private push(start: number, end: number, type: number, modifiers: number): void {
    if (end <= start || this.full) return;
    this.starts.push(start);
    this.ends.push(end);
    this.types.push(type);
    this.modifiers.push(modifiers);
  }
}

const BACKSLASH = 92;

/**
 * Finds the `}` closing a `${` or `%{` within one word. It remembers the last answer, so a word
 * of many openers without a closer is still read once (never searched again from each opener).
 */
class BraceFinder {
  private found = -2;

  constructor(
    private readonly text: string,
    private readonly end: number,
  ) {}

  /** End (past the `}`) of the braces opened at `i`, or -1. */
  closeAfter(i: number): number {
    if (this.found === -1) return -1;
    if (this.found < i + 2) {
      this.found = -1;
      for (let j = i + 2; j < this.end; j++) {
        if (this.text.charCodeAt(j) === 125) {
          this.found = j;
          break;
        }
      }
      if (this.found === -1) return -1;
    }
    return this.found + 1;
  }
}

/** Modifiers of a `%{NAME}` server variable: defaultLibrary when mod_rewrite knows the name or its prefix. */
function serverVariableModifiers(inner: string): number {
  const colon = inner.indexOf(':');
  const key = colon === -1 ? inner : inner.slice(0, colon + 1);
  return Object.prototype.hasOwnProperty.call(REWRITE_VARIABLES, key.toUpperCase()) ? M.defaultLibrary : 0;
}

export interface ExpansionOptions {
  /** `$N` and `%N` are backreferences (RewriteRule substitutions, RewriteCond test strings). */
  backreferences?: boolean;
  /** `${map:key}` calls a RewriteMap, and `\x` escapes a character. */
  rewrite?: boolean;
}

/**
 * A word that is text with expansions inside: `${VAR}` (readonly variable), `%{VAR}` (variable),
 * and with the options backreferences, map calls and escapes. The text between gets `type`
 * (none when null).
 */
export function expansionTokens(sink: TokenSink, start: number, end: number, type: number | null, modifiers: number, options: ExpansionOptions = {}): void {
  const text = sink.text;
  let plain = start;
  let i = start;
  const braces = new BraceFinder(text, end);
  const flush = (to: number): void => {
    if (type !== null) sink.add(plain, to, type, modifiers);
  };
  while (i < end) {
    const c = text.charCodeAt(i);
    const next = i + 1 < end ? text.charCodeAt(i + 1) : -1;
    if ((c === 36 || c === 37) && next === 123) {
      // ${…} or %{…}
      const close = braces.closeAfter(i);
      if (close === -1) {
        i++;
        continue;
      }
      flush(i);
      const inner = text.slice(i + 2, close - 1);
      if (c === 36 && options.rewrite && inner.includes(':')) {
        // A map call ${map:key|default}: the name and the braces are the function, the key is scanned.
        const colon = text.indexOf(':', i + 2);
        sink.add(i, colon + 1, T.function);
        const mapClose = mapCallEnd(text, colon + 1, end);
        expansionTokens(sink, colon + 1, mapClose === -1 ? end : mapClose - 1, type, modifiers, { ...options, rewrite: false });
        if (mapClose === -1) return;
        sink.add(mapClose - 1, mapClose, T.function);
        i = plain = mapClose;
        continue;
      }
      if (c === 36) sink.add(i, close, T.variable, M.readonly);
      else sink.add(i, close, T.variable, serverVariableModifiers(inner));
      i = plain = close;
      continue;
    }
    if (options.backreferences && (c === 36 || c === 37) && next >= 48 && next <= 57) {
      flush(i);
      sink.add(i, i + 2, T.parameter, M.backreference);
      i = plain = i + 2;
      continue;
    }
    if (options.rewrite && c === BACKSLASH && i + 1 < end) {
      flush(i);
      sink.add(i, i + 2, T.string, M.escape);
      i = plain = i + 2;
      continue;
    }
    i++;
  }
  flush(end);
}

/**
 * The end of a map call's key: the `}` that closes it, past `%{…}` and `${…}` inside it
 * (mod_rewrite nests them one level per brace; a counter, not recursion).
 */
function mapCallEnd(text: string, from: number, end: number): number {
  let depth = 0;
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === 123) depth++;
    else if (c === 125) {
      if (depth === 0) return i + 1;
      depth--;
    }
  }
  return -1;
}

const ANCHOR_ESCAPES = new Set(['b', 'B', 'A', 'z', 'Z', 'G']);
const CLASS_ESCAPES = new Set(['d', 'D', 'w', 'W', 's', 'S', 'h', 'H', 'v', 'V', 'R', 'N', 'X']);

/**
 * A PCRE pattern: literal runs, anchors, groups, alternation, quantifiers, character classes,
 * escapes and backreferences (`\1`), plus `${VAR}` which httpd substitutes before compiling.
 */
export function regexTokens(sink: TokenSink, start: number, end: number): void {
  const text = sink.text;
  let literal = start;
  const flush = (to: number): void => sink.add(literal, to, T.regexp);
  const braces = new BraceFinder(text, end);
  let i = start;
  while (i < end) {
    const c = text[i];
    let tokenEnd = -1;
    let type = T.regexp;
    let modifiers = 0;
    if (c === '\\' && i + 1 < end) {
      const e = text[i + 1];
      tokenEnd = i + 2;
      if (ANCHOR_ESCAPES.has(e)) [type, modifiers] = [T.keyword, M.anchor];
      else if (e >= '1' && e <= '9') [type, modifiers] = [T.parameter, M.backreference];
      else if (CLASS_ESCAPES.has(e)) [type, modifiers] = [T.regexp, M.characterClass];
      else [type, modifiers] = [T.string, M.escape];
    } else if (c === '$' && text[i + 1] === '{' && braces.closeAfter(i) !== -1) {
      [tokenEnd, type, modifiers] = [braces.closeAfter(i), T.variable, M.readonly];
    } else if (c === '^' || c === '$') {
      [tokenEnd, type, modifiers] = [i + 1, T.keyword, M.anchor];
    } else if (c === '|') {
      [tokenEnd, type, modifiers] = [i + 1, T.operator, M.alternation];
    } else if (c === '(' || c === ')') {
      [tokenEnd, type, modifiers] = [c === '(' ? groupOpenEnd(text, i, end) : i + 1, T.operator, M.group];
    } else if (c === '*' || c === '+' || c === '?') {
      tokenEnd = i + 1;
      if (tokenEnd < end && (text[tokenEnd] === '?' || text[tokenEnd] === '+')) tokenEnd++;
      [type, modifiers] = [T.operator, M.quantifier];
    } else if (c === '{') {
      const close = countedQuantifierEnd(text, i, end);
      if (close !== -1) {
        tokenEnd = close < end && (text[close] === '?' || text[close] === '+') ? close + 1 : close;
        [type, modifiers] = [T.operator, M.quantifier];
      }
    } else if (c === '.') {
      [tokenEnd, type, modifiers] = [i + 1, T.regexp, M.characterClass];
    } else if (c === '[') {
      [tokenEnd, type, modifiers] = [classEnd(text, i, end), T.regexp, M.characterClass];
    }
    if (tokenEnd === -1) {
      i++;
      continue;
    }
    flush(i);
    sink.add(i, tokenEnd, type, modifiers);
    i = literal = tokenEnd;
  }
  flush(end);
}

/** `(`, `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!`, `(?<name>`, `(?P<name>`, `(?'name'`, `(?i)`, `(?i:`: where the opener ends. */
function groupOpenEnd(text: string, i: number, end: number): number {
  if (text[i + 1] !== '?' || i + 2 >= end) return i + 1;
  const a = text[i + 2];
  if (a === ':' || a === '=' || a === '!' || a === '>' || a === '|') return i + 3;
  if (a === '<' && (text[i + 3] === '=' || text[i + 3] === '!')) return i + 4;
  // Named groups and inline flags: up to the closing mark, within a short distance.
  const stop = Math.min(end, i + 64);
  for (let j = i + 2; j < stop; j++) {
    const ch = text[j];
    if (ch === '>' || ch === ':' || ch === ')' || (ch === "'" && j > i + 3)) return j + 1;
  }
  return i + 2;
}

/** `{n}`, `{n,}`, `{n,m}` (also `{,m}`): its end, or -1 when the brace is a literal. */
function countedQuantifierEnd(text: string, i: number, end: number): number {
  let j = i + 1;
  let digits = 0;
  const isDigit = (k: number): boolean => k < end && text.charCodeAt(k) >= 48 && text.charCodeAt(k) <= 57;
  for (; isDigit(j); j++) digits++;
  if (j < end && text[j] === ',') for (j++; isDigit(j); j++) digits++;
  return digits > 0 && j < end && text[j] === '}' ? j + 1 : -1;
}

/** `[:alpha:]` inside a class: its end; names are short, so the search is too. */
function posixClassEnd(text: string, j: number, end: number): number {
  const stop = Math.min(end - 1, j + 16);
  for (let k = j + 2; k < stop; k++) if (text[k] === ':' && text[k + 1] === ']') return k + 2;
  return j + 1;
}

/** A bracket class `[…]`, `[^]…]`, `[[:alpha:]]`: its end (the word's end when unclosed). */
function classEnd(text: string, i: number, end: number): number {
  let j = i + 1;
  if (text[j] === '^') j++;
  if (text[j] === ']') j++;
  while (j < end) {
    const c = text[j];
    if (c === '\\') j += 2;
    else if (c === '[' && text[j + 1] === ':') j = posixClassEnd(text, j, end); else if (c === ']') return j + 1;
    else j++;
  }
  return end;
}
