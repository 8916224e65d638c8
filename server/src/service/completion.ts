// Completion: directive names valid where the cursor is (loaded modules first), section
// snippets, argument values, module identifiers, ${VAR} names and paths under ServerRoot.

import * as path from 'path';
import { allDirectives, allModules, getDirective } from '../data';
import type { DirectiveInfo } from '../data/types';
import type { Analysis } from './analysis';
import type { ConfigFileSystem, ConfigModel, Scope } from '../model';
import { isAvailable, moduleSetKey } from '../rules/lib/util';
import { vocabularyValues, type ValueCompletion } from './completion-vocab';
import { cursorContext, type CursorContext } from './cursor';
import { RECIPES, recipesFor } from './recipes';
import { snippetToPlainText } from './plain-text';
import * as md from './markdown';
import { LOG_LEVELS, OPTIONS_KEYWORDS, OVERRIDE_FORMS, REMOVED_SSL_PROTOCOLS, REQUIRE_PROVIDERS, SERVER_TOKENS, SSL_PROTOCOLS, deprecationOf, readSslProtocol, REWRITE_FLAGS } from '../data/vocabulary';

export type CompletionKind = 'directive' | 'section' | 'value' | 'module' | 'variable' | 'path' | 'snippet';

export interface Completion {
  label: string;
  kind: CompletionKind;
  detail?: string;
  documentation?: string;
  /** Text to insert; a snippet when `snippet` is set. */
  insertText: string;
  snippet?: boolean;
  /** Lower sorts first. */
  rank: number;
  /** Range replaced by the insertion. */
  start: number;
  end: number;
}

const SCOPE_CONTEXT: Record<Scope, string> = {
  server: 'server config',
  vhost: 'virtual host',
  directory: 'directory',
  htaccess: '.htaccess',
};

export function allowedIn(info: DirectiveInfo, scope: Scope): boolean {
  return info.contexts.includes(SCOPE_CONTEXT[scope] as DirectiveInfo['contexts'][number]);
}

const SECTION_SNIPPETS: Record<string, string> = {
  VirtualHost: '<VirtualHost ${1:*}:${2|443,80|}>\n\tServerName ${3:example.com}\n\tDocumentRoot ${4:/var/www/html}\n\t$0\n</VirtualHost>',
  Directory: '<Directory ${1:/var/www/html}>\n\tOptions ${2:-Indexes +FollowSymLinks}\n\tAllowOverride ${3|None,All,FileInfo,AuthConfig|}\n\tRequire all granted\n\t$0\n</Directory>',
  IfModule: '<IfModule ${1:mod_rewrite.c}>\n\t$0\n</IfModule>',
  Location: '<Location ${1:/}>\n\t$0\n</Location>',
  Files: '<Files ${1:name}>\n\t$0\n</Files>',
  FilesMatch: '<FilesMatch "${1:\\.php$}">\n\t$0\n</FilesMatch>',
};

export interface CompletionInput {
  text: string;
  offset: number;
  fileScope: Scope;
  model?: ConfigModel;
  fs: ConfigFileSystem;
  /** The file's path or URI (a Debian mods-available/*.load file gets its LoadModule line). */
  fileName?: string;
}

export function complete(input: CompletionInput): Completion[] {
  return completeAt(input, false).items;
}

/**
 * The completions at the cursor; with `sized`, a name position keeps only what completionList
 * sends (filtered before the items are made: hundreds of names per request otherwise).
 */
function completeAt(input: CompletionInput, sized: boolean): CompletionResult {
  const ctx = cursorContext(input.text, input.offset, input.fileScope);
  const end = input.offset;
  if (ctx.wordIndex === -2) return { items: [], isIncomplete: false };
  const line = ctx.line;
  const isNamePosition = !line || line.kind === 'blank' || ctx.wordIndex === -1;
  if (isNamePosition) return completeNames(input, ctx, end, sized);
  if (line.kind !== 'directive' && line.kind !== 'open') return { items: [], isIncomplete: false };
  const name = line.name.value;
  const isSection = line.kind === 'open';
  const vocabulary = vocabularyValues({
    text: input.text, offset: input.offset, key: name.toLowerCase(), isSection, index: ctx.wordIndex, args: line.args.map((a) => a.value),
    prefix: ctx.prefix, wordStart: ctx.wordStart, model: input.model, fs: input.fs, fileName: input.fileName,
  });
  const values = vocabulary ?? completeValues(input, name, ctx.wordIndex, ctx.prefix, isSection);
  const items: Completion[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) items[i] = placed(values[i], ctx.wordStart, end);
  return { items, isIncomplete: false };
}

