// Where each name of the configuration is defined and used across the whole tree: Define names
// (Define, UnDefine, <IfDefine>, every ${NAME}), host names (ServerName, ServerAlias), RewriteMap
// names (the map and each ${map:key}) and Alias targets (Alias, ScriptAlias and the <Directory>
// sections of the same path). Built once per model from its uses, for references and rename.

import { argCount, argValue, type Word } from '../parser';
import type { ConfigModel, DirectiveUse } from './types';

export type NameKind = 'variable' | 'host' | 'rewrite-map' | 'alias-target';

export interface NameOccurrence {
  kind: NameKind;
  /** The name as written here. */
  name: string;
  /** kind + comparable name (hosts compared without case, paths without trailing slash). */
  key: string;
  file: string;
  /** 0-based line of the directive. */
  line: number;
  /** Offsets of the name itself in the file's text. */
  start: number;
  end: number;
  /** Defines the name (Define, RewriteMap, the Alias target) or uses it. */
  role: 'definition' | 'use';
  /** The text around the name cannot be edited as plain text (a ${VAR} or escape inside it). */
  fixed: boolean;
  use: DirectiveUse;
}

export interface NameIndex {
  /** Every occurrence of a name by key, in read order (each place once). */
  byKey: Map<string, NameOccurrence[]>;
  /** Occurrences by file, sorted by offset. */
  byFile: Map<string, NameOccurrence[]>;
}

const indexes = new WeakMap<ConfigModel, NameIndex>();

/** The names of a model (built on first use, then kept with the model). */
export function nameIndex(model: ConfigModel): NameIndex {
  let index = indexes.get(model);
  if (!index) indexes.set(model, (index = buildIndex(model)));
  return index;
}

/** The occurrence whose name holds the offset, if any. */
export function nameAt(model: ConfigModel, file: string, offset: number): NameOccurrence | undefined {
  const list = nameIndex(model).byFile.get(file);
  if (!list) return undefined;
  // Binary search for the last occurrence starting at or before the offset.
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  for (let i = found; i >= 0 && i >= found - 4; i--) if (offset >= list[i].start && offset <= list[i].end) return list[i];
  return undefined;
}

export function nameKey(kind: NameKind, name: string): string {
  if (kind === 'host') return `${kind}\u0000${name.toLowerCase()}`;
  if (kind === 'alias-target') return `${kind}\u0000${trimSlashes(name)}`;
  return `${kind}\u0000${name}`;
}

function trimSlashes(p: string): string {
  const t = p.replace(/\/+$/, '');
  return t === '' && p.startsWith('/') ? '/' : t;
}

