// httpd-lint trace [-X METHOD] [-H 'Name: value']… [--client IP] [--exists PATH]… [--home USER=DIR]… [--explain FILE:LINE] URL MAIN.conf
// Prints what httpd does with one request: text (steps with file:line) or --format json (the
// documented version-1 trace shape). Exit status: 0 traced, 2 usage or I/O failure.

import * as path from 'node:path';
import { parseHeader, renderTraceText } from '../service';
import { failure, parseSubcommand, TREE_OPTION_LINES, treeOptions, type CommandIo } from './subcommand';
import { visibleControls } from './formats/shared';
import { serviceFor } from './tree';

export const TRACE_USAGE = `Usage: httpd-lint trace [options] URL MAIN.conf

Traces one request through the configuration: the virtual host, URL mapping, the sections
merged in httpd's order, .htaccess, access, the handler and the outcome.

Options:
  -X, --method METHOD      request method (default GET)
  -H, --header 'N: v'      request header (repeatable); Host: wins over the URL's host
  --client IP              client address for Require ip / Allow from (default 127.0.0.1)
  --exists PATH            a file that exists on the server (repeatable); when given, the
                           trace meets only these files instead of this machine's disk
  --home USER=DIR          USER's home directory, for UserDir's relative form (repeatable);
                           wins over /etc/passwd, which is not read at all with --exists
  --effective              list every directive in force for the request (text output)
  --explain FILE:LINE      say why the RewriteRule at FILE:LINE did or did not apply
${TREE_OPTION_LINES}`;

export type { CommandIo } from './subcommand';

export function runTrace(argv: string[], io: CommandIo): number {
  const parsed = parseSubcommand<{ method?: string; header?: string[]; client?: string; exists?: string[]; home?: string[]; effective?: boolean; explain?: string }>(argv, {
    method: { type: 'string', short: 'X' },
    header: { type: 'string', short: 'H', multiple: true },
    client: { type: 'string' },
    exists: { type: 'string', multiple: true },
    home: { type: 'string', multiple: true },
    effective: { type: 'boolean' },
    explain: { type: 'string' },
  }, TRACE_USAGE, io);
  if (typeof parsed === 'number') return parsed;
  const { values: v, json } = parsed;
  if (parsed.positionals.length !== 2) return usage(io, 'trace needs a URL and a main configuration file', argv);
  const [url, main] = parsed.positionals;
  const headers: Record<string, string> = {};
  for (const h of v.header ?? []) {
    const pair = parseHeader(h);
    if (!pair) return usage(io, `-H takes 'Name: value' (got '${h}')`, argv);
    headers[pair[0]] = pair[1];
  }
  let explain: { file: string; line: number } | undefined;
  if (v.explain !== undefined) {
    const m = /^(.+):(\d+)$/.exec(v.explain);
    if (!m || Number(m[2]) < 1) return usage(io, `--explain takes FILE:LINE (got '${v.explain}')`, argv);
    explain = { file: path.resolve(m[1]), line: Number(m[2]) };
  }
  let homes: Record<string, string> | undefined;
  for (const h of v.home ?? []) {
    const eq = h.indexOf('=');
    if (eq <= 0 || !h.slice(eq + 1).startsWith('/')) return usage(io, `--home takes USER=/absolute/dir (got '${h}')`, argv);
    (homes ??= {})[h.slice(0, eq)] = h.slice(eq + 1);
  }
  const tree = serviceFor(main, treeOptions(v));
  if ('error' in tree) return failure(io, 'io', tree.error, json);
  const result = tree.service.trace(tree.main, { url, method: v.method, headers, clientAddress: v.client, exists: v.exists, explain, homes });
  io.out(json ? JSON.stringify(result, null, 2) : visibleControls(renderTraceText(result, process.cwd(), { effective: v.effective })));
  return 0;
}

function usage(io: CommandIo, message: string, argv: string[]): number {
  return failure(io, 'usage', message, argv.includes('json'), TRACE_USAGE);
}
