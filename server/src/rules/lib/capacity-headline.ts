// The capacity model's two headline numbers for a prefork server, shared by the flagship rule's
// message and the keep-alive hover: the visitor rate that fills every worker now, and with the
// fix's timeout, for the model's default visitor (docs/capacity.md).

import { serverLevelUse, type ConfigModel } from '../../model';
import { DEFAULT_WORKLOAD, evaluateScenario } from '../../simulate/capacity/model';
import { mpmLimits } from './mpm-limits';

export function headlineCapacity(model: ConfigModel, seconds: number, fixedSeconds: number): { workers: number; now: string; fixed: string; fixedSeconds: number } | undefined {
  const limits = mpmLimits(model);
  if (!limits || fixedSeconds >= seconds) return undefined;
  const maxRequests = serverLevelUse(model, 'MaxKeepAliveRequests');
  const shape = {
    mpm: 'prefork' as const,
    maxRequestWorkers: limits.effective.maxRequestWorkers,
    threadsPerChild: 1,
    keepAlive: true,
    keepAliveTimeoutSeconds: seconds,
    maxKeepAliveRequests: maxRequests && /^\d+$/.test(maxRequests.args[0] ?? '') ? Number(maxRequests.args[0]) : 100,
    listenBacklog: 511,
    processMB: 1,
  };
  const rate = (timeout: number): string => {
    const r = evaluateScenario(DEFAULT_WORKLOAD, { ...shape, keepAliveTimeoutSeconds: timeout }).saturationVisitorsPerSecond;
    return r >= 10 ? String(Math.round(r)) : r.toFixed(1);
  };
  return { workers: limits.effective.maxRequestWorkers, now: rate(seconds), fixed: rate(fixedSeconds), fixedSeconds };
}
