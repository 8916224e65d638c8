// mod_rewrite's scopes for the static rewrite rules: the Rewrite* lines of one server, virtual
// host, directory section or .htaccess file, in order (httpd keeps one rule list per scope).

import { fileRuns, gatheredOnce, perRun, runSlot, type ConfigModel, type DirectiveUse, type RunSlot } from '../../model';
import type { RuleContext } from './types';
import { containedSections } from './run-local';
import { inGroup } from './util';

export interface RewriteContainer {
  /** 'server' for the main server and virtual hosts, 'directory' for sections and .htaccess. */
  context: 'server' | 'directory';
  /** A <Location> section: its prefix is not a directory (mod_rewrite strips nothing useful). */
  location: boolean;
  /** The lines are at the top level of their files (no section of their own holds them). */
  topLevel: boolean;
  /** In read order. Never changed once made: a container kept with its run is passed again as the same array. */
  uses: readonly DirectiveUse[];
}

const CONDITIONAL = new Set(['ifmodule', 'ifdefine', 'ifversion', 'iffile', 'ifdirective', 'ifsection']);

/** The containers of each model, made once for the six rewrite rules, with the container of each key. */
const containersOf = new WeakMap<ConfigModel, { list: RewriteContainer[]; byKey: Map<ContainerKey, number> }>();

function containerIndex(model: ConfigModel): { list: RewriteContainer[]; byKey: Map<ContainerKey, number> } {
  let containers = containersOf.get(model);
  if (!containers) containersOf.set(model, (containers = collectContainers(model)));
  return containers;
}

export function rewriteContainers(model: ConfigModel): RewriteContainer[] {
  return containerIndex(model).list;
}

/** The container (all its lines, in every run) of a key a run lists. */
export function containerByKey(model: ConfigModel, key: ContainerKey): RewriteContainer {
  const index = containerIndex(model);
  return index.list[index.byKey.get(key)!];
}

/** The container of one of its Rewrite* lines. */
export function containerOf(model: ConfigModel, use: DirectiveUse): RewriteContainer | undefined {
  const index = containerIndex(model);
  const at = index.byKey.get(keyOf(use));
  return at === undefined ? undefined : index.list[at];
}

/**
 * The container of the main server's own lines, whatever file they are in: httpd keeps one rule
 * list per server, so a RewriteCond (or RewriteEngine On) at the end of an included file belongs
 * with the RewriteRule after the Include (Debian's sugarplum snippet includes its conditions).
 */
const MAIN_SERVER: ContainerKey = 'main server';

/**
 * A Rewrite* line's container key: its innermost section that is not conditional, the main
 * server for other server-level lines, or else its file and scope (an .htaccess file, a fragment
 * read as the inside of a virtual host or directory).
 */
function keyOf(use: DirectiveUse): ContainerKey {
  for (let j = use.parents.length - 1; j >= 0; j--) if (!CONDITIONAL.has(use.parents[j].key)) return use.parents[j];
  return use.scope === 'server' ? MAIN_SERVER : `${use.file}#${use.scope}`;
}

/** What a container is kept by: its owning section, or the file and scope of top-level lines. */
export type ContainerKey = DirectiveUse | string;

interface RunContainers {
  keys: ContainerKey[];
  containers: RewriteContainer[];
  /** Per container, whether all its lines are in this run (its owner section lies in the run). */
  local: boolean[];
}

/**
 * A run's active Rewrite* lines cut into containers, made once per run: an edit cuts its own
 * file again, and every other run gives back the same container objects.
 */
export const runContainers = runSlot<RunContainers>((run) => {
  const byKey = new Map<ContainerKey, RewriteContainer & { uses: DirectiveUse[] }>();
  const keys: ContainerKey[] = [];
  for (let i = 0; i < run.length; i++) {
    const use = run[i];
    if (!use.active || use.isSection || !use.key.startsWith('rewrite')) continue;
    const key = keyOf(use);
    let c = byKey.get(key);
    if (!c) {
      const context = use.scope === 'server' || use.scope === 'vhost' ? 'server' : 'directory';
      c = { context, location: typeof key !== 'string' && /^location/.test(key.key), topLevel: typeof key === 'string', uses: [] };
      byKey.set(key, c);
      keys.push(key);
    }
    c.uses.push(use);
  }
  const contained = keys.some((k) => typeof k !== 'string') ? containedSections(run) : undefined;
  return { keys, containers: [...byKey.values()], local: keys.map((k) => typeof k !== 'string' && !!contained?.has(k)) };
});

