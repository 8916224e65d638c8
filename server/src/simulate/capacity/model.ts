// The capacity model: how many workers a stream of visitors keeps busy or idle, and the visitor
// rate at which the configured MaxRequestWorkers (or the machine's memory) runs out. A fluid model
// built on Little's law: a worker is held for a number of seconds per visitor, so at a rate of
// λ visitors per second λ × seconds workers are in use; the server saturates when that reaches
// the workers it may run. Pure arithmetic over numbers; the service gathers them from the tree.

export type CapacityMpm = 'prefork' | 'worker' | 'event';

/** What one visitor does: a page and its assets over one or more keep-alive connections. */
export interface Workload {
  /** New visitors per second (the rate the per-rate figures are given at). */
  visitorsPerSecond: number;
  /** Requests per page view: the page itself and its assets. */
  requestsPerPage: number;
  /** Share of those requests that are static files (0..1). */
  staticShare: number;
  /** Seconds a connection waits between one response and the next request on it. */
  requestGapSeconds: number;
  /** Seconds a worker spends on one dynamic request (the interpreter's work). */
  dynamicServiceSeconds: number;
  /** Seconds a worker spends on one static file. */
  staticServiceSeconds: number;
  /** Seconds a worker spends setting up one connection (TCP accept, plus the TLS handshake). */
  connectionSetupSeconds: number;
  /** Connections a visitor's browser opens in parallel. */
  connectionsPerVisitor: number;
}

/** A small PHP site's visitor, for when the user describes none (docs/capacity.md). */
export const DEFAULT_WORKLOAD: Workload = {
  visitorsPerSecond: 10,
  requestsPerPage: 10,
  staticShare: 0.9,
  requestGapSeconds: 0.05,
  dynamicServiceSeconds: 0.15,
  staticServiceSeconds: 0.002,
  connectionSetupSeconds: 0.0005,
  connectionsPerVisitor: 1,
};

/** The server side of one scenario. */
export interface ServerShape {
  mpm: CapacityMpm;
  /** MaxRequestWorkers after httpd's own corrections. */
  maxRequestWorkers: number;
  /** Threads per child process (1 for prefork). */
  threadsPerChild: number;
  keepAlive: boolean;
  keepAliveTimeoutSeconds: number;
  /** 0 means unlimited. */
  maxKeepAliveRequests: number;
  listenBacklog: number;
  /**
   * event only: a child process takes new connections while it holds fewer than
   * ThreadsPerChild + AsyncRequestWorkerFactor × its idle threads (httpd's default factor is 2),
   * so idle keep-alive connections cost no thread but do fill these connection slots.
   */
  asyncRequestWorkerFactor?: number;
  /** Resident MB of one child process. */
  processMB: number;
  /** Dynamic requests go to a PHP-FPM pool of this many processes (undefined: served in httpd). */
  fpmPoolSize?: number;
  fpmProcessMB?: number;
  /** Static requests served elsewhere (a CDN or another server): only dynamic ones reach httpd. */
  staticElsewhere?: boolean;
  /** Machine memory in MB (undefined: memory is not a limit). */
  totalMB?: number;
}

export interface ScenarioFigures {
  /** Worker-seconds one visitor costs: serving, and held idle by keep-alive. */
  busySecondsPerVisitor: number;
  idleSecondsPerVisitor: number;
  /** Seconds a visitor's connections stay open in all (serving or idle), whatever holds a worker. */
  openSecondsPerVisitor: number;
  /** Workers httpd may run (MaxRequestWorkers, or fewer when memory runs out first). */
  usableWorkers: number;
  limitedBy: 'MaxRequestWorkers' | 'memory' | 'PHP-FPM pool' | 'event connection slots';
  /** Visitor rate at which new connections start to wait. */
  saturationVisitorsPerSecond: number;
  /** At the workload's visitor rate. */
  busyWorkers: number;
  idleWorkers: number;
  memoryMB: number;
  /** Beyond saturation: connections waiting in the listen queue grow by this many per second. */
  queueGrowthPerSecond: number;
  /** Seconds until ListenBacklog is full (null when not saturated). */
  secondsToFullBacklog: number | null;
}

