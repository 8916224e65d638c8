// The servers of a configuration as the request pipeline needs them: the main server's and each
// <VirtualHost>'s own directives, and the per-directory sections, each tagged with its owner.
// Computed once per model (cached) from the model's uses; nothing is re-parsed.

import type { ConfigModel, DirectiveUse, SectionUse } from '../../model';

export interface ServerConfig {
  /** The <VirtualHost> section, or undefined for the main server. */
  vhost: SectionUse | undefined;
  /** Active directives directly at this server's level (not inside Directory/Location/...), read order. */
  direct: DirectiveUse[];
  /** Active per-directory sections at this server's top level (Directory, Location, Files, If, Proxy…). */
  sections: SectionUse[];
}

export interface Servers {
  main: ServerConfig;
  vhosts: ServerConfig[];
}

const cache = new WeakMap<ConfigModel, Servers>();

export const PER_DIR_SECTIONS = new Set([
  'directory',
  'directorymatch',
  'files',
  'filesmatch',
  'location',
  'locationmatch',
  'if',
  'elseif',
  'else',
  'proxy',
  'proxymatch',
  'limit',
  'limitexcept',
]);

export function serversOf(model: ConfigModel): Servers {
  const cached = cache.get(model);
  if (cached) return cached;
  const main: ServerConfig = { vhost: undefined, direct: [], sections: [] };
  const vhosts: ServerConfig[] = [];
  const byVhost = new Map<SectionUse, ServerConfig>();
  for (const use of model.uses) {
    if (!use.active || use.scope === 'htaccess') continue;
    if (use.key === 'virtualhost' && use.isSection && use.parents.length === 0) {
      const config: ServerConfig = { vhost: use as SectionUse, direct: [], sections: [] };
      vhosts.push(config);
      byVhost.set(use as SectionUse, config);
      continue;
    }
    const outer = use.parents[0];
    let owner: ServerConfig | undefined;
    let depth: number;
    if (!outer) {
      owner = main;
      depth = 0;
    } else if (outer.key === 'virtualhost') {
      owner = byVhost.get(outer);
      depth = 1;
    } else continue;
    if (!owner || use.parents.length !== depth) continue;
    if (use.isSection && PER_DIR_SECTIONS.has(use.key)) owner.sections.push(use as SectionUse);
    else if (!use.isSection) owner.direct.push(use);
  }
  const servers = { main, vhosts };
  cache.set(model, servers);
  return servers;
}

/** The last active use of a directive at this server's level (vhost first, then main server). */
export function serverSetting(servers: Servers, server: ServerConfig, key: string): DirectiveUse | undefined {
  const own = lastOf(server.direct, key);
  if (own || !server.vhost) return own;
  return lastOf(servers.main.direct, key);
}

export function lastOf(uses: DirectiveUse[], key: string): DirectiveUse | undefined {
  for (let i = uses.length - 1; i >= 0; i--) if (uses[i].key === key) return uses[i];
  return undefined;
}

export function allOf(uses: DirectiveUse[], key: string): DirectiveUse[] {
  return uses.filter((u) => u.key === key);
}

/** 1-based line of a use, for the documented shape. */
export function lineOf(use: DirectiveUse): number {
  return use.line.line + 1;
}