function collectContainers(model: ConfigModel): { list: RewriteContainer[]; byKey: Map<ContainerKey, number> } {
  // In order of each container's first line; a container whose lines come from several runs (a
  // section that includes a file, a file read twice) is joined into a new one at the end.
  const byKey = new Map<ContainerKey, number>();
  const out: RewriteContainer[] = [];
  let joined: Map<number, RewriteContainer[]> | undefined;
  const runs = fileRuns(model);
  for (let r = 0; r < runs.length; r++) {
    const { keys, containers } = perRun(model, runContainers, runs[r]);
    for (let i = 0; i < keys.length; i++) {
      const at = byKey.get(keys[i]);
      if (at === undefined) {
        byKey.set(keys[i], out.length);
        out.push(containers[i]);
        continue;
      }
      joined ??= new Map();
      const parts = joined.get(at);
      if (parts) parts.push(containers[i]);
      else joined.set(at, [out[at], containers[i]]);
    }
  }
  if (joined) for (const [at, parts] of joined) out[at] = { ...parts[0], uses: parts.flatMap((p) => p.uses) };
  return { list: out, byKey };
}

type Report = Parameters<RuleContext['report']>[0];

/** One rule's findings in a run: those of a container that lies in the run, or the key of one that continues in other runs. */
type ContainerEvent = { report: Report; key?: undefined } | { key: ContainerKey; report?: undefined };

/** A check of one container whose findings follow from its lines and the rule's `extra` alone. */
export type ContainerCheck = (c: RewriteContainer, report: (finding: Report) => void, extra: string) => void;

/**
 * A rule's findings per run, made once per run and `extra`: the findings of each container that
 * lies in the run, in container order, and a mark where a container continues in other runs.
 */
export function containerSlot(check: ContainerCheck): RunSlot<ContainerEvent[]> {
  return runSlot((run, model, extra) => {
    const { keys, containers, local } = perRun(model, runContainers, run);
    const events: ContainerEvent[] = [];
    const report = (finding: Report): void => void events.push({ report: finding });
    for (let i = 0; i < keys.length; i++) {
      if (local[i]) check(containers[i], report, extra);
      else events.push({ key: keys[i] });
    }
    return events;
  });
}

/**
 * Visits the containers of a run-kept event list in container order: the findings of containers
 * kept with their run are replayed from the run (an edit derives its own file's again), each
 * container that spans runs is visited once, to be checked whole.
 */
export function forEachSpanningContainer(ctx: RuleContext, events: readonly ContainerEvent[], visit: (container: RewriteContainer) => void): void {
  let done: Set<ContainerKey> | undefined;
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    if (event.report) {
      ctx.report(event.report);
      continue;
    }
    if (done?.has(event.key)) continue;
    (done ??= new Set()).add(event.key);
    visit(containerByKey(ctx.model, event.key));
  }
}

/** Runs a container check over every container: kept findings replayed, spanning containers checked through the runner's groups. */
export function checkContainers(ctx: RuleContext, slot: RunSlot<ContainerEvent[]>, check: ContainerCheck, extra = ''): void {
  forEachSpanningContainer(ctx, gatheredOnce(ctx.model, slot, extra), (c) => inGroup(ctx, c.uses, extra, () => check(c, (finding) => ctx.report(finding), extra)));
}

/** Names by flag field: many virtual hosts repeat the same few fields. */
const namesOf = new Map<string, readonly string[]>();

/** The words of a flag field "[R=301,L]" as lower-case names (shared: never change the list). */
export function flagNames(field: string | undefined): readonly string[] {
  if (!field || !field.startsWith('[') || !field.endsWith(']')) return [];
  let names = namesOf.get(field);
  if (!names) {
    if (namesOf.size >= 4000) namesOf.clear();
    names = field.slice(1, -1).split(',').map((w) => w.trim().split('=')[0].toLowerCase()).filter(Boolean);
    namesOf.set(field, names);
  }
  return names;
}

export const hasFlag = (names: readonly string[], ...wanted: string[]): boolean => names.some((n) => wanted.includes(n));
