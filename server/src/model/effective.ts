// Queries over a built model: the value a directive ends up with, and where it was set.

import type { ConfigModel, DirectiveUse } from './types';
import { MPM_ADD_ONS } from './modules';
import { concatRuns, perRun, runSlot, type RunConcat } from './use-index';

const byKey = new WeakMap<ConfigModel, Map<string, DirectiveUse[]>>();

/** A file's run of active uses by key, made once per run (an edit re-indexes its own file only). */
const keysOfRun = runSlot((run) => {
  const index = new Map<string, DirectiveUse[]>();
  for (const use of run) {
    if (!use.active) continue;
    const list = index.get(use.key);
    if (list) list.push(use);
    else index.set(use.key, [use]);
  }
  // Kept until the file changes: a list grown by push keeps the room it grew into (17 slots from the second use).
  for (const [key, list] of index) if (list.length > 1) index.set(key, list.slice());
  return index;
});

/** Active uses of a directive, in read order (gathered once per model and name from the per-file indexes). */
export function activeUses(model: ConfigModel, name: string): DirectiveUse[] {
  let index = byKey.get(model);
  if (!index) byKey.set(model, (index = new Map()));
  const key = name.toLowerCase();
  let list = index.get(key);
  if (!list) {
    // From the last model's list of the key, asking only the runs that changed (an edit: one file).
    const made = concatRuns(model, lastByKey.get(key), (run) => perRun(model, keysOfRun, run).get(key) ?? NONE);
    if (!lastByKey.has(key) && lastByKey.size >= MAX_KEPT_KEYS) lastByKey.clear();
    lastByKey.set(key, made);
    list = made.list;
    index.set(key, list);
  }
  return list;
}

const NONE: readonly DirectiveUse[] = [];
/** Per key, its last list across models (a bounded number of keys: rules ask for a few dozen). */
const lastByKey = new Map<string, RunConcat<DirectiveUse>>();
const MAX_KEPT_KEYS = 500;

/**
 * The server-wide setting: the last active use outside any section (the last one read wins),
 * or undefined when the directive is left at its default.
 */
export function serverLevelUse(model: ConfigModel, name: string): DirectiveUse | undefined {
  const uses = activeUses(model, name).filter((u) => u.parents.length === 0 && u.scope === 'server');
  return uses[uses.length - 1];
}

/** The server-wide value of a directive, with its default when unset. */
export function serverLevelValue(model: ConfigModel, name: string, fallback: string): { value: string; use?: DirectiveUse } {
  const use = serverLevelUse(model, name);
  return use ? { value: use.args[0] ?? '', use } : { value: fallback };
}

/** httpd's flag parsing: On/Off, case-insensitive. */
export function isOn(value: string): boolean {
  return value.toLowerCase() === 'on';
}

/** The seconds a time directive's value means to httpd (data/numbers.ts); undefined when httpd refuses it. */
export { secondsValue, httpdAtoi } from '../data/numbers';

/** The MPM as people name it: "prefork", or "mpm-itk (prefork)" when itk runs on top of it. */
/** The MPM's short name, one the tuning checks know (prefork, worker, event) or not (winnt, compiled into Windows builds). */
export function mpmName(model: ConfigModel): string | undefined {
  if (model.mpm) return model.mpm;
  return model.mpmModules.length === 1 ? model.mpmModules[0].identifier.replace(/^mpm_/, '').replace(/_module$/, '') : undefined;
}

export function mpmLabel(model: ConfigModel): string {
  const addOn = model.mpmAddOns[0];
  const base = mpmName(model) ?? 'no MPM';
  return addOn && model.mpm ? `${MPM_ADD_ONS[addOn.identifier]} (${base})` : base;
}