/** A ${NAME} that is not a RewriteMap lookup (those have a colon: httpd leaves them to mod_rewrite). */
const VARIABLE = /\$\{([^}:{$]+)\}/g;
/** The map name of a ${map:key|default} lookup. */
const MAP_LOOKUP = /\$\{([^}:{$\s]+):/g;

/** Directives whose own arguments define or use a name (besides ${NAME} anywhere). */
const NAMING_KEYS = new Set(['define', 'undefine', 'ifdefine', 'servername', 'serveralias', 'rewritemap', 'alias', 'scriptalias', 'directory']);

function buildIndex(model: ConfigModel): NameIndex {
  const occurrences: NameOccurrence[] = [];
  const seen = new Set<string>();
  const add = (use: DirectiveUse, kind: NameKind, name: string, start: number, end: number, role: NameOccurrence['role'], fixed = false): void => {
    const place = `${use.file}\u0000${start}`;
    // A file read twice (two Includes reaching it) holds each name once.
    if (seen.has(place)) return;
    seen.add(place);
    occurrences.push({ kind, name, key: nameKey(kind, name), file: use.file, line: use.line.line, start, end, role, fixed, use });
  };
  const aliasTargets = new Set<string>();
  const directories: { use: DirectiveUse; word: Word; text: string }[] = [];
  for (const use of model.uses) {
    // Most directives name nothing: skip them before allocating anything.
    const named = NAMING_KEYS.has(use.key);
    if (!named && !namesVariable(use)) continue;
    const text = model.parsed.get(use.file)?.text;
    if (text === undefined) continue;
    for (const word of use.words) {
      if (!word.value.includes('${')) continue;
      const raw = text.slice(word.start, word.end);
      for (const m of raw.matchAll(VARIABLE)) {
        const start = word.start + m.index + 2;
        add(use, 'variable', m[1], start, start + m[1].length, 'use');
      }
      for (const m of raw.matchAll(MAP_LOOKUP)) {
        const start = word.start + m.index + 2;
        add(use, 'rewrite-map', m[1], start, start + m[1].length, 'use');
      }
    }
    const first = use.words[0];
    if (!first || !named) continue;
    switch (use.key) {
      case 'define':
      case 'undefine': {
        const span = plainSpan(text, first);
        if (span && !first.value.includes('${')) add(use, 'variable', first.value, span.start, span.end, use.key === 'define' ? 'definition' : 'use');
        break;
      }
      case 'ifdefine': {
        const span = plainSpan(text, first);
        if (!span || first.value.includes('${')) break;
        const negated = first.value.startsWith('!');
        const name = negated ? first.value.slice(1) : first.value;
        if (name) add(use, 'variable', name, span.start + (negated ? 1 : 0), span.end, 'use');
        break;
      }
      case 'servername':
      case 'serveralias':
        for (const word of use.key === 'servername' ? [first] : use.words) {
          const span = plainSpan(text, word);
          if (!span || word.value.includes('${')) continue;
          const host = hostPart(word.value);
          if (!host.name) continue;
          add(use, 'host', host.name, span.start + host.offset, span.start + host.offset + host.name.length, use.key === 'servername' ? 'definition' : 'use');
        }
        break;
      case 'rewritemap': {
        const span = plainSpan(text, first);
        if (span && !first.value.includes('${')) add(use, 'rewrite-map', first.value, span.start, span.end, 'definition');
        break;
      }
      case 'alias':
      case 'scriptalias': {
        const target = use.words[1];
        if (!target) break;
        const span = plainSpan(text, target);
        const name = trimSlashes(target.value.includes('${') ? (use.args[1] ?? target.value) : target.value);
        if (!name) break;
        aliasTargets.add(name);
        if (span) add(use, 'alias-target', name, span.start, span.start + name.length, 'definition', target.value.includes('${') || !target.value.startsWith(name));
        else add(use, 'alias-target', name, target.start, target.end, 'definition', true);
        break;
      }
      case 'directory':
        if (use.isSection) directories.push({ use, word: first, text });
        break;
    }
  }
  // <Directory> sections of an Alias target's path, wherever they are (read order is no matter here).
  for (const { use, word, text } of directories) {
    const name = trimSlashes(word.value.includes('${') ? (use.args[0] ?? word.value) : word.value);
    if (!aliasTargets.has(name)) continue;
    const span = plainSpan(text, word);
    const fixed = !span || word.value.includes('${') || !word.value.startsWith(name);
    const start = span?.start ?? word.start;
    add(use, 'alias-target', name, start, span && !fixed ? start + name.length : word.end, 'use', fixed);
  }
  const byKey = new Map<string, NameOccurrence[]>();
  const byFile = new Map<string, NameOccurrence[]>();
  for (const o of occurrences) {
    push(byKey, o.key, o);
    push(byFile, o.file, o);
  }
  for (const list of byFile.values()) list.sort((a, b) => a.start - b.start);
  return { byKey, byFile };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Where a word's value stands in the text when it is written as it reads (no escapes, no line
 * continuation): the span inside the quotes. Undefined otherwise (such a word is not edited).
 */
function plainSpan(text: string, word: Word): { start: number; end: number } | undefined {
  const start = word.quote ? word.start + 1 : word.start;
  const end = word.quote && !word.unterminated ? word.end - 1 : word.end;
  return text.slice(start, end) === word.value ? { start, end } : undefined;
}

/** The host of a ServerName/ServerAlias value: "[scheme://]host[:port]" (IPv6 in brackets kept whole). */
function hostPart(value: string): { name: string; offset: number } {
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(value);
  const offset = scheme ? scheme[0].length : 0;
  const rest = value.slice(offset);
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    return { name: close === -1 ? rest : rest.slice(0, close + 1), offset };
  }
  const colon = rest.indexOf(':');
  return { name: colon === -1 ? rest : rest.slice(0, colon), offset };
}

/** Whether a use's words hold a ${...}, read without making the words. */
function namesVariable(use: DirectiveUse): boolean {
  const count = argCount(use.line);
  for (let i = 0; i < count; i++) if (argValue(use.line, i).includes('${')) return true;
  return false;
}
