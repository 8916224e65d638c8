// Simulated visitors for the capacity load test: each opens one keep-alive connection (Node's
// http.Agent), fetches a page and its assets one after another with a short gap, then leaves the
// connection idle until the server closes it. Arrivals come at a fixed rate; a visitor "waited"
// when its page took clearly longer than the page's own service time.

import * as http from 'http';

export interface VisitPlan {
  port: number;
  page: string;
  assets: string[];
  gapMs: number;
  keepAlive: boolean;
  /** Per-request bound. */
  timeoutMs: number;
}

export interface VisitResult {
  /** Milliseconds from the visitor's arrival to the page's response headers. */
  pageTtfbMs: number;
  /** Milliseconds each asset took, request to end of response. */
  assetMs: number[];
  ok: boolean;
}

function get(agent: http.Agent, port: number, path: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${path} timed out`)));
    req.on('error', reject);
  });
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** One visitor; returns its agent so the caller can drop the idle connection at the end of a trial. */
export async function visit(plan: VisitPlan, agents: http.Agent[]): Promise<VisitResult> {
  const agent = new http.Agent({ keepAlive: plan.keepAlive, maxSockets: 1 });
  agents.push(agent);
  const started = performance.now();
  let pageTtfbMs = NaN;
  try {
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port: plan.port, path: plan.page, agent, timeout: plan.timeoutMs }, (res) => {
        pageTtfbMs = performance.now() - started;
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error('page timed out')));
      req.on('error', reject);
    });
    const assetMs: number[] = [];
    if (status !== 200) return { pageTtfbMs, assetMs, ok: false };
    for (const asset of plan.assets) {
      await pause(plan.gapMs);
      const asked = performance.now();
      if ((await get(agent, plan.port, asset, plan.timeoutMs)) !== 200) return { pageTtfbMs, assetMs, ok: false };
      assetMs.push(performance.now() - asked);
    }
    return { pageTtfbMs, assetMs, ok: true };
  } catch {
    return { pageTtfbMs: Number.isNaN(pageTtfbMs) ? plan.timeoutMs : pageTtfbMs, assetMs: [], ok: false };
  }
}

/**
 * Visitors arriving every 1000/rate ms; `count` of them. Resolves when all have finished their
 * requests (their idle connections stay open until `release` destroys the agents).
 */
export async function arrivals(plan: VisitPlan, rate: number, count: number): Promise<{ results: VisitResult[]; release: () => void }> {
  const agents: http.Agent[] = [];
  const runs: Promise<VisitResult>[] = [];
  const interval = 1000 / rate;
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await pause(wait);
    runs.push(visit(plan, agents));
  }
  const results = await Promise.all(runs);
  return { results, release: () => agents.forEach((a) => a.destroy()) };
}
