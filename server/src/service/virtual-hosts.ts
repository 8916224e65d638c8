// The virtual-host overview (`httpd -S` with what each host serves): addresses in the order they
// first appear, each with its hosts in file order (the first is the address's default), and per
// host the DocumentRoot, aliases, TLS files, how PHP runs (the request trace's answer for a .php
// URL, so the overview and the trace cannot disagree) and the keep-alive values in force.

import type { VirtualHostDetail, VirtualHostEntry, VirtualHostsView } from '../../../shared/virtual-hosts';
import { getDirective } from '../data';
import type { DirectiveUse } from '../model';
import { lastOf, serversOf, serverSetting, type ServerConfig, type Servers } from '../simulate/trace/servers';
import type { Analysis } from './analysis';
import { traceOnAnalysis } from './trace';

export type { VirtualHostsView } from '../../../shared/virtual-hosts';

/** Hosts shown at most; a tree with more lists the first ones (the view stays responsive). */
const MAX_HOSTS = 2000;
/** Hosts whose PHP handling is traced; beyond these it reads "not traced" (each trace costs). */
const MAX_PHP_TRACES = 300;

const PATH_ALIASES = ['alias', 'scriptalias', 'aliasmatch', 'scriptaliasmatch'];
const TLS_FILES = ['sslcertificatefile', 'sslcertificatekeyfile', 'sslcertificatechainfile'];
const KEEP_ALIVE = ['keepalive', 'keepalivetimeout', 'maxkeepaliverequests'];
const PHP_WORDS: Partial<Record<string, string>> = {
  'php-module': 'mod_php, inside the server processes',
  'php-fpm': 'PHP-FPM',
  cgi: 'CGI',
  static: 'not run: .php files are sent as files',
};
/** Where a .php answer comes from, most telling first. */
const HANDLER_SOURCES = ['sethandler', 'proxypassmatch', 'proxypass', 'addhandler', 'addtype'];

export function virtualHosts(analysis: Analysis): VirtualHostsView {
  const servers = serversOf(analysis.model);
  const groups = new Map<string, VirtualHostEntry[]>();
  let traced = 0;
  for (const server of servers.vhosts.slice(0, MAX_HOSTS)) {
    const entry = hostEntry(analysis, servers, server, traced++ < MAX_PHP_TRACES);
    for (const written of server.vhost!.args) {
      // httpd 2.4 treats _default_ as * (apache2 -S lists it so).
      const address = written.replace(/^_default_(?=:|$)/i, '*');
      const hosts = groups.get(address) ?? [];
      if (!groups.has(address)) groups.set(address, hosts);
      hosts.push({ ...entry, default: hosts.length === 0 });
    }
  }
  return {
    mainFile: analysis.model.mainFile,
    addresses: [...groups].map(([address, hosts]) => ({ address, hosts })),
    mainServer: hostEntry(analysis, servers, servers.main, true),
  };
}

function hostEntry(analysis: Analysis, servers: Servers, server: ServerConfig, tracePhp: boolean): VirtualHostEntry {
  const setting = (key: string) => serverSetting(servers, server, key);
  const name = hostName(servers, server);
  const aliases = server.direct.filter((u) => u.key === 'serveralias').flatMap((u) => u.args);
  const details: VirtualHostDetail[] = [];
  const documentRoot = setting('documentroot');
  details.push(documentRoot ? detail('DocumentRoot', documentRoot) : { label: 'DocumentRoot', value: defaultOf('DocumentRoot') ?? '(default)' });
  // A virtual host's aliases come first, then those of the main server, which it inherits.
  const aliasUses = server.vhost ? [...server.direct, ...servers.main.direct] : server.direct;
  for (const use of aliasUses.filter((u) => PATH_ALIASES.includes(u.key))) details.push(detail(use.name, use, use.args.join(' ')));
  for (const key of TLS_FILES) {
    const use = setting(key);
    if (use) details.push(detail(use.name, use));
  }
  if (tracePhp) details.push(phpDetail(analysis, name, server, documentRoot?.args[0]));
  for (const key of KEEP_ALIVE) {
    const use = setting(key);
    const directive = getDirective(key);
    const label = directive?.name ?? key;
    details.push(use ? detail(label, use) : { label, value: `${defaultOf(label) ?? '?'} (default)` });
  }
  const at = server.vhost ?? undefined;
  return { name, default: false, aliases, file: at?.file ?? analysis.model.mainFile, line: at?.line.line ?? 0, details };
}

/** How a .php URL of this host is answered, from the request trace. */
function phpDetail(analysis: Analysis, name: string, server: ServerConfig, documentRoot: string | undefined): VirtualHostDetail {
  const address = server.vhost?.args[0] ?? '*:80';
  const port = /:(\d+)$/.exec(address)?.[1] ?? '80';
  const host = name.startsWith('(') ? '127.0.0.1' : name;
  const scheme = port === '443' ? 'https' : 'http';
  const root = documentRoot ?? '/var/www/html';
  const result = traceOnAnalysis(analysis, { url: `${scheme}://${host}:${port}/index.php`, exists: [`${root.replace(/\/$/, '')}/index.php`] });
  const { handler, backend } = result.outcome;
  const value = PHP_WORDS[handler] ?? `${handler} (status ${result.outcome.status})`;
  const shown = handler === 'php-fpm' && backend ? `${value} (${backend})` : value;
  const where = HANDLER_SOURCES.map((name) => result.effective.find((e) => e.directive.toLowerCase() === name)).find((e) => e);
  return where ? { label: 'PHP', value: shown, file: where.file, line: where.line - 1 } : { label: 'PHP', value: shown };
}

function detail(label: string, use: DirectiveUse, value = use.args[0] ?? ''): VirtualHostDetail {
  return { label, value, file: use.file, line: use.line.line };
}

function defaultOf(name: string): string | undefined {
  const fact = getDirective(name.toLowerCase());
  return fact?.default ? fact.default.replace(new RegExp(`^${name}\\s+`, 'i'), '').replace(/^"(.*)"$/, '$1') : undefined;
}

/**
 * The host's name as httpd gives it: its own ServerName; without one, a host on `*` or
 * `_default_` takes the main server's, and one on an IP address the reverse DNS of that address.
 */
function hostName(servers: Servers, server: ServerConfig): string {
  const own = lastOf(server.direct, 'servername')?.args[0];
  if (own) return own;
  const wildcard = !server.vhost || /^(\*|_default_)(:|$)/i.test(server.vhost.args[0] ?? '');
  const inherited = wildcard && server.vhost ? lastOf(servers.main.direct, 'servername')?.args[0] : undefined;
  return inherited ?? unnamed(server);
}

/** httpd names a host without ServerName by the machine's host name or its address's reverse DNS, which a file cannot tell. */
function unnamed(server: ServerConfig): string {
  const address = server.vhost?.args[0];
  if (!address || /^(\*|_default_)(:|$)/i.test(address)) return '(no ServerName: httpd uses the machine\'s host name)';
  return `(no ServerName: httpd uses the reverse DNS of ${address})`;
}
