// Reads RewriteEngine/Base/Cond/Rule/Map/Options lines of one scope into a RewriteScope, with
// mod_rewrite's own argument splitting (parseargline) and flag parsing, and its startup errors.

import { pcreSyntaxError } from './pcre-syntax';
import { compileRewritePattern, type CompiledPattern } from './regex';
import { parseRuleFlags, parseCondFlags } from './flags';
import { emptyScope, type CondKind, type Located, type MapDef, type RewriteCondDef, type RewriteRuleDef, type RewriteScope } from './types';

export interface RewriteDirective extends Located {
  name: string;
  /** The argument text as httpd hands it to the directive (everything after the name). */
  raw: string;
}

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';

/** mod_rewrite's parseargline: up to three words, quotes '…' or "…", backslash-space kept. */
export function parseArgLine(str: string): { a1: string; a2: string; a3?: string } | undefined {
  let i = 0;
  const word = (): { text: string; ended: boolean } => {
    while (isSpace(str[i])) i++;
    const quote = str[i] === '"' || str[i] === "'" ? str[i++] : '';
    const start = i;
    for (; i < str.length; i++) {
      if ((isSpace(str[i]) && !quote) || str[i] === quote) break;
      if (str[i] === '\\' && isSpace(str[i + 1])) i++;
    }
    const text = str.slice(start, Math.min(i, str.length));
    const ended = i >= str.length;
    if (!ended) i++;
    return { text, ended };
  };
  const w1 = word();
  if (w1.ended) return undefined;
  const w2 = word();
  if (w2.ended) return { a1: w1.text, a2: w2.text };
  while (isSpace(str[i])) i++;
  if (i >= str.length) return { a1: w1.text, a2: w2.text };
  const w3 = word();
  return { a1: w1.text, a2: w2.text, a3: w3.text };
}

export function condKind(a1: string, pattern: string): { kind: CondKind; skip: number; invertNe?: boolean } {
  if (a1.toLowerCase() === 'expr') return { kind: 'expr', skip: 0 };
  if (pattern.length < 2) return { kind: 'regex', skip: 0 };
  if (pattern[0] === '-') {
    if (pattern.length === 2) {
      const k: Record<string, CondKind> = { f: 'file', s: 'size', d: 'dir', x: 'exec', h: 'link', L: 'link', l: 'link', U: 'url-lookup', F: 'file-lookup' };
      return k[pattern[1]] ? { kind: k[pattern[1]], skip: 0 } : { kind: 'regex', skip: 0 };
    }
    if (pattern.length > 3) {
      const op = pattern.slice(1, 3);
      const ints: Record<string, CondKind> = { lt: 'int-lt', le: 'int-le', gt: 'int-gt', ge: 'int-ge', eq: 'int-eq', ne: 'int-eq' };
      if (ints[op]) return { kind: ints[op], skip: 3, invertNe: op === 'ne' };
    }
    return { kind: 'regex', skip: 0 };
  }
  if (pattern[0] === '>') return pattern[1] === '=' ? { kind: 'str-ge', skip: 2 } : { kind: 'str-gt', skip: 1 };
  if (pattern[0] === '<') return pattern[1] === '=' ? { kind: 'str-le', skip: 2 } : { kind: 'str-lt', skip: 1 };
  if (pattern[0] === '=') return { kind: 'str-eq', skip: pattern === '=""' ? 3 : 1 };
  return { kind: 'regex', skip: 0 };
}

/** A pattern compiled on first use: the rules that only read a scope never pay for it. */
type LazyPattern = () => CompiledPattern;
type CondText = Omit<RewriteCondDef, 'file' | 'line' | 'compiled'> & { compile?: LazyPattern };
type RuleText = Omit<RewriteRuleDef, 'file' | 'line' | 'conds' | 'compiled'> & { compile: LazyPattern };

function lazyPattern(pattern: string, nocase: boolean): LazyPattern {
  let compiled: CompiledPattern | undefined;
  return () => (compiled ??= compileRewritePattern(pattern, nocase));
}

