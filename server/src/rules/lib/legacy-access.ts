// 2.2-style access control (Order/Allow/Deny/Satisfy, mod_access_compat): the lines of each
// section, what they mean, and whether replacing them with Require is exact.
//
// mod_access_compat does not merge: a section with any of these lines replaces the whole
// Order/Allow/Deny state of the sections above it, and a section without them inherits it.
// So one section's lines have a meaning of their own, and removing them makes the section
// inherit whatever 2.2-style lines apply further up; the fix is refused when there may be some.

import * as path from 'path';
import type { ConfigModel, DirectiveUse, SectionUse } from '../../model';
import { gatheredOnce, regexMatches, runSlot } from '../../model';
import { activeOnlyByAssumption } from './advisor-util';
import { SECTIONS } from '../../data/vocabulary';
import { trimTrailingSlashes } from '../../parser';

const LEGACY = new Set(['order', 'allow', 'deny', 'satisfy']);

export interface LegacyGroup {
  /** The section the lines belong to; undefined for the top level of a file (.htaccess). */
  section?: SectionUse;
  file: string;
  lines: DirectiveUse[];
}

const cache = new WeakMap<ConfigModel, LegacyGroup[]>();

/** A run's active Order/Allow/Deny/Satisfy lines, listed once per run. */
const legacyLines = runSlot((run) => run.filter((u) => u.active && !u.isSection && LEGACY.has(u.key)));

/** Active 2.2-style lines grouped by the section (or file top level) they configure. */
export function legacyGroups(model: ConfigModel): LegacyGroup[] {
  let groups = cache.get(model);
  if (groups) return groups;
  const byOwner = new Map<SectionUse | string, LegacyGroup>();
  // A file included twice reads its lines twice; a group holds each line once (one edit per line).
  const seen = new Set<unknown>();
  for (const use of gatheredOnce(model, legacyLines)) {
    if (isFallbackFor22(model, use) || seen.has(use.line)) continue;
    seen.add(use.line);
    const section = use.parents[use.parents.length - 1];
    const owner = section ?? use.file;
    let group = byOwner.get(owner);
    if (!group) byOwner.set(owner, (group = { section, file: use.file, lines: [] }));
    group.lines.push(use);
  }
  groups = [...byOwner.values()];
  cache.set(model, groups);
  return groups;
}

/** Lines in a fragment's `<IfModule !mod_authz_core.c>`-style branch: written for 2.2 servers only. */
function isFallbackFor22(model: ConfigModel, use: DirectiveUse): boolean {
  return activeOnlyByAssumption(model, use) && use.conditions.some((c) => c.key === 'ifmodule' && /^!|authz|access/i.test(c.args[0] ?? ''));
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){0,3}(\/(\d{1,2}|\d{1,3}(\.\d{1,3}){3}))?$/;
const IPV6 = /^[0-9a-f]*:[0-9a-f:.]*(\/\d{1,3})?$/i;

/** `Allow from …` / `Deny from …` targets as Require lines; undefined when one has no exact form. */
function requireLines(targets: string[]): string[] | undefined {
  const ips: string[] = [];
  const hosts: string[] = [];
  const envs: string[] = [];
  for (const t of targets) {
    if (IPV4.test(t) || IPV6.test(t)) ips.push(t);
    else if (/^env=[^!]/i.test(t)) envs.push(t.slice(4));
    else if (/^[a-z0-9.-]+$/i.test(t) && t.toLowerCase() !== 'all' && !/^env=/i.test(t)) hosts.push(t);
    else return undefined;
  }
  const out: string[] = [];
  if (ips.length) out.push(`Require ip ${ips.join(' ')}`);
  if (hosts.length) out.push(`Require host ${hosts.join(' ')}`);
  for (const env of envs) out.push(`Require env ${env}`);
  return out;
}

export type Translation = { lines: string[] } | { refused: string };

