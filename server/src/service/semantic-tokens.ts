// Semantic tokens of one file: what each part of a line is, read from the parser's lossless lines
// and, where a tree is known, the model (is a directive's module loaded?). Directive states come
// from the knowledge base and vocabulary the rules and hover read. Linear in the file, bounded in
// tokens; what is past the bound keeps the TextMate grammar's colours.

import { getDirective, isKnownModuleName } from '../data';
import type { ArgType, DirectiveInfo } from '../data/types';
import {
  LOG_LEVELS,
  OPTIONS_KEYWORDS,
  OVERRIDE_CLASSES,
  REMOVED_IN_24,
  REQUIRE_PROVIDERS,
  SERVER_TOKENS,
  SSL_PROTOCOLS,
  deprecationOf,
  keyOf,
  rewriteFlag,
} from '../data/vocabulary';
import type { ConfigModel } from '../model';
import { physicalLineOf, type DirectiveLine, type Line, type ParsedFile, type SectionCloseLine, type SectionOpenLine, type Word } from '../parser';
import { isAvailable } from '../rules/lib/util';
import { M, T, type SemanticToken } from './semantic-legend';
import { expansionTokens, regexTokens, TokenSink } from './semantic-scan';

/** Past this many tokens a file gets no more (a 50,000-line file has about 200,000). */
export const MAX_SEMANTIC_TOKENS = 500_000;

export interface SemanticTokenOptions {
  /** The tree the file is read in: with it, directives of modules not loaded are marked. */
  model?: ConfigModel;
  /** Only lines overlapping these offsets (a range request). */
  range?: { start: number; end: number };
  /** Bound on tokens (default MAX_SEMANTIC_TOKENS). */
  maxTokens?: number;
}

export function semanticTokens(parsed: ParsedFile, options: SemanticTokenOptions = {}): SemanticToken[] {
  // A file past the parser's caps is one opaque line, not read: it gets no tokens either.
  if (parsed.problems.some((p) => p.code === 'analysis-limit')) return [];
  const sink = new TokenSink(parsed.text, options.maxTokens ?? MAX_SEMANTIC_TOKENS);
  const states = new DirectiveStates(options.model);
  const range = options.range;
  for (const line of parsed.lines) {
    if (range && (line.end <= range.start || line.start >= range.end)) continue;
    if (sink.full) break;
    sink.multiline = line.continuations > 0;
    lineTokens(sink, line, states);
  }
  return positioned(sink, parsed.lineStarts);
}

function lineTokens(sink: TokenSink, line: Line, states: DirectiveStates): void {
  switch (line.kind) {
    case 'comment':
      sink.add(line.contentStart, line.contentEnd, T.comment);
      return;
    case 'directive':
      sink.add(line.name.start, line.name.end, T.keyword, states.of(line.name.value, false));
      argumentTokens(sink, line, line.name.value.toLowerCase(), false);
      return;
    case 'open':
      sink.add(line.name.start, line.name.end, T.namespace, states.of(line.name.value, true));
      argumentTokens(sink, line, line.name.value.toLowerCase(), true);
      return;
    case 'close':
      closeTokens(sink, line, states);
      return;
    default:
      return;
  }
}

function closeTokens(sink: TokenSink, line: SectionCloseLine, states: DirectiveStates): void {
  if (!line.name) return;
  // The name follows `</` and optional blanks; found within the line, never past it.
  const text = sink.text;
  let i = line.contentStart + 2;
  while (i < line.contentEnd && (text[i] === ' ' || text[i] === '\t')) i++;
  if (text.startsWith(line.name, i)) sink.add(i, i + line.name.length, T.namespace, states.of(line.name, true));
}

/** A directive's state as modifiers: known (defaultLibrary), deprecated, notLoaded, unknown. */
class DirectiveStates {
  private readonly cache = new Map<string, number>();

  constructor(private readonly model: ConfigModel | undefined) {}

  of(name: string, isSection: boolean): number {
    const key = (isSection ? '<' : '') + name.toLowerCase();
    let modifiers = this.cache.get(key);
    if (modifiers === undefined) {
      modifiers = this.compute(name.toLowerCase(), isSection);
      // A file of junk names must not grow the cache without bound.
      if (this.cache.size < 10_000) this.cache.set(key, modifiers);
    }
    return modifiers;
  }

