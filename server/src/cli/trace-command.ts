// httpd-lint trace [-X METHOD] [-H 'Name: value']… [--client IP] [--exists PATH]… [--explain FILE:LINE] URL MAIN.conf
// Prints what httpd does with one request: text (steps with file:line) or --format json (the
// documented version-1 trace shape). Exit status: 0 traced, 2 usage or I/O failure.

import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { parseHeader, renderTraceText } from '../service';
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
  --format text|json       output format (default text)
  --effective              list every directive in force for the request (text output)
  --explain FILE:LINE      say why the RewriteRule at FILE:LINE did or did not apply
  --server-root DIR        like httpd -d
  -D NAME[=VALUE]          define a name, like httpd -D (repeatable)
  --map FROM=TO            read the server's path FROM from TO (repeatable)`;

export interface CommandIo {
  out(s: string): void;
  err(s: string): void;
}

export function runTrace(argv: string[], io: CommandIo): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        method: { type: 'string', short: 'X' },
        header: { type: 'string', short: 'H', multiple: true },
        client: { type: 'string' },
        exists: { type: 'string', multiple: true },
        format: { type: 'string' },
        effective: { type: 'boolean' },
        explain: { type: 'string' },
        'server-root': { type: 'string', short: 'd' },
        define: { type: 'string', short: 'D', multiple: true },
        map: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    return usage(io, (e as Error).message, argv);
  }
  const v = parsed.values;
  if (v.help) {
    io.out(TRACE_USAGE);
    return 0;
  }
  const json = v.format === 'json';
  if (v.format !== undefined && v.format !== 'text' && !json) return usage(io, `unknown format '${v.format}' (text or json)`, argv);
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
  const tree = serviceFor(main, { serverRoot: v['server-root'], defines: v.define, maps: v.map });
  if ('error' in tree) return failure(io, 'io', tree.error, json);
  const result = tree.service.trace(tree.main, { url, method: v.method, headers, clientAddress: v.client, exists: v.exists, explain });
  io.out(json ? JSON.stringify(result, null, 2) : renderTraceText(result, process.cwd(), { effective: v.effective }));
  return 0;
}

function usage(io: CommandIo, message: string, argv: string[]): number {
  return failure(io, 'usage', message, argv.includes('json'), TRACE_USAGE);
}

/** One line on stderr; with --format json also `{"version":1,"error":{kind,message}}` on stdout. */
export function failure(io: CommandIo, kind: 'usage' | 'io', message: string, json: boolean, help?: string): number {
  io.err(`httpd-lint: ${message}${help && !json ? `\n${help}` : ''}`);
  if (json) io.out(JSON.stringify({ version: 1, error: { kind, message } }, null, 2));
  return 2;
}
