// Argument completion from the shared vocabulary (server/src/data): %{…} server variables in
// mod_rewrite, ap_expr and mod_headers syntax, HTTP header names, media types the tree knows,
// php.ini names, SSLCipherSuite words and Debian .load lines. Each context knows where its
// token starts, so a %{…} inside a quoted expression replaces only itself.

import { allModules, getDirective } from '../data';
import { HEADER_ACTIONS, HEADER_CONDITIONS, HTTP_HEADERS, headerNames } from '../data/http-headers';
import { allPhpIni, accessText, looksBoolean, settableBy } from '../data/php-ini';
import { SERVER_VARIABLES, SSL_VARIABLES, VARIABLE_LOOKUPS, type VariableUse } from '../data/server-variables';
import { CIPHER_KEYWORDS, CIPHER_PROTOCOL_WORDS, TLS13_SUITES } from '../data/tls-ciphers';
import { activeUses, knownMimeTypes, type ConfigFileSystem, type ConfigModel } from '../model';
import type { Completion } from './completion';
import * as md from './markdown';

export type ValueCompletion = Omit<Completion, 'start' | 'end'> & { start?: number; end?: number };

export interface VocabularyContext {
  text: string;
  offset: number;
  /** The directive or section name, lower case. */
  key: string;
  isSection: boolean;
  /** Index of the argument under the cursor, and the arguments' texts. */
  index: number;
  args: string[];
  /** The argument up to the cursor, and where it starts. */
  prefix: string;
  wordStart: number;
  model?: ConfigModel;
  fs: ConfigFileSystem;
  fileName?: string;
}

const value = (label: string, doc: string | undefined, start: number, extra: Partial<ValueCompletion> = {}): ValueCompletion => ({
  label, kind: 'value', insertText: label, documentation: doc ? md.proseOnce(doc) : undefined, rank: 0, start, ...extra,
});

/** Completions for the context, or undefined when the vocabulary has nothing to say here. */
export function vocabularyValues(c: VocabularyContext): ValueCompletion[] | undefined {
  const open = unclosedVariable(c.prefix);
  if (open >= 0) return variableValues(c, open);
  if (c.key === 'header' || c.key === 'requestheader') return headerValues(c);
  if (/^php_(admin_)?(value|flag)$/.test(c.key)) return phpValues(c);
  if (c.key === 'sslciphersuite' || c.key === 'sslproxyciphersuite') return cipherValues(c);
  if (c.key === 'loadmodule' && c.index === 1 && c.fileName?.endsWith('.load')) return soFileValues(c);
  if (c.key === 'rewriterule' && c.index === 2 && typingTypeFlag(c.prefix)) {
    return mimeValues(c, c.wordStart + c.prefix.lastIndexOf('=') + 1);
  }
  if (takesMimeType(c.key, c.index)) return mimeValues(c, c.wordStart + (c.prefix.startsWith('"') ? 1 : 0));
  return undefined;
}

/** Offset in `prefix` of a "%{" not closed before the cursor, or -1. */
function unclosedVariable(prefix: string): number {
  const open = prefix.lastIndexOf('%{');
  return open >= 0 && !prefix.slice(open).includes('}') ? open : -1;
}

