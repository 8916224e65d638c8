// Modules the knowledge base has no facts for: a directive we do not recognise may be theirs,
// so it is information rather than an error while such a module is loaded. httpd runs every
// LoadModule while it reads the files and checks ordinary directives only afterwards, so a
// LoadModule counts wherever it is in the tree, before or after the directive.

import { getModuleByIdentifier } from '../../data';
import type { ConfigModel, LoadedModule } from '../../model';
import { describeLocation } from './util';

/** A loaded module the knowledge base has no facts for: it may define any directive or register any provider. */
export function isUnknownModule(module: LoadedModule): boolean {
  return !module.isStatic && getModuleByIdentifier(module.identifier) === undefined;
}

/** Loaded modules the knowledge base does not know, in load order. */
export function unknownLoadedModules(model: ConfigModel): LoadedModule[] {
  return [...model.modules.values()].filter(isUnknownModule);
}

export function hasUnknownLoadedModule(model: ConfigModel): boolean {
  for (const module of model.modules.values()) if (isUnknownModule(module)) return true;
  return false;
}

/** "x_module is loaded at file:line" for up to three modules. */
export function describeUnknownModules(model: ConfigModel, modules: LoadedModule[]): string {
  const shown = modules.slice(0, 3).map((m) => `${m.identifier} is loaded at ${describeLocation(model, m.where)}`);
  const more = modules.length > 3 ? ` (and ${modules.length - 3} more unknown modules)` : '';
  return `${shown.join(', ')}${more}`;
}

/** Message for a directive no known module defines while unknown modules are loaded. */
export function notInKnowledgeBaseMessage(model: ConfigModel, shown: string, modules: LoadedModule[]): string {
  return `${shown} is not in the knowledge base; ${describeUnknownModules(model, modules)} and may define it.`;
}

/** Hover text for a directive no known module defines in a fragment whose loaded modules are unknown. */
export function notInKnowledgeBaseUnknownStateMessage(shown: string): string {
  return `${shown} is not in the knowledge base; the modules loaded for this file are unknown: fine if a module we have no facts for provides it, an error otherwise.`;
}
