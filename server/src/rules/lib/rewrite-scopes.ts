// mod_rewrite's scopes for the static rewrite rules: the Rewrite* lines of one server, virtual
// host, directory section or .htaccess file, in order (httpd keeps one rule list per scope).

import { fileRuns, perRun, runSlot, type ConfigModel, type DirectiveUse } from '../../model';

export interface RewriteContainer {
  /** 'server' for the main server and virtual hosts, 'directory' for sections and .htaccess. */
  context: 'server' | 'directory';
  /** A <Location> section: its prefix is not a directory (mod_rewrite strips nothing useful). */
  location: boolean;
  /** In read order. Never changed once made: a container kept with its run is passed again as the same array. */
  uses: readonly DirectiveUse[];
}

const CONDITIONAL = new Set(['ifmodule', 'ifdefine', 'ifversion', 'iffile', 'ifdirective', 'ifsection']);

/** The containers of each model, made once for the six rewrite rules. */
const containersOf = new WeakMap<ConfigModel, RewriteContainer[]>();

export function rewriteContainers(model: ConfigModel): RewriteContainer[] {
  let containers = containersOf.get(model);
  if (!containers) containersOf.set(model, (containers = collectContainers(model)));
  return containers;
}

/** What a container is kept by: its owning section, or the file and scope of top-level lines. */
type ContainerKey = DirectiveUse | string;

interface RunContainers {
  keys: ContainerKey[];
  containers: RewriteContainer[];
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
    let owner: DirectiveUse | undefined;
    for (let j = use.parents.length - 1; j >= 0 && !owner; j--) if (!CONDITIONAL.has(use.parents[j].key)) owner = use.parents[j];
    const key = owner ?? `${use.file}#${use.scope}`;
    let c = byKey.get(key);
    if (!c) {
      const context = use.scope === 'server' || use.scope === 'vhost' ? 'server' : 'directory';
      c = { context, location: !!owner && /^location/.test(owner.key), uses: [] };
      byKey.set(key, c);
      keys.push(key);
    }
    c.uses.push(use);
  }
  return { keys, containers: [...byKey.values()] };
});

function collectContainers(model: ConfigModel): RewriteContainer[] {
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
  return out;
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
