// A directive name no module of httpd 2.4 (or a known third-party module) defines.

import { directiveNames, getDirective, isKnownModuleName } from '../data';
import { REMOVED_IN_24 } from '../data/vocabulary';
import type { DirectiveInfo } from '../data/types';
import { loadedModule, type ConfigModel } from '../model';
import type { Rule } from './lib/types';
import { BUCKETS, countLetters, countsWithin } from './lib/letter-counts';
import { fitMessage } from './lib/message';
import { notInKnowledgeBaseMessage, unknownLoadedModules } from './lib/unknown-modules';
import { directiveInfo, isAvailable, moduleSetKey, nameSpan, processedUses } from './lib/util';

export function invalidCommandMessage(name: string): string {
  return `Invalid command '${name}', perhaps misspelled or defined by a module not included in the server configuration`;
}

export const unknownDirective: Rule = {
  id: 'unknown-directive',
  category: 'syntax',
  defaultSeverity: 'error',
  summary: 'A directive name that no known module defines (usually a typo); information while a module we have no facts for is loaded, a warning in a fragment whose modules are unknown.',
  scope: 'file',
  check(ctx) {
    const uses = processedUses(ctx.model);
    // Indexed: for-of makes an iterator result per line until the loop is optimized, which a CLI run rarely reaches.
    for (let ui = 0; ui < uses.length; ui++) {
      const use = uses[ui];
      const known = directiveInfo(use);
      if (known?.rejected) {
        ctx.report({ ...nameSpan(use), message: `${known.rejected}${known.deprecated?.successor ? ` Use ${known.deprecated.successor}.` : ''}` });
        continue;
      }
      // Documented in the manual but absent from the binary (Windows/NetWare/Solaris-only, renamed).
      if (known && known.source === 'manual' && known.allowedIn === null && known.providedBy.some((p) => p.identifier === null || !!loadedModule(ctx.model.modules, p.identifier))) {
        ctx.report({ ...nameSpan(use), message: `${invalidCommandMessage(use.isSection ? `<${use.name}` : use.name)}. ${use.name} is documented in the manual but this httpd build does not have it (other platform or renamed).` });
        continue;
      }
      if (known) continue;
      // A BOM glued to the first line is reported once, by utf8-bom.
      if (use.line.line === 0 && bomFiles(ctx.model).has(use.file)) continue;
      const shown = use.isSection ? `<${use.name}` : use.name;
      if (!shown) continue;
      const removed = REMOVED_IN_24[use.key];
      const suggestions = removed ? [] : suggestNames(ctx.model, use.name, use.isSection);
      const hint = removed ? ` ${use.name} was removed in httpd 2.4: ${removed}` : suggestions.length ? ` Did you mean ${suggestions.map((s) => (use.isSection ? `<${s}>` : s)).join(', ')}?` : '';
      // A module we have no facts for may define the name: say so, never an error.
      const unknownModules = removed ? [] : unknownLoadedModules(ctx.model);
      if (unknownModules.length) {
        ctx.report({ ...nameSpan(use), severity: 'information', message: `${notInKnowledgeBaseMessage(ctx.model, shown, unknownModules)}${hint}`, data: { suggestions } });
        continue;
      }
      // A fragment checked alone, inside <IfModule> of a module we have no facts for: that module very likely defines it.
      const guard = !removed && !ctx.model.moduleStateKnown ? unknownModuleGuard(use) : undefined;
      if (guard) {
        ctx.report({ ...nameSpan(use), severity: 'information', message: fitMessage(`${shown} is not in the knowledge base; read only when ${guard} is loaded, a module it has no facts for either.${hint}`, `${shown} is not in the knowledge base; read only when ${guard} is loaded.${hint}`, `${shown} is not in the knowledge base.`), data: { suggestions } });
        continue;
      }
      // A fragment checked alone: a module we cannot see may define the name, so not certain enough for an error.
      if (!removed && !ctx.model.moduleStateKnown) {
        ctx.report({ ...nameSpan(use), severity: 'warning', message: fitMessage(`${shown} is not in the knowledge base; modules unknown here: fine if a module provides it, else an error.${hint}`, `${shown} is not in the knowledge base; fine if a module provides it.${hint}`, `${shown} is not in the knowledge base.${hint}`, `${shown} is not in the knowledge base.`), data: { suggestions } });
        continue;
      }
      // httpd's own words first; shorter forms when a long name or hint would not fit.
      const message = fitMessage(
        `${invalidCommandMessage(shown)}.${hint}`,
        `Invalid command '${shown}'.${hint}`,
        removed ? `Invalid command '${shown}': removed in 2.4; ${removed}` : `Invalid command '${shown}'.`,
      );
      ctx.report({ ...nameSpan(use), message, data: { suggestions } });
    }
  },
  fixes(finding, ctx) {
    const suggestions = (finding.data?.suggestions as string[] | undefined) ?? [];
    const text = ctx.text(finding.file) ?? '';
    const isSection = text[finding.start] === '<';
    return suggestions.map((name, i) => ({
      title: `Change to ${name}`,
      preferred: i === 0 && suggestions.length === 1,
      edits: [{ file: finding.file, start: finding.start + (isSection ? 1 : 0), end: finding.end, newText: name }],
    }));
  },
};