/** The Require lines a group's own Order/Allow/Deny lines mean, or why there is no exact one. */
export function translate(group: LegacyGroup): Translation {
  const { lines } = group;
  if (lines.some((u) => u.key === 'satisfy')) return { refused: 'Satisfy combines host access with authentication, which Require expresses with <RequireAny>/<RequireAll> written by hand' };
  const orders = lines.filter((u) => u.key === 'order');
  const order = (orders[orders.length - 1]?.args[0] ?? 'deny,allow').toLowerCase();
  const targets = (key: string): string[] | undefined => {
    const out: string[] = [];
    for (const u of lines.filter((l) => l.key === key)) {
      if (u.args[0]?.toLowerCase() !== 'from' || u.args.length < 2) return undefined;
      out.push(...u.args.slice(1));
    }
    return out;
  };
  const allow = targets('allow');
  const deny = targets('deny');
  if (!allow || !deny) return { refused: 'an Allow or Deny line is malformed' };
  const isAll = (list: string[]): boolean => list.some((t) => t.toLowerCase() === 'all');
  const listed = (list: string[]): Translation => {
    const out = requireLines(list);
    return out ? { lines: out } : { refused: 'some Allow targets have no Require equivalent' };
  };
  if (order === 'allow,deny') {
    // Allowed only when an Allow matches and no Deny does.
    if (!allow.length || isAll(deny)) return { lines: ['Require all denied'] };
    if (deny.length) return { refused: 'it mixes Allow and Deny lists (that needs <RequireAll> with Require not …)' };
    return isAll(allow) ? { lines: ['Require all granted'] } : listed(allow);
  }
  if (order === 'deny,allow') {
    // Allowed unless a Deny matches and no Allow does.
    if (isAll(allow)) return { lines: ['Require all granted'] };
    if (isAll(deny)) return allow.length ? listed(allow) : { lines: ['Require all denied'] };
    if (!deny.length && !allow.length) return { lines: ['Require all granted'] };
    if (!deny.length) return { refused: 'with Order deny,allow and no Deny line it lets everyone in, whatever the Allow line says' };
    return { refused: 'it mixes Allow and Deny lists (that needs <RequireAll> with Require not …)' };
  }
  return { refused: `Order ${order} has no one-line Require equivalent` };
}

const METHOD_SECTIONS = SECTIONS.method;
const DIRECTORY_SECTIONS = SECTIONS.directory;

/** The section whose configuration the lines set (<Limit> only filters methods inside it). */
function ownerOf(group: LegacyGroup): SectionUse | undefined {
  if (!group.section) return undefined;
  return [group.section, ...group.section.parents.slice().reverse()].find((s) => !METHOD_SECTIONS.has(s.key));
}

/** Where a group's section is merged: with the directories, or later (Files, Location, If). */
function isDirectoryLevel(group: LegacyGroup): boolean {
  const owner = ownerOf(group);
  return owner ? DIRECTORY_SECTIONS.has(owner.key) : path.basename(group.file) === '.htaccess';
}

