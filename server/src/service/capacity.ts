// The capacity report: the numbers behind the keep-alive advice. Inputs come from the analysed
// tree (each with the file:line that set it) or from the workload the user describes (else a
// stated default); simulate/capacity/model.ts turns them into figures for the current settings
// and for each alternative the advice offers.

import { activeUses, isOn, mpmName, secondsValue, serverLevelValue, type ConfigModel } from '../model';
import { mpmLimits } from '../rules/lib/mpm-limits';
import { DEFAULT_PROCESS_MB, estimateMemory } from '../rules/memory-budget';
import { DEFAULT_WORKLOAD, evaluateScenario, workerCurve, type ScenarioFigures, type ServerShape, type Workload } from '../simulate/capacity/model';
import type { Analysis } from './analysis';

export { DEFAULT_WORKLOAD };

export const CAPACITY_SCENARIOS = ['current', 'keepalive-2', 'keepalive-off', 'event-fpm', 'static-elsewhere'] as const;
export type CapacityScenarioName = (typeof CAPACITY_SCENARIOS)[number];

/** The workload a visitor brings; every field optional (defaults below, reported as such). */
export type WorkloadOptions = Partial<Workload> & {
  /** PHP-FPM processes (pm.max_children) for the event + PHP-FPM scenario. */
  fpmPoolSize?: number;
  /** Text of a PHP-FPM pool file, read for pm.max_children. */
  fpmPoolText?: string;
};

/** Debian's www.conf pool: pm.max_children = 5. */
export const DEFAULT_FPM_POOL = 5;
/** Resident MB of one PHP-FPM process and of one event child without an interpreter. */
const FPM_PROCESS_MB = 40;
/** A TLS handshake costs the worker this much more per new connection. */
const TLS_SETUP_SECONDS = 0.004;

export interface CapacityInput {
  name: string;
  value: number | string | boolean;
  /** "config" (with file and line), "setting", "option", "default" or "assumption". */
  source: 'config' | 'setting' | 'option' | 'default' | 'assumption';
  file?: string;
  /** 0-based. */
  line?: number;
}

export interface CapacityScenario extends ScenarioFigures {
  name: CapacityScenarioName;
  description: string;
}

export interface CapacityReport {
  version: 1;
  mpm: string | null;
  maxRequestWorkers: number | null;
  inputs: CapacityInput[];
  visitorsPerSecond: number;
  scenarios: CapacityScenario[];
  /** Busy and idle workers against visitor rate, per scenario (the profile's chart). */
  curves: { name: CapacityScenarioName; points: { rate: number; busy: number; idle: number }[] }[];
  /** Why there is no model (no MPM known). */
  unavailable?: string;
}

function configInput(model: ConfigModel, name: string, fallback: string, inputs: CapacityInput[], parse: (v: string) => number | string | undefined): number | string {
  const v = serverLevelValue(model, name, fallback);
  const parsed = parse(v.value) ?? parse(fallback)!;
  inputs.push(v.use ? { name, value: parsed, source: 'config', file: v.use.file, line: v.use.line.line } : { name, value: parsed, source: 'default' });
  return parsed;
}

/** pm.max_children of a PHP-FPM pool file, when it sets one. */
export function fpmPoolSize(text: string): number | undefined {
  const m = /^[ \t]*pm\.max_children[ \t]*=[ \t]*(\d+)[ \t]*\r?$/m.exec(text);
  return m ? Number(m[1]) : undefined;
}

