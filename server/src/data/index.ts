// Lookups over the generated directive and module tables. The tables are read on first use
// (the bundle keeps the JSON as text until then, see scripts/build.mjs) and maps built once.

import type { DirectiveInfo, ModuleInfo } from './types';
import directivesJson from './directives.generated.json';
import modulesJson from './modules.generated.json';

let directives: DirectiveInfo[] | undefined;
let modules: ModuleInfo[] | undefined;
const directiveTable = (): DirectiveInfo[] => (directives ??= (directivesJson as unknown as { directives: DirectiveInfo[] }).directives);
const moduleTable = (): ModuleInfo[] => (modules ??= (modulesJson as unknown as { modules: ModuleInfo[] }).modules);

let byName: Map<string, DirectiveInfo | undefined> | undefined;
let byIdentifier: Map<string, ModuleInfo> | undefined;
let bySourceFile: Map<string, ModuleInfo> | undefined;
let byModuleName: Map<string, ModuleInfo> | undefined;
/** Spellings seen besides the lower-case ones, so most lookups skip toLowerCase (bounded). */
let spellings = 0;
const MAX_SPELLINGS = 20_000;

/** httpd matches directive names without regard to case. */
export function getDirective(name: string): DirectiveInfo | undefined {
  byName ??= new Map(directiveTable().map((d) => [d.name.toLowerCase(), d]));
  const known = byName.get(name);
  if (known !== undefined || byName.has(name)) return known;
  const info = byName.get(name.toLowerCase());
  if (spellings < MAX_SPELLINGS) {
    spellings++;
    byName.set(name, info);
  }
  return info;
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