/** A value item with its range (the word's unless it names its own); fields copied, not spread: spreads are slow. */
function placed(v: ValueCompletion, start: number, end: number): Completion {
  return { label: v.label, kind: v.kind, detail: v.detail, documentation: v.documentation, insertText: v.insertText, snippet: v.snippet, rank: v.rank, start: v.start ?? start, end: v.end ?? end };
}

export interface CompletionResult {
  items: Completion[];
  /** True when items were left out: the client asks again as the user types. */
  isIncomplete: boolean;
}

/** Rank from which directive names wait until the user types (modules not loaded, deprecated). */
const DEFERRED_RANK = 2;

/**
 * Completion sized for the protocol: on an empty name position only what is usable here (loaded
 * modules, sections), the rest once a prefix is typed; with a prefix, only the names that contain
 * its letters in order (a superset of what the editor's fuzzy filter keeps).
 */
export function completionList(input: CompletionInput): CompletionResult {
  return completeAt(input, true);
}

/** A label as the typed letters are matched against it: lower case, without the section's '<'. */
function matchText(label: string): string {
  return (label.startsWith('<') ? label.slice(1) : label).toLowerCase();
}

/** The names whose match text holds the typed letters in order, per list (typing asks for the same few texts again and again). */
const matchingByList = new WeakMap<NameTemplate[], Map<string, NameTemplate[]>>();
const TYPED_TEXTS_KEPT = 32;

function namesMatching(templates: NameTemplate[], typed: string): NameTemplate[] {
  let byTyped = matchingByList.get(templates);
  if (!byTyped) matchingByList.set(templates, (byTyped = new Map()));
  let kept = byTyped.get(typed);
  if (kept) return kept;
  // Most names lack one of the typed letters: a bit test rejects them before the ordered scan.
  const letters = letterMask(typed);
  kept = templates.filter((t) => (t.letters & letters) === letters && isSubsequence(typed, t.match));
  if (byTyped.size >= TYPED_TEXTS_KEPT) byTyped.delete(byTyped.keys().next().value as string);
  byTyped.set(typed, kept);
  return kept;
}

/** One bit per letter a-z the text holds. */
function letterMask(text: string): number {
  let mask = 0;
  for (let i = 0; i < text.length; i++) {
    const letter = text.charCodeAt(i) - 97;
    if (letter >= 0 && letter < 26) mask |= 1 << letter;
  }
  return mask;
}

/** True when the letters of `needle` appear in `haystack` in order (both lower case). */
function isSubsequence(needle: string, haystack: string): boolean {
  let at = 0;
  for (let i = 0; i < haystack.length && at < needle.length; i++) if (haystack.charCodeAt(i) === needle.charCodeAt(at)) at++;
  return at >= needle.length;
}

/**
 * Directives people most often write in each kind of block, offered first. Our own selection,
 * by context: the innermost section's name, or the scope of the file.
 */