// The per-line objects, spelled out (a spread beside other properties costs V8 a slow path per
// object) and with the compiled pattern as a prototype getter (an accessor in an object literal
// is slow to create too).
class LazyRule implements RewriteRuleDef {
  file: string;
  line: number;
  pattern: string;
  negate: boolean;
  output: string;
  flagField: string;
  flags: RewriteRuleDef['flags'];
  conds: RewriteCondDef[];
  private readonly compile: LazyPattern;
  constructor(at: Located, r: RuleText, conds: RewriteCondDef[]) {
    this.file = at.file;
    this.line = at.line;
    this.pattern = r.pattern;
    this.negate = r.negate;
    this.output = r.output;
    this.flagField = r.flagField;
    this.flags = r.flags;
    this.conds = conds;
    this.compile = r.compile;
  }

  get compiled(): CompiledPattern {
    return this.compile();
  }
}

class LazyCond implements RewriteCondDef {
  file: string;
  line: number;
  input: string;
  written: string;
  pattern: string;
  kind: RewriteCondDef['kind'];
  negate: boolean;
  nocase: boolean;
  ornext: boolean;
  novary: boolean;
  private readonly compile: LazyPattern;
  constructor(at: Located, c: CondText, compile: LazyPattern) {
    this.file = at.file;
    this.line = at.line;
    this.input = c.input;
    this.written = c.written;
    this.pattern = c.pattern;
    this.kind = c.kind;
    this.negate = c.negate;
    this.nocase = c.nocase;
    this.ornext = c.ornext;
    this.novary = c.novary;
    this.compile = compile;
  }

  get compiled(): CompiledPattern {
    return this.compile();
  }
}

/**
 * What one RewriteCond/RewriteRule argument text reads as, kept per text: a tree of many virtual
 * hosts repeats the same lines, and the reading (split, flags, PCRE check, compile) is the cost.
 * The cached parts (flags, compiled pattern) are shared and never changed after reading.
 */
const condTexts = new Map<string, CondText | { error: string }>();
const ruleTexts = new Map<string, RuleText | { error: string }>();
const MAX_TEXTS = 4000;

function remember<T>(cache: Map<string, T>, raw: string, read: (raw: string) => T): T {
  let hit = cache.get(raw);
  if (hit === undefined) {
    if (cache.size >= MAX_TEXTS) cache.clear();
    cache.set(raw, (hit = read(raw)));
  }
  return hit;
}

const readCond = (raw: string): CondText | { error: string } => remember(condTexts, raw, readCondText);
const readRule = (raw: string): RuleText | { error: string } => remember(ruleTexts, raw, readRuleText);

function readCondText(raw: string): CondText | { error: string } {
  const parts = parseArgLine(raw);
  if (!parts) return { error: `RewriteCond: bad argument line '${raw.trim()}'` };
  const flags = parts.a3 !== undefined ? parseCondFlags(parts.a3) : { nocase: false, ornext: false, novary: false };
  if ('error' in flags) return { error: `RewriteCond: ${flags.error}` };
  let pattern = parts.a2;
  let negate = false;
  if (pattern.startsWith('!')) {
    negate = true;
    pattern = pattern.slice(1);
  }
  const k = condKind(parts.a1, pattern);
  if (k.invertNe) negate = !negate;
  const nocase = flags.nocase && (k.kind === 'regex' || k.kind.startsWith('str-'));
  const operand = pattern.slice(k.skip);
  const cond: CondText = { input: parts.a1, written: parts.a2, pattern: operand, kind: k.kind, negate, nocase, ornext: flags.ornext, novary: flags.novary };
  if (k.kind === 'regex') {
    cond.compile = lazyPattern(operand, nocase);
    if (pcreSyntaxError(operand) !== undefined) return { error: `RewriteCond: cannot compile regular expression '${operand}'` };
  }
  return cond;
}

function readRuleText(raw: string): RuleText | { error: string } {
  const parts = parseArgLine(raw);
  if (!parts) return { error: `RewriteRule: bad argument line '${raw.trim()}'` };
  const flags = parseRuleFlags(parts.a3);
  if ('error' in flags) return { error: `RewriteRule: ${flags.error}` };
  let pattern = parts.a1;
  let negate = false;
  if (pattern.startsWith('!')) {
    negate = true;
    pattern = pattern.slice(1);
  }
  if (pcreSyntaxError(pattern) !== undefined) return { error: `RewriteRule: cannot compile regular expression '${pattern}'` };
  let output = parts.a2;
  if (output === '-') flags.nosub = true;
  if (output.endsWith('?')) {
    if (flags.qsappend) flags.qslast = true;
    else {
      flags.qsnone = true;
      output = output.slice(0, -1);
    }
  } else if (flags.qsdiscard && !output.includes('?')) flags.qsnone = true;
  return { pattern, negate, output, flagField: parts.a3 ?? '', flags, compile: lazyPattern(pattern, flags.nocase) };
}

