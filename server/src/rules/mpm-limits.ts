// The MPM limits httpd ends up with: the configured values (or the defaults of the running
// MPM) and what httpd's check_config hook silently changes them to.

import { serverLevelUse, type ConfigModel, type DirectiveUse } from '../model';

export interface Limit {
  value: number;
  use?: DirectiveUse;
}

export interface MpmLimits {
  mpm: 'prefork' | 'worker' | 'event';
  serverLimit: Limit;
  maxRequestWorkers: Limit;
  threadsPerChild: Limit;
  threadLimit: Limit;
  /** MaxRequestWorkers after httpd's adjustments. */
  effectiveWorkers: number;
  /** Child processes at full load. */
  processes: number;
}

function limit(model: ConfigModel, names: string[], fallback: number): Limit {
  for (const name of names) {
    const use = serverLevelUse(model, name);
    // httpd reads these numbers with atoi: leading digits count, anything else is 0.
    if (use) return { value: parseInt(use.args[0] ?? '', 10) || 0, use };
  }
  return { value: fallback };
}

export function mpmLimits(model: ConfigModel): MpmLimits | undefined {
  const mpm = model.mpm;
  if (!mpm) return undefined;
  if (mpm === 'prefork') {
    const serverLimit = limit(model, ['ServerLimit'], 256);
    const maxRequestWorkers = limit(model, ['MaxRequestWorkers', 'MaxClients'], 256);
    const effective = Math.min(maxRequestWorkers.value, serverLimit.value);
    return { mpm, serverLimit, maxRequestWorkers, threadsPerChild: { value: 1 }, threadLimit: { value: 1 }, effectiveWorkers: effective, processes: effective };
  }
  const threadLimit = limit(model, ['ThreadLimit'], 64);
  const threadsPerChild = limit(model, ['ThreadsPerChild'], 25);
  const serverLimit = limit(model, ['ServerLimit'], 16);
  const tpc = Math.max(1, Math.min(threadsPerChild.value, threadLimit.value));
  const maxRequestWorkers = limit(model, ['MaxRequestWorkers', 'MaxClients'], serverLimit.value * tpc);
  let effective = maxRequestWorkers.value;
  if (effective > serverLimit.value * tpc) effective = serverLimit.value * tpc;
  if (effective < tpc) effective = tpc;
  if (effective % tpc !== 0) effective -= effective % tpc;
  return { mpm, serverLimit, maxRequestWorkers, threadsPerChild, threadLimit, effectiveWorkers: effective, processes: Math.ceil(effective / tpc) };
}