const LIKELY: Record<string, string[]> = {
  server: ['ServerName', 'Listen', 'LoadModule', 'Include', 'IncludeOptional', 'ServerAdmin', 'DocumentRoot', 'ErrorLog', 'CustomLog', 'LogLevel', 'KeepAlive', 'Timeout', 'ServerTokens', 'VirtualHost', 'Directory', 'IfModule'],
  vhost: ['ServerName', 'ServerAlias', 'DocumentRoot', 'ErrorLog', 'CustomLog', 'Redirect', 'RewriteEngine', 'RewriteRule', 'SSLEngine', 'SSLCertificateFile', 'SSLCertificateKeyFile', 'Header', 'ProxyPass', 'Directory', 'Location'],
  directory: ['Require', 'Options', 'AllowOverride', 'DirectoryIndex', 'AuthType', 'AuthName', 'AuthUserFile', 'Header', 'RewriteEngine', 'RewriteRule', 'SetHandler', 'ExpiresActive', 'Files', 'FilesMatch', 'IfModule'],
  htaccess: ['RewriteEngine', 'RewriteRule', 'RewriteCond', 'RewriteBase', 'Require', 'Options', 'DirectoryIndex', 'ErrorDocument', 'Header', 'Redirect', 'AuthType', 'AuthName', 'AuthUserFile', 'ExpiresActive', 'FilesMatch', 'IfModule'],
};

const CONDITIONAL_FOLLOWERS = new Set(['else', 'elseif']);

function completeNames(input: CompletionInput, ctx: CursorContext, end: number, sized: boolean): CompletionResult {
  const { scope, prefix, wordStart: start } = ctx;
  const sectionOnly = prefix.startsWith('<');
  const afterIf = followsIf(ctx, input.offset);
  const templates = nameTemplates(input.model, scope, sectionOnly, afterIf);
  const recipes = sectionOnly ? [] : recipeItems(input, scope, start, end);
  // Without a name to offer there is nothing to size: the recipes go as they are.
  if (!sized || !templates.length) return { items: [...templates.map((t) => nameItem(t, start, end)), ...recipes], isIncomplete: false };
  const typed = matchText(input.text.slice(start, input.offset));
  const out: Completion[] = [];
  if (!typed) {
    for (const t of templates) if (t.rank < DEFERRED_RANK) out.push(nameItem(t, start, end));
    const isIncomplete = out.length < templates.length;
    for (const r of recipes) out.push(r);
    return { items: out, isIncomplete };
  }
  for (const t of namesMatching(templates, typed)) out.push(nameItem(t, start, end));
  for (const r of recipes) if (isSubsequence(typed, matchText(r.label))) out.push(r);
  return { items: out, isIncomplete: false };
}

/** Literal objects, not spreads: a spread of hundreds of items per request costs milliseconds. */
function nameItem(t: NameTemplate, start: number, end: number): Completion {
  const { label, kind, insertText, rank } = t;
  return t.snippet ? { label, kind, insertText, snippet: true, rank, start, end } : { label, kind, insertText, rank, start, end };
}

/** A directive or section item without its place, the text typed letters are matched against and its letterMask. */
type NameTemplate = Omit<Completion, 'start' | 'end'> & { match: string; letters: number };

/**
 * Name items per place, kept by what they depend on: the directive table (fixed), the place, and
 * the loaded modules. An edit makes a new model with, nearly always, the same modules: the lists
 * carry over (with them the names matching each typed text), instead of being made again for the
 * first completion after every keystroke.
 */
const templatesByModel = new WeakMap<ConfigModel, Map<string, NameTemplate[]>>();
const templatesByModules = new Map<string, NameTemplate[]>();
/** Module sets times places kept; a long session meets few. */
const MODULE_TEMPLATES_KEPT = 64;

function nameTemplates(model: ConfigModel | undefined, scope: Scope, sectionOnly: boolean, afterIf: boolean): NameTemplate[] {
  const place = `${scope} ${sectionOnly ? 1 : 0}${afterIf ? 1 : 0}`;
  let kept = model ? templatesByModel.get(model) : undefined;
  if (model && !kept) templatesByModel.set(model, (kept = new Map()));
  let list = kept?.get(place);
  if (list) return list;
  // With the loaded modules unknown (a fragment, a lone .htaccess) nothing is claimed "not loaded".
  const modulesKnown = !!model && model.moduleStateKnown;
  const key = `${place}\u0001${modulesKnown ? moduleSetKey(model.modules) : '?'}`;
  list = templatesByModules.get(key);
  if (!list) {
    list = [];
    for (const base of nameBases(scope, sectionOnly, afterIf)) {
      const loaded = modulesKnown ? isAvailable(model, base.info) : true;
      // 0: likely here and loaded, 1: loaded, 2: not loaded, +4: deprecated.
      const rank = (loaded ? (base.likely ? 0 : 1) : 2) + (base.deprecated ? 4 : 0);
      const { label, kind, insertText, match, letters } = base;
      list.push(base.snippet ? { label, kind, insertText, snippet: true, rank, match, letters } : { label, kind, insertText, rank, match, letters });
    }
    if (templatesByModules.size >= MODULE_TEMPLATES_KEPT) templatesByModules.delete(templatesByModules.keys().next().value as string);
    templatesByModules.set(key, list);
  }
  kept?.set(place, list);
  return list;
}

