// httpd-lint capacity [--visitors N] [--requests N] [--static-share F] … MAIN.conf
// How many new visitors per second the configured server holds, and how many with each of the
// keep-alive advice's alternatives: text, or --format json (version 1). Exit 0, or 2 on usage/I/O.

import * as fs from 'fs';
import { renderCapacityText, type WorkloadOptions } from '../service';
import { displayPath, visibleControls } from './formats/shared';
import { failure, parseSubcommand, TREE_OPTION_LINES, treeOptions, type CommandIo } from './subcommand';
import { serviceFor } from './tree';

export const CAPACITY_USAGE = `Usage: httpd-lint capacity [options] MAIN.conf

Models the server's capacity from its configuration (MPM limits, keep-alive, memory) and a
visitor workload: the visitor rate at which new visitors start to wait, now and with
KeepAliveTimeout 2, KeepAlive Off, event + PHP-FPM, and static assets served elsewhere.

Workload (defaults in brackets; see docs/capacity.md):
  --visitors N             new visitors per second the figures are given at [10]
  --requests N             requests per page view, page and assets [10]
  --static-share F         share of those that are static files, 0..1 [0.9]
  --gap S                  seconds between requests on one connection [0.05]
  --dynamic-time S         seconds a worker spends on a dynamic request [0.15]
  --static-time S          seconds a worker spends on a static file [0.002]
  --connections N          connections a visitor opens in parallel [1]
  --fpm-pool FILE          PHP-FPM pool file to read pm.max_children from [5 assumed]
  --fpm-children N         PHP-FPM pool size
Other options:
${TREE_OPTION_LINES}`;

const NUMBERS = {
  visitors: 'visitorsPerSecond',
  requests: 'requestsPerPage',
  'static-share': 'staticShare',
  gap: 'requestGapSeconds',
  'dynamic-time': 'dynamicServiceSeconds',
  'static-time': 'staticServiceSeconds',
  connections: 'connectionsPerVisitor',
  'fpm-children': 'fpmPoolSize',
} as const;

export function runCapacity(argv: string[], io: CommandIo): number {
  const own = { ...Object.fromEntries(Object.keys(NUMBERS).map((k) => [k, { type: 'string' as const }])), 'fpm-pool': { type: 'string' as const } };
  const parsed = parseSubcommand<Record<string, string | undefined>>(argv, own, CAPACITY_USAGE, io);
  if (typeof parsed === 'number') return parsed;
  const { values: v, json } = parsed;
  if (parsed.positionals.length !== 1) return usage(io, 'capacity needs one main configuration file', argv);
  const workload: WorkloadOptions = {};
  for (const [option, key] of Object.entries(NUMBERS)) {
    const text = v[option];
    if (typeof text !== 'string') continue;
    const n = Number(text);
    const whole = key === 'requestsPerPage' || key === 'connectionsPerVisitor' || key === 'fpmPoolSize';
    if (!/^\d+(\.\d+)?$/.test(text) || (whole && (!Number.isInteger(n) || n < 1)) || (key === 'staticShare' && n > 1)) {
      return usage(io, `--${option} takes ${whole ? 'a whole number of at least 1' : key === 'staticShare' ? 'a number from 0 to 1' : 'a number of at least 0'} (got '${text}')`, argv);
    }
    workload[key] = n;
  }
  if (typeof v['fpm-pool'] === 'string') {
    try {
      workload.fpmPoolText = fs.readFileSync(v['fpm-pool'], 'utf8').slice(0, 1 << 20);
    } catch (e) {
      return failure(io, 'io', `cannot read ${v['fpm-pool']}: ${(e as Error).message}`, json);
    }
  }
  const tree = serviceFor(parsed.positionals[0], treeOptions(v));
  if ('error' in tree) return failure(io, 'io', tree.error, json);
  const report = tree.service.capacity(tree.main, workload);
  io.out(json ? JSON.stringify(report, null, 2) : visibleControls(renderCapacityText(report, (file, line) => `${displayPath(file)}:${line + 1}`)));
  return 0;
}

function usage(io: CommandIo, message: string, argv: string[]): number {
  return failure(io, 'usage', message, argv.includes('json'), CAPACITY_USAGE);
}
