// The MPM limits httpd ends up with. httpd's check_config hook starts from the configured values
// (or the compiled-in defaults, which do not follow ServerLimit or ThreadsPerChild) and silently
// corrects them, logging one warning per correction; this replays those corrections in the same
// order with the same log text, so rules can quote exactly what httpd will print at start.

import { activeUses, httpdAtoi, type ConfigModel, type DirectiveUse, type MpmName } from '../../model';

export interface Limit {
  value: number;
  use?: DirectiveUse;
}

export type LimitName = 'ServerLimit' | 'ThreadLimit' | 'ThreadsPerChild' | 'MaxRequestWorkers';

export type AdjustmentKind = 'server-limit-range' | 'thread-limit-range' | 'threads-over-limit' | 'threads-below-one' | 'workers-below-minimum' | 'workers-not-multiple' | 'workers-over-limit';

export interface MpmAdjustment {
  kind: AdjustmentKind;
  /** httpd's log tag, e.g. "AH00515". */
  code: string;
  /** httpd's log text after "WARNING: ". */
  text: string;
  /** The limit httpd changes. */
  changes: LimitName;
  from: number;
  to: number;
}

export interface MpmLimits {
  mpm: MpmName;
  serverLimit: Limit;
  threadLimit: Limit;
  threadsPerChild: Limit;
  maxRequestWorkers: Limit;
  /** The values after httpd's corrections. */
  effective: { serverLimit: number; threadLimit: number; threadsPerChild: number; maxRequestWorkers: number };
  /** MaxRequestWorkers after httpd's corrections (kept for the server profile). */
  effectiveWorkers: number;
  /** Child processes at full load. */
  processes: number;
  adjustments: MpmAdjustment[];
}

/** Compiled-in values of httpd 2.4 (server/mpm/*\/*.c). */
const PREFORK = { serverLimit: 256, maxServerLimit: 200000 };
const THREADED = { serverLimit: 16, threadLimit: 64, threadsPerChild: 25, maxServerLimit: 20000 };
const MAX_THREAD_LIMIT: Record<'worker' | 'event', number> = { worker: 20000, event: 100000 };

/** httpd's log tags per MPM, in check_config order. */
const CODES = {
  prefork: { serverOver: 'AH00175', serverUnder: 'AH00177', workersOver: 'AH00180', workersUnder: 'AH00182' },
  worker: { serverOver: 'AH00300', serverUnder: 'AH00302', threadOver: 'AH00305', threadUnder: 'AH00307', tpcOver: 'AH00310', tpcUnder: 'AH00312', workersUnder: 'AH00314', notMultiple: 'AH00316', workersOver: 'AH00318' },
  event: { serverOver: 'AH00497', serverUnder: 'AH00499', threadOver: 'AH00502', threadUnder: 'AH00504', tpcOver: 'AH00507', tpcUnder: 'AH00509', workersUnder: 'AH00511', notMultiple: 'AH00513', workersOver: 'AH00515' },
};

/** The last server-level setting among `names` (MaxClients is another name for MaxRequestWorkers). */
function limit(model: ConfigModel, names: string[], fallback: number): Limit {
  let last: DirectiveUse | undefined;
  for (const name of names) {
    for (const use of activeUses(model, name)) {
      if (use.parents.length || use.scope !== 'server') continue;
      if (!last || use.index > last.index) last = use;
    }
  }
  // httpd reads these numbers with a 32-bit atoi: "2147483648" wraps to -2147483648, then gets corrected.
  return last ? { value: httpdAtoi(last.args[0] ?? ''), use: last } : { value: fallback };
}

export function mpmLimits(model: ConfigModel): MpmLimits | undefined {
  const mpm = model.mpm;
  if (!mpm) return undefined;
  return mpm === 'prefork' ? preforkLimits(model) : threadedLimits(model, mpm);
}

function preforkLimits(model: ConfigModel): MpmLimits {
  const codes = CODES.prefork;
  const serverLimit = limit(model, ['ServerLimit'], PREFORK.serverLimit);
  const maxRequestWorkers = limit(model, ['MaxRequestWorkers', 'MaxClients'], PREFORK.serverLimit);
  const adjustments: MpmAdjustment[] = [];
  let servers = serverLimit.value;
  if (servers > PREFORK.maxServerLimit) {
    adjustments.push({ kind: 'server-limit-range', code: codes.serverOver, changes: 'ServerLimit', from: servers, to: PREFORK.maxServerLimit, text: `ServerLimit of ${servers} exceeds compile-time limit of ${PREFORK.maxServerLimit} servers, decreasing to ${PREFORK.maxServerLimit}.` });
    servers = PREFORK.maxServerLimit;
  } else if (servers < 1) {
    adjustments.push({ kind: 'server-limit-range', code: codes.serverUnder, changes: 'ServerLimit', from: servers, to: 1, text: `ServerLimit of ${servers} not allowed, increasing to 1.` });
    servers = 1;
  }
  let workers = maxRequestWorkers.value;
  if (workers > servers) {
    adjustments.push({ kind: 'workers-over-limit', code: codes.workersOver, changes: 'MaxRequestWorkers', from: workers, to: servers, text: `MaxRequestWorkers of ${workers} exceeds ServerLimit value of ${servers} servers, decreasing MaxRequestWorkers to ${servers}. To increase, please see the ServerLimit directive.` });
    workers = servers;
  } else if (workers < 1) {
    adjustments.push({ kind: 'workers-below-minimum', code: codes.workersUnder, changes: 'MaxRequestWorkers', from: workers, to: 1, text: `MaxRequestWorkers of ${workers} not allowed, increasing to 1.` });
    workers = 1;
  }
  return {
    mpm: 'prefork',
    serverLimit,
    threadLimit: { value: 1 },
    threadsPerChild: { value: 1 },
    maxRequestWorkers,
    effective: { serverLimit: servers, threadLimit: 1, threadsPerChild: 1, maxRequestWorkers: workers },
    effectiveWorkers: workers,
    processes: workers,
    adjustments,
  };
}

