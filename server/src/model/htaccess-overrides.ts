// What httpd allows in the .htaccess of one directory, server by server: the AllowOverride and
// AllowOverrideList of the non-regex <Directory> sections that match it, merged in httpd's order
// (fewest path components first, main server before virtual host, file order), and the
// AccessFileName names. Facts confirmed against the live httpd (test/oracle/htaccess-overrides):
// - no AllowOverride at all leaves httpd's "unset" marker, which is not zero: the file IS read
//   and every directive in it is refused ("X not allowed here", status 500);
// - AllowOverride None with an empty AllowOverrideList: the file is never opened;
// - AllowOverride in <DirectoryMatch>, <Location> or <Files> changes nothing for .htaccess;
// - `Options` allows the options of "All" (not MultiViews or SymLinksIfOwnerMatch), `All` every
//   option, `Options=a,b` only those; AllowOverrideList None replaces an inherited list.

import * as path from 'path';
import { activeUses } from './effective';
import { fnmatch } from './fnmatch';
import type { ConfigModel, DirectiveUse, SectionUse } from './types';

/** httpd's option bits (httpd.h). */
const OPT = { indexes: 1, includes: 2, symLinks: 4, execCgi: 8, incWithExec: 32, symOwner: 64, multi: 128 };
const OPT_ALL = OPT.indexes | OPT.includes | OPT.incWithExec | OPT.symLinks | OPT.execCgi;
const OPT_EVERY = OPT_ALL | OPT.symOwner | OPT.multi;

/** The bits one Options keyword needs (also the bits an `Options=` word grants). */
export const OPTION_BITS: Record<string, number> = {
  indexes: OPT.indexes,
  includes: OPT.includes | OPT.incWithExec,
  runscripts: OPT.includes | OPT.incWithExec,
  includesnoexec: OPT.includes,
  followsymlinks: OPT.symLinks,
  symlinksifownermatch: OPT.symOwner,
  execcgi: OPT.execCgi,
  multiviews: OPT.multi,
  all: OPT_ALL,
  none: 0,
};

export const OVERRIDE_CLASS_NAMES = ['AuthConfig', 'FileInfo', 'Indexes', 'Limit', 'Options'] as const;

export interface OverrideState {
  /** Lower-case classes in force; 'unset' when no AllowOverride applies. */
  classes: Set<string> | 'unset';
  /** Nonfatal=Override (or =All): a forbidden directive is skipped with a warning. */
  nonfatal: boolean;
  /** Option bits `Options` may set; undefined when an `Options=` word was not understood. */
  options: number | undefined;
  /** Lower-case names from AllowOverrideList; undefined when none applies. */
  list: Set<string> | undefined;
  /** The AllowOverride and AllowOverrideList lines that decided, in merge order. */
  where: DirectiveUse[];
}

export interface ServerOverrides {
  /** The <VirtualHost>, or undefined for the main server. */
  vhost?: SectionUse;
  /** AccessFileName names of this server. */
  accessFileNames: string[];
  accessFileNameUse?: DirectiveUse;
  state: OverrideState;
  /** A wildcard section could not be matched exactly (httpd's fnmatch differs on dot-names). */
  uncertain: boolean;
}

interface DirectorySection {
  section: SectionUse;
  /** Canonical path with a trailing slash, as httpd keeps it. */
  dir: string;
  components: number;
  wildcard: boolean;
  vhost?: SectionUse;
}

const sectionCache = new WeakMap<ConfigModel, DirectorySection[]>();

function vhostOf(use: DirectiveUse): SectionUse | undefined {
  return use.parents.find((p) => p.key === 'virtualhost');
}