/**
 * Makes the directive-name lists a tree's files start with (server config, virtual host,
 * directory, .htaccess) ahead of the first completion, which otherwise pays for them.
 */
export function prepareCompletion(analysis: Analysis): void {
  for (const scope of ['server', 'vhost', 'directory', 'htaccess'] as const) nameTemplates(analysis.model, scope, false, false);
}

/** A name item's parts that depend on the directive table and the place alone. */
interface NameBase {
  info: DirectiveInfo;
  label: string;
  kind: 'directive' | 'section';
  insertText: string;
  snippet: boolean;
  match: string;
  letters: number;
  /** Offered first where it is loaded. */
  likely: boolean;
  deprecated: boolean;
}

const basesByPlace = new Map<string, NameBase[]>();

function nameBases(scope: Scope, sectionOnly: boolean, afterIf: boolean): NameBase[] {
  const place = `${scope} ${sectionOnly ? 1 : 0}${afterIf ? 1 : 0}`;
  let bases = basesByPlace.get(place);
  if (bases) return bases;
  bases = [];
  const likely = new Set((LIKELY[scope] ?? []).map((n) => n.toLowerCase()));
  for (const info of allDirectives()) {
    if (!allowedIn(info, scope)) continue;
    if (sectionOnly && !info.isSection) continue;
    const key = info.name.toLowerCase();
    // <Else> and <ElseIf> only mean something right after an <If> or <ElseIf>.
    if (info.isSection && CONDITIONAL_FOLLOWERS.has(key) && !afterIf) continue;
    const first = likely.has(key) || (afterIf && CONDITIONAL_FOLLOWERS.has(key));
    const deprecated = !!deprecationOf(info);
    if (info.isSection) {
      const snippet = SECTION_SNIPPETS[info.name] ?? `<${info.name} \${1}>\n\t$0\n</${info.name}>`;
      const label = `<${info.name}>`;
      const match = matchText(label);
      bases.push({ info, label, kind: 'section', insertText: snippet, snippet: true, match, letters: letterMask(match), likely: first, deprecated });
    } else {
      const match = matchText(info.name);
      bases.push({ info, label: info.name, kind: 'directive', insertText: info.name, snippet: false, match, letters: letterMask(match), likely: first, deprecated });
    }
  }
  basesByPlace.set(place, bases);
  return bases;
}

/** Recipes usable here, as snippets (rank 1: after the likely directives, never deferred). */
function recipeItems(input: CompletionInput, scope: Scope, start: number, end: number): Completion[] {
  return recipesFor(scope, input.model).map(({ recipe, body }) => ({
    label: `recipe: ${recipe.label}`,
    kind: 'snippet' as const,
    detail: recipe.modules.length ? `needs ${recipe.modules.join(', ')}` : undefined,
    insertText: body,
    snippet: true,
    rank: 1,
    start,
    end,
  }));
}