function threadedLimits(model: ConfigModel, mpm: 'worker' | 'event'): MpmLimits {
  const codes = CODES[mpm];
  const maxThreadLimit = MAX_THREAD_LIMIT[mpm];
  const serverLimit = limit(model, ['ServerLimit'], THREADED.serverLimit);
  const threadLimit = limit(model, ['ThreadLimit'], THREADED.threadLimit);
  const threadsPerChild = limit(model, ['ThreadsPerChild'], THREADED.threadsPerChild);
  const maxRequestWorkers = limit(model, ['MaxRequestWorkers', 'MaxClients'], THREADED.serverLimit * THREADED.threadsPerChild);
  const adjustments: MpmAdjustment[] = [];
  const adjust = (kind: AdjustmentKind, code: string, changes: LimitName, from: number, to: number, text: string): number => {
    adjustments.push({ kind, code, changes, from, to, text });
    return to;
  };
  let servers = serverLimit.value;
  if (servers > THREADED.maxServerLimit) servers = adjust('server-limit-range', codes.serverOver, 'ServerLimit', servers, THREADED.maxServerLimit, `ServerLimit of ${servers} exceeds compile-time limit of ${THREADED.maxServerLimit} servers, decreasing to ${THREADED.maxServerLimit}.`);
  else if (servers < 1) servers = adjust('server-limit-range', codes.serverUnder, 'ServerLimit', servers, 1, `ServerLimit of ${servers} not allowed, increasing to 1.`);
  let threads = threadLimit.value;
  if (threads > maxThreadLimit) threads = adjust('thread-limit-range', codes.threadOver, 'ThreadLimit', threads, maxThreadLimit, `ThreadLimit of ${threads} exceeds compile-time limit of ${maxThreadLimit} threads, decreasing to ${maxThreadLimit}.`);
  else if (threads < 1) threads = adjust('thread-limit-range', codes.threadUnder, 'ThreadLimit', threads, 1, `ThreadLimit of ${threads} not allowed, increasing to 1.`);
  let perChild = threadsPerChild.value;
  if (perChild > threads) perChild = adjust('threads-over-limit', codes.tpcOver, 'ThreadsPerChild', perChild, threads, `ThreadsPerChild of ${perChild} exceeds ThreadLimit of ${threads} threads, decreasing to ${threads}. To increase, please see the ThreadLimit directive.`);
  else if (perChild < 1) perChild = adjust('threads-below-one', codes.tpcUnder, 'ThreadsPerChild', perChild, 1, `ThreadsPerChild of ${perChild} not allowed, increasing to 1.`);
  let workers = maxRequestWorkers.value;
  if (workers < perChild) workers = adjust('workers-below-minimum', codes.workersUnder, 'MaxRequestWorkers', workers, perChild, `MaxRequestWorkers of ${workers} is less than ThreadsPerChild of ${perChild}, increasing to ${perChild}. MaxRequestWorkers must be at least as large as the number of threads in a single server.`);
  let processes = Math.floor(workers / perChild);
  if (workers % perChild !== 0) {
    const rounded = processes * perChild;
    workers = adjust('workers-not-multiple', codes.notMultiple, 'MaxRequestWorkers', workers, rounded, `MaxRequestWorkers of ${workers} is not an integer multiple of ThreadsPerChild of ${perChild}, decreasing to nearest multiple ${rounded}, for a maximum of ${processes} servers.`);
  }
  if (processes > servers) {
    const capped = servers * perChild;
    workers = adjust('workers-over-limit', codes.workersOver, 'MaxRequestWorkers', workers, capped, `MaxRequestWorkers of ${workers} would require ${processes} servers and would exceed ServerLimit of ${servers}, decreasing to ${capped}. To increase, please see the ServerLimit directive.`);
    processes = servers;
  }
  return {
    mpm,
    serverLimit,
    threadLimit,
    threadsPerChild,
    maxRequestWorkers,
    effective: { serverLimit: servers, threadLimit: threads, threadsPerChild: perChild, maxRequestWorkers: workers },
    effectiveWorkers: workers,
    processes,
    adjustments,
  };
}

/** The line a finding about a corrected limit belongs on: the setting itself, else the one that caused it. */
export function adjustmentAnchor(limits: MpmLimits, adjustment: MpmAdjustment): DirectiveUse | undefined {
  const own: Record<LimitName, Limit> = {
    ServerLimit: limits.serverLimit,
    ThreadLimit: limits.threadLimit,
    ThreadsPerChild: limits.threadsPerChild,
    MaxRequestWorkers: limits.maxRequestWorkers,
  };
  if (own[adjustment.changes].use) return own[adjustment.changes].use;
  const causes: Record<AdjustmentKind, LimitName[]> = {
    'server-limit-range': [],
    'thread-limit-range': [],
    'threads-over-limit': ['ThreadLimit'],
    'threads-below-one': [],
    'workers-below-minimum': ['ThreadsPerChild', 'ThreadLimit'],
    'workers-not-multiple': ['ThreadsPerChild', 'ThreadLimit'],
    'workers-over-limit': ['ServerLimit', 'ThreadsPerChild', 'ThreadLimit'],
  };
  return causes[adjustment.kind].map((name) => own[name].use).find((u) => u !== undefined);
}
