// A .htaccess file as httpd reads it at request time: parsed, its <IfModule>/<IfDefine> blocks
// evaluated against the server's modules, and each directive checked against the
// AllowOverride classes and the AllowOverrideList of its directory. The first directive httpd
// refuses makes the whole request a 500, with httpd's message.

import { getDirective } from '../../data';
import type { ConfigModel, DirectiveUse, SectionUse } from '../../model';
import { overrideAllows, type OverrideState } from '../../model/htaccess-overrides';
import { evaluateCondition, CONDITIONAL_SECTIONS } from '../../model/conditions';
import { nodeFileSystem } from '../../model';
import { parse, type Node, type Section } from '../../parser';

export interface HtaccessRead {
  /** Top-level uses, like a section's children. */
  children: DirectiveUse[];
  /** httpd's 500 message for the first refused directive, with where it is. */
  error?: { message: string; use: DirectiveUse };
  /** Directives skipped under AllowOverride Nonfatal=Override. */
  skipped: DirectiveUse[];
}

export function readHtaccess(model: ConfigModel, file: string, text: string, overrides: OverrideState, startIndex: number): HtaccessRead {
  const parsed = parse(text);
  const state = {
    modules: model.modules,
    isDefined: (name: string) => model.defines.has(name),
    version: '2.4.62',
    serverRoot: model.serverRoot,
    fs: nodeFileSystem(),
  };
  let index = startIndex;
  let error: HtaccessRead['error'];
  const skipped: DirectiveUse[] = [];
  const top: DirectiveUse[] = [];
  // Explicit stack of (nodes, position, parent list, active).
  const stack: { nodes: Node[]; at: number; into: DirectiveUse[]; parents: SectionUse[]; active: boolean }[] = [
    { nodes: parsed.nodes, at: 0, into: top, parents: [], active: true },
  ];
  while (stack.length && !error) {
    const frame = stack[stack.length - 1];
    if (frame.at >= frame.nodes.length) {
      stack.pop();
      continue;
    }
    const node = frame.nodes[frame.at++];
    if (node.kind !== 'directive' && node.kind !== 'section') continue;
    const line = node.kind === 'section' ? node.open : node;
    const use: DirectiveUse = {
      file,
      line,
      name: line.name.value,
      key: line.name.value.toLowerCase(),
      isSection: node.kind === 'section',
      args: line.args.map((w) => w.value),
      words: line.args,
      active: frame.active,
      parents: frame.parents,
      conditions: [],
      scope: 'htaccess',
      index: index++,
    };
    frame.into.push(use);
    if (!frame.active) {
      if (node.kind === 'section') pushSection(stack, use, node, frame.parents, false);
      continue;
    }
    const refusal = check(model, use, overrides);
    if (refusal === 'skip') {
      frame.into.pop();
      skipped.push(use);
      continue;
    }
    if (refusal) {
      error = { message: refusal, use };
      break;
    }
    if (node.kind === 'section') {
      const section = use as SectionUse;
      let active = true;
      if (CONDITIONAL_SECTIONS.has(use.key)) {
        section.condition = evaluateCondition(use.key, use.args, state);
        active = section.condition.value;
      }
      pushSection(stack, section, node, CONDITIONAL_SECTIONS.has(use.key) ? frame.parents : [...frame.parents, section], active);
    }
  }
  return { children: top, error, skipped };
}

function pushSection(
  stack: { nodes: Node[]; at: number; into: DirectiveUse[]; parents: SectionUse[]; active: boolean }[],
  use: DirectiveUse,
  node: Section,
  parents: SectionUse[],
  active: boolean,
): void {
  const section = use as SectionUse;
  section.children = [];
  section.section = node;
  stack.push({ nodes: node.children, at: 0, into: section.children, parents, active });
}

/** httpd's refusal of a directive in .htaccess ('skip' under Nonfatal=Override), or undefined when allowed. */
function check(model: ConfigModel, use: DirectiveUse, overrides: OverrideState): string | 'skip' | undefined {
  const info = getDirective(use.name);
  const command = use.isSection ? '<' + use.name : use.name;
  const invalid = `Invalid command '${command}', perhaps misspelled or defined by a module not included in the server configuration`;
  if (!info) return invalid;
  const provided = info.providedBy.some((p) => p.identifier === null || model.modules.has(p.identifier));
  if (!provided && model.moduleStateKnown) return invalid;
  if (overrideAllows(overrides, info.override ?? [], command)) return undefined;
  if (overrides.nonfatal) return 'skip';
  return `${command} not allowed here`;
}
