// User settings as the service understands them, with defaults and validation of raw input.

import { DEFAULT_HTTPD_VERSION, readMappings, type PathMapping } from '../model';
import { DEFAULT_SETTINGS, type AnalysisSettings, type RuleLevel } from '../rules';
import { DEFAULT_INLAY_HINTS, type InlayHintOptions } from './inlay-hints';

export interface ServiceSettings {
  mainConfig: string;
  serverRoot: string;
  version: string;
  /** `httpd -l`; unset: Debian's, or the build a ServerRoot names (model/modules.ts). */
  staticModules: string[] | undefined;
  defines: string[];
  debounceMs: number;
  /** Whose diagnostics the server publishes: open files only, or every file of the trees. */
  diagnosticsScope: 'openFiles' | 'tree';
  /** Server paths mapped onto the workspace ("/etc/httpd" -> the workspace folder). */
  pathMappings: PathMapping[];
  analysis: AnalysisSettings;
  /** Which inlay hints the editor gets (apache.inlayHints.*). */
  inlayHints: InlayHintOptions;
}

export const DEFAULT_SERVICE_SETTINGS: ServiceSettings = {
  mainConfig: '',
  serverRoot: '',
  version: DEFAULT_HTTPD_VERSION,
  staticModules: undefined,
  defines: [],
  debounceMs: 300,
  diagnosticsScope: 'openFiles',
  pathMappings: [],
  analysis: DEFAULT_SETTINGS,
  inlayHints: DEFAULT_INLAY_HINTS,
};

const LEVELS = new Set(['off', 'hint', 'information', 'warning', 'error']);

/**
 * Reads the "apache" settings section; anything malformed falls back to the default.
 * `${workspaceFolder}` in path mappings stands for the first workspace folder.
 */
export function readSettings(raw: unknown, workspaceFolder?: string): ServiceSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const str = (v: unknown, d: string): string => (typeof v === 'string' ? v : d);
  const num = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : d);
  const bool = (v: unknown, d: boolean): boolean => (typeof v === 'boolean' ? v : d);
  const strings = (v: unknown, d: string[]): string[] => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : d);
  const nested = (key: string): Record<string, unknown> => {
    const v = r[key];
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  };
  const rules: Record<string, RuleLevel> = {};
  for (const [id, level] of Object.entries(nested('rules'))) if (typeof level === 'string' && LEVELS.has(level)) rules[id] = level as RuleLevel;
  const perProcess: Record<string, number> = {};
  for (const [k, v] of Object.entries((nested('memory').perProcessMB as Record<string, unknown>) ?? {})) if (typeof v === 'number') perProcess[k] = v;
  return {
    mainConfig: str(r.mainConfig, ''),
    serverRoot: str(r.serverRoot, ''),
    version: str(r.version, DEFAULT_HTTPD_VERSION) || DEFAULT_HTTPD_VERSION,
    staticModules: Array.isArray(r.staticModules) && r.staticModules.every((x) => typeof x === 'string') ? r.staticModules : undefined,
    defines: strings(r.defines, []),
    debounceMs: num(nested('diagnostics').debounceMs, 300),
    diagnosticsScope: nested('diagnostics').scope === 'tree' ? 'tree' : 'openFiles',
    pathMappings: readMappings(r.pathMappings, workspaceFolder),
    analysis: {
      keepAliveTimeoutThreshold: num(nested('keepAlive').timeoutThreshold, DEFAULT_SETTINGS.keepAliveTimeoutThreshold),
      rules,
      memoryTotalMB: num(nested('memory').totalMB, 0),
      perProcessMB: perProcess,
    },
    inlayHints: {
      variables: bool(nested('inlayHints').variables, DEFAULT_INLAY_HINTS.variables),
      durations: bool(nested('inlayHints').durations, DEFAULT_INLAY_HINTS.durations),
      overridden: bool(nested('inlayHints').overridden, DEFAULT_INLAY_HINTS.overridden),
    },
  };
}
