// Indexes of a model's uses for the tree rules, made once per analysis out of per-file pieces.
// A file the model replays (see model/build.ts WalkCache) gives the same use objects in the same
// order in the next analysis, so what a rule derives from one file's run of uses is kept with
// that run: after an edit only the edited file's run is derived again, the rest is looked up.

import type { ConfigModel, DirectiveUse } from './types';

type Run = readonly DirectiveUse[];

const runsOf = new WeakMap<ConfigModel, Run[]>();

/** Per first use of a run: its last use and length when last cut, so a replayed run is cut without reading its middle. */
const lastCut = new WeakMap<DirectiveUse, { last: DirectiveUse; length: number }>();

/** model.uses cut into stretches read from one file, in read order (a file that includes another is cut around it). */
export function fileRuns(model: ConfigModel): readonly Run[] {
  let runs = runsOf.get(model);
  if (runs) return runs;
  runs = [];
  const uses = model.uses;
  let start = 0;
  while (start < uses.length) {
    const first = uses[start];
    const known = lastCut.get(first);
    let end: number;
    if (known && start + known.length <= uses.length && uses[start + known.length - 1] === known.last) {
      // The same walk's uses again (see sameRun); the run may only have grown by a second read of the file.
      end = start + known.length;
      while (end < uses.length && uses[end].file === first.file) end++;
    } else {
      end = start + 1;
      while (end < uses.length && uses[end].file === first.file) end++;
    }
    runs.push(uses.slice(start, end));
    lastCut.set(first, { last: uses[end - 1], length: end - start });
    start = end;
  }
  runsOf.set(model, runs);
  return runs;
}

/**
 * The same run as before. A use object is made by one walk of one file, and a replayed walk puts
 * back all of its uses in order (model/build.ts WalkCache), so a run that starts and ends with the
 * same objects and has the same length holds the same objects throughout.
 */
const sameRun = (a: Run, b: Run): boolean => a.length === b.length && a[0] === b[0] && a[a.length - 1] === b[b.length - 1];

/**
 * Something derived from one run alone and `extra`, kept between analyses while the run is the same
 * objects: a derivation reads the model only for facts `extra` names (its modules…).
 */
export interface RunSlot<T> {
  derive(run: Run, model: ConfigModel): T;
  kept: WeakMap<DirectiveUse, { run: Run; extra: string; value: T }>;
}

export function runSlot<T>(derive: (run: Run, model: ConfigModel) => T): RunSlot<T> {
  return { derive, kept: new WeakMap() };
}

/** The slot's value for a run; `extra` names whatever else the derivation reads (modules…). */
export function perRun<T>(model: ConfigModel, slot: RunSlot<T>, run: Run, extra = ''): T {
  const entry = slot.kept.get(run[0]);
  if (entry && entry.extra === extra && sameRun(entry.run, run)) return entry.value;
  const value = slot.derive(run, model);
  slot.kept.set(run[0], { run, extra, value });
  return value;
}

/** The values of every run of the model, concatenated in read order. */
export function gathered<T>(model: ConfigModel, slot: RunSlot<readonly T[]>, extra = ''): T[] {
  const out: T[] = [];
  for (const run of fileRuns(model)) {
    const part = perRun(model, slot, run, extra);
    for (let i = 0; i < part.length; i++) out.push(part[i]);
  }
  return out;
}

/** Per model and slot, the gathered list (several rules ask for the same one). */
const gatheredOf = new WeakMap<ConfigModel, Map<RunSlot<unknown>, { extra: string; list: unknown[] }>>();

export function gatheredOnce<T>(model: ConfigModel, slot: RunSlot<readonly T[]>, extra = ''): T[] {
  let bySlot = gatheredOf.get(model);
  if (!bySlot) gatheredOf.set(model, (bySlot = new Map()));
  const known = bySlot.get(slot as RunSlot<unknown>);
  if (known && known.extra === extra) return known.list as T[];
  const list = gathered(model, slot, extra);
  bySlot.set(slot as RunSlot<unknown>, { extra, list });
  return list;
}

/** A slot listing the active uses of a run whose key is in `keys` (sections and directives alike). */
export function keySlot(keys: Iterable<string>): RunSlot<readonly DirectiveUse[]> {
  const wanted = new Set(keys);
  return runSlot((run) => run.filter((u) => u.active && wanted.has(u.key)));
}