/** The module of the innermost enclosing <IfModule NAME> (not negated) that the knowledge base does not know. */
function unknownModuleGuard(use: { conditions: readonly { key: string; args: string[] }[] }): string | undefined {
  for (let i = use.conditions.length - 1; i >= 0; i--) {
    const c = use.conditions[i];
    const name = c.args[0];
    if (c.key === 'ifmodule' && name && !name.startsWith('!') && !isKnownModuleName(name)) return name;
  }
  return undefined;
}

/** Up to three known names close to `name`, those of loaded modules first. */
// Keyed by the modules map, which a tree's per-file views share: one set of suggestions per tree.
const suggestionCache = new WeakMap<object, Map<string, string[]>>();
const bomCache = new WeakMap<ConfigModel, Set<string>>();
/** Distinct unknown names given suggestions per model; past it (a tree of junk) none are computed. */
const MAX_SUGGESTED_NAMES = 500;
/** No directive name is longer; a longer word gets no suggestion. */
const MAX_NAME_LENGTH = 48;

function bomFiles(model: ConfigModel): Set<string> {
  let files = bomCache.get(model);
  if (!files) bomCache.set(model, (files = new Set(model.problems.filter((p) => p.code === 'utf8-bom').map((p) => p.file))));
  return files;
}

/** Close known names, computed once per distinct name and model (a file may repeat one bad name 100,000 times). */
export function suggestNames(model: ConfigModel, name: string, isSection: boolean): string[] {
  let cache = suggestionCache.get(model.modules);
  if (!cache) suggestionCache.set(model.modules, (cache = new Map()));
  const key = `${isSection ? '<' : ''}${name}`;
  let names = cache.get(key);
  if (!names) {
    names = cache.size < MAX_SUGGESTED_NAMES && name.length <= MAX_NAME_LENGTH ? rememberedSuggestions(model, key, name, isSection) : [];
    cache.set(key, names);
  }
  return names;
}

/**
 * Suggestions depend on the name and the set of loaded modules only: an edit's new model with the
 * same modules finds those of the names it had (a name typed, then deleted key by key).
 */
const suggestionsBySet = new Map<string, Map<string, string[]>>();
const MAX_REMEMBERED_SETS = 8;
const MAX_REMEMBERED_NAMES = 2000;

function rememberedSuggestions(model: ConfigModel, key: string, name: string, isSection: boolean): string[] {
  const set = moduleSetKey(model.modules);
  let byName = suggestionsBySet.get(set);
  if (!byName || byName.size >= MAX_REMEMBERED_NAMES) {
    if (!byName && suggestionsBySet.size >= MAX_REMEMBERED_SETS) suggestionsBySet.clear();
    suggestionsBySet.set(set, (byName = new Map()));
  }
  let names = byName.get(key);
  if (!names) byName.set(key, (names = computeSuggestions(name, isSection, (info) => isAvailable(model, info))));
  return names;
}

