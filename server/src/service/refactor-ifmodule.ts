// Refactor "Wrap in <IfModule …>": puts one directive inside an <IfModule> of the module that
// provides it (the directive table's identifier), so the line is read only when that module is
// loaded. The directive keeps every byte; it gains one indentation step.

import { getDirective } from '../data';
import type { ConfigModel, DirectiveUse } from '../model';
import type { CodeFix } from '../rules';

export function wrapInIfModule(model: ConfigModel, file: string, offset: number): CodeFix | undefined {
  const parsed = model.parsed.get(file);
  if (!parsed) return undefined;
  const use = model.uses.find((u) => u.file === file && !u.isSection && u.line.start <= offset && offset <= u.line.contentEnd);
  if (!use) return undefined;
  const identifier = moduleOf(use);
  if (!identifier) return undefined;
  // Already under a test of the same module; <Limit> bodies take only a few directives.
  if (use.conditions.some((c) => c.key === 'ifmodule' && c.args[0] === identifier)) return undefined;
  if (use.parents.some((p) => p.key === 'limit' || p.key === 'limitexcept')) return undefined;
  const text = parsed.text;
  const line = use.line;
  const indent = text.slice(line.start, line.contentStart);
  if (indent.includes('\n') || text[line.contentEnd - 1] === '\\') return undefined;
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  const unit = indentUnit(text, indent);
  const endsWithNewline = text[line.end - 1] === '\n';
  const close = endsWithNewline ? `${indent}</IfModule>${nl}` : `${nl}${indent}</IfModule>`;
  return {
    title: `Wrap in <IfModule ${identifier}>`,
    edits: [
      { file, start: line.contentStart, end: line.contentStart, newText: `<IfModule ${identifier}>${nl}${indent}${unit}` },
      { file, start: line.end, end: line.end, newText: close },
    ],
  };
}

/** The one module providing the directive, as <IfModule> names it; none for core or a choice of modules. */
function moduleOf(use: DirectiveUse): string | undefined {
  const info = getDirective(use.key);
  if (!info || info.isSection || info.providedBy.length !== 1) return undefined;
  const id = info.providedBy[0].identifier;
  return id && id !== 'core_module' ? id : undefined;
}

/** The file's indentation step in the line's own style: a tab for tab-indented lines, else the smallest run of spaces in the file (4 when none). */
function indentUnit(text: string, indent: string): string {
  if (indent.includes('\t')) return '\t';
  let smallest = 0;
  for (const m of text.matchAll(/^( +)\S/gm)) if (m[1].length >= 2 && (!smallest || m[1].length < smallest)) smallest = m[1].length;
  if (!indent && !smallest && /^\t/m.test(text)) return '\t';
  return ' '.repeat(smallest || 4);
}
