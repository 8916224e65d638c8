// Outline, folding, go-to-definition and document links.

import * as path from 'path';
import { macroOfUse, type ConfigModel, type DirectiveUse } from '../model';
import { bracedNames, walkNodes, type Node, type ParsedFile } from '../parser';

export interface OutlineItem {
  name: string;
  detail: string;
  kind: 'section' | 'directive';
  start: number;
  end: number;
  selectionStart: number;
  selectionEnd: number;
  children: OutlineItem[];
}

/**
 * Sections nested deeper than this are listed flat under their ancestor at this depth: the
 * outline stays readable, and neither building nor serialising it recurses with the input.
 */
export const MAX_OUTLINE_DEPTH = 64;

export function outline(parsed: ParsedFile): OutlineItem[] {
  const root: OutlineItem[] = [];
  const frames: { nodes: Node[]; next: number; items: OutlineItem[]; depth: number }[] = [{ nodes: parsed.nodes, next: 0, items: root, depth: 0 }];
  while (frames.length > 0) {
    const frame = frames[frames.length - 1];
    if (frame.next >= frame.nodes.length) {
      frames.pop();
      continue;
    }
    const node = frame.nodes[frame.next++];
    if (node.kind === 'directive') {
      frame.items.push({
        name: node.name.value,
        detail: node.args.map((a) => a.value).join(' '),
        kind: 'directive',
        start: node.contentStart,
        end: node.contentEnd,
        selectionStart: node.name.start,
        selectionEnd: node.name.end,
        children: [],
      });
    } else if (node.kind === 'section') {
      const serverName = node.children.find((c) => c.kind === 'directive' && c.name.value.toLowerCase() === 'servername');
      const args = node.open.args.map((a) => a.value).join(' ');
      const item: OutlineItem = {
        name: `<${node.open.name.value}${args ? ' ' + args : ''}>`,
        detail: serverName?.kind === 'directive' ? serverName.args.map((a) => a.value).join(' ') : '',
        kind: 'section',
        start: node.open.contentStart,
        end: node.close ? node.close.contentEnd : node.open.contentEnd,
        selectionStart: node.open.name.start - 1,
        selectionEnd: node.open.name.end,
        children: [],
      };
      frame.items.push(item);
      const deeper = frame.depth + 1 < MAX_OUTLINE_DEPTH;
      frames.push({ nodes: node.children, next: 0, items: deeper ? item.children : frame.items, depth: deeper ? frame.depth + 1 : frame.depth });
    }
  }
  return root;
}

export interface FoldRange {
  startLine: number;
  endLine: number;
  kind?: 'comment' | 'region';
}

/**
 * `# region Name` … `# endregion` comments mark a foldable region, as in other languages; the
 * same patterns are the folding markers of syntaxes/language-configuration.json, from which
 * the editor's minimap takes its section labels ("Name").
 */
export const REGION_START = /^\s*#\s*region\b/;
export const REGION_END = /^\s*#\s*endregion\b/;

export function foldingRanges(parsed: ParsedFile): FoldRange[] {
  const ranges: FoldRange[] = [];
  walkNodes(parsed.nodes, (node) => {
    if (node.kind === 'section' && node.close && node.close.line > node.open.line) {
      ranges.push({ startLine: node.open.line, endLine: node.close.line - 1 });
    }
  });
  const regions: number[] = [];
  let runStart = -1;
  let runEnd = -1;
  for (const line of parsed.lines) {
    if (line.kind === 'comment') {
      const text = parsed.text.slice(line.contentStart, line.contentEnd);
      if (REGION_START.test(text)) regions.push(line.line);
      else if (REGION_END.test(text) && regions.length) {
        const start = regions.pop()!;
        if (line.line > start) ranges.push({ startLine: start, endLine: line.line, kind: 'region' });
      }
    }
    if (line.kind === 'comment') {
      if (runStart === -1) runStart = line.line;
      runEnd = line.line + line.continuations;
    } else if (line.kind !== 'blank' || runStart !== -1) {
      if (runStart !== -1 && runEnd > runStart) ranges.push({ startLine: runStart, endLine: runEnd, kind: 'comment' });
      runStart = -1;
    }
  }
  if (runStart !== -1 && runEnd > runStart) ranges.push({ startLine: runStart, endLine: runEnd, kind: 'comment' });
  return ranges;
}

export interface Target {
  file: string;
  /** Offsets in the target file; 0/0 for the file start. */
  start: number;
  end: number;
  line: number;
}

function useAt(model: ConfigModel, file: string, offset: number): DirectiveUse | undefined {
  return model.uses.find((u) => u.file === file && offset >= u.line.contentStart && offset <= u.line.contentEnd);
}

/** Include → the included files; ${VAR} → its Define; <IfModule x> and LoadModule → the LoadModule line. */
export function definitionAt(model: ConfigModel, file: string, offset: number): Target[] {
  const use = useAt(model, file, offset);
  if (!use) return [];
  const parsed = model.parsed.get(file);
  const word = use.words.find((w) => offset >= w.start && offset <= w.end);
  if (!word || !parsed) return [];
  const raw = parsed.text.slice(word.start, word.end);
  for (const v of bracedNames(raw, '${')) {
    if (offset >= word.start + v.start && offset <= word.start + v.end) {
      const define = model.defines.get(v.name);
      return define?.where ? [{ file: define.where.file, start: define.where.start, end: define.where.end, line: define.where.line }] : [];
    }
  }
  if (use.key === 'use' && word === use.words[0]) {
    const macro = macroOfUse(model, use);
    return macro ? [{ file: macro.where.file, start: macro.where.start, end: macro.where.end, line: macro.where.line }] : [];
  }
  if (use.key === 'include' || use.key === 'includeoptional') {
    const edge = model.includes.find((e) => e.use === use);
    return (edge?.files ?? []).map((f) => ({ file: f, start: 0, end: 0, line: 0 }));
  }
  if (use.key === 'ifmodule' || use.key === 'loadmodule') {
    const name = (use.key === 'ifmodule' ? use.args[0] : use.args[0])?.replace(/^!/, '');
    const module = [...model.modules.values()].find((mod) => mod.identifier === name || mod.sourceFiles.includes(name ?? ''));
    if (module?.where && !(module.where.file === file && module.where.line === use.line.line)) {
      return [{ file: module.where.file, start: module.where.start, end: module.where.end, line: module.where.line }];
    }
  }
  return [];
}

export interface Link {
  start: number;
  end: number;
  target: string;
  tooltip: string;
}

/** Links on Include arguments that name exactly one file. */
export function documentLinks(model: ConfigModel, file: string): Link[] {
  const links: Link[] = [];
  for (const edge of model.includes) {
    if (edge.use.file !== file || edge.files.length !== 1) continue;
    const word = edge.use.words[0];
    if (!word) continue;
    links.push({ start: word.start, end: word.end, target: edge.files[0], tooltip: `Open ${path.basename(edge.files[0])}` });
  }
  return links;
}