  private compute(key: string, isSection: boolean): number {
    const info = getDirective(key);
    if (!info || info.isSection !== isSection) return M.unknown | (!isSection && REMOVED_IN_24[key] ? M.deprecated : 0);
    // Known only so that httpd can refuse it (Port, SSLLog…): an old name 2.4 does not take.
    if (info.rejected) return M.unknown | M.deprecated;
    let modifiers = M.defaultLibrary;
    if (deprecationOf(info)) modifiers |= M.deprecated;
    if (this.model?.moduleStateKnown && !isAvailable(this.model, info)) modifiers |= M.notLoaded;
    return modifiers;
  }
}

/** Sections whose first argument is a regex, and those that take one after `~`. */
const REGEX_SECTIONS = new Set(['directorymatch', 'locationmatch', 'filesmatch', 'proxymatch']);
const TILDE_SECTIONS = new Set(['directory', 'location', 'files', 'proxy']);
/** Directives whose argument at this index is a regex. */
const REGEX_ARGUMENT: Record<string, number> = {
  aliasmatch: 0,
  scriptaliasmatch: 0,
  proxypassmatch: 0,
  browsermatch: 0,
  browsermatchnocase: 0,
  setenvif: 1,
  setenvifnocase: 1,
};
/** RewriteCond's CondPattern tests that are not regexes. */
const COND_FILE_TESTS = /^(?:-[dfsFlLhUxH]|-(?:eq|ge|gt|le|lt|ne)|[<>=]=?)/;
const COND_FLAGS = new Set(['nc', 'nocase', 'or', 'ornext', 'nv', 'novary']);
const NUMBER = /^[+-]?\d+(?:\.\d+)?(?:ms|mi|min|s|h|[KMG]B?)?$/i;
/** Syntax words of directives that take a file or directory. */
const PATH_SYNTAX = /path|file|directory/i;
const REDIRECT_STATUS = /^(?:\d{3}|permanent|temp|seeother|gone)$/i;
const ON_OFF = /^(?:on|off)$/i;

function argumentTokens(sink: TokenSink, line: DirectiveLine | SectionOpenLine, key: string, isSection: boolean): void {
  const args = line.args;
  if (!args.length) return;
  if (isSection) {
    if (REGEX_SECTIONS.has(key)) return wordsTokens(sink, args, (w, i) => (i === 0 ? regexWord(sink, w) : plainWord(sink, w)));
    if (TILDE_SECTIONS.has(key) && args[0].value === '~') {
      sink.add(args[0].start, args[0].end, T.operator);
      return wordsTokens(sink, args.slice(1), (w, i) => (i === 0 ? regexWord(sink, w) : plainWord(sink, w)));
    }
    if (key === 'ifmodule') return wordsTokens(sink, args, (w) => negated(sink, w, (s, e) => moduleName(sink, s, e)));
    if (key === 'ifdefine') return wordsTokens(sink, args, (w) => negated(sink, w, (s, e) => sink.add(s, e, T.variable, M.readonly)));
  }
  switch (key) {
    case 'rewriterule':
      return wordsTokens(sink, args, (w, i) => (i === 0 ? rewritePattern(sink, w) : i === 1 ? substitution(sink, w) : flagsField(sink, w, (name) => !!rewriteFlag(name))));
    case 'rewritecond':
      return wordsTokens(sink, args, (w, i) => (i === 0 ? substitution(sink, w) : i === 1 ? condPattern(sink, w) : flagsField(sink, w, (name) => COND_FLAGS.has(name.toLowerCase()))));
    case 'rewritemap':
      return wordsTokens(sink, args, (w, i) => (i === 0 ? sink.add(w.start, w.end, T.function, M.declaration) : i === 1 ? mapSource(sink, w) : plainWord(sink, w)));
    case 'define':
      return wordsTokens(sink, args, (w, i) => (i === 0 ? sink.add(w.start, w.end, T.variable, M.readonly | M.declaration) : plainWord(sink, w)));
    case 'undefine':
      return wordsTokens(sink, args, (w) => sink.add(w.start, w.end, T.variable, M.readonly));
    case 'loadmodule':
      return wordsTokens(sink, args, (w, i) => (i === 0 ? moduleName(sink, w.start, w.end) : pathWord(sink, w)));
    case 'options':
      return wordsTokens(sink, args, (w) => signedKeyword(sink, w, OPTIONS_KEYWORDS));
    case 'allowoverride':
      return wordsTokens(sink, args, (w) => overrideWord(sink, w));
    case 'sslprotocol':
    case 'sslproxyprotocol':
      return wordsTokens(sink, args, (w) => signedKeyword(sink, w, SSL_PROTOCOLS));
    case 'servertokens':
      return wordsTokens(sink, args, (w) => tableWord(sink, w, SERVER_TOKENS));
    case 'loglevel':
      return wordsTokens(sink, args, (w) => logLevelWord(sink, w));
    case 'require':
      return requireTokens(sink, args);
    default:
      break;
  }
  // RedirectMatch [status] regex URL.
  const regexAt = key === 'redirectmatch' ? (REDIRECT_STATUS.test(args[0].value) ? 1 : 0) : REGEX_ARGUMENT[key];
  const info = getDirective(key);
  const typed = info && info.isSection === isSection ? info : undefined;
  // Relative paths (mods-enabled/*.load) only where the syntax says the directive takes a path;
  // elsewhere a word with a slash is often something else (text/html).
  const takesPaths = !!typed && PATH_SYNTAX.test(typed.syntax.slice(typed.name.length + 1));
  wordsTokens(sink, args, (w, i) => {
    if (i === regexAt) return regexWord(sink, w);
    typedWord(sink, w, argType(typed, i), takesPaths);
  });
}

