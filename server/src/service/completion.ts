// Completion: directive names valid where the cursor is (loaded modules first), section
// snippets, argument values, module identifiers, ${VAR} names and paths under ServerRoot.

import * as path from 'path';
import { allDirectives, allModules, getDirective } from '../data';
import type { DirectiveInfo } from '../data/types';
import type { ConfigFileSystem, ConfigModel, Scope } from '../model';
import { isAvailable } from '../rules/util';
import { cursorContext } from './cursor';
import { LOG_LEVELS, OPTIONS_KEYWORDS, OVERRIDE_CLASSES, REMOVED_SSL_PROTOCOLS, REQUIRE_PROVIDERS, SERVER_TOKENS, SSL_PROTOCOLS, readSslProtocol } from '../data/vocabulary';

export type CompletionKind = 'directive' | 'section' | 'value' | 'module' | 'variable' | 'path';

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
}

export function complete(input: CompletionInput): Completion[] {
  const ctx = cursorContext(input.text, input.offset, input.fileScope);
  const end = input.offset;
  if (ctx.wordIndex === -2) return [];
  const line = ctx.line;
  const isNamePosition = !line || line.kind === 'blank' || ctx.wordIndex === -1;
  if (isNamePosition) return completeNames(input, ctx.scope, ctx.prefix, ctx.wordStart, end);
  if (line.kind !== 'directive' && line.kind !== 'open') return [];
  const name = line.name.value;
  const values = completeValues(input, name, ctx.wordIndex, ctx.prefix, line.kind === 'open');
  return values.map((v) => ({ ...v, start: ctx.wordStart, end }));
}

function completeNames(input: CompletionInput, scope: Scope, prefix: string, start: number, end: number): Completion[] {
  const out: Completion[] = [];
  const sectionOnly = prefix.startsWith('<');
  for (const info of allDirectives()) {
    if (!allowedIn(info, scope)) continue;
    if (sectionOnly && !info.isSection) continue;
    const loaded = input.model ? isAvailable(input.model, info) : true;
    const rank = (loaded ? 0 : 2) + (info.deprecated ? 4 : 0);
    if (info.isSection) {
      const snippet = SECTION_SNIPPETS[info.name] ?? `<${info.name} \${1}>\n\t$0\n</${info.name}>`;
      out.push({ label: `<${info.name}>`, kind: 'section', detail: info.module, documentation: info.description, insertText: snippet, snippet: true, rank, start, end });
    } else {
      out.push({ label: info.name, kind: 'directive', detail: `${info.syntax}${loaded ? '' : ` — ${info.module} not loaded`}`, documentation: info.description, insertText: info.name, rank: rank + 1, start, end });
    }
  }
  return out;
}

type ValueCompletion = Omit<Completion, 'start' | 'end'>;

function fromTable(table: Record<string, string>, prefix = ''): ValueCompletion[] {
  return Object.entries(table).map(([label, doc]) => ({ label: prefix + label, kind: 'value' as const, documentation: doc, insertText: prefix + label, rank: 0 }));
}

function completeValues(input: CompletionInput, name: string, index: number, prefix: string, isSection: boolean): ValueCompletion[] {
  const key = name.toLowerCase();
  if (prefix.includes('${')) return completeVariables(input);
  if (isSection && (key === 'ifmodule' || key === 'ifdefine')) {
    return key === 'ifmodule' ? completeModules(input, true) : completeDefines(input);
  }
  if (key === 'loadmodule' && index === 0) return completeModules(input, false);
  if ((key === 'include' || key === 'includeoptional' || key === 'documentroot' || key === 'loadmodule') && (index === 0 || key === 'loadmodule')) {
    return completePaths(input, prefix);
  }
  switch (key) {
    case 'options':
      return fromTable(OPTIONS_KEYWORDS, prefix.startsWith('+') ? '+' : prefix.startsWith('-') ? '-' : '');
    case 'allowoverride':
      return fromTable(OVERRIDE_CLASSES);
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
    return usable.map(([label, p]) => ({ label, kind: 'value' as const, documentation: p.doc, insertText: label, rank: 0 }));
  }
  if (index === providerIndex + 1 && /\ball\s+\S*$/i.test(text.slice(lineStart, offset))) {
    return ['granted', 'denied'].map((v) => ({ label: v, kind: 'value' as const, insertText: v, rank: 0 }));
  }
  return [];
}

function completeModules(input: CompletionInput, forIfModule: boolean): ValueCompletion[] {
  const loaded = input.model?.modules;
  const out: ValueCompletion[] = [];
  for (const module of allModules()) {
    if (!module.identifier) continue;
    const isLoaded = !!loaded?.has(module.identifier);
    out.push({ label: module.identifier, kind: 'module', detail: `${module.name}${isLoaded ? ' (loaded)' : ''}`, insertText: module.identifier, rank: forIfModule && isLoaded ? 0 : 1 });
    if (forIfModule && module.sourceFile) {
      out.push({ label: module.sourceFile, kind: 'module', detail: `${module.name}${isLoaded ? ' (loaded)' : ''}`, insertText: module.sourceFile, rank: isLoaded ? 0 : 1 });
    }
  }
  return out;
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
export function signatureAt(text: string, offset: number, fileScope: Scope): { label: string; documentation?: string; activeParameter: number; parameters: string[] } | undefined {
  const ctx = cursorContext(text, offset, fileScope);
  const line = ctx.line;
  if (!line || (line.kind !== 'directive' && line.kind !== 'open') || ctx.wordIndex < 0) return undefined;
  const info = getDirective(line.name.value);
  if (!info) return undefined;
  const parameters = info.syntax.split(/\s+/).slice(1);
  return { label: info.syntax, documentation: info.description, activeParameter: Math.min(ctx.wordIndex, Math.max(0, parameters.length - 1)), parameters };
}
