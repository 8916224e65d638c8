// Workspace symbols: the virtual hosts (by ServerName and address), the Directory and Location
// sections, the Defines and the loaded modules of every tree, matched against a query loosely
// (substring first, then the query's characters in order). Each tree's list is built once per
// model, so a query costs one pass over the symbols.

import * as path from 'path';
import type { Range } from 'vscode-languageserver-types';
import type { ConfigModel, DirectiveUse, SectionUse } from '../model';
import type { ParsedFile } from '../parser';
import { documentFor, rangeOf } from './positions';

export type WorkspaceSymbolKind = 'vhost' | 'section' | 'define' | 'module';

export interface WorkspaceSymbolItem {
  name: string;
  kind: WorkspaceSymbolKind;
  /** Where it sits (the vhost's address, the enclosing vhost, the Define's value…). */
  container: string;
  file: string;
  line: number;
  start: number;
  end: number;
  /** The same place as line and character. */
  range: Range;
}

interface Entry {
  item: Omit<WorkspaceSymbolItem, 'range'>;
  parsed: ParsedFile | undefined;
  /** Lower-cased name, everything else the query may match (aliases, address), and both. */
  name: string;
  rest: string;
  all: string;
}

const SECTIONS = new Set(['directory', 'directorymatch', 'location', 'locationmatch']);
/** Results per query: enough for any picker; the best-scored are kept. */
export const MAX_WORKSPACE_SYMBOLS = 500;

const lists = new WeakMap<ConfigModel, Entry[]>();

function entriesOf(model: ConfigModel): Entry[] {
  let entries = lists.get(model);
  if (!entries) lists.set(model, (entries = buildEntries(model)));
  return entries;
}

function buildEntries(model: ConfigModel): Entry[] {
  // ServerName and ServerAlias of each vhost, found through the uses' parents (one pass).
  const names = new Map<SectionUse, { serverName?: string; aliases: string[] }>();
  for (const use of model.uses) {
    if (use.key !== 'servername' && use.key !== 'serveralias') continue;
    const vhost = enclosingVhost(use);
    if (!vhost) continue;
    let facts = names.get(vhost);
    if (!facts) names.set(vhost, (facts = { aliases: [] }));
    if (use.key === 'servername') facts.serverName ??= use.args[0];
    else facts.aliases.push(...use.args);
  }
  const entries: Entry[] = [];
  const seen = new Set<string>();
  const add = (use: DirectiveUse, kind: WorkspaceSymbolKind, name: string, container: string, extra = ''): void => {
    const key = `${use.file}\u0000${use.line.line}`;
    if (seen.has(key)) return;
    seen.add(key);
    const shown = use.active ? container : `${container} (inactive)`;
    const item = { name, kind, container: shown, file: use.file, line: use.line.line, start: use.line.contentStart, end: use.line.contentEnd };
    const lower = name.toLowerCase();
    const rest = `${container} ${extra}`.toLowerCase();
    entries.push({ item, parsed: model.parsed.get(use.file), name: lower, rest, all: `${lower} ${rest}` });
  };
  for (const use of model.uses) {
    if (use.isSection && use.key === 'virtualhost') {
      const facts = names.get(use as SectionUse);
      const address = `<VirtualHost ${use.args.join(' ')}>`;
      add(use, 'vhost', facts?.serverName ?? address, facts?.serverName ? address : path.basename(use.file), facts?.aliases.join(' '));
    } else if (use.isSection && SECTIONS.has(use.key)) {
      const vhost = enclosingVhost(use);
      const inside = vhost ? names.get(vhost)?.serverName ?? `<VirtualHost ${vhost.args.join(' ')}>` : path.basename(use.file);
      add(use, 'section', `<${use.name} ${use.args.join(' ')}>`, inside);
    } else if (use.key === 'define' && use.args[0]) {
      add(use, 'define', use.args[0], use.args.slice(1).join(' '));
    } else if (use.key === 'loadmodule' && use.args[0]) {
      add(use, 'module', use.args[0], use.args[1] ?? '');
    }
  }
  return entries;
}

function enclosingVhost(use: DirectiveUse): SectionUse | undefined {
  for (let i = use.parents.length - 1; i >= 0; i--) if (use.parents[i].key === 'virtualhost') return use.parents[i];
  return undefined;
}

/**
 * How well the query fits by substring: exact name, name prefix, inside the name, elsewhere
 * (container, aliases); 0 for none.
 */
function substringScore(entry: Entry, query: string): number {
  const { name, rest } = entry;
  if (name === query) return 1000;
  const at = name.indexOf(query);
  if (at === 0) return 900;
  if (at > 0) return 800 - Math.min(at, 99);
  return rest.includes(query) ? 600 : 0;
}

/** The query's characters in order, in the name first, then anywhere; 0 for no match. */
function looseScore(entry: Entry, query: string): number {
  const inName = subsequence(entry.name, query);
  if (inName) return 400 + inName;
  const anywhere = subsequence(entry.all, query);
  return anywhere ? 200 + anywhere : 0;
}

/** 0 when the characters of `query` are not all in `text` in order; else a bonus (max 99) for runs. */
function subsequence(text: string, query: string): number {
  let j = 0;
  let runs = 0;
  let last = -2;
  for (let i = 0; i < text.length && j < query.length; i++) {
    if (text.charCodeAt(i) !== query.charCodeAt(j)) continue;
    if (i === last + 1) runs++;
    last = i;
    j++;
  }
  return j === query.length ? 1 + Math.min(runs * 5, 98) : 0;
}

/**
 * The symbols of the trees that fit the query, best first (each file place once). When some
 * symbol holds the query as written, only those are listed; else the loose matches.
 */
export function workspaceSymbols(models: ConfigModel[], query: string, limit = MAX_WORKSPACE_SYMBOLS): WorkspaceSymbolItem[] {
  const q = query.trim().toLowerCase().replace(/\s+/g, ' ');
  // A file two trees read (shared sites folders) is listed once.
  const entries: Entry[] = models.length === 1 ? entriesOf(models[0]) : [];
  const seen = new Set<string>();
  for (const model of models.length === 1 ? [] : models) {
    for (const entry of entriesOf(model)) {
      const key = `${entry.item.file}\u0000${entry.item.line}`;
      if (seen.has(key)) continue;
      seen.add(key);
      entries.push(entry);
    }
  }
  let scored: { entry: Entry; score: number }[] = [];
  if (!q) scored = entries.map((entry) => ({ entry, score: 1 }));
  else {
    for (const entry of entries) {
      const s = substringScore(entry, q);
      if (s) scored.push({ entry, score: s });
    }
    if (scored.length === 0) {
      for (const entry of entries) {
        const s = looseScore(entry, q);
        if (s) scored.push({ entry, score: s });
      }
    }
  }
  scored.sort((a, b) => b.score - a.score || compare(a.entry.name, b.entry.name) || compare(a.entry.item.file, b.entry.item.file) || a.entry.item.line - b.entry.item.line);
  return scored.slice(0, limit).map(({ entry: { item, parsed } }) => {
    const range = parsed ? rangeOf(documentFor(parsed, parsed.text), item.start, item.end) : { start: { line: item.line, character: 0 }, end: { line: item.line, character: 0 } };
    return { ...item, range };
  });
}

/** Code-unit order: stable and cheap (localeCompare costs much more over thousands of names). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