function wordsTokens(sink: TokenSink, words: Word[], each: (word: Word, index: number) => void): void {
  for (let i = 0; i < words.length && !sink.full; i++) each(words[i], i);
}

/** The type the knowledge base gives the argument at `index` (the last repeats). */
function argType(info: DirectiveInfo | undefined, index: number): ArgType | undefined {
  const types = info?.args.types;
  if (!types?.length) return undefined;
  return types[Math.min(index, types.length - 1)];
}

/** The inside of a word: between its quotes when quoted. */
function inner(word: Word): { start: number; end: number } {
  if (!word.quote) return { start: word.start, end: word.end };
  return { start: word.start + 1, end: word.unterminated ? word.end : Math.max(word.start + 1, word.end - 1) };
}

/** A word on more than one physical line is given one type, never read inside (its breaks are not text). */
function spansLines(sink: TokenSink, word: Word): boolean {
  return sink.multiline && sink.text.slice(word.start, word.end).includes('\n');
}

function typedWord(sink: TokenSink, word: Word, type: ArgType | undefined, relativePaths: boolean): void {
  const value = word.value;
  if (type?.kind === 'flag' || type?.kind === 'enum') {
    const values = type.kind === 'flag' ? ['On', 'Off'] : type.values;
    const caseSensitive = type.kind === 'enum' && !!type.caseSensitive;
    if (values.some((v) => (caseSensitive ? v === value : v.toLowerCase() === value.toLowerCase()))) return sink.add(word.start, word.end, T.enumMember);
  }
  plainWord(sink, word, relativePaths);
}

/** A word with no known role: a number, On/Off, a path, a quoted string, or text with variables. */
function plainWord(sink: TokenSink, word: Word, relativePaths = false): void {
  const value = word.value;
  if (!word.quote && NUMBER.test(value)) return sink.add(word.start, word.end, T.number);
  if (!word.quote && ON_OFF.test(value)) return sink.add(word.start, word.end, T.enumMember);
  if (looksLikePath(value, relativePaths)) return pathWord(sink, word);
  if (spansLines(sink, word)) return word.quote ? sink.add(word.start, word.end, T.string) : undefined;
  // Unquoted text of no known role: only its expansions, the rest keeps the grammar's colours.
  expansionTokens(sink, word.start, word.end, word.quote ? T.string : null, 0);
}