/** A recipe's description and the configuration it inserts (placeholders at their defaults). */
function recipeDocumentation(label: string): { documentation?: string } {
  const recipe = RECIPES.find((r) => `recipe: ${r.label}` === label);
  if (!recipe) return {};
  const block = (body: string): string => md.codeBlock(snippetToPlainText(body).trimEnd(), 'apacheconf');
  if (typeof recipe.body === 'string') return { documentation: `${md.prose(recipe.description)}\n\n${block(recipe.body)}` };
  // One configuration per scope group: say where each applies.
  const byBody = new Map<string, string[]>();
  for (const [scope, body] of Object.entries(recipe.body)) byBody.set(body, [...(byBody.get(body) ?? []), SCOPE_CONTEXT[scope as Scope]]);
  const parts = [...byBody].map(([body, scopes]) => `${md.text(`In ${scopes.join(', ')}:`)}\n\n${block(body)}`);
  return { documentation: [md.prose(recipe.description), ...parts].join('\n\n') };
}

/** True when the last section closed before the cursor, at the cursor's level, is <If> or <ElseIf>. */
function followsIf(ctx: CursorContext, offset: number): boolean {
  const siblings = ctx.sections.length ? ctx.sections[ctx.sections.length - 1].children : ctx.parsed.nodes;
  let previous: (typeof siblings)[number] | undefined;
  for (const node of siblings) {
    const nodeEnd = node.kind === 'section' ? (node.close ?? node.open).end : node.kind === 'stray' ? node.line.end : node.end;
    if (nodeEnd > offset) break;
    if (node.kind === 'blank' || node.kind === 'comment') continue;
    previous = node;
  }
  return previous?.kind === 'section' && /^(if|elseif)$/i.test(previous.open.name.value);
}

/**
 * What completionItem/resolve adds to a directive or section item: the syntax as detail, the
 * description, and whether its module is loaded in this tree.
 */
export function resolveCompletion(label: string, kind: CompletionKind, model?: ConfigModel): { detail?: string; documentation?: string } {
  if (kind === 'snippet') return recipeDocumentation(label);
  if (kind !== 'directive' && kind !== 'section') return {};
  const info = getDirective(label.replace(/^<|>$/g, ''));
  if (!info) return {};
  // Unknown module state (a fragment, a lone .htaccess): claim nothing about loading.
  const loaded = model && model.moduleStateKnown ? isAvailable(model, info) : true;
  const status = loaded ? '' : `\n\n${md.text(`${info.module} is not loaded in this configuration.`)}`;
  return {
    detail: kind === 'section' ? info.module : `${info.syntax}${loaded ? '' : ` — ${info.module} not loaded`}`,
    documentation: `${info.description ? md.prose(info.description) : ''}${kind === 'section' ? `\n\n${md.codeBlock(info.syntax, 'apacheconf')}` : ''}${status}`.trim(),
  };
}

const SIGNABLE_OPTIONS = Object.fromEntries(Object.entries(OPTIONS_KEYWORDS).filter(([k]) => k !== 'All' && k !== 'None'));

function fromTable(table: Record<string, string>, prefix = ''): ValueCompletion[] {
  return Object.entries(table).map(([label, doc]) => ({ label: prefix + label, kind: 'value' as const, documentation: md.proseOnce(doc), insertText: prefix + label, rank: 0 }));
}

function completeValues(input: CompletionInput, name: string, index: number, prefix: string, isSection: boolean): ValueCompletion[] {
  const key = name.toLowerCase();
  if (prefix.includes('${')) return completeVariables(input);
  if (isSection && (key === 'ifmodule' || key === 'ifdefine')) {
    return key === 'ifmodule' ? completeModules(input, true) : completeDefines(input);
  }
  if (key === 'loadmodule' && index === 0) return completeModules(input, false);
  if ((key === 'use' || key === 'undefmacro') && index === 0) return completeMacros(input);
  if ((key === 'include' || key === 'includeoptional' || key === 'documentroot' || key === 'loadmodule') && (index === 0 || key === 'loadmodule')) {
    return completePaths(input, prefix);
  }
  if (key === 'rewritecond' || key === 'rewriterule') {
    const rewrite = rewriteValues(key, index, prefix);
    if (rewrite.length) return rewrite;
  }
  switch (key) {
    case 'options':
      // All and None take no sign.
      return prefix.startsWith('+') || prefix.startsWith('-') ? fromTable(SIGNABLE_OPTIONS, prefix[0]) : fromTable(OPTIONS_KEYWORDS);
    case 'allowoverride':
      return fromTable(OVERRIDE_FORMS);
    case 'loglevel':
      return fromTable(LOG_LEVELS);
    case 'servertokens':
      return fromTable(SERVER_TOKENS);
    case 'sslprotocol':
    case 'sslproxyprotocol':
      return sslProtocolValues(name, prefix);
    case 'require':
      return requireValues(input.model, index, input.text, input.offset);
  }
  const info = getDirective(name);
  if (info?.args.how === 'FLAG' || info?.args.types?.[index]?.kind === 'flag') {
    return ['On', 'Off'].map((v) => ({ label: v, kind: 'value' as const, insertText: v, rank: 0 }));
  }
  const type = info?.args.types?.[Math.min(index, (info.args.types?.length ?? 1) - 1)];
  if (type?.kind === 'enum') return type.values.map((v) => ({ label: v, kind: 'value' as const, insertText: v, rank: 0 }));
  return [];
}

