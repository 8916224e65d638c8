// Small helpers shared by rules.

import * as path from 'path';
import { getDirective } from '../../data';
import type { DirectiveInfo } from '../../data/types';
import { loadedModule, type ConfigModel, type DirectiveUse, type Location } from '../../model';
import type { Word } from '../../parser';
import type { RuleContext } from './types';

/** The span of a directive's name (for sections, the `<Name` part). */
export function nameSpan(use: DirectiveUse): Location {
  const start = use.isSection ? use.line.name.start - 1 : use.line.name.start;
  return { file: use.file, line: use.line.line, start, end: use.line.name.end };
}

/** The span of the whole logical line's content. */
export function lineSpan(use: DirectiveUse): Location {
  return { file: use.file, line: use.line.line, start: use.line.contentStart, end: use.line.contentEnd };
}

export function wordSpan(use: DirectiveUse, word: Word): Location {
  return { file: use.file, line: use.line.line, start: word.start, end: word.end };
}

/** "mods-enabled/php8.2.load:3", relative to ServerRoot when inside it. */
export function describeLocation(model: ConfigModel, where: { file: string; line: number } | undefined): string {
  if (!where) return 'compiled in';
  const rel = path.relative(model.serverRoot, where.file);
  const shown = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : where.file;
  return `${shown}:${where.line + 1}`;
}

const processedCache = new WeakMap<ConfigModel, DirectiveUse[]>();

/** Uses that httpd actually processes (active, outside macro bodies); computed once per model. */
export function processedUses(model: ConfigModel): DirectiveUse[] {
  let uses = processedCache.get(model);
  if (!uses) {
    uses = model.uses.filter((u) => u.active);
    processedCache.set(model, uses);
  }
  return uses;
}

const checkedCache = new WeakMap<ConfigModel, (DirectiveInfo | undefined)[]>();

/**
 * For each of processedUses(model): its directive facts when httpd would check the line, i.e. the
 * name is known and (where the module state is known) a loaded module provides it; computed once
 * per model for the rules that all ask it.
 */
export function checkedInfos(model: ConfigModel): (DirectiveInfo | undefined)[] {
  let infos = checkedCache.get(model);
  if (!infos) {
    const uses = processedUses(model);
    infos = new Array<DirectiveInfo | undefined>(uses.length);
    for (let i = 0; i < uses.length; i++) {
      const info = directiveInfo(uses[i]);
      infos[i] = info && (!model.moduleStateKnown || isAvailable(model, info)) ? info : undefined;
    }
    checkedCache.set(model, infos);
  }
  return infos;
}

export function directiveInfo(use: DirectiveUse): DirectiveInfo | undefined {
  const info = getDirective(use.key);
  return info && info.isSection === use.isSection ? info : undefined;
}

/** True when one of the modules providing the directive is loaded (core counts as always loaded). */
export function isAvailable(model: ConfigModel, info: DirectiveInfo): boolean {
  // Asked for nearly every use by several rules: answered once per directive and set of loaded
  // modules (an edit builds a new modules map with the same names: the answers carry over).
  const byDirective = availabilityFor(model.modules);
  let available = byDirective.get(info);
  if (available === undefined) {
    available = info.providedBy.some((p) => p.identifier === null || p.identifier === 'core_module' || !!loadedModule(model.modules, p.identifier));
    byDirective.set(info, available);
  }
  return available;
}

/** The loaded modules' identifiers as one string: what answers that depend only on them are kept by. */
export function moduleSetKey(modules: ConfigModel['modules']): string {
  return [...modules.keys()].join('\u0000');
}

/** Per modules map (one per analysis), the answers of its module set. */
const availabilityOf = new WeakMap<ConfigModel['modules'], { size: number; byDirective: Map<DirectiveInfo, boolean> }>();

function availabilityFor(modules: ConfigModel['modules']): Map<DirectiveInfo, boolean> {
  const known = availabilityOf.get(modules);
  if (known && known.size === modules.size) return known.byDirective;
  const key = moduleSetKey(modules);
  let byDirective = availability.get(key);
  if (!byDirective) {
    // A long session meets few module sets; start over past a bound.
    if (availability.size >= MAX_MODULE_SETS) availability.clear();
    availability.set(key, (byDirective = new Map()));
  }
  availabilityOf.set(modules, { size: modules.size, byDirective });
  return byDirective;
}

const MAX_MODULE_SETS = 32;
/** Answers by module set, across analyses. */
const availability = new Map<string, Map<DirectiveInfo, boolean>>();

/** The display name of a section as httpd prints it in context messages: `<Directory>`. */
export function sectionLabel(use: DirectiveUse): string {
  return `<${use.name}>`;
}

/** Every use inside a section, through nested sections (conditional ones included). */
export function descendants(section: DirectiveUse): DirectiveUse[] {
  const out: DirectiveUse[] = [];
  // Explicit stack, in file order: the nesting depth comes from the input.
  const stack: DirectiveUse[] = [];
  pushReversed(stack, childrenOf(section));
  while (stack.length > 0) {
    const use = stack.pop()!;
    out.push(use);
    pushReversed(stack, childrenOf(use));
  }
  return out;
}

function pushReversed(stack: DirectiveUse[], children: readonly DirectiveUse[]): void {
  for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
}

/** Shared by every use without children; never written to. */
const NO_CHILDREN: readonly DirectiveUse[] = [];

function childrenOf(use: DirectiveUse): readonly DirectiveUse[] {
  return use.isSection ? (use as { children?: DirectiveUse[] }).children ?? NO_CHILDREN : NO_CHILDREN;
}

/** Runs a tree rule's check of one group of uses through the runner's cache when there is one (RuleContext.group). */
export function inGroup(ctx: RuleContext, uses: readonly DirectiveUse[], extra: string, check: () => void): void {
  if (ctx.group) ctx.group(uses, extra, check);
  else check();
}
