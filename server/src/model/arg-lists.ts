// One array per distinct argument list within a build: trees repeat the same lines in every
// virtual host ("Require all granted", "Options -Indexes", "RewriteCond %{HTTP_HOST} ... [NC]"),
// and each use kept its own copy of the values. Argument lists are never written to, like the
// shared empty one, except once: a value of 13 characters or more is a slice of the text of the
// file that made the list (it keeps that whole text alive), so when a second line asks for the
// list its long values are swapped for copies of their own (the same strings to every reader).
// A line whose packed words can be read from its values alone then holds the list too
// (shareArgValues): at 208k lines 142,000 lines had an array of their own (11 MB).

import { argCount, argValue, shareArgValues, sharedArgValues, type DirectiveLine, type SectionOpenLine } from '../parser';

/** Lists whose values are longer than this together are kept apart (their key would cost more than it saves). */
const LONGEST_KEY = 240;

export class ArgLists {
  private readonly lists = new Map<string, string[]>();
  /** Lists handed out more than once in this build, whose long values are copies already. */
  private readonly detached = new Set<string[]>();

  /** A list about to be shared beyond the line that made it keeps no file's text alive. */
  private detach(list: string[]): void {
    if (this.detached.has(list)) return;
    this.detached.add(list);
    for (let i = 0; i < list.length; i++) if (list[i].length >= SHORT) list[i] = copyOf(list[i]);
  }

  /** The values of a line's words (at least one) that hold no ${VAR}: a list equal to one made before, or a new one. */
  ofLine(line: DirectiveLine | SectionOpenLine): string[] {
    const count = argCount(line);
    let key = argValue(line, 0);
    for (let i = 1; i < count && key.length <= LONGEST_KEY; i++) key += '\u0000' + argValue(line, i);
    if (key.length > LONGEST_KEY) {
      const own = valuesOf(line, count);
      shareArgValues(line, own);
      return own;
    }
    const kept = this.lists.get(key);
    // The key joins values with NUL, which a value may hold too: equal keys still need equal values.
    if (kept !== undefined && kept.length === count && sameValues(kept, line)) {
      this.detach(kept);
      shareArgValues(line, kept);
      return kept;
    }
    const values = valuesOf(line, count);
    if (kept === undefined) this.lists.set(key, values);
    shareArgValues(line, values);
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
    if (kept !== undefined && kept.length === count && sameStrings(kept, values)) {
      this.detach(kept);
      return kept;
    }
    if (kept === undefined) this.lists.set(key, values);
    return values;
  }
}

/** The words' values in a packed array of exactly their number (as every other list: one element kind for the readers): the line's own list if it holds one. */
function valuesOf(line: DirectiveLine | SectionOpenLine, count: number): string[] {
  const held = sharedArgValues(line);
  if (held !== undefined) return held as string[];
  const values: string[] = [];
  for (let i = 0; i < count; i++) values.push(argValue(line, i));
  return values;
}

/** From this length a word's value is a slice of its file's text, below it a copy (parser/words.ts). */
const SHORT = 13;

/** A string of its own with the same characters: a slice of a text (V8 makes one for 13 characters or more) keeps the whole text alive; JSON's parse makes a flat copy. */
function copyOf(value: string): string {
  return JSON.parse(JSON.stringify(value)) as string;
}

function sameValues(list: readonly string[], line: DirectiveLine | SectionOpenLine): boolean {
  for (let i = 0; i < list.length; i++) if (list[i] !== argValue(line, i)) return false;
  return true;
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
