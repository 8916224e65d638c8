// Indexes of a model's uses for the tree rules, made once per analysis out of per-file pieces.
// A file the model replays (see model/build.ts WalkCache) gives the same use objects in the same
// order in the next analysis, so what a rule derives from one file's run of uses is kept with
// that run: after an edit only the edited file's run is derived again, the rest is looked up.

import type { ConfigModel, DirectiveUse } from './types';

type Run = readonly DirectiveUse[];

const runsOf = new WeakMap<ConfigModel, Run[]>();

/**
 * Per first use of a run: the run as last cut, so a replayed run is cut without reading its middle
 * and is the same array as before (lists gathered from runs compare runs by identity, see concatRuns).
 */
const lastCut = new WeakMap<DirectiveUse, Run>();

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
    if (known && start + known.length <= uses.length && uses[start + known.length - 1] === known[known.length - 1]) {
      // The same walk's uses again (see sameRun); the run may only have grown by a second read of the file.
      end = start + known.length;
      while (end < uses.length && uses[end].file === first.file) end++;
    } else {
      end = start + 1;
      while (end < uses.length && uses[end].file === first.file) end++;
    }
    const run = known && known.length === end - start ? known : uses.slice(start, end);
    runs.push(run);
    lastCut.set(first, run);
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
  derive(run: Run, model: ConfigModel, extra: string): T;
  /** Where the slot's value sits in each run's record. */
  readonly id: number;
  /** Runs derived over the slot's life (tests prove what an edit did not redo). */
  derived: number;
}

/**
 * What the slots derived from one run, by slot id, with the `extra` each was derived for. One
 * record per run for every slot: an entry object and a weak map entry per slot and run cost
 * ≈ 1.4 KB per run of a vhost file (3 MB at 208k lines).
 */
interface RunRecord {
  run: Run;
  values: unknown[];
  extras: (string | undefined)[];
}

/** Per first use of a run: its record (the record of another run that starts with it is replaced). */
const records = new WeakMap<DirectiveUse, RunRecord>();
let slotCount = 0;

export function runSlot<T>(derive: (run: Run, model: ConfigModel, extra: string) => T): RunSlot<T> {
  return { derive, id: slotCount++, derived: 0 };
}

/** The slot's value for a run; `extra` names whatever else the derivation reads (modules…). */
export function perRun<T>(model: ConfigModel, slot: RunSlot<T>, run: Run, extra = ''): T {
  let record = records.get(run[0]);
  if (record && sameRun(record.run, run)) {
    if (record.extras[slot.id] === extra) return record.values[slot.id] as T;
  } else {
    // Sized for the slots made so far (all of them once the rules are loaded).
    record = { run, values: new Array(slotCount), extras: new Array(slotCount) };
    records.set(run[0], record);
  }
  slot.derived++;
  const value = kept(slot.derive(run, model, extra));
  record.values[slot.id] = value;
  record.extras[slot.id] = extra;
  return value;
}

/** Every run's empty list: most runs have no use a given rule looks for. */
const NO_USES: readonly never[] = Object.freeze([]);

/**
 * A derived list as kept until its run changes: an empty one is the shared empty list, another a
 * copy of its own length (a filter's result keeps the room it grew into, 17 slots for one use).
 * 208k-line tree: ≈ 34,000 kept lists, 24,000 of them empty.
 */
function kept<T>(value: T): T {
  if (!Array.isArray(value)) return value;
  return (value.length === 0 ? NO_USES : value.slice()) as T;
}

/** Lists made of one part per run, in read order, as last made (see concatRuns). */
export interface RunConcat<T> {
  runs: readonly Run[];
  parts: (readonly T[])[];
  list: T[];
  extra: string;
}

/** Runs that may differ from the last concatenation's before it is made again from every part. */
const MAX_CHANGED_RUNS = 16;

/**
 * The parts of every run concatenated in read order. With `last` (the same concatenation for an
 * earlier model), only the runs that are not the same arrays as then are asked for their part,
 * and when every part is the same list again the earlier list itself is returned: an edit of one
 * file of thousands looks at that file's part, not at every run. `part` must depend only on the
 * run and `extra` (a run slot's value).
 */
export function concatRuns<T>(model: ConfigModel, last: RunConcat<T> | undefined, part: (run: Run) => readonly T[], extra = ''): RunConcat<T> {
  const runs = fileRuns(model);
  if (last && last.extra === extra && last.runs.length === runs.length) {
    if (last.runs === runs) return last;
    const changed: number[] = [];
    let parts: (readonly T[])[] | undefined;
    let same = true;
    for (let i = 0; i < runs.length && changed.length <= MAX_CHANGED_RUNS; i++) {
      if (runs[i] === last.runs[i]) continue;
      changed.push(i);
      const now = part(runs[i]);
      parts ??= last.parts.slice();
      if (same && !sameList(now, last.parts[i])) same = false;
      parts[i] = now;
    }
    if (changed.length <= MAX_CHANGED_RUNS) {
      if (!parts || same) return { runs, parts: parts ?? last.parts, list: last.list, extra };
      return { runs, parts, list: respliced(last, parts, changed), extra };
    }
  }
  const parts = runs.map(part);
  return { runs, parts, list: joined(parts), extra };
}

/** The last list with the parts of the changed runs put in place of the old ones (copied in slices, not element by element). */
function respliced<T>(last: RunConcat<T>, parts: readonly (readonly T[])[], changed: readonly number[]): T[] {
  const pieces: (readonly T[])[] = [];
  let from = 0;
  let offset = 0;
  let next = 0;
  for (let i = 0; i < last.parts.length && next < changed.length; i++) {
    if (i === changed[next]) {
      if (offset > from) pieces.push(last.list.slice(from, offset));
      pieces.push(parts[i]);
      from = offset + last.parts[i].length;
      next++;
    }
    offset += last.parts[i].length;
  }
  if (from < last.list.length) pieces.push(last.list.slice(from));
  return ([] as T[]).concat(...pieces);
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function joined<T>(parts: readonly (readonly T[])[]): T[] {
  const out: T[] = [];
  for (const part of parts) for (let i = 0; i < part.length; i++) out.push(part[i]);
  return out;
}

/** Per slot, its last concatenation (any model: runs are compared by identity). */
const lastGathered = new WeakMap<RunSlot<unknown>, RunConcat<unknown>>();

/** The values of every run of the model, concatenated in read order. */
export function gathered<T>(model: ConfigModel, slot: RunSlot<readonly T[]>, extra = ''): T[] {
  const last = lastGathered.get(slot as RunSlot<unknown>) as RunConcat<T> | undefined;
  const made = concatRuns(model, last, (run) => perRun(model, slot, run, extra), extra);
  lastGathered.set(slot as RunSlot<unknown>, made as RunConcat<unknown>);
  return made.list;
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
