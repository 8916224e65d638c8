// Virtual host choice as httpd makes it (vhost.c): the connection's local address and port pick
// the candidates (an exact IP match first, else the `*`/_default_ hosts of that port); among
// them the first whose ServerName or ServerAlias matches the Host header wins, else the first
// one listed for that address; with no candidate at all the main server answers.

import { fnmatch } from '../../model';
import type { ParsedRequest } from './request';
import { splitHostPort } from './request';
import { lastOf, lineOf, serverSetting, type ServerConfig, type Servers } from './servers';
import type { TraceStep, TraceVhost } from './types';

export interface VhostChoice {
  server: ServerConfig;
  vhost: TraceVhost | null;
  steps: TraceStep[];
  unknown: string[];
}

interface Address {
  host: string;
  /** undefined = any port. */
  port: number | undefined;
  text: string;
}

function addressesOf(server: ServerConfig): Address[] {
  return (server.vhost?.args ?? []).map((text) => {
    const { host, port } = splitHostPort(text);
    const anyPort = /:\*$/.test(text) || port === undefined;
    return { host: host.toLowerCase(), port: anyPort ? undefined : port, text };
  });
}

const MAX_LOST_STEPS = 50;

const WILDCARD_HOSTS = new Set(['*', '_default_']);

function resolveName(host: string): string | undefined {
  if (host === 'localhost') return '127.0.0.1';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':')) return host;
  return undefined;
}

export function chooseVhost(servers: Servers, request: ParsedRequest): VhostChoice {
  const steps: TraceStep[] = [];
  const unknown: string[] = [];
  const port = request.info.port;
  const local = request.localAddress;
  steps.push({ phase: 'connection', message: `connection to ${local}:${port} from ${request.info.clientAddress}`, file: null, line: null });
  const exact: { server: ServerConfig; address: Address }[] = [];
  const wild: { server: ServerConfig; address: Address }[] = [];
  for (const server of servers.vhosts) {
    for (const address of addressesOf(server)) {
      if (address.port !== undefined && address.port !== port) continue;
      if (WILDCARD_HOSTS.has(address.host)) {
        wild.push({ server, address });
        continue;
      }
      const ip = resolveName(address.host);
      if (ip === undefined) {
        unknown.push(`<VirtualHost ${address.text}> names a host whose address needs DNS`);
        continue;
      }
      if (ip === local) exact.push({ server, address });
    }
  }
  const dedupe = (list: { server: ServerConfig; address: Address }[]) => {
    const seenServers = new Set<ServerConfig>();
    return list.filter((c) => !seenServers.has(c.server) && seenServers.add(c.server));
  };
  // Hosts on other addresses lose first (reported up to a bound: a tree may hold thousands).
  const chosen = new Set([...exact, ...wild].map((c) => c.server));
  const wildServers = new Set(wild.map((w) => w.server));
  const elsewhere = servers.vhosts.filter((s) => !chosen.has(s) && !(exact.length && wildServers.has(s)));
  for (const server of elsewhere.slice(0, MAX_LOST_STEPS)) {
    const vh = server.vhost!;
    steps.push({ phase: 'vhost', message: `${describe(servers, server)} lost: its address does not take ${local}:${port}`, file: vh.file, line: lineOf(vh) });
  }
  if (elsewhere.length > MAX_LOST_STEPS) steps.push({ phase: 'vhost', message: `… and ${elsewhere.length - MAX_LOST_STEPS} more virtual hosts on other addresses`, file: null, line: null });
  if (exact.length) {
    for (const w of dedupe(wild).slice(0, MAX_LOST_STEPS)) {
      const vh = w.server.vhost!;
      steps.push({ phase: 'vhost', message: `${describe(servers, w.server)} lost: an IP-specific <VirtualHost> for ${local}:${port} comes before wildcard addresses`, file: vh.file, line: lineOf(vh) });
    }
  }

  const candidates = dedupe(exact.length ? exact : wild);
  if (candidates.length === 0) {
    steps.push({ phase: 'vhost', message: `no <VirtualHost> for ${local}:${port}: the main server answers`, file: null, line: null });
    return { server: servers.main, vhost: null, steps, unknown };
  }
  steps.push({
    phase: 'vhost',
    message: `${candidates.length} virtual host(s) for ${local}:${port} (${exact.length ? 'IP match' : 'wildcard address'})`,
    file: null,
    line: null,
  });
  const host = request.info.host;
  for (const c of candidates) {
    const match = hostMatches(servers, c.server, c.address, host);
    const vh = c.server.vhost!;
    if (match) {
      steps.push({ phase: 'vhost', message: `${describe(servers, c.server)} matches Host "${host}" (${match})`, file: vh.file, line: lineOf(vh) });
      return { server: c.server, vhost: toTrace(servers, c, false), steps, unknown };
    }
    steps.push({ phase: 'vhost', message: `${describe(servers, c.server)} lost: neither ServerName nor ServerAlias matches "${host}"`, file: vh.file, line: lineOf(vh) });
  }
  const first = candidates[0];
  steps.push({ phase: 'vhost', message: `no name matched: the first virtual host for the address answers, ${describe(servers, first.server)}`, file: first.server.vhost!.file, line: lineOf(first.server.vhost!) });
  return { server: first.server, vhost: toTrace(servers, first, true), steps, unknown };
}

function serverNameOf(servers: Servers, server: ServerConfig): string | null {
  const use = lastOf(server.direct, 'servername') ?? serverSetting(servers, servers.main, 'servername');
  if (!use || !use.args[0]) return null;
  return use.args[0].replace(/^[a-z]+:\/\//i, '').replace(/:\d+$/, '').toLowerCase();
}

function describe(servers: Servers, server: ServerConfig): string {
  const name = serverNameOf(servers, server);
  return `<VirtualHost ${server.vhost!.args.join(' ')}>${name ? ` (${name})` : ''}`;
}

function hostMatches(servers: Servers, server: ServerConfig, address: Address, host: string): string | undefined {
  if (!host) return undefined;
  if (address.host === host) return 'its address';
  const name = serverNameOf(servers, server);
  if (name === host) return 'ServerName';
  for (const alias of server.direct.filter((u) => u.key === 'serveralias')) {
    for (const a of alias.args) {
      const pattern = a.toLowerCase();
      if (/[*?]/.test(pattern) ? wildMatch(pattern, host) : pattern === host) return `ServerAlias ${a}`;
    }
  }
  return undefined;
}

/** ap_strcasecmp_match: `*` and `?` only, dots not special. */
function wildMatch(pattern: string, name: string): boolean {
  return fnmatch(pattern.replace(/[[\]\\]/g, (c) => '\\' + c), name.replace(/^\./, '\u0000')) || fnmatch(pattern.replace(/[[\]\\]/g, (c) => '\\' + c), name);
}

function toTrace(servers: Servers, c: { server: ServerConfig; address: Address }, isDefault: boolean): TraceVhost {
  const vh = c.server.vhost!;
  return { address: c.address.text, serverName: serverNameOf(servers, c.server), file: vh.file, line: lineOf(vh), default: isDefault };
}
