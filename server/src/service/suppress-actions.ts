// "Disable <rule> for this line / for this file": the inline suppression comments the rules read
// (rules/suppression.ts). Each edit inserts one comment line (or extends an existing comment with
// the id), with the line's indentation and the file's line ending; no other byte changes.

import type { Line, ParsedFile } from '../parser';
import { getRule, type CodeFix, type Finding } from '../rules';

/** Reported by the runner outside the rules' suppression check: a comment cannot silence them. */
const UNSUPPRESSIBLE = new Set(['suppression-unknown-rule']);

const NEXT_LINE = /^#\s*httpd-lint\s+disable-next-line\s+(\S.*)$/;
const WHOLE_FILE = /^#\s*httpd-lint\s+disable\s+(\S.*)$/;

export function suppressionFixes(parsed: ParsedFile, finding: Finding): CodeFix[] {
  if (!getRule(finding.code) || UNSUPPRESSIBLE.has(finding.code)) return [];
  const fixes: CodeFix[] = [];
  const forLine = lineFix(parsed, finding);
  if (forLine) fixes.push(forLine);
  fixes.push(fileFix(parsed, finding));
  return fixes;
}

function lineFix(parsed: ParsedFile, finding: Finding): CodeFix | undefined {
  const { text, lines } = parsed;
  const index = lineIndexAt(lines, finding.start);
  const line = lines[index];
  // The comment silences the next directive line by its first physical line: a finding reported on
  // a continuation line, or on a comment or blank line, cannot be reached this way.
  if (!line || line.kind === 'comment' || line.kind === 'blank' || line.line !== finding.line) return undefined;
  const title = `Disable ${finding.code} for this line`;
  const previous = lines[index - 1];
  const existing = previous?.kind === 'comment' ? NEXT_LINE.exec(text.slice(previous.contentStart, previous.contentEnd)) : null;
  if (previous && existing) {
    if (idsOf(existing[1]).includes(finding.code)) return undefined;
    return { title, edits: [{ file: finding.file, start: previous.contentEnd, end: previous.contentEnd, newText: `, ${finding.code}` }] };
  }
  const indent = text.slice(line.start, line.contentStart);
  if (indent.includes('\n')) return undefined;
  return { title, edits: [{ file: finding.file, start: line.start, end: line.start, newText: `${indent}# httpd-lint disable-next-line ${finding.code}${newlineOf(text)}` }] };
}

function fileFix(parsed: ParsedFile, finding: Finding): CodeFix {
  const { text } = parsed;
  const title = `Disable ${finding.code} for this file`;
  const existing = parsed.lines.find((l) => l.kind === 'comment' && WHOLE_FILE.test(text.slice(l.contentStart, l.contentEnd)));
  if (existing) return { title, edits: [{ file: finding.file, start: existing.contentEnd, end: existing.contentEnd, newText: `, ${finding.code}` }] };
  // After a byte order mark, which must stay the file's first bytes.
  const at = text.startsWith('\uFEFF') ? 1 : 0;
  return { title, edits: [{ file: finding.file, start: at, end: at, newText: `# httpd-lint disable ${finding.code}${newlineOf(text)}` }] };
}

function idsOf(list: string): string[] {
  return list.match(/[^\s,]+/g) ?? [];
}

function newlineOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Index of the logical line holding an offset (binary search: lines are in file order). */
export function lineIndexAt(lines: readonly Line[], offset: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines[mid].start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