/** Flag names inside [..] (%{VARIABLES} come from the vocabulary, completion-vocab.ts). */
function rewriteValues(key: string, index: number, prefix: string): ValueCompletion[] {
  const flagsAt = key === 'rewriterule' ? 2 : 2;
  if (index === flagsAt && prefix.startsWith('[') && !prefix.includes(']')) {
    const head = prefix.slice(0, Math.max(prefix.lastIndexOf(','), 0) + 1);
    const flags = key === 'rewriterule' ? REWRITE_FLAGS.map((f) => ({ name: f.flag + (f.needsValue ? '=' : ''), doc: f.doc })) : [
      { name: 'NC', doc: 'Compare without regard to case.' },
      { name: 'OR', doc: 'Combine with the next condition by OR instead of AND.' },
      { name: 'NV', doc: 'Do not add the tested header to Vary.' },
    ];
    return flags.map(({ name, doc }) => ({ label: head + name, kind: 'value' as const, documentation: md.proseOnce(doc), insertText: head + name, rank: 0 }));
  }
  return [];
}

/** Protocol words httpd accepts with the typed sign: SSLv2/SSLv3 only as "-SSLv2"/"-SSLv3". */
function sslProtocolValues(directive: string, prefix: string): ValueCompletion[] {
  const sign = prefix.startsWith('-') ? '-' : prefix.startsWith('+') ? '+' : '';
  const table: Record<string, string> = { ...SSL_PROTOCOLS };
  for (const removed of REMOVED_SSL_PROTOCOLS) table[removed] = 'Removed from mod_ssl; accepted only as a removal.';
  return fromTable(table, sign).filter((v) => !readSslProtocol(directive, [v.label]).error);
}

/** Require providers the loaded modules register (all of them where the module state is unknown). */
function requireValues(model: ConfigModel | undefined, index: number, text: string, offset: number): ValueCompletion[] {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const negated = /^\s*require\s+not\s/i.test(text.slice(lineStart, offset));
  const providerIndex = negated ? 1 : 0;
  if (index === providerIndex) {
    const usable = Object.entries(REQUIRE_PROVIDERS).filter(([, p]) => !model?.moduleStateKnown || model.modules.has(p.module));
    return usable.map(([label, p]) => ({ label, kind: 'value' as const, documentation: md.proseOnce(p.doc), insertText: label, rank: 0 }));
  }
  if (index === providerIndex + 1 && /\ball\s+\S*$/i.test(text.slice(lineStart, offset))) {
    return ['granted', 'denied'].map((v) => ({ label: v, kind: 'value' as const, insertText: v, rank: 0 }));
  }
  return [];
}

/** `x` of a file named `…/x.load` (Debian's mods-available). */
function loadFileStem(fileName: string): string | undefined {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  return base.length > 5 && base.endsWith('.load') ? base.slice(0, -5) : undefined;
}

