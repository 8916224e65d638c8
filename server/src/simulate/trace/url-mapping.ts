// URL to resource (httpd's translate_name): ProxyPass/ProxyPassMatch first (mod_proxy runs
// before mod_alias), then Redirect*/RedirectMatch, then Alias*/ScriptAlias*, UserDir, and the
// DocumentRoot. Lists keep httpd's merge order: mod_alias checks the virtual host's entries
// before the main server's; the first match wins.

import * as path from 'path';
import { regexMatches, compilePattern } from '../../model';
import type { DirectiveUse } from '../../model';
import { lineOf, type ServerConfig, type Servers } from './servers';
import type { TraceStep } from './types';
import type { HomeLookup } from './homes';
import { trimTrailingSlashes } from '../../parser';

export type Mapping =
  | { kind: 'redirect'; status: number; location: string | null; use: DirectiveUse }
  | { kind: 'proxy'; backend: string; use: DirectiveUse }
  | { kind: 'file'; filename: string; via: string; use?: DirectiveUse; script: boolean }
  | { kind: 'invalid'; reason: string; use?: DirectiveUse };

const REDIRECT_STATUS: Record<string, number> = { permanent: 301, temp: 302, seeother: 303, gone: 410 };

/**
 * The length of `uri` an alias prefix matches, or 0: slashes collapse on both sides. mod_alias
 * (alias_matches) also wants the alias's last component matched whole; mod_proxy (alias_match)
 * takes any prefix (`wholeComponent` false).
 */
export function aliasMatches(uri: string, alias: string, wholeComponent = true): number {
  let a = 0;
  let u = 0;
  while (a < alias.length) {
    if (alias[a] === '/') {
      if (uri[u] !== '/') return 0;
      while (alias[a] === '/') a++;
      while (uri[u] === '/') u++;
    } else if (uri[u++] !== alias[a++]) return 0;
  }
  if (wholeComponent && alias[a - 1] !== '/' && u < uri.length && uri[u] !== '/') return 0;
  return u;
}

/** ap_pregsub: $0-$9 and & from the match; `\$` escapes. */
export function substituteGroups(template: string, groups: (string | null)[]): string {
  return template.replace(/\\([$&\\])|\$([0-9])|&/g, (_m, esc: string | undefined, n: string | undefined) => {
    if (esc) return esc;
    if (n !== undefined) return groups[Number(n)] ?? '';
    return groups[0] ?? '';
  });
}

function regexGroups(pattern: string, subject: string, caseless = false): (string | null)[] | undefined | null {
  const verdict = compilePattern(caseless ? `(?i)${pattern}` : pattern);
  if (!verdict.ok) return undefined;
  const m = verdict.regex.matcher(subject);
  if (!m.find()) return null;
  const out: (string | null)[] = [];
  for (let i = 0; i <= m.groupCount(); i++) out.push(m.group(i));
  return out;
}

/** ap_os_escape_path for the remainder Redirect appends. */
function escapePath(p: string): string {
  return p.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/g, (c) =>
    Array.from(Buffer.from(c, 'utf8'))
      .map((b) => '%' + b.toString(16).padStart(2, '0'))
      .join(''),
  );
}

export interface MappingContext {
  servers: Servers;
  server: ServerConfig;
  uri: string;
  query: string;
  /** "http://host:port" for absolute Locations. */
  origin: string;
  steps: TraceStep[];
  unknown: string[];
  documentRoot: { value: string; use?: DirectiveUse };
  /** Whether a module is loaded (identifier). */
  loaded: (identifier: string) => boolean;
  /** A user's home directory (UserDir's relative form). */
  homes: HomeLookup;
  /** What is at a path (UserDir tries an entry only when it exists, except the last). */
  exists: (p: string) => 'file' | 'directory' | undefined;
}

/** Directives of one key at server level: virtual host first, then main server (mod_alias order). */
function vhostThenMain(ctx: MappingContext, keys: string[]): DirectiveUse[] {
  const pick = (s: ServerConfig) => s.direct.filter((u) => keys.includes(u.key));
  return ctx.server.vhost ? [...pick(ctx.server), ...pick(ctx.servers.main)] : pick(ctx.servers.main);
}

function mainThenVhost(ctx: MappingContext, keys: string[]): DirectiveUse[] {
  const pick = (s: ServerConfig) => s.direct.filter((u) => keys.includes(u.key));
  return ctx.server.vhost ? [...pick(ctx.servers.main), ...pick(ctx.server)] : pick(ctx.servers.main);
}

function step(ctx: MappingContext, message: string, use?: DirectiveUse): void {
  ctx.steps.push({ phase: 'url-mapping', message, file: use?.file ?? null, line: use ? lineOf(use) : null });
}

