// Rewrite directives of one configuration text (a .htaccess file or the body of a section),
// read with the project's parser; <IfModule> blocks are kept or dropped by the caller's
// module test, other sections are not entered (they are scopes of their own).

import { parse, type Node } from '../../parser';
import type { RewriteDirective } from './directives';

const REWRITE = new Set(['rewriteengine', 'rewritebase', 'rewritecond', 'rewriterule', 'rewritemap', 'rewriteoptions']);

export function rewriteDirectivesOf(text: string, file: string, moduleLoaded: (name: string) => boolean): RewriteDirective[] {
  const parsed = parse(text);
  const out: RewriteDirective[] = [];
  // Explicit stack: no recursion that follows the file's nesting.
  const stack: Node[][] = [parsed.nodes];
  const order: Node[] = [];
  while (stack.length) {
    const nodes = stack.pop()!;
    for (let i = nodes.length - 1; i >= 0; i--) order.push(nodes[i]);
    while (order.length) {
      const n = order.pop()!;
      if (n.kind === 'directive') {
        if (!REWRITE.has(n.name.value.toLowerCase())) continue;
        const raw = n.args.length ? text.slice(n.args[0].start, n.contentEnd) : '';
        out.push({ name: n.name.value, raw, file, line: n.line + 1 });
      } else if (n.kind === 'section' && n.open.name.value.toLowerCase() === 'ifmodule') {
        const arg = n.open.args[0]?.value ?? '';
        const negated = arg.startsWith('!');
        const loaded = moduleLoaded(negated ? arg.slice(1) : arg);
        if (loaded !== negated) for (let i = n.children.length - 1; i >= 0; i--) order.push(n.children[i]);
      }
    }
  }
  return out;
}
