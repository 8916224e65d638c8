// Inline control of findings from comments:
//   # httpd-lint disable-next-line <id>[, <id>…]   the next directive line
//   # httpd-lint disable <id>[, <id>…]             the whole file
// "all" stands for every rule. A name that is no rule id is reported itself.

import type { ParsedFile } from '../parser';
import type { Rule } from './lib/types';

export interface Suppressions {
  /** 0-based lines whose findings are dropped, per rule id ("all" for every rule). */
  readonly lines: ReadonlyMap<number, ReadonlySet<string>>;
  readonly file: ReadonlySet<string>;
  readonly unknown: readonly { line: number; start: number; end: number; name: string }[];
}

/** A file without suppression comments (nearly every file; kept per parse): one shared answer. */
const NONE: Suppressions = Object.freeze({ lines: new Map<number, ReadonlySet<string>>(), file: new Set<string>(), unknown: Object.freeze([]) });

// The list starts at a non-blank: `\s+(.+)` backtracked over every split of a long run of blanks.
const PATTERN = /^#\s*httpd-lint\s+(disable-next-line|disable)\s+(\S.*)$/;

export function readSuppressions(parsed: ParsedFile, isKnown: (id: string) => boolean): Suppressions {
  // Most files have no such comment: one search of the text instead of one slice per comment line.
  if (!parsed.text.includes('httpd-lint')) return NONE;
  const result = { lines: new Map<number, Set<string>>(), file: new Set<string>(), unknown: [] as Suppressions['unknown'][number][] };
  const lines = parsed.lines;
  let nextLine = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.kind !== 'comment') continue;
    const text = parsed.text.slice(line.contentStart, line.contentEnd);
    const match = PATTERN.exec(text);
    if (!match) continue;
    const idsStart = line.contentStart + text.indexOf(match[2]);
    const ids: string[] = [];
    const idPattern = /[^\s,]+/g;
    let m: RegExpExecArray | null;
    while ((m = idPattern.exec(match[2]))) {
      const id = m[0];
      if (id !== 'all' && !isKnown(id)) {
        result.unknown.push({ line: line.line, start: idsStart + m.index, end: idsStart + m.index + id.length, name: id });
        continue;
      }
      ids.push(id);
    }
    if (match[1] === 'disable') {
      for (const id of ids) result.file.add(id);
      continue;
    }
    // The next directive line, found once for a run of comments: a file of them stays linear.
    if (nextLine <= i) {
      nextLine = i + 1;
      while (nextLine < lines.length && (lines[nextLine].kind === 'blank' || lines[nextLine].kind === 'comment')) nextLine++;
    }
    if (nextLine === lines.length) continue;
    const next = lines[nextLine];
    const set = result.lines.get(next.line) ?? new Set<string>();
    for (const id of ids) set.add(id);
    result.lines.set(next.line, set);
  }
  return result;
}

export function isSuppressed(s: Suppressions, ruleId: string, line: number): boolean {
  if (s.file.has(ruleId) || s.file.has('all')) return true;
  const set = s.lines.get(line);
  return !!set && (set.has(ruleId) || set.has('all'));
}

/** Reported by the runner itself (it needs every file's suppressions); listed for its id and docs. */
export const suppressionUnknownRule: Rule = {
  id: 'suppression-unknown-rule',
  category: 'hygiene',
  defaultSeverity: 'warning',
  summary: 'An httpd-lint suppression comment names a rule that does not exist.',
  check() {
    /* The runner reports these while reading suppressions. */
  },
};