function looksLikePath(value: string, relative: boolean): boolean {
  return /^(?:\/|\.\.?\/|~\/|[A-Za-z]:[\\/]|\$\{[^}]*\}\/)/.test(value) || (relative && /^[\w.-]+\/[\w.*?/-]/.test(value) && !value.includes('://'));
}

function pathWord(sink: TokenSink, word: Word): void {
  if (spansLines(sink, word)) return sink.add(word.start, word.end, T.string, M.path);
  expansionTokens(sink, word.start, word.end, T.string, M.path);
}

function regexWord(sink: TokenSink, word: Word): void {
  if (spansLines(sink, word)) return sink.add(word.start, word.end, T.regexp);
  const { start, end } = inner(word);
  regexTokens(sink, start, end);
}

/** RewriteRule's pattern: `!` negates, the rest is a regex. */
function rewritePattern(sink: TokenSink, word: Word): void {
  if (spansLines(sink, word)) return sink.add(word.start, word.end, T.regexp);
  const { start, end } = inner(word);
  if (sink.text[start] === '!') {
    sink.add(start, start + 1, T.operator);
    return regexTokens(sink, start + 1, end);
  }
  regexTokens(sink, start, end);
}

/** RewriteCond's CondPattern: `!`, then a file or comparison test, or a regex. */
function condPattern(sink: TokenSink, word: Word): void {
  if (spansLines(sink, word)) return sink.add(word.start, word.end, T.regexp);
  let { start } = inner(word);
  const { end } = inner(word);
  const text = sink.text;
  if (text[start] === '!') sink.add(start, ++start, T.operator);
  const test = COND_FILE_TESTS.exec(text.slice(start, Math.min(end, start + 3)));
  if (test) {
    sink.add(start, start + test[0].length, T.operator);
    const rest = start + test[0].length;
    const restValue = text.slice(rest, end);
    if (NUMBER.test(restValue)) return sink.add(rest, end, T.number);
    return expansionTokens(sink, rest, end, T.string, 0);
  }
  regexTokens(sink, start, end);
}

/** A substitution or test string: text with variables, backreferences, map calls and escapes. */
function substitution(sink: TokenSink, word: Word): void {
  if (spansLines(sink, word)) return sink.add(word.start, word.end, T.string);
  if (word.value === '-') return sink.add(word.start, word.end, T.operator);
  expansionTokens(sink, word.start, word.end, T.string, 0, { backreferences: true, rewrite: true });
}

/** `[L,R=301,E=VAR:value]`: brackets and commas are operators, each flag a keyword value, values by shape. */
function flagsField(sink: TokenSink, word: Word, known: (name: string) => boolean): void {
  if (spansLines(sink, word)) return sink.add(word.start, word.end, T.enumMember);
  const text = sink.text;
  const { start, end } = inner(word);
  let i = start;
  if (text[i] === '[') sink.add(i, ++i, T.operator);
  const close = end > i && text[end - 1] === ']' ? end - 1 : end;
  while (i < close && !sink.full) {
    let comma = i;
    while (comma < close && text[comma] !== ',') comma++;
    let equals = i;
    while (equals < comma && text[equals] !== '=') equals++;
    const name = text.slice(i, equals).trim();
    if (name) {
      const nameStart = i + (text.slice(i, equals).length - text.slice(i, equals).trimStart().length);
      sink.add(nameStart, nameStart + name.length, T.enumMember, known(name) ? 0 : M.unknown);
    }
    if (equals < comma) {
      sink.add(equals, equals + 1, T.operator);
      const value = text.slice(equals + 1, comma);
      if (NUMBER.test(value)) sink.add(equals + 1, comma, T.number);
      else expansionTokens(sink, equals + 1, comma, T.string, 0, { backreferences: true });
    }
    if (comma < close) sink.add(comma, comma + 1, T.operator);
    i = comma + 1;
  }
  if (close < end) sink.add(close, end, T.operator);
}

/** RewriteMap's `type:source`: the map type is a keyword value, the source a path (or program). */
function mapSource(sink: TokenSink, word: Word): void {
  const { start, end } = inner(word);
  const colon = sink.text.indexOf(':', start);
  if (colon === -1 || colon >= end || spansLines(sink, word)) return plainWord(sink, word);
  sink.add(start, colon, T.enumMember);
  sink.add(colon, colon + 1, T.operator);
  expansionTokens(sink, colon + 1, end, T.string, M.path);
}

