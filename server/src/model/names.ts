// Where each name of the configuration is defined and used across the whole tree: Define names
// (Define, UnDefine, <IfDefine>, every ${NAME}), host names (ServerName, ServerAlias), RewriteMap
// names (the map and each ${map:key}) and Alias targets (Alias, ScriptAlias and the <Directory>
// sections of the same path), for references, highlights and rename. Nothing is gathered for the
// whole tree: the names of one file are read from that file's uses (the cursor's name), and the
// places of one name from a pass over the uses that can hold it (kept for a few names per model),
// so a request at 2,000 virtual hosts holds its own answer, not every name of the tree.

import { argCount, argValue, argWord, trimTrailingSlashes, type Word } from '../parser';
import type { ConfigModel, DirectiveUse } from './types';
import { fileRuns } from './use-index';

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

/** The occurrence whose name holds the offset, if any. */
export function nameAt(model: ConfigModel, file: string, offset: number): NameOccurrence | undefined {
  const list = namesOfFile(model, file).byStart;
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

/** The occurrences of one file in read order (each place once). */
export function namesInFile(model: ConfigModel, file: string): readonly NameOccurrence[] {
  return namesOfFile(model, file).inOrder;
}

/** Every occurrence of the name `key` (see nameKey) in the tree, in read order (each place once). */
export function occurrencesOfKey(model: ConfigModel, key: string): readonly NameOccurrence[] {
  const kept = keptFor(model).byKey;
  let list = kept.get(key);
  if (!list) {
    list = gatherKey(model, key);
    if (kept.size >= KEYS_KEPT) kept.delete(kept.keys().next().value as string);
    kept.set(key, list);
  }
  return list;
}

export function nameKey(kind: NameKind, name: string): string {
  if (kind === 'host') return `${kind}\u0000${name.toLowerCase()}`;
  if (kind === 'alias-target') return `${kind}\u0000${trimSlashes(name)}`;
  return `${kind}\u0000${name}`;
}

function trimSlashes(p: string): string {
  const t = trimTrailingSlashes(p);
  return t === '' && p.startsWith('/') ? '/' : t;
}

/** A ${NAME} that is not a RewriteMap lookup (those have a colon: httpd leaves them to mod_rewrite). */
const VARIABLE = /\$\{([^}:{$]+)\}/g;
/** The map name of a ${map:key|default} lookup. */
const MAP_LOOKUP = /\$\{([^}:{$\s]+):/g;

/** Directives whose own arguments define or use a name (besides ${NAME} anywhere). */
const NAMING_KEYS = new Set(['define', 'undefine', 'ifdefine', 'servername', 'serveralias', 'rewritemap', 'alias', 'scriptalias', 'directory']);

/** What is kept per model: the last files' names and the last names' places (requests come in runs on one name). */
interface Kept {
  byFile: Map<string, FileNames>;
  byKey: Map<string, NameOccurrence[]>;
  aliasTargets?: Set<string>;
}

interface FileNames {
  inOrder: NameOccurrence[];
  /** The same, sorted by offset. */
  byStart: NameOccurrence[];
}

const FILES_KEPT = 8;
const KEYS_KEPT = 16;
const kept = new WeakMap<ConfigModel, Kept>();

function keptFor(model: ConfigModel): Kept {
  let k = kept.get(model);
  if (!k) kept.set(model, (k = { byFile: new Map(), byKey: new Map() }));
  return k;
}

function namesOfFile(model: ConfigModel, file: string): FileNames {
  const byFile = keptFor(model).byFile;
  let names = byFile.get(file);
  if (!names) {
    const inOrder = gatherFile(model, file);
    names = { inOrder, byStart: [...inOrder].sort((a, b) => a.start - b.start) };
    if (byFile.size >= FILES_KEPT) byFile.delete(byFile.keys().next().value as string);
    byFile.set(file, names);
  }
  return names;
}

/**
 * Collects occurrences, each place of a file once: a file read twice (two Includes) holds each
 * name once, and its first reading claims the place even when the second names something else
 * there (an Alias target with a ${VAR} defined in between). With `wanted`, only that name is kept.
 */
class Collector {
  readonly list: NameOccurrence[] = [];
  /** Some occurrence of the wanted name was met, kept or not. */
  met = false;
  /** The offsets taken in each file. */
  private readonly seen = new Map<string, Set<number>>();
  constructor(private readonly wanted?: string) {}

  add(use: DirectiveUse, kind: NameKind, name: string, start: number, end: number, role: NameOccurrence['role'], fixed = false): void {
    const key = nameKey(kind, name);
    const isWanted = this.wanted === undefined || key === this.wanted;
    if (isWanted) this.met = true;
    let taken = this.seen.get(use.file);
    if (!taken) this.seen.set(use.file, (taken = new Set()));
    if (taken.has(start)) return;
    taken.add(start);
    // The wanted key itself, not this place's copy of it: 22,000 places of one Alias target at 2,000 vhosts.
    if (isWanted) this.list.push({ kind, name, key: this.wanted ?? key, file: use.file, line: use.line.line, start, end, role, fixed, use });
  }
}

/** The names of one file's uses; its <Directory> sections of an Alias target of the tree come last, as in a pass over the tree. */
function gatherFile(model: ConfigModel, file: string): NameOccurrence[] {
  const out = new Collector();
  const text = model.parsed.get(file)?.text;
  if (text === undefined) return out.list;
  const directories: DirectiveUse[] = [];
  for (const run of fileRuns(model)) {
    if (run[0].file !== file) continue;
    for (let i = 0; i < run.length; i++) {
      const use = run[i];
      if (!NAMING_KEYS.has(use.key) && !namesVariable(use)) continue;
      useNames(use, text, out);
      if (use.key === 'directory' && use.isSection) directories.push(use);
    }
  }
  if (directories.length) {
    const targets = aliasTargetsOf(model);
    for (const use of directories) directoryName(use, text, targets, out);
  }
  return out.list;
}

/** The places of one name: only the uses that can hold a name of its kind are read. */
function gatherKey(model: ConfigModel, key: string): NameOccurrence[] {
  const out = new Collector(key);
  const kind = key.slice(0, key.indexOf('\u0000')) as NameKind;
  const uses = model.uses;
  const directories: DirectiveUse[] = [];
  for (let i = 0; i < uses.length; i++) {
    const use = uses[i];
    const k = use.key;
    let candidate: boolean;
    if (kind === 'host') candidate = k === 'servername' || k === 'serveralias';
    else if (kind === 'alias-target') {
      if (k === 'directory' && use.isSection) directories.push(use);
      candidate = k === 'alias' || k === 'scriptalias';
    } else candidate = (kind === 'variable' ? k === 'define' || k === 'undefine' || k === 'ifdefine' : k === 'rewritemap') || namesVariable(use);
    if (!candidate) continue;
    const text = model.parsed.get(use.file)?.text;
    if (text !== undefined) useNames(use, text, out);
  }
  // A <Directory> of a path counts once an Alias of the tree has it as its target; those of other
  // targets are read too, as they may claim a place first (see Collector).
  if (kind === 'alias-target' && out.met) {
    const targets = aliasTargetsOf(model);
    for (const use of directories) {
      const text = model.parsed.get(use.file)?.text;
      if (text !== undefined) directoryName(use, text, targets, out);
    }
  }
  return out.list;
}

/** The Alias and ScriptAlias targets of the tree (distinct paths: few, even in a large tree). */
function aliasTargetsOf(model: ConfigModel): Set<string> {
  const k = keptFor(model);
  if (k.aliasTargets) return k.aliasTargets;
  const targets = new Set<string>();
  for (const use of model.uses) {
    if ((use.key !== 'alias' && use.key !== 'scriptalias') || argCount(use.line) < 2 || !model.parsed.has(use.file)) continue;
    const value = argValue(use.line, 1);
    const name = trimSlashes(value.includes('${') ? (use.args[1] ?? value) : value);
    if (name) targets.add(name);
  }
  return (k.aliasTargets = targets);
}

/** A use's names: each ${NAME} and ${map:…} of its words, then what its own arguments define or use. */
function useNames(use: DirectiveUse, text: string, out: Collector): void {
  const count = argCount(use.line);
  for (let i = 0; i < count; i++) {
    if (!argValue(use.line, i).includes('${')) continue;
    const word = argWord(use.line, i);
    const raw = text.slice(word.start, word.end);
    for (const m of raw.matchAll(VARIABLE)) {
      const start = word.start + m.index + 2;
      out.add(use, 'variable', m[1], start, start + m[1].length, 'use');
    }
    for (const m of raw.matchAll(MAP_LOOKUP)) {
      const start = word.start + m.index + 2;
      out.add(use, 'rewrite-map', m[1], start, start + m[1].length, 'use');
    }
  }
  if (count === 0 || !NAMING_KEYS.has(use.key)) return;
  const first = argWord(use.line, 0);
  switch (use.key) {
    case 'define':
    case 'undefine': {
      const span = plainSpan(text, first);
      if (span && !first.value.includes('${')) out.add(use, 'variable', first.value, span.start, span.end, use.key === 'define' ? 'definition' : 'use');
      break;
    }
    case 'ifdefine': {
      const span = plainSpan(text, first);
      if (!span || first.value.includes('${')) break;
      const negated = first.value.startsWith('!');
      const name = negated ? first.value.slice(1) : first.value;
      if (name) out.add(use, 'variable', name, span.start + (negated ? 1 : 0), span.end, 'use');
      break;
    }
    case 'servername':
    case 'serveralias':
      for (let i = 0; i < (use.key === 'servername' ? 1 : count); i++) {
        const word = i === 0 ? first : argWord(use.line, i);
        const span = plainSpan(text, word);
        if (!span || word.value.includes('${')) continue;
        const host = hostPart(word.value);
        if (!host.name) continue;
        out.add(use, 'host', host.name, span.start + host.offset, span.start + host.offset + host.name.length, use.key === 'servername' ? 'definition' : 'use');
      }
      break;
    case 'rewritemap': {
      const span = plainSpan(text, first);
      if (span && !first.value.includes('${')) out.add(use, 'rewrite-map', first.value, span.start, span.end, 'definition');
      break;
    }
    case 'alias':
    case 'scriptalias': {
      if (count < 2) break;
      const target = argWord(use.line, 1);
      const span = plainSpan(text, target);
      const name = trimSlashes(target.value.includes('${') ? (use.args[1] ?? target.value) : target.value);
      if (!name) break;
      if (span) out.add(use, 'alias-target', name, span.start, span.start + name.length, 'definition', target.value.includes('${') || !target.value.startsWith(name));
      else out.add(use, 'alias-target', name, target.start, target.end, 'definition', true);
      break;
    }
  }
}

/** A <Directory> section of a path some Alias of the tree targets. */
function directoryName(use: DirectiveUse, text: string, targets: Set<string>, out: Collector): void {
  if (argCount(use.line) === 0) return;
  const word = argWord(use.line, 0);
  const name = trimSlashes(word.value.includes('${') ? (use.args[0] ?? word.value) : word.value);
  if (!targets.has(name)) return;
  const span = plainSpan(text, word);
  const fixed = !span || word.value.includes('${') || !word.value.startsWith(name);
  const start = span?.start ?? word.start;
  out.add(use, 'alias-target', name, start, span && !fixed ? start + name.length : word.end, 'use', fixed);
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