/** Non-regex <Directory> sections with an absolute path, in file order. */
function directorySections(model: ConfigModel): DirectorySection[] {
  let list = sectionCache.get(model);
  if (list) return list;
  list = [];
  for (const use of activeUses(model, 'Directory') as SectionUse[]) {
    if (model.fileScopes.get(use.file) === 'htaccess') continue;
    const arg = use.args[0];
    if (!arg || arg === '~' || use.args.length > 1 || !arg.startsWith('/')) continue;
    // Sections nested in another per-directory section are refused by httpd.
    if (use.parents.some((p) => p.key !== 'virtualhost')) continue;
    const dir = withSlash(path.posix.normalize(arg));
    list.push({ section: use, dir, components: dir.split('/').length - 1, wildcard: /[*?[]/.test(dir), vhost: vhostOf(use) });
  }
  sectionCache.set(model, list);
  return list;
}

function withSlash(dir: string): string {
  return dir.endsWith('/') ? dir : `${dir}/`;
}

/** The prefix of `dir` (with trailing slash) that has `components` slashes, if it is that deep. */
function prefixWith(dir: string, components: number): string | undefined {
  let count = 0;
  for (let i = 0; i < dir.length; i++) {
    if (dir[i] === '/' && ++count === components) return dir.slice(0, i + 1);
  }
  return undefined;
}

/** Whether a section applies to `dir` as httpd's directory walk decides; undefined when unsure. */
function sectionMatches(s: DirectorySection, dir: string): boolean | undefined {
  const prefix = prefixWith(dir, s.components);
  if (prefix === undefined) return false;
  if (!s.wildcard) return prefix === s.dir;
  // Our fnmatch keeps FNM_PERIOD, httpd's walk does not: a dot-name under a wildcard is unsure.
  const matched = fnmatch(s.dir.slice(0, -1), prefix.slice(0, -1));
  if (!matched && /\/\./.test(prefix)) return undefined;
  return matched;
}

function applyAllowOverride(state: OverrideState, use: DirectiveUse): void {
  // Each AllowOverride starts from nothing: it replaces what an earlier section granted.
  let classes = new Set<string>();
  let nonfatal = false;
  for (const word of use.args) {
    const [key, value] = splitWord(word);
    if (key === 'none') {
      classes = new Set();
      nonfatal = false;
    } else if (key === 'all') {
      classes = new Set(OVERRIDE_CLASS_NAMES.map((c) => c.toLowerCase()));
      nonfatal = false;
      state.options = OPT_EVERY;
    } else if (key === 'options') {
      classes.add('options');
      state.options = value === undefined ? OPT_ALL : optionList(value);
    } else if (key === 'nonfatal') {
      if (value?.toLowerCase() === 'override' || value?.toLowerCase() === 'all') nonfatal = true;
    } else {
      classes.add(key);
    }
  }
  state.classes = classes;
  state.nonfatal = nonfatal;
}

function splitWord(word: string): [string, string | undefined] {
  const eq = word.indexOf('=');
  return eq === -1 ? [word.toLowerCase(), undefined] : [word.slice(0, eq).toLowerCase(), word.slice(eq + 1)];
}

function optionList(value: string): number | undefined {
  let bits = 0;
  for (const word of value.split(',')) {
    const b = OPTION_BITS[word.toLowerCase()];
    if (b === undefined) return undefined;
    bits |= b;
  }
  return bits;
}

function applyAllowOverrideList(state: OverrideState, use: DirectiveUse): void {
  state.list = use.args.length === 1 && use.args[0].toLowerCase() === 'none' ? new Set() : new Set(use.args.map((a) => a.toLowerCase()));
}

/** The servers of the tree: the main server, then each active <VirtualHost>. */
function servers(model: ConfigModel): (SectionUse | undefined)[] {
  const vhosts = (activeUses(model, 'VirtualHost') as SectionUse[]).filter((v) => model.fileScopes.get(v.file) !== 'htaccess');
  return [undefined, ...vhosts];
}

function accessFileNames(model: ConfigModel, vhost: SectionUse | undefined): { names: string[]; use?: DirectiveUse } {
  const uses = activeUses(model, 'AccessFileName').filter((u) => u.scope !== 'htaccess');
  const own = vhost ? uses.filter((u) => vhostOf(u) === vhost) : [];
  const main = uses.filter((u) => !vhostOf(u) && u.parents.length === 0);
  const use = own[own.length - 1] ?? main[main.length - 1];
  return use ? { names: use.args, use } : { names: ['.htaccess'] };
}

/**
 * For each server (main, then every virtual host), or only the one asked for: what it allows in
 * the access file of `dir`, a server path.
 */
export function htaccessOverrides(model: ConfigModel, dir: string, only?: { vhost: SectionUse | undefined }): ServerOverrides[] {
  const target = withSlash(path.posix.normalize(dir));
  const sections = directorySections(model);
  const decisive = new Map<SectionUse, DirectiveUse[]>();
  for (const name of ['AllowOverride', 'AllowOverrideList']) {
    for (const use of activeUses(model, name)) {
      const parent = use.parents[use.parents.length - 1];
      if (parent?.key !== 'directory' || use.scope === 'htaccess') continue;
      const list = decisive.get(parent) ?? [];
      list.push(use);
      decisive.set(parent, list);
    }
  }
  // `only`: one server's answer (the request simulator asks per request, and trees have thousands).
  return (only ? [only.vhost] : servers(model)).map((vhost) => {
    // Main-server sections first, then the host's own; a stable sort by depth keeps that order.
    const own = sections.filter((s) => !s.vhost || s.vhost === vhost);
    const ordered = [...own.filter((s) => !s.vhost), ...own.filter((s) => s.vhost)].sort((a, b) => a.components - b.components);
    const state: OverrideState = { classes: 'unset', nonfatal: false, options: OPT_EVERY, list: undefined, where: [] };
    let uncertain = false;
    for (const s of ordered) {
      const matches = sectionMatches(s, target);
      if (matches === undefined) uncertain = true;
      if (!matches) continue;
      for (const use of (decisive.get(s.section) ?? []).sort((a, b) => a.index - b.index)) {
        if (use.key === 'allowoverride') applyAllowOverride(state, use);
        else applyAllowOverrideList(state, use);
        state.where.push(use);
      }
    }
    const names = accessFileNames(model, vhost);
    return { vhost, accessFileNames: names.names, accessFileNameUse: names.use, state, uncertain };
  });
}

/** Whether httpd opens the access file at all (httpd: override bits or a non-empty list). */
export function readsAccessFile(state: OverrideState): boolean {
  return state.classes === 'unset' || state.classes.size > 0 || state.nonfatal || (state.list?.size ?? 0) > 0;
}

/**
 * Whether a directive with these override classes (the knowledge base's, 'All' = any class)
 * passes httpd's check; `name` is how httpd names the command ("Header", "<Files").
 */
export function overrideAllows(state: OverrideState, classes: readonly string[], name: string): boolean {
  if (state.list?.has(name.toLowerCase())) return true;
  if (state.classes === 'unset') return false;
  const granted = state.classes;
  return classes.some((c) => (c === 'All' ? OVERRIDE_CLASS_NAMES.some((k) => granted.has(k.toLowerCase())) : granted.has(c.toLowerCase())));
}