/** `!` before a condition's argument is an operator. */
function negated(sink: TokenSink, word: Word, rest: (start: number, end: number) => void): void {
  const { start, end } = inner(word);
  if (sink.text[start] === '!') {
    sink.add(start, start + 1, T.operator);
    return rest(start + 1, end);
  }
  rest(start, end);
}

function moduleName(sink: TokenSink, start: number, end: number): void {
  sink.add(start, end, T.type, isKnownModuleName(sink.text.slice(start, end)) ? M.defaultLibrary : 0);
}

/** `+Indexes`, `-SSLv3`: the sign is an operator, a keyword of the table a keyword value. */
function signedKeyword(sink: TokenSink, word: Word, table: Record<string, unknown>): void {
  const value = word.value;
  const signed = value[0] === '+' || value[0] === '-';
  const name = signed ? value.slice(1) : value;
  if (word.quote || !keyOf(table, name)) return plainWord(sink, word);
  if (signed) sink.add(word.start, word.start + 1, T.operator);
  sink.add(word.start + (signed ? 1 : 0), word.end, T.enumMember);
}

function tableWord(sink: TokenSink, word: Word, table: Record<string, unknown>): void {
  if (!word.quote && keyOf(table, word.value)) return sink.add(word.start, word.end, T.enumMember);
  plainWord(sink, word);
}

/** `AllowOverride AuthConfig Options=Indexes,MultiViews`. */
function overrideWord(sink: TokenSink, word: Word): void {
  const value = word.value;
  const equals = value.indexOf('=');
  if (word.quote || equals === -1) return tableWord(sink, word, OVERRIDE_CLASSES);
  if (keyOf(OVERRIDE_CLASSES, value.slice(0, equals))) sink.add(word.start, word.start + equals, T.enumMember);
  sink.add(word.start + equals, word.start + equals + 1, T.operator);
  let from = equals + 1;
  for (const part of value.slice(equals + 1).split(',')) {
    if (keyOf(OPTIONS_KEYWORDS, part)) sink.add(word.start + from, word.start + from + part.length, T.enumMember);
    if (from + part.length < value.length) sink.add(word.start + from + part.length, word.start + from + part.length + 1, T.operator);
    from += part.length + 1;
  }
}

/** `LogLevel warn rewrite:trace3`: the module part is a module, the level a keyword value. */
function logLevelWord(sink: TokenSink, word: Word): void {
  const value = word.value;
  const colon = value.indexOf(':');
  if (word.quote || colon === -1) return tableWord(sink, word, LOG_LEVELS);
  sink.add(word.start, word.start + colon, T.type);
  sink.add(word.start + colon, word.start + colon + 1, T.operator);
  if (keyOf(LOG_LEVELS, value.slice(colon + 1))) sink.add(word.start + colon + 1, word.end, T.enumMember);
}

/** `Require [not] provider args…`: `not` is an operator, the provider a keyword value. */
function requireTokens(sink: TokenSink, args: Word[]): void {
  let first = 0;
  if (args[0].value.toLowerCase() === 'not' && args.length > 1) {
    sink.add(args[0].start, args[0].end, T.operator);
    first = 1;
  }
  wordsTokens(sink, args.slice(first), (w, i) => (i === 0 ? tableWord(sink, w, REQUIRE_PROVIDERS) : plainWord(sink, w)));
}

/** Offsets to lines and characters (UTF-16, as LSP counts by default). */
function positioned(sink: TokenSink, lineStarts: number[]): SemanticToken[] {
  const out: SemanticToken[] = new Array(sink.starts.length);
  let line = 0;
  for (let k = 0; k < sink.starts.length; k++) {
    const start = sink.starts[k];
    if (start < lineStarts[line]) line = physicalLineOf(lineStarts, start);
    while (line + 1 < lineStarts.length && lineStarts[line + 1] <= start) line++;
    out[k] = { line, character: start - lineStarts[line], length: sink.ends[k] - start, type: sink.types[k], modifiers: sink.modifiers[k] };
  }
  return out;
}
