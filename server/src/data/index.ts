// Lookups over the generated directive and module tables. Maps are built once, on first use.

import type { DirectiveInfo, ModuleInfo } from './types';
import directivesJson from './directives.generated.json';
import modulesJson from './modules.generated.json';

const directives = (directivesJson as unknown as { directives: DirectiveInfo[] }).directives;
const modules = (modulesJson as unknown as { modules: ModuleInfo[] }).modules;

let byName: Map<string, DirectiveInfo> | undefined;
let byIdentifier: Map<string, ModuleInfo> | undefined;
let bySourceFile: Map<string, ModuleInfo> | undefined;
let byModuleName: Map<string, ModuleInfo> | undefined;

/** httpd matches directive names without regard to case. */
export function getDirective(name: string): DirectiveInfo | undefined {
  byName ??= new Map(directives.map((d) => [d.name.toLowerCase(), d]));
  return byName.get(name.toLowerCase());
}

export function allDirectives(): readonly DirectiveInfo[] {
  return directives;
}

export function allModules(): readonly ModuleInfo[] {
  return modules;
}

/** By LoadModule identifier ("rewrite_module"), including older identifiers (php7_module). */
export function getModuleByIdentifier(id: string): ModuleInfo | undefined {
  byIdentifier ??= new Map(modules.flatMap((m) => [m.identifier, ...(m.identifierAliases ?? [])].filter((id): id is string => !!id).map((id) => [id, m])));
  return byIdentifier.get(id);
}

/** By the source-file name <IfModule> accepts ("mod_rewrite.c"). */
export function getModuleBySourceFile(file: string): ModuleInfo | undefined {
  bySourceFile ??= new Map(modules.flatMap((m) => [m.sourceFile, ...(m.sourceFileAliases ?? [])].filter((f): f is string => !!f).map((f) => [f, m])));
  return bySourceFile.get(file);
}

/** By the manual's module name ("mod_rewrite", "core", "prefork"). */
export function getModuleByName(name: string): ModuleInfo | undefined {
  byModuleName ??= new Map(modules.map((m) => [m.name, m]));
  return byModuleName.get(name);
}

/** A module named any way a configuration may name it: identifier, source file, or module name. */
export function findModule(nameOrFile: string): ModuleInfo | undefined {
  return getModuleByIdentifier(nameOrFile) ?? getModuleBySourceFile(nameOrFile) ?? getModuleByName(nameOrFile);
}

export function isKnownModuleName(nameOrFile: string): boolean {
  return findModule(nameOrFile) !== undefined;
}
