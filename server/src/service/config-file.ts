// `.httpd-lint.json`: one configuration file for the CLI and the language server. It has the
// shape of the editor's "apache" settings section (mainConfig, serverRoot, version,
// staticModules, defines, pathMappings, rules, keepAlive, memory) plus `ignore` globs and
// per-path `overrides`. Paths in it are relative to its folder. The file nearest above the
// checked file applies; the CLI's --config names one instead.

import * as path from 'path';
import type { ConfigFileSystem } from '../model';
import { RULES } from '../rules';
import { globCovers, globMatches } from './path-glob';

export const CONFIG_FILE_NAME = '.httpd-lint.json';

export type RawSettings = Record<string, unknown>;

export interface LintConfigFile {
  file: string;
  dir: string;
  /** Top-level settings, paths made absolute. */
  base: RawSettings;
  ignore: string[];
  overrides: { files: string[]; settings: RawSettings }[];
  /** What is wrong in the file, one sentence each ("key 'x' is not known"); the rest still applies. */
  problems: string[];
}

const LEVELS = ['off', 'hint', 'information', 'warning', 'error'];
const SETTING_KEYS = ['mainConfig', 'serverRoot', 'version', 'staticModules', 'defines', 'pathMappings', 'rules', 'keepAlive', 'memory'];
const TOP_KEYS = ['$schema', ...SETTING_KEYS, 'ignore', 'overrides'];

