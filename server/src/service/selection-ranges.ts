// Selection ranges ("expand selection"): the word under the cursor, the directive's argument list,
// its line, the body of the enclosing section, the section itself, then each enclosing section's
// body and whole. The descent is a loop over the tree (no recursion: nesting depth is the input's).

import type { Line, Node, ParsedFile, Section, Word } from '../parser';

/** Spans answered at most: expanding a selection 200 times is past any use, and a chain as deep as a hostile file's nesting overflows the JSON writer. */
const MAX_SPANS = 200;

export interface Span {
  start: number;
  end: number;
}

/** Innermost first; each span contains the one before it and is larger; the innermost MAX_SPANS or so. */
export function selectionSpans(parsed: ParsedFile, offset: number): Span[] {
  const spans: Span[] = [];
  const sections: Section[] = [];
  let nodes: Node[] = parsed.nodes;
  let line: Line | undefined;
  for (;;) {
    const node = nodeAt(nodes, offset);
    if (!node) break;
    if (node.kind !== 'section') {
      line = node.kind === 'stray' ? node.line : node;
      break;
    }
    sections.push(node);
    if (offset <= node.open.end && offset >= node.open.start) {
      line = node.open;
      break;
    }
    if (node.close && offset >= node.close.start) {
      line = node.close;
      break;
    }
    nodes = node.children;
  }
  if (line) {
    const words: Word[] = line.kind === 'directive' || line.kind === 'open' ? [line.name, ...line.args] : [];
    const word = words.find((w) => w.start <= offset && offset <= w.end);
    if (word) spans.push({ start: word.start, end: word.end });
    if ((line.kind === 'directive' || line.kind === 'open') && line.args.length) {
      const args = { start: line.args[0].start, end: line.args[line.args.length - 1].end };
      if (offset >= args.start && offset <= args.end) spans.push(args);
    }
    spans.push({ start: line.contentStart, end: line.contentEnd });
  }
  for (let i = sections.length - 1; i >= 0 && spans.length < MAX_SPANS; i--) {
    const section = sections[i];
    const body = bodyOf(section);
    if (body && offset >= body.start && offset <= body.end) spans.push(body);
    spans.push({ start: section.open.contentStart, end: section.close ? section.close.contentEnd : lastEnd(section) });
  }
  return strictlyGrowing(spans);
}

/** The section's lines between its opening and closing tags, from the first content to the last. */
function bodyOf(section: Section): Span | undefined {
  const contents = section.children.filter((c) => c.kind !== 'blank');
  if (!contents.length) return undefined;
  const first = contents[0];
  const last = contents[contents.length - 1];
  const start = first.kind === 'section' ? first.open.contentStart : first.kind === 'stray' ? first.line.contentStart : first.contentStart;
  const end = last.kind === 'section' ? (last.close ? last.close.contentEnd : lastEnd(last)) : last.kind === 'stray' ? last.line.contentEnd : last.contentEnd;
  return { start, end };
}

/** End of the content of an unclosed section: its last line's (followed down the last children, in a loop). */
function lastEnd(section: Section): number {
  let current: Section = section;
  for (;;) {
    const last = current.children[current.children.length - 1];
    if (!last) return current.open.contentEnd;
    if (last.kind !== 'section') return last.kind === 'stray' ? last.line.contentEnd : Math.max(last.contentEnd, last.contentStart);
    if (last.close) return last.close.contentEnd;
    current = last;
  }
}

function nodeAt(nodes: Node[], offset: number): Node | undefined {
  let lo = 0;
  let hi = nodes.length - 1;
  let found: Node | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const node = nodes[mid];
    const start = node.kind === 'section' ? node.open.start : node.kind === 'stray' ? node.line.start : node.start;
    if (start <= offset) {
      found = node;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function strictlyGrowing(spans: Span[]): Span[] {
  const out: Span[] = [];
  for (const s of spans) {
    const prev = out[out.length - 1];
    if (prev && s.start === prev.start && s.end === prev.end) continue;
    if (prev && (s.start > prev.start || s.end < prev.end)) continue;
    out.push(s);
  }
  return out;
}