/** The directory a group configures, when it can be told: <Directory path>, or an .htaccess file's folder. */
function directoryOf(group: LegacyGroup): string | undefined {
  if (!group.section) return path.basename(group.file) === '.htaccess' ? path.dirname(group.file) : undefined;
  const dir = [group.section, ...group.section.parents.slice().reverse()].find((s) => s.key === 'directory');
  return dir && dir.args[0] !== '~' && !/[*?[]/.test(dir.args[0] ?? '') ? dir.args[0] : undefined;
}

/** Regex sections evaluated one by one per question; above this many, each one counts as "may apply". */
const MAX_REGEX_OWNERS = 256;

/**
 * The legacy groups of a model indexed for inheritanceRisk, so that asking about every group
 * costs time linear in the groups (not every pair): groups by owner section, directory-level
 * groups by the directory they configure, and those that may apply anywhere.
 */
interface RiskIndex {
  position: Map<LegacyGroup, number>;
  owner: Map<LegacyGroup, SectionUse | undefined>;
  directoryLevel: Map<LegacyGroup, boolean>;
  /** Per owner section, its first two groups. */
  byOwner: Map<SectionUse, LegacyGroup[]>;
  /** First two of: non-directory-level groups; directory-level ones; those that may cover any directory. */
  notDirectoryLevel: LegacyGroup[];
  anyDirectoryLevel: LegacyGroup[];
  coversAll: LegacyGroup[];
  /** Directory-level groups of a plain directory (no trailing slash), first two per directory. */
  byDirectory: Map<string, LegacyGroup[]>;
  /** Directory-level groups whose section is a regex: all of them, in order. */
  regex: { group: LegacyGroup; pattern: string }[];
}

const riskIndexes = new WeakMap<ConfigModel, RiskIndex>();

function firstTwo<K>(map: Map<K, LegacyGroup[]>, key: K, group: LegacyGroup): void {
  const list = map.get(key);
  if (!list) map.set(key, [group]);
  else if (list.length < 2) list.push(group);
}

function addFirstTwo(list: LegacyGroup[], group: LegacyGroup): void {
  if (list.length < 2) list.push(group);
}

function riskIndex(model: ConfigModel): RiskIndex {
  let index = riskIndexes.get(model);
  if (index) return index;
  index = {
    position: new Map(),
    owner: new Map(),
    directoryLevel: new Map(),
    byOwner: new Map(),
    notDirectoryLevel: [],
    anyDirectoryLevel: [],
    coversAll: [],
    byDirectory: new Map(),
    regex: [],
  };
  for (const group of legacyGroups(model)) {
    index.position.set(group, index.position.size);
    const owner = ownerOf(group);
    index.owner.set(group, owner);
    if (owner) firstTwo(index.byOwner, owner, group);
    const level = isDirectoryLevel(group);
    index.directoryLevel.set(group, level);
    if (!level) {
      addFirstTwo(index.notDirectoryLevel, group);
      continue;
    }
    addFirstTwo(index.anyDirectoryLevel, group);
    const covered = coveredDirectory(group, owner);
    if (covered.kind === 'all') addFirstTwo(index.coversAll, group);
    else if (covered.kind === 'regex') index.regex.push({ group, pattern: covered.pattern });
    else firstTwo(index.byDirectory, covered.directory, group);
  }
  riskIndexes.set(model, index);
  return index;
}

/** Which directories a directory-level group may apply to: all, those a regex matches, or one tree. */
function coveredDirectory(group: LegacyGroup, owner: SectionUse | undefined): { kind: 'all' } | { kind: 'regex'; pattern: string } | { kind: 'tree'; directory: string } {
  if (!owner) {
    const own = directoryOf(group);
    return own === undefined ? { kind: 'all' } : treeOf(own);
  }
  const regex = owner.key === 'directorymatch' || owner.args[0] === '~';
  const pattern = owner.key === 'directory' && owner.args[0] === '~' ? owner.args[1] : owner.args[0];
  if (regex) return { kind: 'regex', pattern: pattern ?? '' };
  if (/[*?[]/.test(pattern ?? '')) return { kind: 'all' };
  return treeOf(pattern ?? '');
}

function treeOf(directory: string): { kind: 'all' } | { kind: 'tree'; directory: string } {
  const p = trimTrailingSlashes(directory);
  return p === '' ? { kind: 'all' } : { kind: 'tree', directory: p };
}

/** Directory-level groups that may apply to `dir` (undefined: unknown, so every one may). */
function mayCoverCandidates(index: RiskIndex, dir: string | undefined, group: LegacyGroup): LegacyGroup[] {
  if (dir === undefined) return index.anyDirectoryLevel;
  const found: LegacyGroup[] = [...index.coversAll];
  // Every directory that is `dir` or one of its ancestors (isPrefixDirectory, read backwards).
  const lookup = (key: string): void => {
    for (const g of index.byDirectory.get(key) ?? []) found.push(g);
  };
  lookup(dir);
  for (let i = dir.indexOf('/', 1); i !== -1; i = dir.indexOf('/', i + 1)) lookup(dir.slice(0, i));
  if (index.regex.length > MAX_REGEX_OWNERS) {
    for (const r of index.regex.slice(0, 2)) found.push(r.group);
  } else {
    for (const r of index.regex) {
      if (r.group !== group && (regexMatches(r.pattern, dir) ?? true)) {
        found.push(r.group);
        break;
      }
    }
  }
  return found;
}

function earliest(index: RiskIndex, candidates: LegacyGroup[], except: LegacyGroup): LegacyGroup | undefined {
  let best: LegacyGroup | undefined;
  for (const c of candidates) {
    if (c === except) continue;
    if (!best || index.position.get(c)! < index.position.get(best)!) best = c;
  }
  return best;
}

/**
 * Why replacing this group's lines with Require may not be exact, or undefined when it is:
 * the same section sets per-method lines too, or 2.2-style lines of another section may apply
 * above it (removing this group's lines would make the section inherit them).
 */
export function inheritanceRisk(model: ConfigModel, group: LegacyGroup): string | undefined {
  if (group.section && METHOD_SECTIONS.has(group.section.key)) return 'the lines are per HTTP method (<Limit>)';
  const index = riskIndex(model);
  const owner = index.owner.get(group) ?? ownerOf(group);
  const dir = directoryOf(group);
  const directoryLevel = index.directoryLevel.get(group) ?? isDirectoryLevel(group);
  const sameOwner = owner ? earliest(index, index.byOwner.get(owner) ?? [], group) : undefined;
  // Files, Location and If sections are merged after every directory section: not above one.
  const covering = earliest(index, [...(directoryLevel ? [] : index.notDirectoryLevel), ...mayCoverCandidates(index, dir, group)], group);
  if (sameOwner && (!covering || index.position.get(sameOwner)! <= index.position.get(covering)!)) {
    return 'the same section has more 2.2-style lines in a <Limit> block';
  }
  if (covering) {
    return `2.2-style lines at ${path.basename(covering.file)}:${covering.lines[0].line.line + 1} may apply to the same requests, and this section would inherit them once its own lines are gone`;
  }
  return undefined;
}

/** A run's active Require lines, listed once per run (for the top level of a file). */
const requireLinesOfRun = runSlot((run) => run.filter((u) => u.active && !u.isSection && u.key === 'require'));

/** The Require lines the group's own section (or file top level) holds directly, certain ones only. */
function ownRequires(model: ConfigModel, group: LegacyGroup): DirectiveUse[] {
  const candidates = group.section ? group.section.children : gatheredOnce(model, requireLinesOfRun).filter((u) => u.file === group.file && u.parents.length === 0);
  return candidates.filter((u) => u.active && !u.isSection && u.key === 'require' && !activeOnlyByAssumption(model, u));
}

/** One Require line as words in lower case, the lines sorted: equal when they grant the same. */
function requireKey(lines: string[][]): string {
  return lines.map((words) => words.map((w) => w.toLowerCase()).join(' ')).sort().join('\n');
}

const repeated = new WeakMap<LegacyGroup, string[] | null>();

/**
 * The group's Require lines when its section already has exactly those (`Order allow,deny` +
 * `Allow from all` beside `Require all granted`): the 2.2 lines then decide nothing Require does
 * not, and removing them changes nothing, since no other 2.2 lines may apply above them
 * (inheritanceRisk). Undefined when the two say different things or the meaning is not exact.
 */
export function repeatedRequire(model: ConfigModel, group: LegacyGroup): string[] | undefined {
  let lines = repeated.get(group);
  if (lines === undefined) {
    lines = null;
    const translation = translate(group);
    if ('lines' in translation) {
      const own = ownRequires(model, group);
      const same = own.length > 0 && requireKey(own.map((u) => ['require', ...u.args])) === requireKey(translation.lines.map((l) => l.trim().split(/\s+/)));
      if (same && !inheritanceRisk(model, group)) lines = translation.lines;
    }
    repeated.set(group, lines);
  }
  return lines ?? undefined;
}