/** The configuration file nearest above `file` (its own folder first), or undefined. */
export function findConfigFile(file: string, fs: ConfigFileSystem): string | undefined {
  let dir = path.dirname(path.resolve(file));
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    if (fs.stat(candidate) === 'file') return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Reads and checks a configuration file; never throws (problems are listed). */
export function readConfigFile(file: string, fs: ConfigFileSystem): LintConfigFile {
  const abs = path.resolve(file);
  const dir = path.dirname(abs);
  const config: LintConfigFile = { file: abs, dir, base: {}, ignore: [], overrides: [], problems: [] };
  const read = fs.readFile(abs);
  if (!('text' in read)) {
    config.problems.push(`cannot read it: ${read.error}`);
    return config;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(read.text.replace(/^\uFEFF/, ''));
  } catch (e) {
    config.problems.push(`not valid JSON: ${(e as Error).message}`);
    return config;
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    config.problems.push('must be a JSON object');
    return config;
  }
  const top = raw as Record<string, unknown>;
  for (const key of Object.keys(top)) if (!TOP_KEYS.includes(key)) config.problems.push(`key '${key}' is not known (known: ${TOP_KEYS.slice(1).join(', ')})`);
  config.base = checkSettings(top, dir, '', config.problems);
  if (top.ignore !== undefined) {
    if (isStrings(top.ignore)) config.ignore = top.ignore;
    else config.problems.push("'ignore' must be a list of globs");
  }
  if (top.overrides !== undefined) {
    if (!Array.isArray(top.overrides)) config.problems.push("'overrides' must be a list of { \"files\": [...], ...settings }");
    else {
      top.overrides.forEach((o, i) => {
        const where = `overrides[${i}]`;
        if (!o || typeof o !== 'object' || Array.isArray(o)) {
          config.problems.push(`${where} must be an object`);
          return;
        }
        const entry = o as Record<string, unknown>;
        const files = typeof entry.files === 'string' ? [entry.files] : entry.files;
        if (!isStrings(files) || files.length === 0) {
          config.problems.push(`${where}.files must be a glob or a list of globs`);
          return;
        }
        for (const key of Object.keys(entry)) if (key !== 'files' && !SETTING_KEYS.includes(key)) config.problems.push(`${where}: key '${key}' is not known`);
        config.overrides.push({ files, settings: checkSettings(entry, dir, `${where}.`, config.problems) });
      });
    }
  }
  return config;
}

/** The settings a file is checked with: the top level, then each override whose globs match it, in order. */
export function configSettingsFor(config: LintConfigFile | undefined, file: string): RawSettings {
  if (!config) return {};
  const rel = relativeTo(config.dir, file);
  let settings = config.base;
  for (const o of config.overrides) if (rel !== undefined && o.files.some((g) => globMatches(g, rel))) settings = mergeSettings(settings, o.settings);
  return settings;
}

/** Whether the file (or a folder above it) matches an `ignore` glob. */
export function isIgnored(config: LintConfigFile | undefined, file: string): boolean {
  if (!config) return false;
  const rel = relativeTo(config.dir, file);
  return rel !== undefined && config.ignore.some((g) => globCovers(g, rel));
}

/** `over` on top of `under`: rules, keepAlive and memory merge key by key, anything else is replaced. */
export function mergeSettings(under: RawSettings, over: RawSettings): RawSettings {
  const out: RawSettings = { ...under };
  for (const [key, value] of Object.entries(over)) {
    const below = out[key];
    out[key] = isPlainObject(value) && isPlainObject(below) && key !== 'pathMappings' ? mergeSettings(below, value) : value;
  }
  return out;
}

function relativeTo(dir: string, file: string): string | undefined {
  const rel = path.relative(dir, path.resolve(file));
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}

/** The known settings of one level, checked, with paths made absolute against the file's folder. */
function checkSettings(raw: Record<string, unknown>, dir: string, where: string, problems: string[]): RawSettings {
  const out: RawSettings = {};
  const bad = (key: string, what: string): void => void problems.push(`'${where}${key}' must be ${what}`);
  for (const key of ['mainConfig', 'serverRoot'] as const) {
    const v = raw[key];
    if (v === undefined) continue;
    if (typeof v !== 'string') bad(key, 'a path');
    else out[key] = v && !path.isAbsolute(v) ? path.resolve(dir, v) : v;
  }
  if (raw.version !== undefined) {
    if (typeof raw.version === 'string' && /^2\.\d+(\.\d+)?$/.test(raw.version)) out.version = raw.version;
    else bad('version', 'an httpd version such as "2.4.62"');
  }
  for (const key of ['staticModules', 'defines'] as const) {
    if (raw[key] === undefined) continue;
    if (isStrings(raw[key])) out[key] = raw[key];
    else bad(key, 'a list of strings');
  }
  if (raw.pathMappings !== undefined) {
    if (!isPlainObject(raw.pathMappings) || !Object.values(raw.pathMappings).every((v) => typeof v === 'string')) bad('pathMappings', 'an object of server path → local path');
    else {
      const mapped: Record<string, string> = {};
      for (const [from, to] of Object.entries(raw.pathMappings as Record<string, string>)) {
        if (!path.isAbsolute(from)) problems.push(`'${where}pathMappings': '${from}' must be an absolute server path`);
        else mapped[from] = path.resolve(dir, to);
      }
      out.pathMappings = mapped;
    }
  }
  if (raw.rules !== undefined) {
    if (!isPlainObject(raw.rules)) bad('rules', 'an object of rule id → level');
    else {
      const rules: Record<string, string> = {};
      for (const [id, level] of Object.entries(raw.rules)) {
        if (!RULES.some((r) => r.id === id)) problems.push(`'${where}rules': unknown rule '${id}' (see httpd-lint rules)`);
        else if (typeof level !== 'string' || !LEVELS.includes(level)) problems.push(`'${where}rules.${id}' must be one of ${LEVELS.join(', ')}`);
        else rules[id] = level;
      }
      out.rules = rules;
    }
  }
  if (raw.keepAlive !== undefined) {
    const k = raw.keepAlive as Record<string, unknown>;
    if (!isPlainObject(k) || (k.timeoutThreshold !== undefined && !isCount(k.timeoutThreshold))) bad('keepAlive', 'an object { "timeoutThreshold": seconds }');
    else out.keepAlive = k;
  }
  if (raw.memory !== undefined) {
    const m = raw.memory as Record<string, unknown>;
    const perOk = m?.perProcessMB === undefined || (isPlainObject(m.perProcessMB) && Object.values(m.perProcessMB).every(isCount));
    if (!isPlainObject(m) || (m.totalMB !== undefined && !isCount(m.totalMB)) || !perOk) bad('memory', 'an object { "totalMB": n, "perProcessMB": { "prefork": n, … } }');
    else out.memory = m;
  }
  return out;
}

function isStrings(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function isCount(v: unknown): boolean {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}