export function proxyMapping(ctx: MappingContext): Mapping | undefined {
  if (!ctx.loaded('proxy_module')) return undefined;
  for (const use of mainThenVhost(ctx, ['proxypass', 'proxypassmatch'])) {
    const [pattern, target] = use.args;
    if (pattern === undefined || target === undefined) continue;
    let backend: string | undefined;
    if (use.key === 'proxypass') {
      const n = aliasMatches(ctx.uri, pattern, false);
      if (!n) continue;
      if (target === '!') {
        step(ctx, `ProxyPass ${pattern} ! excludes ${ctx.uri} from proxying`, use);
        return undefined;
      }
      backend = target + ctx.uri.slice(n);
    } else {
      const groups = regexGroups(pattern, ctx.uri);
      if (groups === undefined) {
        ctx.unknown.push(`ProxyPassMatch ${pattern}: the pattern cannot be evaluated here`);
        continue;
      }
      if (groups === null) continue;
      if (target === '!') {
        step(ctx, `ProxyPassMatch ${pattern} ! excludes ${ctx.uri} from proxying`, use);
        return undefined;
      }
      // The substituted URL is canonicalised like a path: a '?' it brings is escaped.
      backend = target.includes('$') ? substituteGroups(target, groups).replace(/\?/g, '%3F') : target;
    }
    if (ctx.query) backend += (backend.includes('?') ? '&' : '?') + ctx.query;
    step(ctx, `${use.name} ${pattern} sends the request to ${backend}`, use);
    return { kind: 'proxy', backend, use };
  }
  return undefined;
}

export function redirectMapping(ctx: MappingContext): Mapping | undefined {
  if (!ctx.loaded('alias_module')) return undefined;
  for (const use of vhostThenMain(ctx, ['redirect', 'redirectmatch', 'redirectpermanent', 'redirecttemp'])) {
    const args = [...use.args];
    let status = use.key === 'redirectpermanent' ? 301 : 302;
    if (use.key === 'redirect' || use.key === 'redirectmatch') {
      const first = args[0]?.toLowerCase() ?? '';
      if (first in REDIRECT_STATUS) {
        status = REDIRECT_STATUS[first];
        args.shift();
      } else if (/^\d{3}$/.test(first)) {
        status = Number(first);
        args.shift();
      }
    }
    const [pattern, target] = args;
    if (pattern === undefined) continue;
    let location: string | null = null;
    if (use.key === 'redirectmatch') {
      const groups = regexGroups(pattern, ctx.uri);
      if (groups === undefined) {
        ctx.unknown.push(`RedirectMatch ${pattern}: the pattern cannot be evaluated here`);
        continue;
      }
      if (groups === null) continue;
      if (target !== undefined) location = substituteGroups(target, groups);
    } else {
      const n = aliasMatches(ctx.uri, pattern);
      if (!n) continue;
      if (target !== undefined) location = target + escapePath(ctx.uri.slice(n));
    }
    if (location !== null) {
      if (location.startsWith('/')) location = ctx.origin + location;
      if (ctx.query && !location.includes('?')) location += '?' + ctx.query;
    }
    const isRedirect = status >= 300 && status < 400;
    step(ctx, `${use.name} ${pattern} answers ${status}${isRedirect && location ? ` with Location ${location}` : ''}`, use);
    return { kind: 'redirect', status, location: isRedirect ? location : null, use };
  }
  return undefined;
}

export function aliasMapping(ctx: MappingContext): Mapping | undefined {
  if (!ctx.loaded('alias_module')) return undefined;
  for (const use of vhostThenMain(ctx, ['alias', 'aliasmatch', 'scriptalias', 'scriptaliasmatch'])) {
    const [pattern, target] = use.args;
    if (pattern === undefined || target === undefined) continue;
    let filename: string;
    if (use.key === 'alias' || use.key === 'scriptalias') {
      const n = aliasMatches(ctx.uri, pattern);
      if (!n) continue;
      filename = target + ctx.uri.slice(n);
    } else {
      const groups = regexGroups(pattern, ctx.uri);
      if (groups === undefined) {
        ctx.unknown.push(`${use.name} ${pattern}: the pattern cannot be evaluated here`);
        continue;
      }
      if (groups === null) continue;
      filename = substituteGroups(target, groups);
    }
    const script = use.key.startsWith('script');
    step(ctx, `${use.name} ${pattern} maps ${ctx.uri} to ${filename}`, use);
    return { kind: 'file', filename: normalizeFilename(filename), via: use.name, use, script };
  }
  return undefined;
}

interface UserDirConfig {
  /** The UserDir entries (words of the last non-keyword UserDir), or undefined: no UserDir. */
  entries: string[] | undefined;
  entriesUse?: DirectiveUse;
  globally: 'default' | 'enabled' | 'disabled';
  enabled: Set<string>;
  disabled: Set<string>;
}