export function capacityReport(analysis: Analysis, options: WorkloadOptions = {}): CapacityReport {
  const model = analysis.model;
  const limits = mpmLimits(model);
  const inputs: CapacityInput[] = [];
  const workloadInputs: CapacityInput[] = [];
  const workload = { ...DEFAULT_WORKLOAD };
  for (const key of Object.keys(DEFAULT_WORKLOAD) as (keyof Workload)[]) {
    const given = options[key];
    if (typeof given === 'number' && Number.isFinite(given) && given >= 0) workload[key] = given;
    workloadInputs.push({ name: key, value: workload[key], source: typeof given === 'number' ? 'option' : 'default' });
  }
  if (!limits) {
    inputs.push(...workloadInputs);
    return { version: 1, mpm: model.mpm, maxRequestWorkers: null, inputs, visitorsPerSecond: workload.visitorsPerSecond, scenarios: [], curves: [], unavailable: unavailableReason(model) };
  }
  inputs.unshift({ name: 'MPM', value: limits.mpm, source: model.mpmModules[0]?.where ? 'config' : 'default', file: model.mpmModules[0]?.where?.file, line: model.mpmModules[0]?.where?.line });
  const workers = limits.effective.maxRequestWorkers;
  const mrw = limits.maxRequestWorkers.use;
  inputs.push(mrw ? { name: 'MaxRequestWorkers', value: workers, source: 'config', file: mrw.file, line: mrw.line.line } : { name: 'MaxRequestWorkers', value: workers, source: 'default' });
  const keepAlive = isOn(configInput(model, 'KeepAlive', 'On', inputs, (v) => (/^(on|off)$/i.test(v) ? (isOn(v) ? 'On' : 'Off') : undefined)) as string);
  const timeout = configInput(model, 'KeepAliveTimeout', '5', inputs, (v) => secondsValue('KeepAliveTimeout', v)) as number;
  const maxRequests = configInput(model, 'MaxKeepAliveRequests', '100', inputs, (v) => (/^\d+$/.test(v) ? Number(v) : undefined)) as number;
  const backlog = configInput(model, 'ListenBacklog', '511', inputs, (v) => (/^\d+$/.test(v) ? Number(v) : undefined)) as number;
  const factor = limits.mpm === 'event' ? (configInput(model, 'AsyncRequestWorkerFactor', '2', inputs, (v) => (/^\d+(\.\d+)?$/.test(v) ? Number(v) : undefined)) as number) : 2;
  const tls = activeUses(model, 'SSLEngine').some((u) => /^on$/i.test(u.args[0] ?? ''));
  if (tls) {
    workload.connectionSetupSeconds += TLS_SETUP_SECONDS;
    inputs.push({ name: 'TLS handshake per connection (s)', value: TLS_SETUP_SECONDS, source: 'assumption' });
  }
  const memory = estimateMemory(model, analysis.settings);
  const processMB = memory?.perProcessMB ?? DEFAULT_PROCESS_MB[limits.mpm];
  inputs.push({ name: 'processMB', value: processMB, source: memory?.measured ? 'setting' : 'assumption' });
  const totalMB = analysis.settings.memoryTotalMB > 0 ? analysis.settings.memoryTotalMB : undefined;
  if (totalMB) inputs.push({ name: 'totalMB', value: totalMB, source: 'setting' });
  const poolFromFile = options.fpmPoolText ? fpmPoolSize(options.fpmPoolText) : undefined;
  const pool = options.fpmPoolSize ?? poolFromFile ?? DEFAULT_FPM_POOL;
  inputs.push({ name: 'fpmPoolSize', value: pool, source: options.fpmPoolSize !== undefined || poolFromFile !== undefined ? 'option' : 'assumption' });

  const current: ServerShape = {
    mpm: limits.mpm,
    maxRequestWorkers: workers,
    threadsPerChild: limits.mpm === 'prefork' ? 1 : limits.effective.threadsPerChild,
    keepAlive,
    keepAliveTimeoutSeconds: timeout,
    maxKeepAliveRequests: maxRequests,
    listenBacklog: backlog,
    asyncRequestWorkerFactor: factor,
    processMB,
    totalMB,
    // A server already handing PHP to FPM keeps doing so in every scenario.
    ...(model.phpFpm && limits.mpm !== 'prefork' ? { fpmPoolSize: pool, fpmProcessMB: FPM_PROCESS_MB } : {}),
  };
  const eventLimits = limits.mpm === 'prefork' ? { workers: 400, threads: 25 } : { workers, threads: current.threadsPerChild };
  const shapes: Record<CapacityScenarioName, [ServerShape, string]> = {
    current: [current, `as configured: ${limits.mpm}, KeepAlive ${keepAlive ? `On, KeepAliveTimeout ${timeout}s` : 'Off'}`],
    'keepalive-2': [{ ...current, keepAlive: true, keepAliveTimeoutSeconds: Math.min(2, timeout) }, 'KeepAliveTimeout 2'],
    'keepalive-off': [{ ...current, keepAlive: false }, 'KeepAlive Off: every request opens its own connection'],
    'event-fpm': [
      { ...current, mpm: 'event', maxRequestWorkers: eventLimits.workers, threadsPerChild: eventLimits.threads, processMB: DEFAULT_PROCESS_MB.event, fpmPoolSize: pool, fpmProcessMB: FPM_PROCESS_MB },
      `event MPM with PHP in a PHP-FPM pool of ${pool}: idle keep-alive connections hold no worker`,
    ],
    'static-elsewhere': [{ ...current, staticElsewhere: true }, 'static assets served by another server or a CDN'],
  };
  inputs.push(...workloadInputs);
  const scenarios = CAPACITY_SCENARIOS.map((name): CapacityScenario => ({ name, description: shapes[name][1], ...evaluateScenario(workload, shapes[name][0]) }));
  // Each scenario's curve on its own scale: from no visitors to a quarter past its saturation.
  const curves = scenarios.map((s) => {
    const top = Number.isFinite(s.saturationVisitorsPerSecond) && s.saturationVisitorsPerSecond > 0 ? s.saturationVisitorsPerSecond * 1.25 : 1;
    const rates = Array.from({ length: 6 }, (_, i) => Math.round(((top * i) / 5) * 100) / 100);
    return { name: s.name, points: workerCurve(workload, shapes[s.name][0], rates) };
  });
  return { version: 1, mpm: limits.mpm, maxRequestWorkers: workers, inputs, visitorsPerSecond: workload.visitorsPerSecond, scenarios, curves };
}