/** Reads the rewrite directives of one scope, in file order. */
export function readRewriteScope(directives: RewriteDirective[], directory: string | null): RewriteScope {
  const scope = emptyScope(directory === null ? null : directory.endsWith('/') ? directory : directory + '/');
  let pending: RewriteCondDef[] = [];
  const fail = (d: RewriteDirective, message: string): void => {
    scope.errors.push({ file: d.file, line: d.line, message });
  };
  for (const d of directives) {
    const key = d.name.toLowerCase();
    const where = { file: d.file, line: d.line };
    if (key === 'rewriteengine') {
      const v = d.raw.trim().toLowerCase();
      if (v !== 'on' && v !== 'off') fail(d, 'RewriteEngine must be On or Off');
      else {
        scope.engine = v === 'on';
        scope.engineAt = where;
      }
    } else if (key === 'rewritebase') {
      const v = d.raw.trim().replace(/^"(.*)"$/, '$1');
      if (directory === null) fail(d, 'RewriteBase: only valid in per-directory config files');
      else if (!v) fail(d, 'RewriteBase: empty URL not allowed');
      else if (v[0] !== '/') fail(d, 'RewriteBase: argument is not a valid URL');
      else {
        scope.base = v;
        scope.baseSet = true;
      }
    } else if (key === 'rewriteoptions') {
      for (const w of d.raw.trim().split(/\s+/).filter(Boolean)) {
        const o = w.toLowerCase();
        const names: Record<string, keyof RewriteScope['options']> = {
          inherit: 'inherit', inheritbefore: 'inheritBefore', inheritdown: 'inheritDown', inheritdownbefore: 'inheritDownBefore',
          ignoreinherit: 'ignoreInherit', allownoslash: 'allowNoSlash', allowanyuri: 'allowAnyUri', mergebase: 'mergeBase',
          ignorecontextinfo: 'ignoreContextInfo', legacyprefixdocroot: 'legacyPrefixDocroot', unsafeprefixstat: 'unsafePrefixStat',
        };
        if (names[o]) scope.options[names[o]] = true;
        else if (!o.startsWith('maxredirects=')) fail(d, `RewriteOptions: unknown option '${w}'`);
      }
      scope.optionsSet = true;
    } else if (key === 'rewritemap') {
      const words = d.raw.trim().split(/\s+/);
      const [name, spec] = words;
      if (!name || !spec) {
        fail(d, 'RewriteMap takes two or three arguments');
        continue;
      }
      const colon = spec.indexOf(':');
      const type = colon > 0 ? spec.slice(0, colon).toLowerCase() : '';
      const rest = colon > 0 ? spec.slice(colon + 1) : spec;
      let map: MapDef;
      if (type === 'txt' || type === 'rnd') map = { name, kind: type, path: rest, ...where };
      else if (type === 'int') {
        if (!['tolower', 'toupper', 'escape', 'unescape'].includes(rest)) {
          fail(d, `RewriteMap: internal map function '${rest}' not found`);
          continue;
        }
        map = { name, kind: 'int', fn: rest, ...where };
      } else if (type === 'prg' || type === 'dbm' || type === 'dbd' || type === 'fastdbd') map = { name, kind: type, source: rest, ...where };
      else if (type.startsWith('dbm=')) map = { name, kind: 'dbm', source: rest, ...where };
      else map = { name, kind: 'txt', path: spec, ...where };
      scope.maps.set(name, map);
    } else if (key === 'rewritecond') {
      const c = readCond(d.raw);
      if ('error' in c) {
        fail(d, c.error);
        continue;
      }
      pending.push(c.compile ? new LazyCond(d, c, c.compile) : {
        file: d.file, line: d.line, input: c.input, written: c.written, pattern: c.pattern, kind: c.kind, negate: c.negate, nocase: c.nocase, ornext: c.ornext, novary: c.novary,
      });
    } else if (key === 'rewriterule') {
      const r = readRule(d.raw);
      if ('error' in r) {
        fail(d, r.error);
        continue;
      }
      scope.rules.push(new LazyRule(d, r, pending));
      pending = [];
    }
  }
  scope.danglingConds = pending;
  return scope;
}