/** Names typed on the way to a directive, for prepareSuggestions. */
const PRIMING_NAMES: readonly [string, boolean][] = [['K', false], ['Kee', false], ['KeepAlivT', false], ['KeepAliveTimeut', false], ['VirtualHst', true]];

/**
 * What the first unknown name of a session would do, done while the server is idle: every known
 * name's letter counts, and the suggestion code run (and compiled) on throwaway names. Writes only
 * tables of the directive names that any call fills the same way; the suggestions remembered
 * per name and module set are left alone.
 */
export function prepareSuggestions(): void {
  const { lower, counts, counted } = allKnownNames();
  for (let i = 0; i < lower.length; i++) {
    if (counted[i]) continue;
    countLetters(lower[i], counts, i * BUCKETS);
    counted[i] = 1;
  }
  for (const [name, isSection] of PRIMING_NAMES) computeSuggestions(name, isSection, () => false);
}

/**
 * Every directive name (sections and directives) lower-cased once, with its letter counts (BUCKETS
 * per name, in order; counted when first needed). Taken from the table's index of names: only a
 * close name's entry is read (its kind and module), not the whole table (≈ 15 ms at the first
 * unknown name typed into a server).
 */
interface KnownNames {
  names: string[];
  lower: string[];
  counts: Uint8Array;
  counted: Uint8Array;
}
let knownNames: KnownNames | undefined;
function allKnownNames(): KnownNames {
  if (!knownNames) {
    const names = directiveNames().slice();
    knownNames = { names, lower: names.map((n) => n.toLowerCase()), counts: new Uint8Array(names.length * BUCKETS), counted: new Uint8Array(names.length) };
  }
  return knownNames;
}

/** The letter counts of the name being matched (reused). */
const nameCounts = new Int32Array(BUCKETS);

function computeSuggestions(name: string, isSection: boolean, loaded: (info: DirectiveInfo) => boolean): string[] {
  const lower = name.toLowerCase();
  const maxDistance = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  const scored: { info: DirectiveInfo; distance: number; loaded: boolean }[] = [];
  const { names, lower: lowered, counts, counted } = allKnownNames();
  nameCounts.fill(0);
  countLetters(lower, nameCounts);
  for (let i = 0; i < names.length; i++) {
    const other = lowered[i];
    // Two cheap bounds first: most of the table is too long, too short or made of other letters.
    if (Math.abs(other.length - lower.length) > maxDistance) continue;
    if (!counted[i]) {
      countLetters(other, counts, i * BUCKETS);
      counted[i] = 1;
    }
    if (!countsWithin(nameCounts, counts, i * BUCKETS, maxDistance)) continue;
    const distance = editDistance(lower, other, maxDistance);
    if (distance > maxDistance) continue;
    const info = getDirective(names[i]);
    if (info && info.isSection === isSection) scored.push({ info, distance, loaded: loaded(info) });
  }
  scored.sort((a, b) => a.distance - b.distance || Number(b.loaded) - Number(a.loaded) || a.info.name.localeCompare(b.info.name));
  return scored.slice(0, 3).map((s) => s.info.name);
}

/** Three rows of the distance table, reused across calls (grown when a longer name comes). */
let rowsBuffer = new Int32Array(3 * 64);

/** Levenshtein distance with adjacent transpositions, giving up above `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const width = b.length + 1;
  if (rowsBuffer.length < 3 * width) rowsBuffer = new Int32Array(3 * width);
  const rows = rowsBuffer;
  // Row i lives at ((i % 3) * width): the transposition step reads two rows back.
  for (let j = 0; j < width; j++) rows[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const cur = (i % 3) * width;
    const prev = ((i - 1) % 3) * width;
    const prev2 = ((i + 1) % 3) * width;
    rows[cur] = i;
    let rowMin = Infinity;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j < width; j++) {
      const bj = b.charCodeAt(j - 1);
      const cost = ai === bj ? 0 : 1;
      let value = Math.min(rows[prev + j] + 1, rows[cur + j - 1] + 1, rows[prev + j - 1] + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) value = Math.min(value, rows[prev2 + j - 2] + 1);
      rows[cur + j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
  }
  return rows[(a.length % 3) * width + b.length];
}