const round = (n: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

/** Worker-seconds per visitor, split into serving and idle keep-alive holding. */
export function workerSeconds(w: Workload, s: ServerShape): { busy: number; idle: number; connections: number } {
  const requests = Math.max(1, w.requestsPerPage);
  const staticRequests = s.staticElsewhere ? 0 : requests * clamp01(w.staticShare);
  const dynamicRequests = requests * (1 - clamp01(w.staticShare));
  const reaching = Math.max(dynamicRequests + staticRequests, s.staticElsewhere ? dynamicRequests : 1);
  // With FPM the httpd worker still waits for the pool's answer (proxy_fcgi is synchronous).
  const serving = dynamicRequests * w.dynamicServiceSeconds + staticRequests * w.staticServiceSeconds;
  // Only keep-alive does not hold an idle worker when the MPM hands idle connections to its listener.
  const asyncKeepAlive = s.mpm === 'event';
  if (!s.keepAlive) {
    const connections = reaching;
    return { busy: serving + connections * w.connectionSetupSeconds, idle: 0, connections };
  }
  const lanes = Math.max(1, Math.min(w.connectionsPerVisitor, Math.ceil(reaching)));
  const perLane = reaching / lanes;
  // MaxKeepAliveRequests closes a connection after that many requests; the browser opens another.
  const reopen = s.maxKeepAliveRequests > 0 ? Math.max(0, Math.ceil(perLane / s.maxKeepAliveRequests) - 1) : 0;
  const connections = lanes * (1 + reopen);
  const timeout = Math.max(0, s.keepAliveTimeoutSeconds);
  // A worker waits for the next request on the connection (at most the timeout), then after the
  // last response it waits the whole timeout before it closes the connection.
  const gaps = Math.max(0, reaching - connections) * Math.min(w.requestGapSeconds, timeout);
  const tails = lanes * timeout;
  const busy = serving + connections * w.connectionSetupSeconds;
  return { busy, idle: asyncKeepAlive ? 0 : gaps + tails, connections };
}

/** Seconds a visitor's connections stay open without a request in progress. */
function connectionIdleSeconds(w: Workload, s: ServerShape): number {
  return workerSeconds(w, { ...s, mpm: 'prefork' }).idle;
}

function clamp01(n: number): number {
  return Math.min(1, Math.max(0, Number.isFinite(n) ? n : 0));
}

/** The figures of one scenario at the workload's visitor rate. */
export function evaluateScenario(w: Workload, s: ServerShape): ScenarioFigures {
  const { busy, idle, connections } = workerSeconds(w, s);
  const threads = Math.max(1, s.threadsPerChild);
  let usable = Math.max(1, s.maxRequestWorkers);
  let limitedBy: ScenarioFigures['limitedBy'] = 'MaxRequestWorkers';
  const fpmMB = s.fpmPoolSize ? s.fpmPoolSize * (s.fpmProcessMB ?? 0) : 0;
  if (s.totalMB && s.totalMB > 0) {
    const processesInMemory = Math.floor(Math.max(0, s.totalMB - fpmMB) / Math.max(1, s.processMB));
    const byMemory = processesInMemory * threads;
    if (byMemory < usable) {
      usable = Math.max(0, byMemory);
      limitedBy = 'memory';
    }
  }
  const held = busy + idle;
  let saturation = held > 0 ? usable / held : Infinity;
  if (s.mpm === 'event' && s.keepAlive) {
    // Connections a visitor keeps open (serving and idle) against the slots of every child process.
    const factor = s.asyncRequestWorkerFactor ?? 2;
    const open = busy + connectionIdleSeconds(w, s);
    const bySlots = (usable * (1 + factor)) / (open + factor * busy);
    if (bySlots < saturation) {
      saturation = bySlots;
      limitedBy = 'event connection slots';
    }
  }
  if (s.fpmPoolSize) {
    const dynamicSeconds = Math.max(1, w.requestsPerPage) * (1 - clamp01(w.staticShare)) * w.dynamicServiceSeconds;
    const byPool = dynamicSeconds > 0 ? s.fpmPoolSize / dynamicSeconds : Infinity;
    if (byPool < saturation) {
      saturation = byPool;
      limitedBy = 'PHP-FPM pool';
    }
  }
  const rate = Math.max(0, w.visitorsPerSecond);
  const busyWorkers = Math.min(usable, rate * busy);
  const idleWorkers = Math.min(usable - busyWorkers, rate * idle);
  const processes = Math.ceil((busyWorkers + idleWorkers) / threads);
  const memoryMB = processes * s.processMB + fpmMB;
  // Visitors beyond the saturation rate bring connections no worker takes: they wait in the listen queue.
  const excess = rate > saturation ? (rate - saturation) * connections : 0;
  return {
    busySecondsPerVisitor: round(busy, 4),
    idleSecondsPerVisitor: round(idle, 4),
    openSecondsPerVisitor: round(busy + (s.keepAlive ? connectionIdleSeconds(w, s) : 0), 4),
    usableWorkers: usable,
    limitedBy,
    saturationVisitorsPerSecond: round(saturation),
    busyWorkers: round(busyWorkers, 1),
    idleWorkers: round(idleWorkers, 1),
    memoryMB: Math.round(memoryMB),
    queueGrowthPerSecond: round(excess, 1),
    secondsToFullBacklog: excess > 0 ? round(Math.max(0, s.listenBacklog) / excess, 1) : null,
  };
}

/** Busy and idle workers at a series of visitor rates, for the profile's chart. */
export function workerCurve(w: Workload, s: ServerShape, rates: number[]): { rate: number; busy: number; idle: number }[] {
  return rates.map((rate) => {
    const f = evaluateScenario({ ...w, visitorsPerSecond: rate }, s);
    return { rate, busy: f.busyWorkers, idle: f.idleWorkers };
  });
}
