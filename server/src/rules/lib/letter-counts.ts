// A cheap lower bound on the edit distance of two names, to skip most of the directive table
// before the distance itself is worked out (each keystroke in a new directive name asks for
// suggestions over ≈ 1,800 names, most of them in code V8 has not optimized yet).
//
// A name's characters are counted in BUCKETS groups (the code point's low five bits). Inserting or
// deleting a character changes the counts by 1 in all, replacing one by at most 2, swapping two
// neighbours not at all; grouping characters can only make the counts closer. So when the counts of
// two names differ by more than twice the limit, their distance is above the limit.

export const BUCKETS = 32;

/** Counts `text`'s characters into `into` at `at` (BUCKETS slots, which must hold zeros). */
export function countLetters(text: string, into: Uint8Array | Int32Array, at = 0): void {
  for (let i = 0; i < text.length; i++) into[at + (text.charCodeAt(i) & (BUCKETS - 1))]++;
}

/** Whether the counts of two names (`a` at 0, `b` at `bAt`) allow an edit distance of at most `limit`. */
export function countsWithin(a: Int32Array, b: Uint8Array, bAt: number, limit: number): boolean {
  const most = 2 * limit;
  let apart = 0;
  for (let i = 0; i < BUCKETS; i++) {
    const d = a[i] - b[bAt + i];
    apart += d < 0 ? -d : d;
    if (apart > most) return false;
  }
  return true;
}