/** True when the argument under the cursor is an ap_expr expression. */
function isExpression(c: VocabularyContext): boolean {
  if (/^["']?expr=/i.test(c.prefix)) return true;
  if (c.isSection) return c.key === 'if' || c.key === 'elseif';
  const first = c.args[0]?.toLowerCase();
  switch (c.key) {
    case 'require': {
      const at = first === 'not' ? 1 : 0;
      return c.args[at]?.toLowerCase() === 'expr' && c.index > at;
    }
    case 'setenvifexpr':
      return c.index === 0;
    case 'rewritecond':
      return first === 'expr' && c.index === 1;
    default:
      return false;
  }
}

/** Which %{…} syntax the argument uses, if any. */
function variableSyntax(c: VocabularyContext): VariableUse | 'header-format' | undefined {
  if (isExpression(c)) return 'expr';
  if (c.key === 'rewritecond' && c.index === 0) return 'rewrite';
  if (c.key === 'rewriterule' && c.index >= 1) return 'rewrite';
  if ((c.key === 'header' || c.key === 'requestheader') && c.index >= 2) return 'header-format';
  return undefined;
}

function variableValues(c: VocabularyContext, open: number): ValueCompletion[] | undefined {
  const syntax = variableSyntax(c);
  if (!syntax) return undefined;
  const start = c.wordStart + open;
  const typed = c.prefix.slice(open + 2);
  const end = c.offset + (/^[\w:-]*\}?/.exec(c.text.slice(c.offset, c.offset + 200))?.[0].length ?? 0);
  const at = { start, end };
  const colon = typed.indexOf(':');
  if (syntax === 'header-format') {
    // mod_headers formats: %{NAME}e an environment variable, %{NAME}s a mod_ssl variable.
    return [
      ...envNames(c.model).map((n) => value(`%{${n}}e`, 'The environment variable (set in this configuration).', start, { end, kind: 'variable' })),
      ...Object.entries(SSL_VARIABLES).map(([n, doc]) => value(`%{${n}}s`, doc, start, { end, kind: 'variable' })),
    ];
  }
  if (colon >= 0) {
    const lookup = Object.keys(VARIABLE_LOOKUPS).find((k) => k.toLowerCase() === typed.slice(0, colon + 1).toLowerCase());
    if (!lookup || !VARIABLE_LOOKUPS[lookup].in.includes(syntax)) return [];
    const head = `%{${typed.slice(0, colon + 1)}`;
    const names = lookupArguments(VARIABLE_LOOKUPS[lookup].argument, c.model);
    return Object.entries(names).map(([n, doc]) => value(`${head}${n}}`, doc, start, { ...at, kind: 'variable' }));
  }
  const out: ValueCompletion[] = [];
  for (const [name, v] of Object.entries(SERVER_VARIABLES)) if (v.in.includes(syntax)) out.push(value(`%{${name}}`, v.doc, start, { ...at, kind: 'variable' }));
  for (const [name, l] of Object.entries(VARIABLE_LOOKUPS)) if (l.in.includes(syntax)) out.push(value(`%{${name}`, l.doc, start, { ...at, end: c.offset, kind: 'variable', rank: 1 }));
  // ap_expr reads mod_ssl's variables by name once mod_ssl is loaded.
  if (syntax === 'expr' && sslLoaded(c.model)) for (const [name, doc] of Object.entries(SSL_VARIABLES)) out.push(value(`%{${name}}`, doc, start, { ...at, kind: 'variable', rank: 1 }));
  return out;
}

function sslLoaded(model: ConfigModel | undefined): boolean {
  return !model?.moduleStateKnown || model.modules.has('ssl_module');
}

function lookupArguments(kind: (typeof VARIABLE_LOOKUPS)[string]['argument'], model: ConfigModel | undefined): Record<string, string> {
  switch (kind) {
    case 'request-header':
    case 'response-header':
      return Object.fromEntries(headerNames(kind === 'request-header' ? 'request' : 'response').map((n) => [n, HTTP_HEADERS[n].doc]));
    case 'ssl':
      return SSL_VARIABLES;
    case 'env':
      return Object.fromEntries(envNames(model).map((n) => [n, 'Set in this configuration.']));
    default:
      return {};
  }
}

/** Environment variable names the tree sets (SetEnv, SetEnvIf*, PassEnv, RewriteRule [E=]). */
function envNames(model: ConfigModel | undefined): string[] {
  if (!model) return [];
  const names = new Set<string>();
  for (const use of activeUses(model, 'SetEnv')) if (use.args[0]) names.add(use.args[0]);
  for (const use of activeUses(model, 'PassEnv')) for (const a of use.args) names.add(a);
  for (const key of ['SetEnvIf', 'SetEnvIfNoCase', 'BrowserMatch', 'BrowserMatchNoCase', 'SetEnvIfExpr']) {
    const from = key === 'SetEnvIfExpr' || key.startsWith('Browser') ? 1 : 2;
    for (const use of activeUses(model, key)) for (const a of use.args.slice(from)) names.add(a.replace(/^!/, '').split('=')[0]);
  }
  for (const use of activeUses(model, 'RewriteRule')) {
    for (const m of (use.args[2] ?? '').matchAll(/(?:^\[|,)\s*(?:E|env)=!?([^:,\]]+)/gi)) names.add(m[1]);
  }
  names.delete('');
  return [...names].sort();
}

/** Header [condition] action name [value…]: conditions, actions, then header names. */
function headerValues(c: VocabularyContext): ValueCompletion[] {
  const isHeader = c.key === 'header';
  const base = isHeader && c.args[0] && c.args[0].toLowerCase() in HEADER_CONDITIONS && c.index > 0 ? 1 : 0;
  const actions = Object.entries(HEADER_ACTIONS).filter(([, a]) => isHeader || a.requestHeader);
  if (c.index === base) {
    const out = actions.map(([name, a]) => value(name, a.doc, c.wordStart));
    if (isHeader && c.index === 0) out.push(...Object.entries(HEADER_CONDITIONS).map(([name, doc]) => value(name, doc, c.wordStart, { rank: 1 })));
    return out;
  }
  const action = c.args[base]?.toLowerCase();
  if (c.index === base + 1 && action !== 'echo') {
    return headerNames(isHeader ? 'response' : 'request').map((name) => value(name, HTTP_HEADERS[name].doc, c.wordStart));
  }
  return [];
}

function phpValues(c: VocabularyContext): ValueCompletion[] {
  const isFlag = c.key.endsWith('_flag');
  if (c.index === 1 && isFlag) return ['On', 'Off'].map((v) => value(v, undefined, c.wordStart));
  if (c.index !== 0) return [];
  return allPhpIni()
    .filter((e) => settableBy(e, c.key) && (!isFlag || looksBoolean(e)))
    .map((e) => value(e.name, `Default ${e.default === '' ? '(empty)' : `"${e.default}"`}; changeable ${accessText(e)}.`, c.wordStart));
}

/** Colon-separated OpenSSL words; weak ones only as removals ("!RC4"). */
function cipherValues(c: VocabularyContext): ValueCompletion[] {
  const segmentAt = Math.max(c.prefix.lastIndexOf(':'), c.prefix.lastIndexOf(',')) + 1;
  const start = c.wordStart + segmentAt;
  const sign = /^[!+-]/.exec(c.prefix.slice(segmentAt))?.[0] ?? '';
  if (c.index === 1 && c.args[0]?.toLowerCase() === 'tlsv1.3') return Object.entries(TLS13_SUITES).map(([n, doc]) => value(n, doc, start));
  const out: ValueCompletion[] = [];
  for (const [word, k] of Object.entries(CIPHER_KEYWORDS)) {
    const removal = sign === '!' || sign === '-';
    if (k.weak && !removal) continue;
    out.push(value(sign + word, k.doc, start, { rank: k.weak ? 0 : 1 }));
  }
  if (c.index === 0 && !sign && segmentAt === 0) out.push(...Object.entries(CIPHER_PROTOCOL_WORDS).map(([w, doc]) => value(w, doc, start, { rank: 2 })));
  return out;
}

/** In a Debian mods-available/*.load file: the .so path of the module named before. */
function soFileValues(c: VocabularyContext): ValueCompletion[] | undefined {
  const id = c.args[0];
  const module = allModules().find((m) => m.identifier === id || m.identifierAliases?.includes(id));
  if (!module?.soFile) return undefined;
  const file = `/usr/lib/apache2/modules/${module.soFile}`;
  return [value(file, `${module.name}, as Debian installs it.`, c.wordStart, { kind: 'path' })];
}

/** Argument positions whose syntax word is a media type (AddType, ForceType, ExpiresByType…). */
function takesMimeType(key: string, index: number): boolean {
  const info = getDirective(key);
  if (!info) return false;
  const words = info.syntax.split(/\s+/).slice(1);
  const at = words.findIndex((w) => /^\[?(media-type|mime-type)(\|\w+)?\]?$/i.test(w));
  if (at < 0) return false;
  const repeats = words[at + 1] !== undefined && /^\[(media-type|mime-type)\]$/i.test(words[at + 1]) && words[at + 2] === '...';
  return index === at || (repeats && index > at);
}

function mimeValues(c: VocabularyContext, start: number): ValueCompletion[] {
  if (!c.model) return [];
  const { file, types } = knownMimeTypes(c.model, c.fs);
  // ≈ 1,800 items: made again only for other types, another file or another place (typing a type keeps its start).
  const kept = mimeItems.get(types);
  if (kept && kept.file === file && kept.start === start) return kept.items;
  const items = [...types.entries()].map(([type, extensions]) =>
    value(type, extensions.length ? `Files ${extensions.slice(0, 6).map((e) => `.${e}`).join(' ')} (${file} and AddType)` : undefined, start),
  );
  mimeItems.set(types, { file, start, items });
  return items;
}

/** The last media-type items made from each types map (never changed: completion places copies). */
const mimeItems = new WeakMap<Map<string, string[]>, { file: string; start: number; items: ValueCompletion[] }>();

/** The prefix ends inside a T= flag: /[[,]T=[^,\]]*$/i in one pass over the part after the last ',' or ']'. */
function typingTypeFlag(prefix: string): boolean {
  const from = Math.max(0, prefix.lastIndexOf(','), prefix.lastIndexOf(']'));
  for (let i = from; i + 2 < prefix.length; i++) {
    if ((prefix[i] === '[' || prefix[i] === ',') && (prefix[i + 1] === 'T' || prefix[i + 1] === 't') && prefix[i + 2] === '=') return true;
  }
  return false;
}
