// The analyses of a workspace: which main configuration each file belongs to (one resolver,
// service/context.ts, for the CLI and the editor), one analysis per configuration tree,
// recomputed on demand. Plain functions over an injected file system; the LSP layer decides
// when to call them.

import * as path from 'path';
import { getDirective } from '../data';
import { buildModel, ParseCache, type BuildOptions, type ConfigFileSystem, type Scope } from '../model';
import { analyze, AnalysisEngine, type Analysis } from './analysis';
import { chooseContext, MAIN_CONFIG_NAMES, type FileContext } from './context';
import { ReadLog, recordingFileSystem } from './read-log';
import type { ServiceSettings } from './settings';

export interface FileAnalysis {
  analysis: Analysis;
  context: FileContext;
  /** The tree's name for the file (differs from the path asked for when a symlink leads to it). */
  modelFile: string;
  /** The path asked for: findings are shown under it. */
  file: string;
}

export interface ResolveOptions {
  /** Forced scope (CLI --context). */
  forced?: Scope;
  /** The user named the file as the main configuration. */
  declaredMain?: boolean;
}

/** Work counters of the incremental engines (tests prove what an edit did not redo). */
export interface EngineWork {
  /** Files walked, and files whose earlier walk was replayed. */
  walked: number;
  replayed: number;
  /** Files whose per-file rules ran. */
  fileRuleRuns: number;
  /** Groups of uses (rewrite scopes…) a tree rule checked, and groups whose reports were replayed. */
  groupRuns: number;
  groupsReplayed: number;
  /** Analyses kept whole because nothing they read had changed. */
  kept: number;
  /** Models spliced: the last one kept around one file's new uses. */
  spliced: number;
}

/** What analyses keep between rounds: parsed files, and each tree's incremental state by settings and tree. */
export class AnalysisStore {
  readonly parses = new ParseCache();
  readonly engines = new Map<string, AnalysisEngine>();

  engine(key: string): AnalysisEngine {
    let engine = this.engines.get(key);
    if (!engine) {
      // Old settings and trees pile up over a long session; start over past a bound.
      if (this.engines.size >= MAX_KEPT_ENGINES) this.engines.clear();
      this.engines.set(key, (engine = new AnalysisEngine()));
    }
    return engine;
  }

  work(): EngineWork {
    const work: EngineWork = { walked: 0, replayed: 0, fileRuleRuns: 0, groupRuns: 0, groupsReplayed: 0, kept: 0, spliced: 0 };
    for (const e of this.engines.values()) {
      work.walked += e.walks.walked;
      work.replayed += e.walks.replayed;
      work.fileRuleRuns += e.rules.fileRuns;
      work.groupRuns += e.rules.groupRuns;
      work.groupsReplayed += e.rules.groupsReplayed;
      work.kept += e.kept;
      work.spliced += e.walks.spliced;
    }
    return work;
  }
}

const MAX_KEPT_ENGINES = 64;

/** The settings an analysis reads, as a key: how the editor debounces or publishes is not one of them. */
function analysisKey(settings: ServiceSettings): string {
  const { debounceMs: _debounce, diagnosticsScope: _scope, ...read } = settings;
  return JSON.stringify(read);
}

export class WorkspaceAnalyses {
  private readonly cache: ParseCache;
  private readonly trees = new Map<string, Analysis>();
  private settingsKey = '';
  private candidates: string[] = [];
  /** Called after each tree is analysed, with the time it took (for the server's log). */
  onAnalysed?: (analysis: Analysis, ms: number) => void;

  constructor(
    private fs: ConfigFileSystem,
    private settings: ServiceSettings,
    private readonly env: Record<string, string | undefined> = process.env,
    private readonly store: AnalysisStore = new AnalysisStore(),
  ) {
    this.cache = store.parses;
    this.settingsKey = analysisKey(settings);
  }

  configure(fs: ConfigFileSystem, settings: ServiceSettings, candidates: string[]): void {
    this.fs = fs;
    this.settings = settings;
    this.candidates = candidates;
    this.invalidate();
    this.settingsKey = analysisKey(settings);
  }

  /** Forget every analysis (parsed files stay cached by text). */
  invalidate(): void {
    this.trees.clear();
  }

  forgetFile(file: string): void {
    this.cache.delete(file);
  }

  /** Work counters summed over the trees (files walked and replayed, files whose per-file rules ran). */
  work(): EngineWork {
    return this.store.work();
  }

  /** The main configurations analyses are chosen from. */
  mainCandidates(): readonly string[] {
    return this.candidates;
  }

  private tree(mainFile: string, context?: FileContext, detached?: string): Analysis {
    // A main file read as a server configuration is one tree whatever the context that asks for it.
    const scope = context?.detached || context?.scope === 'server' ? undefined : context?.scope;
    const enabling = detached ? context?.enabling : undefined;
    const key = [mainFile, enabling ? [...enabling.files, '-', ...enabling.disables].join('\u0001') : detached ?? '', scope ?? '', context?.detached ? context.scope : '', context?.moduleStateKnown === false ? 'unknown' : ''].join('\u0000');
    const known = this.trees.get(key);
    if (known) return known;
    // One look at each path's state for the check and the analysis (a stat serves both).
    return this.fs.batch ? this.fs.batch(() => this.analyzeTree(key, mainFile, scope, context, detached)) : this.analyzeTree(key, mainFile, scope, context, detached);
  }