/** One server's own UserDir lines, read like mod_userdir's set_user_dir. */
function userDirOf(uses: DirectiveUse[]): UserDirConfig {
  const config: UserDirConfig = { entries: undefined, globally: 'default', enabled: new Set(), disabled: new Set() };
  for (const use of uses) {
    const [keyword, ...names] = use.args;
    if (keyword === undefined) continue;
    const kw = keyword.toLowerCase();
    if (kw === 'disable' || kw === 'disabled' || kw === 'enable' || kw === 'enabled') {
      const on = kw.startsWith('enable');
      if (!names.length) config.globally = on ? 'enabled' : 'disabled';
      else for (const n of names) (on ? config.enabled : config.disabled).add(n);
    } else {
      config.entries = use.args;
      config.entriesUse = use;
    }
  }
  return config;
}

/**
 * mod_userdir's translate_name: /~user[/rest]. A virtual host with UserDir lines of its own
 * inherits the main server's entries and global switch when it sets none, but never its
 * enabled/disabled user lists.
 */
export function userDirMapping(ctx: MappingContext): Mapping | undefined {
  if (!ctx.loaded('userdir_module')) return undefined;
  const uri = ctx.uri;
  if (!uri.startsWith('/~')) return undefined;
  const pick = (s: ServerConfig) => s.direct.filter((u) => u.key === 'userdir');
  const main = userDirOf(pick(ctx.servers.main));
  // A virtual host without any UserDir line has no mod_userdir configuration of its own: the
  // main server's is used whole, user lists included.
  const vhostUses = ctx.server.vhost ? pick(ctx.server) : [];
  const own = vhostUses.length ? userDirOf(vhostUses) : main;
  const config: UserDirConfig = {
    entries: own.entries ?? main.entries,
    entriesUse: own.entries ? own.entriesUse : main.entriesUse,
    globally: own.globally !== 'default' ? own.globally : main.globally,
    enabled: own.enabled,
    disabled: own.disabled,
  };
  if (!config.entries) return undefined;
  const slash = uri.indexOf('/', 2);
  const user = slash < 0 ? uri.slice(2) : uri.slice(2, slash);
  const rest = slash < 0 ? '' : uri.slice(slash);
  const use = config.entriesUse;
  if (!user || user === '.' || user === '..') return undefined;
  if (config.disabled.has(user)) {
    step(ctx, `UserDir is disabled for ${user}`);
    return undefined;
  }
  if (config.globally === 'disabled' && !config.enabled.has(user)) {
    step(ctx, `UserDir is disabled, and ${user} is not among the enabled users`);
    return undefined;
  }
  const entries = config.entries;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    const last = i === entries.length - 1;
    const absolute = entry.startsWith('/');
    const star = entry.indexOf('*');
    const prefix = star < 0 ? undefined : entry.slice(0, star);
    const after = star < 0 ? entry : entry.slice(star).replace(/^\*+/, '');
    let filename: string | undefined;
    if (after === '' || absolute) {
      if (prefix !== undefined) {
        if (prefix.includes(':') && !absolute) return userDirRedirect(ctx, prefix + user + after + rest, use);
        filename = prefix + user + after;
      } else filename = `${after}/${user}`;
    } else if (prefix !== undefined && prefix.includes(':')) {
      // The part after '*' is dropped here, as httpd does.
      return userDirRedirect(ctx, prefix + user + rest, use);
    } else {
      const home = ctx.homes(user);
      if (home === undefined) step(ctx, `UserDir ${entry}: there is no user ${user}`, use);
      else filename = `${home}/${after}`;
    }
    if (filename === undefined) continue;
    if (!last && ctx.exists(filename) === undefined) {
      step(ctx, `UserDir ${entry}: ${filename} does not exist, the next entry is tried`, use);
      continue;
    }
    const mapped = normalizeFilename(filename + rest);
    step(ctx, `UserDir ${entry} maps ~${user} to ${mapped}`, use);
    return { kind: 'file', filename: mapped, via: 'UserDir', use, script: false };
  }
  return undefined;
}

function userDirRedirect(ctx: MappingContext, location: string, use: DirectiveUse | undefined): Mapping {
  step(ctx, `UserDir redirects to ${location}`, use);
  return { kind: 'redirect', status: 302, location, use: use! };
}

/** Lexical clean-up httpd's directory walk makes: no '//', '.' or '..' segments; a trailing slash stays. */
function normalizeFilename(filename: string): string {
  return path.posix.normalize(filename.replace(/\/+/g, '/')).replace(/\/\.$/, '/');
}

export function documentRootMapping(ctx: MappingContext): Mapping {
  const root = trimTrailingSlashes(ctx.documentRoot.value);
  const filename = root + ctx.uri;
  step(ctx, `DocumentRoot ${ctx.documentRoot.value} maps ${ctx.uri} to ${filename}`, ctx.documentRoot.use);
  return { kind: 'file', filename, via: 'DocumentRoot', use: ctx.documentRoot.use, script: false };
}

/** The translate_name phase without rewriting. */
export function mapUrl(ctx: MappingContext): Mapping {
  return proxyMapping(ctx) ?? redirectMapping(ctx) ?? aliasMapping(ctx) ?? userDirMapping(ctx) ?? documentRootMapping(ctx);
}

export { regexMatches };