function completeModules(input: CompletionInput, forIfModule: boolean): ValueCompletion[] {
  const loaded = input.model?.modules;
  const loadFile = loadFileStem(input.fileName ?? '');
  const out: ValueCompletion[] = [];
  for (const module of allModules()) {
    if (!module.identifier) continue;
    const isLoaded = !!loaded?.has(module.identifier);
    // In Debian's mods-available/NAME.load the module is the one named NAME.
    const named = !!loadFile && module.debianName === loadFile;
    out.push({ label: module.identifier, kind: 'module', detail: `${module.name}${isLoaded ? ' (loaded)' : ''}`, insertText: module.identifier, rank: named || (forIfModule && isLoaded) ? 0 : 1 });
    if (forIfModule && module.sourceFile) {
      out.push({ label: module.sourceFile, kind: 'module', detail: `${module.name}${isLoaded ? ' (loaded)' : ''}`, insertText: module.sourceFile, rank: isLoaded ? 0 : 1 });
    }
  }
  return out;
}

/** The tree's macros by name (the last definition of each), with their parameters. */
function completeMacros(input: CompletionInput): ValueCompletion[] {
  const byKey = new Map<string, { name: string; params: string[] }>();
  for (const macro of input.model?.macros ?? []) byKey.set(macro.key, macro);
  return [...byKey.values()].map((m) => ({
    label: m.name, kind: 'value' as const, insertText: m.name, rank: 0,
    detail: m.params.length ? `${m.params.length} value${m.params.length === 1 ? '' : 's'}: ${m.params.join(' ')}`.slice(0, 120) : 'no values',
  }));
}

function completeDefines(input: CompletionInput): ValueCompletion[] {
  return [...(input.model?.defines.keys() ?? [])].map((name) => ({ label: name, kind: 'variable' as const, insertText: name, rank: 0 }));
}

function completeVariables(input: CompletionInput): ValueCompletion[] {
  return [...(input.model?.defines.entries() ?? [])].map(([name, d]) => ({ label: `\${${name}}`, kind: 'variable' as const, detail: d.value, insertText: `\${${name}}`, rank: 0 }));
}

function completePaths(input: CompletionInput, prefix: string): ValueCompletion[] {
  const root = input.model?.serverRoot;
  if (!root) return [];
  const typed = prefix.replace(/^["']/, '');
  const dirPart = typed.includes('/') ? typed.slice(0, typed.lastIndexOf('/') + 1) : '';
  const base = path.isAbsolute(dirPart) ? dirPart : path.join(root, dirPart);
  const entries = input.fs.readDirectory(base);
  if (!Array.isArray(entries)) return [];
  return entries
    .filter((n) => !n.startsWith('.'))
    .slice(0, 500)
    .map((n) => {
      const isDir = input.fs.stat(path.join(base, n)) === 'directory';
      const label = `${dirPart}${n}${isDir ? '/' : ''}`;
      return { label, kind: 'path' as const, insertText: label, rank: isDir ? 1 : 0 };
    });
}

/** Syntax line and active argument for signature help. */
export interface Signature {
  /** The syntax line, plain text: "KeepAliveTimeout num[ms]". */
  label: string;
  /** The directive's description as Markdown (its code spans kept, everything else literal). */
  documentation?: string;
  activeParameter: number;
  /** Each parameter's [start, end) in the label, so repeated names are told apart. */
  parameters: [number, number][];
}

export function signatureAt(text: string, offset: number, fileScope: Scope): Signature | undefined {
  const ctx = cursorContext(text, offset, fileScope);
  const line = ctx.line;
  if (!line || (line.kind !== 'directive' && line.kind !== 'open') || ctx.wordIndex < 0) return undefined;
  const info = getDirective(line.name.value);
  if (!info) return undefined;
  const parameters = [...info.syntax.matchAll(/\S+/g)].slice(1).map((m): [number, number] => [m.index, m.index + m[0].length]);
  return {
    label: info.syntax,
    documentation: info.description ? md.prose(info.description) : undefined,
    activeParameter: Math.min(ctx.wordIndex, Math.max(0, parameters.length - 1)),
    parameters,
  };
}
