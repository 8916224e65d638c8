// Which sibling lists of a run (a stretch of uses read from one file, see model/use-index.ts)
// lie wholly inside it. Rules that compare siblings (uses sharing a parents array) decide those
// lists once per run and keep the result with the run; only lists that continue in other runs
// (the top level, a section that includes a file) are compared at the tree level on each analysis.

import type { DirectiveUse, SectionUse } from '../../model';

/**
 * The sections of a run whose whole subtree lies in the run: nothing under them was read from
 * another file. Uses are in read order, a section's subtree is one stretch of them, and a run is
 * a maximal stretch of one file's uses, so such a subtree is inside the run. Decided children
 * first (read backwards), once per section.
 */
export function containedSections(run: readonly DirectiveUse[]): Set<DirectiveUse> {
  const file = run[0].file;
  const contained = new Set<DirectiveUse>();
  for (let i = run.length - 1; i >= 0; i--) {
    const use = run[i];
    if (!use.isSection) continue;
    const children = (use as SectionUse).children;
    let inside = true;
    for (let j = 0; j < children.length && inside; j++) {
      const child = children[j];
      inside = child.file === file && (!child.isSection || contained.has(child));
    }
    if (inside) contained.add(use);
  }
  return contained;
}

/** A test of whether every use whose parents array is `parents` belongs to `run` (its innermost section is contained). */
export function localParents(run: readonly DirectiveUse[]): (parents: readonly DirectiveUse[]) => boolean {
  const contained = containedSections(run);
  return (parents) => parents.length > 0 && contained.has(parents[parents.length - 1]);
}

/** A finding decided within one run, or a use the tree-level pass must look at. */
export type RunEvent<R, U> = { report: R; use?: undefined } | { use: U; report?: undefined };
