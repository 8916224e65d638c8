// Fixes for a closing tag that does not match the open section: rename the tag, or (when it
// names an outer section) close the inner sections first.

import type { CodeFix, FixContext, Finding } from './types';

export function sectionMismatchFixes(finding: Finding, ctx: FixContext): CodeFix[] {
  const expected = finding.data?.expected;
  const unclosed = finding.data?.unclosed;
  const text = ctx.text(finding.file);
  if (typeof expected !== 'string' || !Array.isArray(unclosed) || text === undefined) return [];
  const tag = `</${expected}>`;
  const rename: CodeFix = { title: `Change to ${tag}`, preferred: !finding.data?.closesOuter, edits: [{ file: finding.file, start: finding.start, end: finding.end, newText: tag }] };
  if (!finding.data?.closesOuter) return [rename];
  // The tag names an outer section: the inner ones were left open just before it.
  const lineStart = text.lastIndexOf('\n', finding.start - 1) + 1;
  const indent = text.slice(lineStart, finding.start);
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const closes = (unclosed as string[]).map((name) => `${indent}</${name}>${newline}`).join('');
  const insert: CodeFix = { title: `Close ${(unclosed as string[]).map((n) => `<${n}>`).join(', ')} before this tag`, preferred: true, edits: [{ file: finding.file, start: lineStart, end: lineStart, newText: closes }] };
  return [insert];
}