  private analyzeTree(key: string, mainFile: string, scope: Scope | undefined, context?: FileContext, detached?: string): Analysis {
    let analysis: Analysis;
    const engine = this.store.engine(`${this.settingsKey}\u0001${key}`);
    // A new round (an edit, a file event, new settings) keeps the tree's last analysis when
    // nothing it read changed: opening a file as it is on disk, or a settings round that changes
    // nothing the analysis reads, redo no work.
    const change = engine.last ? engine.last.reads.change(this.fs) : 'more';
    const s = this.settings;
    const buildOptions = {
      mainFile,
      serverRoot: s.serverRoot || undefined,
      defines: s.defines,
      staticModules: s.staticModules,
      version: s.version,
      env: this.env,
      detachedFiles: context?.enabling?.files ?? (detached ? [detached] : undefined),
      disabledFiles: context?.enabling?.disables,
      detachedScope: context?.detached ? context.scope : undefined,
      mainScope: scope,
      moduleStateKnown: context?.moduleStateKnown,
      pathMappings: s.pathMappings,
      cache: this.cache,
    };
    if (engine.last && change === 'none') {
      engine.kept++;
      analysis = engine.last.analysis;
      this.trees.set(key, analysis);
      this.prepareSplices(engine, analysis, buildOptions);
      return analysis;
    }
    // An edit of one file's text only: the build may keep the last model around that file's uses.
    engine.walks.changedFile = typeof change === 'object' ? change.file : undefined;
    const splicedBefore = engine.walks.spliced;
    const started = performance.now();
    const reads = new ReadLog();
    analysis = analyze({ ...buildOptions, engine, fs: recordingFileSystem(this.fs, reads), settings: s.analysis });
    // A spliced build read only the changed file: every other read of the last build still stands
    // (its log, no longer needed as it was, takes the new reads over instead of being copied).
    engine.last = { analysis, reads: engine.walks.spliced !== splicedBefore && engine.last ? engine.last.reads.updatedWith(reads) : reads };
    this.trees.set(key, analysis);
    this.onAnalysed?.(analysis, performance.now() - started);
    return analysis;
  }

  /**
   * A kept analysis of a tree with a file open in an editor whose place is not noted yet (it was
   * just opened as it is on disk): the model is built again (nothing changed, so every file but the
   * main one is replayed; no rules run) to note where each open file is read, so the first
   * keystroke is spliced instead of rebuilding the whole tree (see model/build.ts SpliceMark).
   */
  private prepareSplices(engine: AnalysisEngine, analysis: Analysis, options: Omit<BuildOptions, 'fs'>): void {
    const fs = this.fs;
    // Once per analysis: a file that cannot be spliced (the main file, one read inside a section)
    // stays unnoted. A round with no file unnoted does not count: the file may be opened next.
    if (!fs.isOpen || engine.prepared?.deref() === analysis) return;
    const marks = engine.walks.marks;
    let unmarked = false;
    for (const file of analysis.model.files) {
      if (!marks.has(file) && fs.isOpen(file)) {
        unmarked = true;
        break;
      }
    }
    if (!unmarked) return;
    engine.prepared = new WeakRef(analysis);
    engine.walks.changedFile = undefined;
    buildModel({ ...options, fs, walkCache: engine.walks });
  }

  /** The analysis of a main configuration's whole tree. */
  mainTree(mainFile: string): Analysis {
    return this.tree(path.resolve(mainFile));
  }

  /** Whether a file, read as a main configuration, loads an MPM (model only: no rules run). */
  private loadsMpm(file: string): boolean {
    const read = this.fs.readFile(file);
    if (!('text' in read) || !/^[ \t]*(LoadModule\s+mpm_|Include)/im.test(read.text)) return false;
    const s = this.settings;
    const model = buildModel({
      mainFile: file, fs: this.fs, serverRoot: s.serverRoot || undefined, defines: s.defines, staticModules: s.staticModules,
      version: s.version, env: this.env, pathMappings: s.pathMappings, cache: this.cache,
    });
    return model.mpmModules.length > 0;
  }

  /** The analysis a file is shown with. */
  forFile(file: string, options: ResolveOptions = {}): FileAnalysis {
    const resolved = path.resolve(file);
    const context = chooseContext({
      file: resolved,
      candidates: this.candidates,
      includes: (main, target) => this.tree(main).fileFor(target) !== undefined,
      fs: this.fs,
      forced: options.forced,
      declaredMain: options.declaredMain,
      isWholeConfig: (f) => this.loadsMpm(f),
      setsUpServer: (f) => setsUpServer(this.fs, f),
    });
    const analysis = this.tree(context.mainFile, context, context.detached ? resolved : undefined);
    return { analysis, context, modelFile: analysis.fileFor(resolved) ?? resolved, file: resolved };
  }
}

