// Finds the visitor rate at which a live server makes new visitors wait: trials at fixed arrival
// rates, bisected in log space between a rate that does not saturate and one that does.

import { arrivals, type VisitPlan } from './visitors';

export interface Trial {
  rate: number;
  visitors: number;
  /** Mean page time to first byte of the last third of the visitors, in ms. */
  lateTtfbMs: number;
  waited: boolean;
  failures: number;
}

export interface SaturationSearch {
  plan: VisitPlan;
  /** Workers the server runs (MaxRequestWorkers). */
  workers: number;
  /** Seconds one visitor holds a worker, as far as the search needs to size its trials. */
  heldSeconds: number;
  /** Page time to first byte of a lone visitor, in ms. */
  baselineTtfbMs: number;
  low: number;
  high: number;
  steps: number;
}

/** Whether visitors at this rate wait for a worker. */
export async function trial(search: SaturationSearch, rate: number): Promise<Trial> {
  // Enough visitors that the first ones still hold their workers when the later ones arrive,
  // and that a queue growing slowly (no keep-alive) shows in the last ones.
  const visitors = Math.max(search.workers + 2, Math.ceil(rate * search.heldSeconds * 1.1) + 2, Math.ceil(rate * 1.5));
  const { results, release } = await arrivals(search.plan, rate, Math.min(visitors, 400));
  release();
  const late = results.slice(Math.floor((results.length * 2) / 3));
  const lateTtfbMs = late.reduce((n, r) => n + r.pageTtfbMs, 0) / late.length;
  const threshold = search.baselineTtfbMs + Math.max(60, search.baselineTtfbMs * 0.5);
  // Let the server see the closed connections before the next trial.
  await new Promise((r) => setTimeout(r, 300));
  return { rate, visitors: results.length, lateTtfbMs, waited: lateTtfbMs > threshold, failures: results.filter((r) => !r.ok).length };
}

/** Bisects the rate in log space; returns the geometric middle of the last bracket and every trial. */
export async function findSaturation(search: SaturationSearch): Promise<{ rate: number; trials: Trial[] }> {
  let low = search.low;
  let high = search.high;
  const trials: Trial[] = [];
  for (let i = 0; i < search.steps; i++) {
    const mid = Math.sqrt(low * high);
    const t = await trial(search, mid);
    trials.push(t);
    if (t.waited) high = mid;
    else low = mid;
  }
  return { rate: Math.sqrt(low * high), trials };
}
