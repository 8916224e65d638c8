// The directives a section contributes: its direct children, with true <IfModule>/<IfDefine>…
// blocks opened, and <Limit>/<LimitExcept> opened when they cover the request's method.
// Nested per-directory sections (Files inside Directory, If inside Location) are returned apart.
// Iterative: the input controls the nesting depth.

import type { DirectiveUse, SectionUse } from '../../model';
import { PER_DIR_SECTIONS } from './servers';

export interface SectionContent {
  /** Directives and authorization containers (RequireAll/Any/None) in file order. */
  uses: DirectiveUse[];
  /** Nested per-directory sections (Files, FilesMatch, If, ElseIf, Else…) in file order. */
  nested: SectionUse[];
}

const AUTHZ_CONTAINERS = new Set(['requireall', 'requireany', 'requirenone']);

export function contentOf(children: DirectiveUse[], method: string): SectionContent {
  const uses: DirectiveUse[] = [];
  const nested: SectionUse[] = [];
  const stack: DirectiveUse[][] = [children];
  const positions: number[] = [0];
  while (stack.length) {
    const list = stack[stack.length - 1];
    const i = positions[positions.length - 1]++;
    if (i >= list.length) {
      stack.pop();
      positions.pop();
      continue;
    }
    const use = list[i];
    if (!use.active) continue;
    if (!use.isSection) {
      uses.push(use);
      continue;
    }
    const section = use as SectionUse;
    if (section.condition) {
      if (section.condition.value) {
        stack.push(section.children);
        positions.push(0);
      }
      continue;
    }
    if (section.key === 'limit' || section.key === 'limitexcept') {
      const methods = section.args.map((m) => m.toUpperCase());
      const listed = methods.includes(method) || (method === 'HEAD' && methods.includes('GET'));
      if (listed === (section.key === 'limit')) {
        stack.push(section.children);
        positions.push(0);
      }
      continue;
    }
    if (AUTHZ_CONTAINERS.has(section.key)) uses.push(section);
    else if (PER_DIR_SECTIONS.has(section.key)) nested.push(section);
  }
  return { uses, nested };
}

/** Children of an authorization container, with conditional blocks opened. */
export function authzChildren(section: SectionUse, method: string): DirectiveUse[] {
  return contentOf(section.children, method).uses;
}