export interface DiscoveryLimits {
  /** Folder levels below a workspace folder. */
  depth: number;
  /** Folders read at most, per walk. */
  folders: number;
  /** Main configurations kept at most. */
  found: number;
}

export const DISCOVERY_LIMITS: DiscoveryLimits = { depth: 6, folders: 4000, found: 50 };

/** Folders no configuration tree lives in, and that can hold very many files. */
const IGNORED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn', '.cache', 'dist', 'out', 'proc', 'sys', 'dev', 'vendor', '__pycache__', '.venv', 'target']);

/** The directives that make a file a server of its own: it loads, includes or listens. */
const SERVER_SETUP = ['loadmodule', 'include', 'includeoptional', 'listen'];

/**
 * Whether a file could start a server: it loads a module, includes a file or listens somewhere
 * (a main configuration with none of these has no MPM and no socket), or tries to with a
 * misspelled word: `Listne 80` is a broken server, and httpd's error must not become a snippet's
 * warning. Unreadable: assumed so.
 */
export function setsUpServer(fs: ConfigFileSystem, file: string): boolean {
  const read = fs.readFile(file);
  if (!('text' in read)) return true;
  if (/^[ \t]*(LoadModule|Include|IncludeOptional|Listen)[ \t]/im.test(read.text)) return true;
  // A snippet is small; a larger file is read as written, without looking at every word.
  if (read.text.length > SNIPPET_SCAN_LIMIT) return true;
  const judged = new Map<string, boolean>();
  for (const line of read.text.split('\n')) {
    const name = /^[ \t]*([A-Za-z][A-Za-z0-9_]*)/.exec(line)?.[1]?.toLowerCase();
    if (!name) continue;
    let tries = judged.get(name);
    if (tries === undefined) judged.set(name, (tries = SERVER_SETUP.some((setup) => withinTwoEdits(name, setup)) && !getDirective(name)));
    if (tries) return true;
  }
  return false;
}

/** Largest file looked at word by word for a misspelled LoadModule, Include or Listen. */
const SNIPPET_SCAN_LIMIT = 1024 * 1024;

/** Levenshtein distance of at most 2, a swap of neighbours counting as one edit (bounded: short words only). */
function withinTwoEdits(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 2 || a.length > 20) return false;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        rows[0][j] = j;
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i][j] = d;
    }
  }
  return rows[a.length][b.length] <= 2;
}

/** Finds main configurations under the workspace folders (bounded, skipping heavy folders). */
export function discoverMainConfigs(fs: ConfigFileSystem, roots: string[], limits: DiscoveryLimits = DISCOVERY_LIMITS): string[] {
  const found: string[] = [];
  let folders = 0;
  // Breadth first with an explicit queue: shallow trees are found first and depth never recurses.
  const queue: [string, number][] = roots.map((r) => [r, 0]);
  for (let i = 0; i < queue.length && found.length < limits.found && folders < limits.folders; i++) {
    const [dir, depth] = queue[i];
    folders++;
    const entries = fs.readDirectory(dir);
    if (!Array.isArray(entries)) continue;
    const sorted = [...entries].sort();
    for (const name of sorted) {
      if (MAIN_CONFIG_NAMES.includes(name) && fs.stat(path.join(dir, name)) === 'file' && found.length < limits.found) found.push(path.join(dir, name));
    }
    if (depth >= limits.depth) continue;
    for (const name of sorted) {
      if (IGNORED_FOLDERS.has(name) || name.startsWith('.')) continue;
      const child = path.join(dir, name);
      if (fs.stat(child) === 'directory') queue.push([child, depth + 1]);
    }
  }
  return found;
}

export type FileEventKind = 'created' | 'changed' | 'deleted';

/**
 * The workspace's main configurations, discovered once and then kept up to date from file
 * events, so an edit never walks the workspace again.
 */
export class MainConfigIndex {
  private found: string[] | undefined;
  /** How many folder walks were made (tests check that edits make none). */
  walks = 0;

  constructor(
    private readonly fs: ConfigFileSystem,
    private roots: string[],
    private readonly limits: DiscoveryLimits = DISCOVERY_LIMITS,
  ) {}

  setRoots(roots: string[]): void {
    this.roots = roots;
    this.found = undefined;
  }

  list(): string[] {
    if (!this.found) {
      this.walks++;
      this.found = discoverMainConfigs(this.fs, this.roots, this.limits);
    }
    return this.found;
  }

  /** Applies file events; returns whether the list changed. */
  update(events: { file: string; kind: FileEventKind }[]): boolean {
    if (!this.found) return false;
    let changed = false;
    for (const { file, kind } of events) {
      if (kind === 'deleted') {
        const before = this.found.length;
        this.found = this.found.filter((f) => f !== file && !f.startsWith(`${file}${path.sep}`));
        changed ||= this.found.length !== before;
      } else if (kind === 'created' && MAIN_CONFIG_NAMES.includes(path.basename(file)) && !this.found.includes(file)) {
        if (this.roots.some((r) => !path.relative(r, file).startsWith('..')) && this.found.length < this.limits.found) {
          this.found.push(file);
          changed = true;
        }
      }
    }
    return changed;
  }
}
