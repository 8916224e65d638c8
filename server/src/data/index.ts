// Lookups over the generated directive and module tables. The tables are read on first use
// (the bundle keeps the JSON as text until then, see scripts/build.mjs) and maps built once.
// In the CLI and server bundles the directive table's entries are parsed one by one, on the
// first lookup of each (`entries`): a run looks up tens of its 1,867 directives.

import type { DirectiveInfo, ModuleInfo } from './types';
import directivesJson from './directives.generated.json';
import modulesJson from './modules.generated.json';

/** The directive table by position: names at once, entries when asked for. */
interface DirectiveEntries {
  names(): readonly string[];
  at(index: number): DirectiveInfo;
}

let directives: DirectiveInfo[] | undefined;
let modules: ModuleInfo[] | undefined;
const directiveTable = (): DirectiveInfo[] => (directives ??= (directivesJson as unknown as { directives: DirectiveInfo[] }).directives);
const moduleTable = (): ModuleInfo[] => (modules ??= (modulesJson as unknown as { modules: ModuleInfo[] }).modules);

/** The bundle's entry-by-entry reader, or the whole table read at once (tests, the extension bundle). */
function directiveEntries(): DirectiveEntries {
  const bundled = (directivesJson as unknown as { entries?: DirectiveEntries }).entries;
  if (bundled) return bundled;
  const table = directiveTable();
  return { names: () => table.map((d) => d.name), at: (i) => table[i] };
}

let entries: DirectiveEntries | undefined;
/** Lower-case name to its position in the table. */
let positions: Map<string, number> | undefined;
/** Answers by spelling: each lower-case name found, and other spellings seen (bounded). */
let byNameMap: Map<string, DirectiveInfo | undefined> | undefined;
let byIdentifier: Map<string, ModuleInfo> | undefined;
let bySourceFile: Map<string, ModuleInfo> | undefined;
let byModuleName: Map<string, ModuleInfo> | undefined;
/** Spellings kept besides the table's lower-case names, so most lookups skip toLowerCase (bounded). */
let spellings = 0;
const MAX_SPELLINGS = 20_000;

function openEntries(): Map<string, DirectiveInfo | undefined> {
  entries = directiveEntries();
  positions = new Map(entries.names().map((n, i) => [n.toLowerCase(), i]));
  return (byNameMap = new Map());
}

/** Every directive's name as the table spells it, without reading the entries (the bundles' index holds them). */
export function directiveNames(): readonly string[] {
  if (byNameMap === undefined) openEntries();
  return entries!.names();
}

/** httpd matches directive names without regard to case. */
export function getDirective(name: string): DirectiveInfo | undefined {
  const byName = byNameMap ?? openEntries();
  const known = byName.get(name);
  if (known !== undefined || byName.has(name)) return known;
  const exact = positions!.get(name);
  if (exact !== undefined) {
    const info = entries!.at(exact);
    byName.set(name, info);
    return info;
  }
  const at = positions!.get(name.toLowerCase());
  const info = at === undefined ? undefined : entries!.at(at);
  if (spellings < MAX_SPELLINGS) {
    spellings++;
    byName.set(name, info);
  }
  return info;
}

/** Whether the whole directive table has been read (tests: what reads only entries keeps it unread). */
export function wholeDirectiveTableRead(): boolean {
  return directives !== undefined;
}

export function allDirectives(): readonly DirectiveInfo[] {
  return directiveTable();
}

export function allModules(): readonly ModuleInfo[] {
  return moduleTable();
}

/** By LoadModule identifier ("rewrite_module"), including older identifiers (php7_module). */
export function getModuleByIdentifier(id: string): ModuleInfo | undefined {
  byIdentifier ??= new Map(moduleTable().flatMap((m) => [m.identifier, ...(m.identifierAliases ?? [])].filter((id): id is string => !!id).map((id) => [id, m])));
  return byIdentifier.get(id);
}

/** By the source-file name <IfModule> accepts ("mod_rewrite.c"). */
export function getModuleBySourceFile(file: string): ModuleInfo | undefined {
  bySourceFile ??= new Map(moduleTable().flatMap((m) => [m.sourceFile, ...(m.sourceFileAliases ?? [])].filter((f): f is string => !!f).map((f) => [f, m])));
  return bySourceFile.get(file);
}

/** By the manual's module name ("mod_rewrite", "core", "prefork"). */
export function getModuleByName(name: string): ModuleInfo | undefined {
  byModuleName ??= new Map(moduleTable().map((m) => [m.name, m]));
  return byModuleName.get(name);
}

/** A module named any way a configuration may name it: identifier, source file, or module name. */
export function findModule(nameOrFile: string): ModuleInfo | undefined {
  return getModuleByIdentifier(nameOrFile) ?? getModuleBySourceFile(nameOrFile) ?? getModuleByName(nameOrFile);
}

export function isKnownModuleName(nameOrFile: string): boolean {
  return findModule(nameOrFile) !== undefined;
}
