// Analyses when settings differ per file: each file is analysed with what the user set for it
// (its workspace folder's settings, per scopeUri, or the command line's) over the settings of
// the `.httpd-lint.json` nearest above it (or the one named). Files that share settings share
// one WorkspaceAnalyses. Without a configuration file or per-folder settings, the service's
// own settings apply unchanged.

import * as path from 'path';
import type { ConfigFileSystem, Scope } from '../model';
import type { Analysis } from './analysis';
import { CONFIG_FILE_NAME, configSettingsFor, findConfigFile, isIgnored, mergeSettings, readConfigFile, type LintConfigFile, type RawSettings } from './config-file';
import { readSettings, type ServiceSettings } from './settings';
import { AnalysisStore, WorkspaceAnalyses, type EngineWork, type FileAnalysis } from './workspace';

export interface FolderSettings {
  /** The workspace folder (absolute path). */
  root: string;
  /** What the user set for this folder: wins over the configuration file. Absent: not known. */
  explicit?: RawSettings;
}

export interface SettingsSources {
  /** Settings when neither a configuration file nor explicit settings apply. */
  base: ServiceSettings;
  /** Workspace folders with what the user set for each. */
  folders: FolderSettings[];
  /** What the user set for files outside every folder (the command line's settings in the CLI). */
  fallback?: RawSettings;
  /** Names added to the defines (CLI -D adds to the configuration file's). */
  extraDefines?: string[];
  /** A configuration file for every file; null: none; undefined: the nearest above each file. */
  configFile?: string | null;
  /** Main configurations found in the workspace. */
  discovered: string[];
}

export class ConfiguredAnalyses {
  private pools = new Map<string, WorkspaceAnalyses>();
  /** Parsed files and incremental state, kept while pools are made again each round. */
  private readonly store = new AnalysisStore();
  private configs = new Map<string, LintConfigFile>();
  /** The configuration file found for each folder (the walk up is made once per folder). */
  private foundIn = new Map<string, string | undefined>();
  private sources: SettingsSources;
  /** This round's answers of forFile (settings, context and tree of a file): requests between two rounds ask again and again. */
  private answered = new Map<string, FileAnalysis>();
  /** Called after each tree is analysed, with the time it took. */
  onAnalysed?: (analysis: Analysis, ms: number) => void;

  constructor(
    private fs: ConfigFileSystem,
    base: ServiceSettings,
    private readonly env: Record<string, string | undefined> = process.env,
  ) {
    this.sources = { base, folders: [], discovered: [] };
  }

  configure(fs: ConfigFileSystem, sources: SettingsSources): void {
    this.fs = fs;
    this.sources = sources;
    this.pools.clear();
    this.answered.clear();
  }

  /** A file changed on disk: a configuration file is read again; any other file's parse is dropped. */
  forgetFile(file: string): void {
    this.answered.clear();
    if (path.basename(file) === CONFIG_FILE_NAME) {
      this.configs.clear();
      this.foundIn.clear();
      this.pools.clear();
    }
    for (const pool of this.pools.values()) pool.forgetFile(file);
    this.forgetParse(file);
  }

  /** The configuration file that applies to a file, if any (read once until it changes). */
  configFor(file: string): LintConfigFile | undefined {
    const named = this.sources.configFile;
    if (named === null) return undefined;
    const dir = path.dirname(path.resolve(file));
    let found = named ? path.resolve(named) : this.foundIn.get(dir);
    if (found === undefined && !named && !this.foundIn.has(dir)) this.foundIn.set(dir, (found = findConfigFile(file, this.fs)));
    if (!found) return undefined;
    let config = this.configs.get(found);
    if (!config) this.configs.set(found, (config = readConfigFile(found, this.fs)));
    return config;
  }

  /** Every configuration file read so far (with its problems). */
  configsRead(): LintConfigFile[] {
    return [...this.configs.values()];
  }

  /** The deepest workspace folder holding the file. */
  private folderOf(file: string): FolderSettings | undefined {
    let best: FolderSettings | undefined;
    for (const f of this.sources.folders) {
      const rel = path.relative(f.root, file);
      if (!rel.startsWith('..') && !path.isAbsolute(rel) && (!best || f.root.length > best.root.length)) best = f;
    }
    return best;
  }

  settingsFor(file: string): { settings: ServiceSettings; config?: LintConfigFile; candidates: string[] } {
    const s = this.sources;
    const config = this.configFor(file);
    const folder = this.folderOf(file);
    const explicit = folder?.explicit ?? s.fallback;
    const base = folder?.root ?? s.folders[0]?.root;
    let settings = s.base;
    if (config || explicit) {
      // A relative mainConfig the user set is relative to their folder; the file's are already absolute.
      const userMain = typeof explicit?.mainConfig === 'string' && explicit.mainConfig && base ? { mainConfig: path.resolve(base, explicit.mainConfig) } : {};
      const fromFile = configSettingsFor(config, file);
      const merged = mergeSettings(fromFile, { ...explicit, ...userMain });
      if (s.extraDefines?.length) merged.defines = [...((merged.defines as string[] | undefined) ?? []), ...s.extraDefines];
      settings = readSettings(merged, base ?? config?.dir);
    }
    const main = settings.mainConfig ? path.resolve(base ?? process.cwd(), settings.mainConfig) : undefined;
    const candidates = main ? [main, ...s.discovered.filter((m) => m !== main)] : s.discovered;
    return { settings, config, candidates };
  }

  /** Work counters of the incremental engine (files walked, replayed, checked by per-file rules). */
  work(): EngineWork {
    return this.store.work();
  }

  /** A file changed on disk: its parse is dropped. */
  private forgetParse(file: string): void {
    this.store.parses.delete(file);
  }

  isIgnored(file: string): boolean {
    return isIgnored(this.configFor(file), file);
  }

  private pool(settings: ServiceSettings, candidates: string[]): WorkspaceAnalyses {
    const key = JSON.stringify([settings, candidates]);
    let pool = this.pools.get(key);
    if (!pool) {
      pool = new WorkspaceAnalyses(this.fs, settings, this.env, this.store);
      pool.configure(this.fs, settings, candidates);
      pool.onAnalysed = (a, ms) => this.onAnalysed?.(a, ms);
      this.pools.set(key, pool);
    }
    return pool;
  }

  forFile(file: string, options: { forced?: Scope; declaredMain?: boolean } = {}): FileAnalysis {
    const resolved = path.resolve(file);
    const key = `${resolved}\u0000${options.forced ?? ''}\u0000${options.declaredMain ? 1 : 0}`;
    let answer = this.answered.get(key);
    if (answer) return answer;
    const { settings, candidates } = this.settingsFor(resolved);
    const declaredMain = !!options.declaredMain || (!!settings.mainConfig && candidates[0] === resolved);
    answer = this.pool(settings, candidates).forFile(resolved, { forced: options.forced, declaredMain });
    this.answered.set(key, answer);
    return answer;
  }

  /** A main configuration's whole tree, with the settings that apply to that file. */
  mainTree(mainFile: string): Analysis {
    const { settings, candidates } = this.settingsFor(path.resolve(mainFile));
    return this.pool(settings, candidates).mainTree(mainFile);
  }
}
