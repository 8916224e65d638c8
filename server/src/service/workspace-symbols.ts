// Workspace symbols: the virtual hosts (by ServerName and address), the Directory and Location
// sections, the Defines and the loaded modules of every tree, matched against a query loosely
// (substring first, then the query's characters in order). Each tree's list is built once per
// model, so a query costs one pass over the symbols.

import * as path from 'path';
import type { Range } from 'vscode-languageserver-types';
import { expandedMacroAt, type ConfigModel, type DirectiveUse, type SectionUse } from '../model';
import type { DirectiveLine, ParsedFile, SectionOpenLine } from '../parser';
import { rangeInFile } from './positions';

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

/** One symbol as kept between queries: the item is made for the few answered (thousands are kept at 2,000 vhosts). */
interface Entry {
  label: string;
  kind: WorkspaceSymbolKind;
  container: string;
  file: string;
  line: DirectiveLine | SectionOpenLine;
  parsed: ParsedFile | undefined;
  /** Lower-cased name, and everything else the query may match (aliases, address). */
  name: string;
  rest: string;
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
  // The sections of one vhost share their container: one lower-cased copy of it for them all.
  const lowered = new Map<string, string>();
  const add = (use: DirectiveUse, kind: WorkspaceSymbolKind, name: string, container: string, extra = ''): void => {
    // One entry per place, but an expanded macro body is one place for every Use: one per name there,
    // and the body as written (its parameters unreplaced) is left out.
    const expanded = model.macros !== undefined && expandedMacroAt(model, use.file, use.line.line) !== undefined;
    if (expanded && !use.active) return;
    const key = expanded ? `${use.file}\u0000${use.line.line}\u0000${name}` : `${use.file}\u0000${use.line.line}`;
    if (seen.has(key)) return;
    seen.add(key);
    const shown = use.active ? container : `${container} (inactive)`;
    const lower = name.toLowerCase();
    const restText = `${container} ${extra}`;
    let rest = lowered.get(restText);
    if (rest === undefined) lowered.set(restText, (rest = restText.toLowerCase()));
    entries.push({ label: name, kind, container: shown, file: use.file, line: use.line, parsed: model.parsed.get(use.file), name: lower, rest });
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
  const anywhere = subsequence(entry.name, query, entry.rest);
  return anywhere ? 200 + anywhere : 0;
}

/**
 * 0 when the characters of `query` are not all in `text` in order; else a bonus (max 99) for runs.
 * With `more`, the text is `text + ' ' + more`, read without joining them.
 */
function subsequence(text: string, query: string, more?: string): number {
  let j = 0;
  let runs = 0;
  let last = -2;
  const length = more === undefined ? text.length : text.length + 1 + more.length;
  for (let i = 0; i < length && j < query.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : i === text.length ? 32 : more!.charCodeAt(i - text.length - 1);
    if (c !== query.charCodeAt(j)) continue;
    if (i === last + 1) runs++;
    last = i;
    j++;
  }
  return j === query.length ? 1 + Math.min(runs * 5, 98) : 0;
}

/**
 * The symbols of the trees that fit the query, best first (each file place once). When some
 * symbol holds the query as written, only those are listed; else the loose matches. At most
 * `limit` are kept while the lists are read (the best so far), so a query over thousands of
 * symbols allocates for its answer only.
 */
export function workspaceSymbols(models: ConfigModel[], query: string, limit = MAX_WORKSPACE_SYMBOLS): WorkspaceSymbolItem[] {
  const q = query.trim().toLowerCase().replace(/\s+/g, ' ');
  const lists = models.map(entriesOf);
  // A file two trees read (shared sites folders) is listed once: its first tree's entry counts.
  const listed = lists.length > 1 ? firstListings(lists) : undefined;
  const best = new BestScored(limit);
  const offer = (score: (entry: Entry) => number): void => {
    for (let l = 0; l < lists.length; l++) {
      const list = lists[l];
      for (let i = 0; i < list.length; i++) {
        const entry = list[i];
        if (listed && listed.get(placeOf(entry)) !== entry) continue;
        const s = score(entry);
        if (s) best.offer(entry, s);
      }
    }
  };
  if (!q) offer(() => 1);
  else {
    offer((entry) => substringScore(entry, q));
    if (best.size === 0) offer((entry) => looseScore(entry, q));
  }
  return best.sorted().map(({ label, kind, container, file, line, parsed }) => {
    const range = parsed ? rangeInFile(parsed, line.contentStart, line.contentEnd) : { start: { line: line.line, character: 0 }, end: { line: line.line, character: 0 } };
    return { name: label, kind, container, file, line: line.line, start: line.contentStart, end: line.contentEnd, range };
  });
}

const placeOf = (entry: Entry): string => `${entry.file}\u0000${entry.line.line}`;

/** For several trees: the entry that lists each place (the first tree's), so another tree's entry of it is skipped. */
const firstByLists = new WeakMap<Entry[], { lists: Entry[][]; first: Map<string, Entry> }>();

function firstListings(lists: Entry[][]): Map<string, Entry> {
  const kept = firstByLists.get(lists[0]);
  if (kept && kept.lists.length === lists.length && kept.lists.every((l, i) => l === lists[i])) return kept.first;
  const first = new Map<string, Entry>();
  for (const list of lists) for (const entry of list) if (!first.has(placeOf(entry))) first.set(placeOf(entry), entry);
  firstByLists.set(lists[0], { lists, first });
  return first;
}

/** Best first: higher score, then name, file and line in code-unit order. */
function better(a: Entry, as: number, b: Entry, bs: number): boolean {
  if (as !== bs) return as > bs;
  return (compare(a.name, b.name) || compare(a.file, b.file) || a.line.line - b.line.line) < 0;
}

/** The `limit` best entries offered, in a heap whose root is the worst kept (replaced when a better one comes). */
class BestScored {
  private readonly entries: Entry[] = [];
  private readonly scores: number[] = [];
  constructor(private readonly limit: number) {}

  get size(): number {
    return this.entries.length;
  }

  offer(entry: Entry, score: number): void {
    const { entries, scores } = this;
    if (entries.length < this.limit) {
      entries.push(entry);
      scores.push(score);
      this.up(entries.length - 1);
    } else if (this.limit > 0 && better(entry, score, entries[0], scores[0])) {
      entries[0] = entry;
      scores[0] = score;
      this.down(0);
    }
  }

  /** The kept entries, best first. */
  sorted(): Entry[] {
    const order = this.entries.map((_, i) => i);
    order.sort((a, b) => (better(this.entries[a], this.scores[a], this.entries[b], this.scores[b]) ? -1 : better(this.entries[b], this.scores[b], this.entries[a], this.scores[a]) ? 1 : 0));
    return order.map((i) => this.entries[i]);
  }

  /** True when i is worse than j (nearer the root). */
  private worse(i: number, j: number): boolean {
    return better(this.entries[j], this.scores[j], this.entries[i], this.scores[i]);
  }

  private swap(i: number, j: number): void {
    const { entries, scores } = this;
    const entry = entries[i];
    const score = scores[i];
    entries[i] = entries[j];
    scores[i] = scores[j];
    entries[j] = entry;
    scores[j] = score;
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.worse(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.entries.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < n && this.worse(l, worst)) worst = l;
      if (r < n && this.worse(r, worst)) worst = r;
      if (worst === i) return;
      this.swap(i, worst);
      i = worst;
    }
  }
}

/** Code-unit order: stable and cheap (localeCompare costs much more over thousands of names). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
