// Small helpers over a parsed file.

import type { Line, Node, ParsedFile } from './nodes';

/** Prints the file back from its lines; equal to the input for every input. */
export function printLines(file: ParsedFile): string {
  return file.lines.map((line) => file.text.slice(line.start, line.end)).join('');
}

/** Visits nodes depth first, in file order (an explicit stack: nesting depth is input-controlled). */
export function walkNodes(nodes: Node[], visit: (node: Node, depth: number) => void, depth = 0): void {
  const frames: { nodes: Node[]; next: number }[] = [{ nodes, next: 0 }];
  while (frames.length > 0) {
    const frame = frames[frames.length - 1];
    if (frame.next >= frame.nodes.length) {
      frames.pop();
      continue;
    }
    const node = frame.nodes[frame.next++];
    visit(node, depth + frames.length - 1);
    if (node.kind === 'section' && node.children.length > 0) frames.push({ nodes: node.children, next: 0 });
  }
}

/** The 0-based physical line holding an offset, from a file's `lineStarts` (binary search). */
export function physicalLineOf(lineStarts: readonly number[], offset: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** The logical line covering an offset (binary search over line starts). */
export function lineAt(file: ParsedFile, offset: number): Line | undefined {
  const lines = file.lines;
  let low = 0;
  let high = lines.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const line = lines[mid];
    if (offset < line.start) high = mid - 1;
    else if (offset >= line.end) low = mid + 1;
    else return line;
  }
  return lines.length && offset >= lines[lines.length - 1].end ? lines[lines.length - 1] : undefined;
}