const fixed = (n: number): string => (Number.isFinite(n) ? (n >= 10 ? n.toFixed(0) : n.toFixed(2)) : '∞');

/** One bar of busy (█) and idle (▒) workers out of the usable ones, `width` characters wide. */
export function workerBar(busy: number, idle: number, usable: number, width = 30): string {
  const scale = width / Math.max(1, usable);
  const b = Math.min(width, Math.round(busy * scale));
  const i = Math.min(width - b, Math.round(idle * scale));
  return `${'█'.repeat(b)}${'▒'.repeat(i)}${'·'.repeat(width - b - i)}`;
}

/** The report as text, for `httpd-lint capacity`. */
export function renderCapacityText(report: CapacityReport, describe: (file: string, line: number) => string = (f, l) => `${f}:${l + 1}`): string {
  if (report.unavailable) return `No capacity model: ${report.unavailable}.`;
  const out = [`Capacity of this server (${report.mpm}, MaxRequestWorkers ${report.maxRequestWorkers}) at ${fixed(report.visitorsPerSecond)} new visitors per second`, ''];
  out.push('Inputs');
  for (const i of report.inputs) out.push(`  ${i.name.padEnd(26)} ${String(i.value).padEnd(10)} ${i.source === 'config' && i.file !== undefined ? describe(i.file, i.line ?? 0) : `(${i.source})`}`);
  out.push('', 'Scenarios                 saturates at      busy + idle workers now (█ busy, ▒ idle)      memory');
  for (const s of report.scenarios) {
    const sat = `${fixed(s.saturationVisitorsPerSecond)} visitors/s`.padEnd(17);
    const now = `${workerBar(s.busyWorkers, s.idleWorkers, s.usableWorkers)} ${fixed(s.busyWorkers)} + ${fixed(s.idleWorkers)}`.padEnd(46);
    out.push(`  ${s.name.padEnd(23)} ${sat} ${now} ${s.memoryMB} MB`);
    out.push(`    ${s.description}; limited by ${s.limitedBy}${s.secondsToFullBacklog !== null ? `; over the limit now: the listen queue fills in ${fixed(s.secondsToFullBacklog)} s` : ''}`);
  }
  out.push('', 'Assumptions: a visitor opens its connections, requests the page and its assets one after the other,', 'then leaves the connections idle until KeepAliveTimeout closes them. See docs/capacity.md.');
  return out.join('\n');
}

/** Why no capacity model: modules unknown, no MPM, or one the model does not cover (Windows' winnt). */
function unavailableReason(model: ConfigModel): string {
  if (!model.moduleStateKnown) return 'the loaded modules are not known for this file';
  const name = mpmName(model);
  return name ? `the ${name} MPM is not modelled (prefork, worker and event are)` : 'no MPM is loaded';
}
