// How much each fuzz property runs: FUZZ_RUNS inputs per property (default: a CI slice), or
// FUZZ_SECONDS of wall time per property, whichever ends first. The nightly run raises both.

export const RUNS = Number(process.env.FUZZ_RUNS ?? 400);
export const SECONDS = Number(process.env.FUZZ_SECONDS ?? 12);
export const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : undefined;

/** fast-check parameters for one property; FUZZ_RUNS_<NAME> (e.g. FUZZ_RUNS_PARSER) overrides the run count. */
export function budget(name: string): { numRuns: number; interruptAfterTimeLimit: number; markInterruptAsFailure: false; seed?: number } {
  const runs = Number(process.env[`FUZZ_RUNS_${name.toUpperCase()}`] ?? RUNS);
  return { numRuns: runs, interruptAfterTimeLimit: SECONDS * 1000, markInterruptAsFailure: false, ...(SEED !== undefined ? { seed: SEED } : {}) };
}

/** Inputs generated per property, printed at the end (the nightly report adds them up). */
export const ran = new Map<string, number>();
export function count(property: string): void {
  ran.set(property, (ran.get(property) ?? 0) + 1);
}
