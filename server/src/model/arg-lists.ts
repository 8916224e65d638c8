// One array per distinct argument list within a build: trees repeat the same lines in every
// virtual host ("Require all granted", "Options -Indexes", "RewriteCond %{HTTP_HOST} ... [NC]"),
// and each use kept its own copy of the values. Argument lists are never written to, like the
// shared empty one. A value of 13 characters or more is a slice of the text of the file that made
// the list first, so a use of another file can keep that text alive after the file changed,
// until that use is made again (texts of files read in the same build as it, never more than
// one per file and build). Sharing such lists only within their file cost 5 MB at 208k lines.

import { argCount, argValue, type DirectiveLine, type SectionOpenLine } from '../parser';

/** Lists whose values are longer than this together are kept apart (their key would cost more than it saves). */
const LONGEST_KEY = 240;

export class ArgLists {
  private readonly lists = new Map<string, string[]>();

  /** The values of a line's words (at least one) that hold no ${VAR}: a list equal to one made before, or a new one. */
  ofLine(line: DirectiveLine | SectionOpenLine): string[] {
    const count = argCount(line);
    let key = argValue(line, 0);
    for (let i = 1; i < count && key.length <= LONGEST_KEY; i++) key += '\u0000' + argValue(line, i);
    if (key.length > LONGEST_KEY) return valuesOf(line, count);
    const kept = this.lists.get(key);
    // The key joins values with NUL, which a value may hold too: equal keys still need equal values.
    if (kept !== undefined && kept.length === count && sameValues(kept, line)) return kept;
    const values = valuesOf(line, count);
    if (kept === undefined) this.lists.set(key, values);
    return values;
  }

  /** A list of resolved values: one equal to it made before, or itself. */
  of(values: string[]): string[] {
    const count = values.length;
    if (count === 0) return values;
    let key = values[0];
    for (let i = 1; i < count && key.length <= LONGEST_KEY; i++) key += '\u0000' + values[i];
    if (key.length > LONGEST_KEY) return values;
    const kept = this.lists.get(key);
    if (kept !== undefined && kept.length === count && sameStrings(kept, values)) return kept;
    if (kept === undefined) this.lists.set(key, values);
    return values;
  }
}

/** The words' values in a packed array of exactly their number (as every other list: one element kind for the readers). */
function valuesOf(line: DirectiveLine | SectionOpenLine, count: number): string[] {
  const values: string[] = [];
  for (let i = 0; i < count; i++) values.push(argValue(line, i));
  return values;
}

function sameValues(list: readonly string[], line: DirectiveLine | SectionOpenLine): boolean {
  for (let i = 0; i < list.length; i++) if (list[i] !== argValue(line, i)) return false;
  return true;
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
