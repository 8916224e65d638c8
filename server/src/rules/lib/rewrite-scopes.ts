// mod_rewrite's scopes for the static rewrite rules: the Rewrite* lines of one server, virtual
// host, directory section or .htaccess file, in order (httpd keeps one rule list per scope).

import { gatheredOnce, runSlot, type ConfigModel, type DirectiveUse } from '../../model';

export interface RewriteContainer {
  /** 'server' for the main server and virtual hosts, 'directory' for sections and .htaccess. */
  context: 'server' | 'directory';
  /** A <Location> section: its prefix is not a directory (mod_rewrite strips nothing useful). */
  location: boolean;
  uses: DirectiveUse[];
}

const CONDITIONAL = new Set(['ifmodule', 'ifdefine', 'ifversion', 'iffile', 'ifdirective', 'ifsection']);

/** The containers of each model, made once for the six rewrite rules. */
const containersOf = new WeakMap<ConfigModel, RewriteContainer[]>();

export function rewriteContainers(model: ConfigModel): RewriteContainer[] {
  let containers = containersOf.get(model);
  if (!containers) containersOf.set(model, (containers = collectContainers(model)));
  return containers;
}

/** A run's active Rewrite* lines, listed once per run (an edit lists its own file again only). */
const rewriteLines = runSlot((run) => run.filter((u) => u.active && !u.isSection && u.key.startsWith('rewrite')));

function collectContainers(model: ConfigModel): RewriteContainer[] {
  // By the owning section itself, or the file and scope of top-level lines.
  const byKey = new Map<DirectiveUse | string, RewriteContainer>();
  for (const use of gatheredOnce(model, rewriteLines)) {
    let owner: DirectiveUse | undefined;
    for (let i = use.parents.length - 1; i >= 0 && !owner; i--) if (!CONDITIONAL.has(use.parents[i].key)) owner = use.parents[i];
    const key = owner ?? `${use.file}#${use.scope}`;
    let c = byKey.get(key);
    if (!c) {
      const context = use.scope === 'server' || use.scope === 'vhost' ? 'server' : 'directory';
      c = { context, location: !!owner && /^location/.test(owner.key), uses: [] };
      byKey.set(key, c);
    }
    c.uses.push(use);
  }
  return [...byKey.values()];
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
