// Reads a whole configuration tree in httpd's order: the main file, then each Include where it
// stands, with Define/UnDefine, ServerRoot, LoadModule and the If* sections taking effect as
// they are read (they are EXEC_ON_READ in httpd), so later conditions see earlier state.

import * as path from 'path';
import { argCount, argValue, lineName, parse, type DirectiveLine, type Line, type Node, type ParsedFile, type Section, type SectionOpenLine, type Word } from '../parser';
import { CONDITIONAL_SECTIONS, evaluateCondition, type ConditionState } from './conditions';
import { MAX_FILE_BYTES, type ConfigFileSystem } from './fs';
import { LIMITS } from './limits';
import { looksLikeConfiguration } from './not-config';
import { MAX_INCLUDED_FILES, resolveAgainstRoot, resolveInclude, windowsPathAsPosix } from './include-paths';
import { missingModuleFile } from './module-file';
import { applyMapping, inferMapping, isMappedTarget, inferServerRoot, mappingFor, treeBases, type PathMapping } from './path-mapping';
import { CORE_ONLY_STATIC_MODULES, DEBIAN_MODULE_FOLDER, DEBIAN_STATIC_MODULES, isSourceBuildRoot, MPM_ADD_ONS, staticModulesOfRoot, isMpmModule, languageModuleOf, missingProvider, mpmOf, sourceFilesOf } from './modules';
import type { ConfigModel, DirectiveUse, Location, ModelProblem, Scope, SectionUse, Severity } from './types';
import { debianStockEnvvars, envvarsAssignmentLines, holdsUnsetVariable, parseEnvvars, STOCK_ENVVARS_SOURCE, substitute } from './variables';
import { DirectiveUseObject, SectionUseObject, type UseContext } from './use-objects';
import { ArgLists } from './arg-lists';
import { lineOf, parameterWarnings, shortName, Substitution, type MacroDefinition, type SubstitutionBudget } from './macros';

export interface BuildOptions {
  mainFile: string;
  fs: ConfigFileSystem;
  /** Like `httpd -d`; a ServerRoot directive in the files still wins. Default: the main file's folder. */
  serverRoot?: string;
  /** Like `httpd -D NAME`; "NAME=VALUE" also sets ${NAME}. */
  defines?: string[];
  /** Like `httpd -l`. Unset: Debian's, or the build a ServerRoot names (model/modules.ts). */
  staticModules?: string[];
  /** httpd version for <IfVersion>. */
  version?: string;
  /** Process environment for ${VAR} after Defines (httpd's lookup order). */
  env?: Record<string, string | undefined>;
  /** Files to analyse as if included at the end of the main file when nothing includes them. */
  detachedFiles?: string[];
  /** Scope of the detached files' top-level directives (default server; .htaccess files htaccess). */
  detachedScope?: Scope;
  /** Files the tree includes that are read as absent (a module a2dismod would disable for the detached ones). */
  disabledFiles?: string[];
  /** Scope of the main file: 'htaccess' for a lone .htaccess. */
  mainScope?: Scope;
  /** False when the main file is only a fragment: module state then stays unknown. */
  moduleStateKnown?: boolean;
  cache?: ParseCache;
  /** Server paths mapped onto this machine's copy of the tree (settings, --map). */
  pathMappings?: PathMapping[];
  /** Infer a mapping when the main file sits where its own ServerRoot or Include paths imply (default true). */
  inferPathMappings?: boolean;
  /** Walks kept from the previous build of the same tree with the same options (see WalkCache). */
  walkCache?: WalkCache;
}

type DefineOp = { name: string; value: string; where: Location } | { name: string; undefine: true };

/** What reading one file added to the model, kept to be replayed when nothing it read changed. */
export interface FileWalk {
  parsed: ParsedFile;
  /** The reading state the file was walked in (defines, modules, ServerRoot…), as an id. */
  state: number;
  /** The Define and UnDefine the file does, applied again on replay. */
  defines: DefineOp[];
  scope: Scope;
  /** The top-level parents and conditions the uses were read under (the tree's own, re-pointed on replay). */
  parents: SectionUse[];
  conditions: SectionUse[];
  uses: DirectiveUse[];
  problems: ModelProblem[];
  /** Characters its ${NAME} substitutions made (counted again on replay, against the tree's cap). */
  substituted: number;
}

/**
 * The walks of one tree's files between builds. A file read at the top level (no enclosing
 * section) that changes no reading state (no Define, LoadModule, ServerRoot, Include, <IfFile>…)
 * gives the same uses and problems whenever its text and the state it is read in are the same,
 * so the next build appends them instead of walking the file again. One cache per tree and
 * build options: the replayed uses are renumbered in place.
 */
export class WalkCache {
  readonly entries = new Map<string, FileWalk>();
  /** Reading states by the change that led to them from an earlier state: "<id> <change>" -> id. */
  readonly states = new Map<string, number>();
  /** The walk each file of the last build came from (replayed or fresh); null for a file read twice. */
  lastBuild = new Map<string, FileWalk | null>();
  /** Files walked and replayed, over the cache's life (tests prove what an edit did not redo). */
  walked = 0;
  replayed = 0;
  /** Builds that kept the last model around one file's new uses (see SpliceMark). */
  spliced = 0;
  /**
   * The use list of a model older than the last one, which no analysis reads any more: a splice
   * writes its list into it instead of allocating one. A tree's list is large (16.8k uses at 21k
   * lines, 135 KB); V8 puts an array that large in a fresh large-object page each time, and a
   * fresh page costs its page faults (≈ 0.6 ms per list on this machine's VM).
   */
  spareUses?: DirectiveUse[];
  /** The model that held spareUses: its uses become unreadable when the list is written into, so a reader of a superseded analysis fails loudly instead of reading a newer model's uses. */
  spareOwner?: ConfigModel;
  /**
   * Set by the caller before a build: the one file whose text is all that changed since the last
   * build (an editor buffer typed into). The build notes where that file is read, so the next
   * build with the same changed file can keep everything around it (see ModelBuilder.splice).
   */
  changedFile?: string;
  /** Where the last build read `changedFile` and the files open in an editor (the next to be typed into), and the model it made. */
  marks = new Map<string, SpliceMark>();
}

/** The reading state just before a top-level file was read, and what reading it added (uses and problems stretches). */
interface SpliceMark {
  file: string;
  ctx: WalkContext;
  includedBy: DirectiveUse | undefined;
  index: number;
  filesRead: number;
  bytesRead: number;
  substitutedChars: number;
  effects: number;
  stateId: number;
  serverRootKnown: boolean;
  buildKnown: boolean;
  cliDefines: Set<string>;
  defines: ConfigModel['defines'];
  modules: ConfigModel['modules'];
  serverRoot: string;
  serverRootOnServer: string | undefined;
  pathMappings: PathMapping[];
  variableSources: NonNullable<ConfigModel['variableSources']>;
  envvars: Map<string, string>;
  envvarsFile: { file: string; text: string } | undefined;
  usesStart: number;
  problemsStart: number;
  /** Filled in once the file is read: its walk, the state after it, where its stretches end. */
  entry?: FileWalk;
  stateAfter?: number;
  usesEnd?: number;
  problemsEnd?: number;
  /** Filled in at the end of the build: the model, its bytes read, and the walks of every file. */
  model?: ConfigModel;
  totalBytes?: number;
  totalSubstituted?: number;
  lastBuild?: Map<string, FileWalk | null>;
}

export const DEFAULT_HTTPD_VERSION = '2.4.62';
/** Reading states a WalkCache remembers before it starts over. */
const MAX_KEPT_STATES = 200_000;
/** httpd gives up at this include depth. */
const MAX_INCLUDE_DEPTH = 128;

/** Parsed files by path; reused while the text is unchanged so an edit re-parses one file. */
export class ParseCache {
  private readonly entries = new Map<string, ParsedFile>();
  get(file: string, text: string): ParsedFile {
    const cached = this.entries.get(file);
    if (cached && cached.text === text) return cached;
    const parsed = parse(text);
    this.entries.set(file, parsed);
    return parsed;
  }

  delete(file: string): void {
    this.entries.delete(file);
  }
}

interface WalkContext {
  file: string;
  scope: Scope;
  parents: SectionUse[];
  conditions: SectionUse[];
  active: boolean;
  inactiveReason?: string;
  /** Files currently being read, outermost first (include cycle detection). */
  chain: string[];
  /** The Include that read each file of `chain` (undefined for the main file). */
  includeChain: (DirectiveUse | undefined)[];
  parent?: SectionUse;
  /** What the uses read in this context share, made with the first of them (a context spread for another file must not carry it). */
  uses?: UseContext;
  /** Set while the body of a macro is read where a Use put it. */
  expansion?: Expansion;
}

/** A macro's body read at a Use: the text substitutions its lines go through, and the macros being expanded. */
interface Expansion {
  macro: MacroDefinition;
  /** The enclosing expansions' substitutions (a macro defined inside one), then this Use's. */
  substitutions: Substitution[];
  /** The Use that put the body here. */
  use: DirectiveUse;
  /** Keys of the macros being expanded, outermost first (httpd refuses a macro used inside itself). */
  chain: string[];
  /** Every substitution is plain (see Substitution.plain): words can be substituted one by one. */
  plain: boolean;
}

/**
 * The last list with uses[start..end) replaced by `fresh`, written into `into` when given (an old
 * list no model reads any more), else into a copy: in order from the front, so the array stays
 * packed and grows, when it must, as a push does.
 */
function spliceUses(into: DirectiveUse[] | undefined, uses: readonly DirectiveUse[], start: number, end: number, fresh: readonly DirectiveUse[]): DirectiveUse[] {
  const length = start + fresh.length + (uses.length - end);
  // Without an old list: one copy at once (grown from empty, it would pass through every size).
  const out = into ?? uses.slice();
  if (out.length > length) out.length = length;
  let n = 0;
  if (into) for (let i = 0; i < start; i++) out[n++] = uses[i];
  else n = start;
  for (let i = 0; i < fresh.length; i++) out[n++] = fresh[i];
  for (let i = end; i < uses.length; i++) out[n++] = uses[i];
  return out;
}

/** What a model two builds old holds once a splice has reused its use list: any read throws (see WalkCache.spareOwner). */
function retiredUses(): DirectiveUse[] {
  return new Proxy([], {
    get() {
      throw new Error('a superseded model was read after its use list went to a newer one');
    },
  });
}

export function buildModel(options: BuildOptions): ConfigModel {
  return new ModelBuilder(options).build();
}

class ModelBuilder {
  private readonly fs: ConfigFileSystem;
  private readonly cache: ParseCache;
  private readonly model: ConfigModel;
  private envvars = new Map<string, string>();
  private envvarsFile: { file: string; text: string } | undefined;
  private cliDefines = new Set<string>();
  private readonly cliVariables = new Map<string, string>();
  private index = 0;
  private readonly argLists = new ArgLists();
  /** False for a fragment read on its own with no -d and no ServerRoot directive yet. */
  private serverRootKnown: boolean;
  /**
   * Whether anything says which httpd build reads the tree: a list of compiled-in modules, -d, an
   * absolute ServerRoot, Debian's apache2.conf or envvars. Until then Debian's is only assumed.
   */
  private buildKnown: boolean;
  /** Bytes and files read so far, against the per-tree caps. */
  private bytesRead = 0;
  private filesRead = 0;
  /** Set once a cap stopped the reading of further files (reported once). */
  private readCapped = false;
  /** Characters made by ${NAME} substitution so far, against LIMITS.substitutedChars; past it the walk stops. */
  private substitutedChars = 0;
  private substitutionCapped = false;
  private envvarsLines: { text: string; lines: Map<string, number> } | undefined;
  /** Set once an include loop was found: like httpd, no further Include is followed. */
  private includeLoopFound = false;
  /** Counts what a file's walk did beyond adding its own uses and problems (then it is not replayable). */
  private effects = 0;
  /** The reading state as an id: the same sequence of changes from the same start gives the same id (see WalkCache). */
  private stateId = -1;
  /** Real paths of options.disabledFiles, made on first use. */
  private disabledReal: Set<string> | undefined;
  /** Uses before model.uses[0] that a splice has not put in place yet (see splice). */
  private usesBase = 0;
  /** Define/UnDefine done by the file being recorded, replayed with its uses. */
  private recording: DefineOp[] | undefined;
  private conditions: ConditionState | undefined;
  /** mod_macro's table as read so far: definitions by lower-cased name. */
  private readonly macros = new Map<string, MacroDefinition>();
  /** Whether a <Macro> was read at all (httpd words a Use before any differently). */
  private macroSeen = false;
  /** Directives made by expansions and comparisons made substituting, against LIMITS.macroUses and LIMITS.macroWork. */
  private expandedUses = 0;
  private readonly macroWork: SubstitutionBudget = { steps: 0, maxSteps: LIMITS.macroWork, room: LIMITS.substitutedChars, over: false };
  private macroCapped = false;
  /** Macro findings already made (a body expanded many times repeats them at the same place). */
  private macroProblems: Set<string> | undefined;

  constructor(private readonly options: BuildOptions) {
    this.fs = options.fs;
    this.cache = options.cache ?? new ParseCache();
    this.serverRootKnown = options.moduleStateKnown !== false || !!options.serverRoot;
    const mainFile = path.resolve(options.mainFile);
    this.buildKnown = options.staticModules !== undefined || !!options.serverRoot || path.basename(mainFile) === 'apache2.conf';
    this.model = {
      mainFile,
      serverRoot: options.serverRoot ? applyMapping(options.pathMappings ?? [], path.resolve(options.serverRoot)) : path.dirname(mainFile),
      files: [],
      parsed: new Map(),
      uses: [],
      includes: [],
      modules: new Map(),
      moduleStateKnown: options.moduleStateKnown ?? true,
      mpm: null,
      mpmModules: [],
      mpmAddOns: [],
      languageModules: [],
      defines: new Map(),
      problems: [],
      fileScopes: new Map(),
      detachedFiles: [],
      variableSources: new Map(),
      pathMappings: [...(options.pathMappings ?? [])],
    };
  }

  /** A server path as it is read here: mapped, inferring a mapping for an absolute path when allowed. */
  private mapPath(p: string, use?: DirectiveUse): string {
    const model = this.model;
    if (use && this.options.inferPathMappings !== false && !mappingFor(model.pathMappings, p) && !isMappedTarget(model.pathMappings, p)) {
      const inferred = inferMapping(this.fs, model.mainFile, p);
      if (inferred) {
        model.pathMappings.push({ ...inferred, origin: 'inferred', where: this.where(use) });
        this.changedState();
      }
    }
    return applyMapping(model.pathMappings, p);
  }

  private setServerRoot(use: DirectiveUse, value: string): void {
    const model = this.model;
    if (holdsUnsetVariable(value)) {
      // From the environment (ServerRoot ${APACHE_ROOT_DIR}, which docker-compose sets): unknown
      // here, so its relative paths are guesses; Debian's apache2.conf sets none, so the build is
      // taken to be one that loads its modules (log_config, unixd…) rather than Debian's.
      this.serverRootKnown = false;
      this.buildKnown = true;
      this.followBuildOfRoot(CORE_ONLY_STATIC_MODULES, true);
      this.changedState();
      return;
    }
    const written = windowsPathAsPosix(value);
    const onServer = path.resolve(model.serverRoot, written);
    if (this.options.inferPathMappings !== false && path.isAbsolute(written) && !mappingFor(model.pathMappings, onServer)) {
      const base = inferServerRoot(this.fs, model.mainFile, onServer, this.relativeIncludes());
      if (base) model.pathMappings.push({ from: onServer, to: base, origin: 'inferred', where: this.where(use) });
    }
    model.serverRoot = applyMapping(model.pathMappings, onServer);
    this.serverRootKnown = true;
    // A relative ServerRoot ("./", Apache Lounge's ${SRVROOT} set so) is httpd's working folder: no build's home.
    if (path.isAbsolute(written)) this.buildKnown = true;
    this.followBuildOfRoot(staticModulesOfRoot(onServer, value), isSourceBuildRoot(onServer));
    this.changedState();
    model.serverRootOnServer = model.serverRoot === onServer ? undefined : onServer;
  }

  /**
   * Without a list of compiled-in modules set, a ServerRoot of a build that compiles in only the
   * core (/etc/httpd, /usr/local/apache2…) means that build: its LoadModule log_config_module is
   * what httpd there expects, not Debian's "built-in" error. Decided before any module is loaded.
   */
  private followBuildOfRoot(keep: readonly string[], mpmMayBeBuiltIn: boolean): void {
    if (this.options.staticModules !== undefined) return;
    for (const m of this.model.modules.values()) if (!m.isStatic) return;
    this.model.modules.clear();
    this.addStaticModules(keep);
    this.model.mpmMayBeBuiltIn = mpmMayBeBuiltIn || undefined;
  }

  /**
   * A tree that names no build and loads, from outside Debian's module folder, a module Debian
   * compiles in (LoadModule log_config_module modules/mod_log_config.so) is written for a build
   * that loads it: the httpd image's, a PaaS buildpack's, Apache Lounge's.
   */
  private showsCoreOnlyBuild(identifier: string, soFile: string | undefined): boolean {
    if (this.buildKnown || !soFile || CORE_ONLY_STATIC_MODULES.includes(identifier)) return false;
    return !windowsPathAsPosix(soFile).startsWith(DEBIAN_MODULE_FOLDER);
  }

  private followCoreOnlyBuild(): void {
    for (const [identifier, m] of this.model.modules) if (m.isStatic && !CORE_ONLY_STATIC_MODULES.includes(identifier)) this.model.modules.delete(identifier);
    this.model.mpmMayBeBuiltIn = true;
    this.buildKnown = true;
    this.changedState();
  }

  /**
   * Without -d, httpd reads relative paths from its compiled-in ServerRoot, under which builds keep
   * conf/httpd.conf: a main file in a conf/ folder whose relative Includes are found from the
   * folder above (conf/extra/… of an upstream or Apache Lounge tree) reads them from there.
   */
  private inferDefaultServerRoot(): void {
    const bases = treeBases(this.model.mainFile);
    if (bases.length < 2) return;
    const read = this.fs.readFile(this.model.mainFile);
    if (!('text' in read) || read.text.length > MAX_FILE_BYTES) return;
    const includes = this.relativeIncludes(this.cache.get(this.model.mainFile, read.text));
    if (inferServerRoot(this.fs, this.model.mainFile, '', includes) === bases[1]) this.model.serverRoot = bases[1];
  }

  private addStaticModules(identifiers: readonly string[]): void {
    for (const identifier of identifiers) this.model.modules.set(identifier, { identifier, sourceFiles: sourceFilesOf(identifier), isStatic: true });
  }

  /** The relative Include paths of the main file: the evidence for where its ServerRoot is here. */
  private relativeIncludes(parsed = this.model.parsed.get(this.model.mainFile)): string[] {
    const out: string[] = [];
    const stack: Node[] = parsed ? parsed.nodes.slice() : [];
    while (stack.length) {
      const node = stack.pop()!;
      if (node.kind === 'section') for (const child of node.children) stack.push(child);
      else if (node.kind === 'directive' && /^include(optional)?$/i.test(lineName(node))) {
        const arg = node.args[0]?.value;
        if (arg && !path.isAbsolute(arg) && !arg.includes('$')) out.push(arg);
      }
    }
    return out;
  }

  build(): ConfigModel {
    const model = this.model;
    const walkCache = this.options.walkCache;
    const mark = walkCache?.changedFile !== undefined ? walkCache.marks.get(walkCache.changedFile) : undefined;
    if (walkCache) walkCache.marks = new Map();
    if (walkCache && mark?.model) {
      const spliced = new ModelBuilder(this.options).splice(mark);
      if (spliced) return spliced;
    }
    if (walkCache) {
      walkCache.lastBuild = new Map();
      // States are never forgotten one by one; a long session starts over now and then.
      if (walkCache.states.size > MAX_KEPT_STATES) {
        walkCache.states.clear();
        walkCache.entries.clear();
      }
    }
    // httpd's -D takes the whole word as the name; NAME=VALUE additionally sets ${NAME} here.
    for (const define of this.options.defines ?? []) this.cliDefines.add(define);
    this.readCommandLineVariables();
    this.readEnvvars();
    if (this.envvarsFile) this.buildKnown = true;
    if (!this.options.serverRoot && model.moduleStateKnown) this.inferDefaultServerRoot();
    this.noteExternalVariables();
    this.addStaticModules(this.options.staticModules ?? DEBIAN_STATIC_MODULES);
    const scope = this.options.mainScope ?? 'server';
    this.readFile(model.mainFile, { file: model.mainFile, scope, parents: MAIN_PARENTS, conditions: MAIN_CONDITIONS, active: true, chain: [], includeChain: [], uses: undefined });
    for (const detached of this.options.detachedFiles ?? []) {
      const file = path.resolve(detached);
      if (model.parsed.has(file)) continue;
      model.detachedFiles.push(file);
      const detachedScope: Scope = this.options.detachedScope ?? (path.basename(file) === '.htaccess' ? 'htaccess' : 'server');
      this.readFile(file, { file, scope: detachedScope, parents: [], conditions: [], active: true, chain: [], includeChain: [], uses: undefined });
    }
    this.judgeUnclosedConditionals();
    this.summarizeServer();
    this.closeMark(walkCache);
    return model;
  }

  /** The ${NAME} values of the command line's NAME=VALUE defines. */
  private readCommandLineVariables(): void {
    for (const define of this.options.defines ?? []) {
      const eq = define.indexOf('=');
      if (eq > 0) this.cliVariables.set(define.slice(0, eq), define.slice(eq + 1));
    }
  }

  /** Completes the mark of this build's changed file, or drops it when the file was not read once, replayably, in an uncapped tree. */
  private closeMark(walkCache: WalkCache | undefined): void {
    if (!walkCache) return;
    for (const mark of walkCache.marks.values()) {
      const entry = walkCache.lastBuild.get(mark.file);
      if (!entry || entry !== mark.entry || this.readCapped || this.includeLoopFound) {
        walkCache.marks.delete(mark.file);
        continue;
      }
      mark.model = this.model;
      mark.totalBytes = this.bytesRead;
      mark.totalSubstituted = this.substitutedChars;
      mark.lastBuild = walkCache.lastBuild;
    }
  }

  /**
   * The last build's model with one file's uses and problems replaced: the file's text is all that
   * changed (the caller proved every other read the same), it is read at the top level where the
   * last build read it, in the same reading state (restored from the mark), and its new walk leaves
   * that state as the old one did (the same Define/UnDefine, nothing else: no Include, LoadModule,
   * ServerRoot, <IfFile>, ${VAR} from outside). Then every later file reads as before, and its
   * uses are kept, renumbered when the count changed. Undefined when any of that does not hold:
   * the caller builds from the start.
   */
  private splice(mark: SpliceMark): ConfigModel | undefined {
    const walkCache = this.options.walkCache!;
    const last = mark.model!;
    const model = this.model;
    const oldLength = last.parsed.get(mark.file)?.text.length ?? 0;
    // State just before the file, as the last build had it.
    this.index = mark.index;
    this.filesRead = mark.filesRead;
    this.bytesRead = mark.bytesRead;
    this.substitutedChars = mark.substitutedChars;
    this.effects = mark.effects;
    this.stateId = mark.stateId;
    this.serverRootKnown = mark.serverRootKnown;
    this.buildKnown = mark.buildKnown;
    this.cliDefines = new Set(mark.cliDefines);
    this.readCommandLineVariables();
    this.envvars = mark.envvars;
    this.envvarsFile = mark.envvarsFile;
    model.serverRoot = mark.serverRoot;
    model.serverRootOnServer = mark.serverRootOnServer;
    model.modules = new Map(mark.modules);
    model.defines = new Map(mark.defines);
    model.pathMappings = mark.pathMappings.slice();
    model.variableSources = new Map(mark.variableSources);
    model.externalVariables = last.externalVariables;
    model.files = last.files.slice();
    model.parsed = new Map(last.parsed);
    model.fileScopes = new Map(last.fileScopes);
    // The file's new uses are made apart and put in place at the end (the uses before it are not copied first).
    model.uses = [];
    this.usesBase = mark.usesStart;
    model.problems = last.problems.slice(0, mark.problemsStart);
    const lastBuild = new Map(mark.lastBuild);
    lastBuild.delete(mark.file);
    walkCache.lastBuild = lastBuild;
    const next: SpliceMark = { ...mark, entry: undefined, stateAfter: undefined, usesEnd: undefined, problemsEnd: undefined, model: undefined };
    walkCache.marks = new Map([[mark.file, next]]);
    this.readFile(mark.file, mark.ctx, mark.includedBy);
    const entry = lastBuild.get(mark.file);
    const suffixUses = last.uses.length - mark.usesEnd!;
    const fresh = model.uses;
    const totalBytes = mark.totalBytes! - oldLength + (model.parsed.get(mark.file)?.text.length ?? 0);
    const totalSubstituted = mark.totalSubstituted! - mark.entry!.substituted + (next.entry?.substituted ?? 0);
    if (
      !entry || entry !== next.entry || this.readCapped || next.stateAfter !== mark.stateAfter || !sameDefineOps(entry.defines, mark.entry!.defines) ||
      mark.usesStart + fresh.length + suffixUses >= LIMITS.treeDirectives || totalBytes >= LIMITS.treeBytes ||
      totalSubstituted >= LIMITS.substitutedChars
    ) {
      walkCache.marks = new Map();
      return undefined;
    }
    // Every later file reads as in the last build: its uses, renumbered after a change of count.
    const uses = last.uses;
    const next0 = mark.usesStart + fresh.length;
    if (suffixUses > 0 && uses[mark.usesEnd!].index !== next0) {
      for (let i = mark.usesEnd!, n = next0; i < uses.length; i++, n++) uses[i].index = n;
    }
    const into = walkCache.spareUses !== uses ? walkCache.spareUses : undefined;
    if (into && walkCache.spareOwner && walkCache.spareOwner.uses === into) walkCache.spareOwner.uses = retiredUses();
    model.uses = spliceUses(into, uses, mark.usesStart, mark.usesEnd!, fresh);
    walkCache.spareUses = uses;
    walkCache.spareOwner = last;
    this.usesBase = 0;
    model.problems = model.problems.concat(last.problems.slice(mark.problemsEnd!));
    // The state at the end is the last build's (the file left the state as it found it); nothing
    // changes a model once built, so these are shared with it.
    model.serverRoot = last.serverRoot;
    model.serverRootOnServer = last.serverRootOnServer;
    model.modules = last.modules;
    model.defines = last.defines;
    model.pathMappings = last.pathMappings;
    model.variableSources = last.variableSources;
    model.includes = last.includes;
    model.files = last.files;
    model.fileScopes = last.fileScopes;
    model.detachedFiles = last.detachedFiles;
    model.macros = last.macros;
    this.judgeUnclosedConditionals();
    this.summarizeServer();
    walkCache.spliced++;
    next.model = model;
    next.totalBytes = totalBytes;
    next.totalSubstituted = totalSubstituted;
    next.lastBuild = lastBuild;
    return model;
  }

  private readEnvvars(): void {
    const envvarsFile = path.join(path.dirname(this.model.mainFile), 'envvars');
    if (this.fs.stat(envvarsFile) !== 'file') {
      // A lone fragment (a vhost copied into sites-available/, usually on Debian) gets them too.
      const lone = !this.model.moduleStateKnown;
      if (lone || path.basename(this.model.mainFile) === 'apache2.conf') this.envvars = debianStockEnvvars(lone ? 'apache2' : path.basename(path.dirname(this.model.mainFile)));
      return;
    }
    const read = this.fs.readFile(envvarsFile);
    if (!('text' in read)) return;
    this.envvarsFile = { file: envvarsFile, text: read.text };
    for (const [k, v] of parseEnvvars(read.text)) this.envvars.set(k, v);
  }

  /** The names -D and envvars set, whether or not the tree uses them. */
  private noteExternalVariables(): void {
    const external = new Map<string, { from: 'command line' | 'envvars'; file?: string; line?: number }>();
    for (const define of this.cliDefines) external.set(define, { from: 'command line' });
    for (const name of this.cliVariables.keys()) external.set(name, { from: 'command line' });
    const envvars = this.envvarsFile;
    for (const name of this.envvars.keys()) {
      if (external.has(name)) continue;
      external.set(name, { from: 'envvars', file: envvars?.file, line: this.envvarsLine(name) });
    }
    this.model.externalVariables = external;
  }

  /** The line of the envvars file that first assigns `name` (one pass over the file, kept for the file's text). */
  private envvarsLine(name: string): number | undefined {
    const file = this.envvarsFile;
    if (!file) return undefined;
    if (this.envvarsLines?.text !== file.text) this.envvarsLines = { text: file.text, lines: envvarsAssignmentLines(file.text) };
    return this.envvarsLines.lines.get(name);
  }

  /** Remembers where a ${NAME} that no Define sets got its value, for hovers. */
  private noteSource(name: string, value: string, from: string, file?: string): void {
    const sources = this.model.variableSources!;
    if (sources.has(name)) return;
    this.changedState();
    let line: number | undefined;
    if (file && this.envvarsFile) line = this.envvarsLine(name);
    sources.set(name, { value, from, file, line });
  }

  private lookupVariable = (name: string): string | undefined => {
    const defined = this.model.defines.get(name);
    if (defined) return defined.value;
    const fromCli = this.cliVariables.get(name);
    if (fromCli !== undefined) {
      this.noteSource(name, fromCli, 'from -D on the command line');
      return fromCli;
    }
    const fromEnvvars = this.envvars.get(name);
    if (fromEnvvars !== undefined) {
      this.noteSource(name, fromEnvvars, this.envvarsFile ? 'envvars' : STOCK_ENVVARS_SOURCE, this.envvarsFile?.file);
      return fromEnvvars;
    }
    const fromEnv = this.options.env?.[name];
    if (fromEnv !== undefined) this.noteSource(name, fromEnv, 'from the environment httpd starts with');
    return fromEnv;
  };

  private readFile(file: string, ctx: WalkContext, includedBy?: DirectiveUse): boolean {
    if (this.readCapped) return false;
    const walkCache = this.options.walkCache;
    if (walkCache && (file === walkCache.changedFile || this.fs.isOpen?.(file)) && !walkCache.marks.has(file) && isTopLevel(ctx)) {
      walkCache.marks.set(file, this.markBefore(file, ctx, includedBy));
    }
    if (this.filesRead >= LIMITS.treeFiles || this.bytesRead >= LIMITS.treeBytes) {
      this.limitReached(includedBy, file, `the analysis stopped reading files after ${this.filesRead} files and ${megabytes(this.bytesRead)} MB (the cap per configuration tree is ${LIMITS.treeFiles} files, ${megabytes(LIMITS.treeBytes)} MB); ${file} and later files were not analysed`);
      this.readCapped = true;
      return false;
    }
    const read = this.fs.readFile(file);
    if ('error' in read && read.tooLarge) {
      this.limitReached(includedBy, file, `${file} is not analysed: ${read.error}; files over ${megabytes(MAX_FILE_BYTES)} MB are skipped`);
      return false;
    }
    if ('error' in read) {
      const message =
        read.error === 'not a regular file'
          ? `Access to file ${file} denied by server: not a regular file`
          : `Could not open configuration file ${file}: ${read.error}`;
      if (includedBy) {
        this.problem(includedBy, 'include-unreadable', 'error', message);
      } else {
        this.model.problems.push({ file, line: 0, start: 0, end: 0, code: 'file-unreadable', severity: 'error', message });
      }
      return false;
    }
    // An open editor buffer skips the file system's size check.
    if (read.text.length > MAX_FILE_BYTES) {
      this.limitReached(includedBy, file, `${file} is not analysed: it holds ${read.text.length} characters; files over ${megabytes(MAX_FILE_BYTES)} MB are skipped`);
      return false;
    }
    this.filesRead++;
    this.bytesRead += read.text.length;
    this.effects++;
    const parsed = this.cache.get(file, read.text);
    if (!this.model.parsed.has(file)) this.model.files.push(file);
    this.model.parsed.set(file, parsed);
    if (!this.model.fileScopes.has(file)) this.model.fileScopes.set(file, ctx.scope);
    // Of a binary file only that: what its bytes happen to look like (an unclosed "<…") is noise.
    const binary = parsed.problems.find((p) => p.code === 'binary-content');
    for (const problem of binary ? [binary] : parsed.problems) {
      const { line, start, end, code, severity, message, data } = problem;
      this.model.problems.push({ file, line, start, end, code, severity, message, data });
    }
    if (binary) return true;
    if (includedBy && !looksLikeConfiguration(parsed)) {
      // Never echo the content: such a file is often a password or key file included by mistake.
      this.problem(includedBy, 'include-not-config', 'error', `${path.basename(file)} does not look like a configuration file; its content is not analysed or shown`);
      return true;
    }
    // Only a file read at the top level, whose uses hang off nothing of another file, is replayable.
    const replayable = !!walkCache && isTopLevel(ctx) && !this.readCapped;
    if (!replayable) {
      walkCache?.lastBuild.set(file, null);
      this.walk(parsed.nodes, fileContext(ctx, file, includedBy));
      return true;
    }
    const state = this.stateKey();
    const usesBefore = this.model.uses.length;
    const problemsBefore = this.model.problems.length;
    const kept = walkCache.entries.get(file);
    if (
      kept && kept.parsed === parsed && kept.scope === ctx.scope && kept.state === state &&
      this.model.uses.length + kept.uses.length < LIMITS.treeDirectives && this.substitutedChars + kept.substituted < LIMITS.substitutedChars
    ) {
      // Top-level uses share the tree's parents and conditions arrays (rules compare them by identity).
      // A file read at the same place as last time keeps its numbers (every file before an edit,
      // and after it while the edit adds or removes no line); the main file's arrays are constants.
      // The file's uses share a few contexts, all of this file: re-pointing one re-points its uses.
      const uses = kept.uses as DirectiveUseObject[];
      if ((uses.length > 0 && uses[0].index !== this.index) || kept.parents !== ctx.parents || kept.conditions !== ctx.conditions) {
        for (let i = 0; i < uses.length; i++) {
          const use = uses[i];
          use.index = this.index + i;
          const shared = use.context;
          if (shared.parents === kept.parents) shared.parents = ctx.parents;
          if (shared.conditions === kept.conditions) shared.conditions = ctx.conditions;
        }
      }
      this.index += uses.length;
      this.substitutedChars += kept.substituted;
      appendAll(this.model.uses, uses);
      kept.parents = ctx.parents;
      kept.conditions = ctx.conditions;
      for (const problem of kept.problems) this.model.problems.push({ ...problem });
      for (const op of kept.defines) this.applyDefine(op);
      walkCache.replayed++;
      walkCache.lastBuild.set(file, walkCache.lastBuild.has(file) ? null : kept);
      this.markAfter(file, kept, usesBefore);
      return true;
    }
    const effectsBefore = this.effects;
    const substitutedBefore = this.substitutedChars;
    const outer = this.recording;
    const defines: DefineOp[] = (this.recording = []);
    this.walk(parsed.nodes, fileContext(ctx, file, includedBy));
    this.recording = outer;
    outer?.push(...defines);
    walkCache.walked++;
    if (this.effects === effectsBefore && !this.readCapped) {
      const entry: FileWalk = {
        parsed, state, defines, scope: ctx.scope, parents: ctx.parents, conditions: ctx.conditions,
        uses: this.model.uses.slice(usesBefore), problems: this.model.problems.slice(problemsBefore).map((p) => ({ ...p })),
        substituted: this.substitutedChars - substitutedBefore,
      };
      walkCache.entries.set(file, entry);
      walkCache.lastBuild.set(file, walkCache.lastBuild.has(file) ? null : entry);
      this.markAfter(file, entry, usesBefore);
    } else {
      walkCache.entries.delete(file);
      walkCache.lastBuild.set(file, null);
    }
    return true;
  }

  /** The reading state before the changed file is read (see SpliceMark). */
  private markBefore(file: string, ctx: WalkContext, includedBy: DirectiveUse | undefined): SpliceMark {
    const model = this.model;
    return {
      file, ctx, includedBy,
      index: this.index, filesRead: this.filesRead, bytesRead: this.bytesRead, substitutedChars: this.substitutedChars, effects: this.effects, stateId: this.stateKey(),
      serverRootKnown: this.serverRootKnown, buildKnown: this.buildKnown, cliDefines: new Set(this.cliDefines), defines: new Map(model.defines), modules: new Map(model.modules),
      serverRoot: model.serverRoot, serverRootOnServer: model.serverRootOnServer, pathMappings: model.pathMappings.slice(),
      variableSources: new Map(model.variableSources), envvars: this.envvars, envvarsFile: this.envvarsFile,
      usesStart: model.uses.length, problemsStart: model.problems.length,
    };
  }

  /** What reading the changed file added: its walk, the state after it, where its stretches end (parse problems come before usesBefore's problems). */
  private markAfter(file: string, entry: FileWalk, usesBefore: number): void {
    const mark = this.options.walkCache!.marks.get(file);
    if (!mark || mark.entry || mark.usesStart !== this.usesBase + usesBefore) return;
    mark.entry = entry;
    mark.stateAfter = this.stateKey();
    mark.usesEnd = this.usesBase + this.model.uses.length;
    mark.problemsEnd = this.model.problems.length;
  }

  private applyDefine(op: DefineOp): void {
    if ('undefine' in op) {
      this.model.defines.delete(op.name);
      this.cliDefines.delete(op.name);
    } else this.model.defines.set(op.name, { value: op.value, where: op.where });
    this.recording?.push(op);
    this.advanceState('undefine' in op ? `U${op.name}` : `D${op.name}\u0000${op.value}\u0000${op.where.file}\u0000${op.where.line}\u0000${op.where.start}`);
  }

  /** A change the file's walk cannot be replayed with (modules, ServerRoot, mappings…): a new state. */
  private changedState(): void {
    this.effects++;
    this.advanceState(`C${this.effects}\u0000${JSON.stringify([this.model.serverRoot, [...this.model.modules.keys()], this.model.pathMappings.map((p) => [p.from, p.to]), [...(this.model.variableSources?.keys() ?? [])]])}`);
  }

  private advanceState(change: string): void {
    const cache = this.options.walkCache;
    if (!cache) return;
    if (this.stateId === -1) this.stateId = this.initialState();
    const key = `${this.stateId} ${change}`;
    let id = cache.states.get(key);
    if (id === undefined) cache.states.set(key, (id = cache.states.size));
    this.stateId = id;
  }

  /** The state before any directive: what the build options and envvars give. */
  private initialState(): number {
    const cache = this.options.walkCache!;
    const key = `I ${JSON.stringify([this.model.serverRoot, this.serverRootKnown, this.buildKnown, this.model.moduleStateKnown, [...this.model.modules.keys()], [...this.cliDefines], this.model.pathMappings.map((p) => [p.from, p.to]), this.envvarsFile?.text ?? null])}`;
    let id = cache.states.get(key);
    if (id === undefined) cache.states.set(key, (id = cache.states.size));
    return id;
  }

  private stateKey(): number {
    if (this.stateId === -1) this.stateId = this.initialState();
    return this.stateId;
  }

  /** One diagnostic per cap: at the Include that reached it, or at the top of the file. */
  private limitReached(includedBy: DirectiveUse | undefined, file: string, message: string): void {
    if (includedBy) this.problem(includedBy, 'analysis-limit', 'warning', message);
    else this.model.problems.push({ file, line: 0, start: 0, end: 0, code: 'analysis-limit', severity: 'warning', message });
  }

  /**
   * Visits the nodes of one file in order. Sections are entered with an explicit stack, so the
   * nesting depth of the input never becomes the depth of the JavaScript stack.
   */
  private walk(nodes: Node[], ctx: WalkContext): void {
    const frames: { nodes: Node[]; next: number; ctx: WalkContext; expanded?: true }[] = [{ nodes, next: 0, ctx }];
    while (frames.length > 0) {
      if (this.model.uses.length >= LIMITS.treeDirectives) {
        this.directivesCapped(ctx);
        return;
      }
      if (this.substitutionCapped) return;
      const frame = frames[frames.length - 1];
      if (frame.next >= frame.nodes.length) {
        frames.pop();
        // A section entered here is complete: its children array loses the spare room push left.
        if (frames.length > 0 && !frame.expanded) frame.ctx.parent!.children = frame.ctx.parent!.children.slice();
        continue;
      }
      const node = frame.nodes[frame.next++];
      if (node.kind === 'directive') {
        // A Use reads the macro's body next, as if it stood here (an explicit frame: no JavaScript recursion).
        const expansion = this.visitDirective(node, frame.ctx);
        if (expansion) frames.push({ nodes: expansion.macro.section.children, next: 0, ctx: expansion.ctx, expanded: true });
      } else if (node.kind === 'section') {
        if (frames.length > LIMITS.nesting) {
          this.nestingCapped(node, frame.ctx);
          continue;
        }
        const child = this.enterSection(node, frame.ctx);
        frames.push({ nodes: node.children, next: 0, ctx: child });
      }
    }
  }

  private directivesCapped(ctx: WalkContext): void {
    if (this.readCapped) return;
    this.readCapped = true;
    this.limitReached(undefined, ctx.file, `the analysis stopped after ${LIMITS.treeDirectives} directives (the cap per configuration tree); the rest of the tree was not analysed`);
  }

  private substitutionOverBudget(line: number, word: { start: number; end: number }, ctx: WalkContext, macro = false): void {
    if (this.substitutionCapped) return;
    this.substitutionCapped = true;
    this.readCapped = true;
    this.model.problems.push({
      file: ctx.file,
      line,
      start: word.start,
      end: word.end,
      code: 'analysis-limit',
      severity: 'warning',
      message: macro
        ? `the analysis stopped here: substituting macro values in this tree would pass ${megabytes(LIMITS.substitutedChars)} MB or ${LIMITS.macroWork} comparisons (the caps per configuration tree); the rest of the tree was not analysed`
        : `the analysis stopped here: the values made by \${NAME} substitution in this tree would pass ${megabytes(LIMITS.substitutedChars)} MB (the cap per configuration tree; Defines that repeat each other grow that fast); the rest of the tree was not analysed`,
    });
  }

  private nestingCapped(section: Section, ctx: WalkContext): void {
    const file = ctx.file;
    if (this.model.problems.some((p) => p.code === 'analysis-limit' && p.file === file && p.message.startsWith('Sections nested'))) return;
    this.model.problems.push({
      file,
      line: section.open.line,
      start: section.open.contentStart,
      end: section.open.contentEnd,
      code: 'analysis-limit',
      severity: 'warning',
      message: `Sections nested deeper than ${LIMITS.nesting} levels are not analysed`,
    });
  }

  private resolveWords(directive: DirectiveLine | SectionOpenLine, ctx: WalkContext): string[] {
    // Most lines name no variable: each value is the word's own, in an array of exactly their number (read without making the words).
    const count = argCount(directive);
    let plain = true;
    for (let i = 0; i < count; i++) {
      if (argValue(directive, i).includes('${')) {
        plain = false;
        break;
      }
    }
    if (plain) return this.argLists.ofLine(directive);
    const line = directive.line;
    const values: string[] = [];
    for (const word of directive.args) {
      if (!word.value.includes('${')) {
        values.push(word.value);
        continue;
      }
      const result = substitute(word.value, this.lookupVariable, LIMITS.substitutedChars - this.substitutedChars);
      if (result.overBudget) {
        this.substitutionOverBudget(line, word, ctx);
        values.push(word.value);
        continue;
      }
      this.substitutedChars += result.value.length;
      if (ctx.active) {
        // A lone fragment's variables may come from the configuration that will include it.
        const lone = !this.model.moduleStateKnown;
        for (const name of result.undefinedNames) {
          this.model.problems.push({
            file: ctx.file,
            line,
            start: word.start,
            end: word.end,
            code: 'undefined-variable',
            severity: lone ? 'information' : 'warning',
            message: lone ? `Config variable \${${name}} is not defined in this file: fine if the configuration that includes it defines it.` : `Config variable \${${name}} is not defined`,
            data: { name, lone },
          });
        }
      }
      // httpd substitutes the whole line before splitting, so an unquoted value with blanks splits.
      if (word.quote === null && result.value !== word.value && /\s/.test(result.value)) {
        values.push(...result.value.split(/\s+/).filter(Boolean));
      } else values.push(result.value);
    }
    return this.argLists.of(values.slice());
  }

  private makeUse(written: DirectiveLine, ctx: WalkContext): DirectiveUse {
    const line = ctx.expansion ? this.expandedLine(written, ctx) : written;
    if (ctx.expansion) this.expandedUses++;
    const args = argCount(line) ? this.resolveWords(line, ctx) : NO_ARGS;
    const use = new DirectiveUseObject(line, directiveKey(lineName(line)), args, useContext(ctx), this.index++);
    this.model.uses.push(use);
    ctx.parent?.children.push(use);
    return use;
  }

  private makeSectionUse(written: Section, ctx: WalkContext): SectionUse {
    const section = ctx.expansion ? { ...written, open: this.expandedLine(written.open, ctx) } : written;
    if (ctx.expansion) this.expandedUses++;
    const line = section.open;
    const args = argCount(line) ? this.resolveWords(line, ctx) : NO_ARGS;
    const use = new SectionUseObject(section, directiveKey(lineName(line)), args, useContext(ctx), this.index++);
    this.model.uses.push(use);
    ctx.parent?.children.push(use);
    return use;
  }

  /** Records a directive and does what it does at read time; a Use returns the body it puts here. */
  private visitDirective(line: DirectiveLine, ctx: WalkContext): { macro: MacroDefinition; ctx: WalkContext } | undefined {
    const use = this.makeUse(line, ctx);
    if (!ctx.active) return undefined;
    switch (use.key) {
      case 'use':
        return this.readsMacros() ? this.expandUse(use, ctx) : undefined;
      case 'undefmacro':
        if (this.readsMacros() && use.args[0] !== undefined) {
          this.effects++;
          this.macros.delete(use.args[0].toLowerCase());
        }
        break;
      case 'define':
        if (use.args[0] !== undefined) this.applyDefine({ name: use.args[0], value: use.args[1] ?? '', where: this.where(use) });
        break;
      case 'undefine':
        if (use.args[0] !== undefined) this.applyDefine({ name: use.args[0], undefine: true });
        break;
      case 'serverroot':
        if (use.args[0]) this.setServerRoot(use, use.args[0]);
        break;
      case 'loadmodule':
        this.loadModule(use, ctx);
        this.changedState();
        break;
      case 'include':
      case 'includeoptional':
        this.effects++;
        this.include(use, ctx);
        break;
    }
    return undefined;
  }

  /** Whether mod_macro reads <Macro> and Use here: loaded, or possibly loaded (a fragment alone). */
  private readsMacros(): boolean {
    return this.model.modules.has('macro_module') || !this.model.moduleStateKnown;
  }

  /**
   * A body line as an expansion reads it: its text with every substitution done and read again
   * into a name and words (a value with blanks makes more words, as in httpd). The line keeps the
   * body's place, and each word its place when the count of words did not change (else the line's).
   */
  private expandedLine<T extends DirectiveLine | SectionOpenLine>(line: T, ctx: WalkContext): T {
    const expanded = this.substitutedLine(line, ctx);
    if (this.macroWork.over) this.substitutionOverBudget(line.line, { start: line.contentStart, end: line.contentEnd }, ctx, true);
    return expanded;
  }

  private substitutedLine<T extends DirectiveLine | SectionOpenLine>(line: T, ctx: WalkContext): T {
    const expansion = ctx.expansion!;
    this.macroWork.room = LIMITS.substitutedChars - this.substitutedChars;
    if (expansion.plain) {
      // Values that cannot split or quote a word: each word is substituted where it stands.
      const written = line.args;
      const args: Word[] = new Array(written.length);
      for (let i = 0; i < written.length; i++) args[i] = this.substitutedWord(written[i], expansion.substitutions);
      return expandedLineOf(line, this.substitutedWord(line.name, expansion.substitutions), args);
    }
    const text = expansion.macro.text;
    const written = text.slice(line.contentStart, line.contentEnd);
    let content = written;
    for (const substitution of expansion.substitutions) content = substitution.apply(content, this.macroWork);
    if (content === written) return expandedLineOf(line, line.name, line.args.slice());
    this.substitutedChars += content.length;
    const reread = firstLine(content);
    const name: Word = { start: line.name.start, end: line.name.end, value: reread?.name.value ?? '', quote: null, unterminated: false };
    const words = reread?.args ?? [];
    const same = words.length === line.args.length;
    const args: Word[] = words.map((w, i) => ({
      value: w.value, quote: w.quote, unterminated: w.unterminated,
      start: same ? line.args[i].start : line.contentStart, end: same ? line.args[i].end : line.contentEnd,
    }));
    return expandedLineOf(line, name, args);
  }

  /** A word with every substitution done, at the written word's place (the same word when nothing matched). */
  private substitutedWord(word: Word, substitutions: readonly Substitution[]): Word {
    let value = word.value;
    for (let i = 0; i < substitutions.length; i++) value = substitutions[i].apply(value, this.macroWork);
    if (value === word.value) return word;
    this.substitutedChars += value.length;
    this.macroWork.room -= value.length;
    return { start: word.start, end: word.end, value, quote: word.quote, unterminated: word.unterminated };
  }

  /** `Use NAME values…`: httpd's checks, then the context the macro's body is read in here. */
  private expandUse(use: DirectiveUse, ctx: WalkContext): { macro: MacroDefinition; ctx: WalkContext } | undefined {
    this.effects++;
    const written = use.args[0] ?? '';
    const key = written.toLowerCase();
    const macro = this.macros.get(key);
    if (!macro && written && !this.model.moduleStateKnown) {
      // A lone fragment: the configuration that includes it may define the macro first.
      this.macroProblem(use, 'information', `macro '${shortName(key)}' is not defined in this file: fine if the configuration that includes it defines it first.`, 'macro-invalid');
      return undefined;
    }
    if (!this.macroSeen || !written) {
      this.macroProblem(use, 'error', 'no macro defined before Use');
      return undefined;
    }
    if (!macro) {
      this.macroProblem(use, 'error', `macro '${shortName(key)}' undefined`);
      return undefined;
    }
    if (ctx.expansion?.chain.includes(key)) {
      this.macroProblem(use, 'error', `recursive use of macro '${shortName(key)}' is invalid`);
      return undefined;
    }
    const values = use.args.slice(1);
    if (values.length !== macro.params.length) {
      const defined = `defined on ${lineOf(macro.where, this.model.mainFile)}`;
      this.macroProblem(use, 'error', `macro '${shortName(key)}' (${defined}) used with ${values.length} arguments instead of ${macro.params.length}`);
      return undefined;
    }
    for (let i = 0; i < values.length; i++) {
      if (values[i] === '') this.macroProblem(use, 'warning', `macro '${shortName(key)}' (defined on ${lineOf(macro.where, this.model.mainFile)}) used on ${lineOf(this.where(use), this.model.mainFile)}: empty argument #${i + 1}`);
    }
    const depth = ctx.expansion ? ctx.expansion.chain.length : 0;
    if (this.expandedUses >= LIMITS.macroUses || this.macroWork.steps >= LIMITS.macroWork || depth >= LIMITS.nesting) {
      if (!this.macroCapped) {
        this.macroCapped = true;
        const message = `the analysis stopped expanding macros here: expansions made ${this.expandedUses} directives (the cap per configuration tree is ${LIMITS.macroUses}, ${LIMITS.nesting} nested Use); later Use lines are not expanded`;
        this.problem(use, 'analysis-limit', 'warning', message);
      }
      return undefined;
    }
    if (macro.uses.length < MAX_MACRO_USES_KEPT) macro.uses.push(use);
    const own = new Substitution({ params: macro.params, values });
    const substitutions = macro.outer.length ? [...macro.outer, own] : [own];
    const plain = substitutions.every((s) => s.plain);
    const expansion: Expansion = { macro, substitutions, use, chain: ctx.expansion ? [...ctx.expansion.chain, key] : [key], plain };
    return {
      macro,
      ctx: {
        file: macro.where.file, scope: ctx.scope, parents: ctx.parents, conditions: ctx.conditions, active: true, inactiveReason: undefined,
        chain: ctx.chain, includeChain: ctx.includeChain, parent: ctx.parent, uses: undefined, expansion,
      },
    };
  }

  /** `<Macro NAME params…>` read where it is active: httpd's warnings, then the definition. */
  private defineMacro(use: SectionUse, section: Section, ctx: WalkContext): void {
    this.effects++;
    this.macroSeen = true;
    const written = use.args[0];
    if (!written) return;
    const key = written.toLowerCase();
    const where = this.where(use);
    const defined = `defined on ${lineOf(where, this.model.mainFile)}`;
    const existing = this.macros.get(key);
    if (existing) {
      this.macroProblem(use, 'warning', `macro '${shortName(key)}' multiply defined: defined on ${lineOf(existing.where, this.model.mainFile)}, redefined on ${lineOf(where, this.model.mainFile)}`);
    }
    const params = use.args.slice(1);
    for (const message of parameterWarnings(key, params, defined)) this.macroProblem(use, 'warning', message);
    const text = ctx.expansion ? ctx.expansion.macro.text : this.model.parsed.get(ctx.file)?.text ?? '';
    const outer = ctx.expansion ? ctx.expansion.substitutions : [];
    const body = bodyLines(this.model.parsed.get(ctx.file), section);
    if (body.length === 0) this.macroProblem(use, 'warning', `macro '${shortName(key)}' (${defined}): empty contents!`);
    else {
      // Which parameters the body uses, read as an expansion would match them (longest first).
      const used = new Set<string>();
      const own = new Substitution({ params, values: params });
      for (const line of body) {
        let content = text.slice(line.contentStart, line.contentEnd);
        for (const substitution of outer) content = substitution.apply(content, this.macroWork);
        own.apply(content, this.macroWork, used);
      }
      for (let i = 0; i < params.length; i++) {
        if (!used.has(params[i])) this.macroProblem(use, 'warning', `macro '${shortName(key)}' (${defined}): argument '${shortName(params[i])}' (#${i + 1}) never used`);
      }
    }
    if (this.macroWork.over) this.substitutionOverBudget(use.line.line, { start: use.line.contentStart, end: use.line.contentEnd }, ctx, true);
    const macro: MacroDefinition = { key, name: written, params, section, where, outer, uses: [], text };
    this.macros.set(key, macro);
    (this.model.macros ??= []).push(macro);
  }

  /** A mod_macro finding, once per place and message. */
  private macroProblem(use: DirectiveUse, severity: Severity, message: string, code = severity === 'error' ? 'macro-invalid' : 'macro-warning'): void {
    const key = `${use.file}\u0000${use.line.line}\u0000${message}`;
    this.macroProblems ??= new Set();
    if (this.macroProblems.has(key)) return;
    this.macroProblems.add(key);
    this.problem(use, code, severity, fitMessage(message));
  }

  /** Records a section's opening line and returns the context its children are read in. */
  private enterSection(section: Section, ctx: WalkContext): WalkContext {
    const use = this.makeSectionUse(section, ctx);
    let child: WalkContext;
    if (CONDITIONAL_SECTIONS.has(use.key)) {
      if (ctx.active && use.args.length > 0) {
        // <IfFile> asks the disk: its answer is not part of the reading state.
        if (use.key === 'iffile') this.effects++;
        const result = evaluateCondition(use.key, use.args, this.conditionState());
        use.condition = result;
        if (!result.value && !this.model.moduleStateKnown && use.key === 'ifmodule') {
          // Without the main configuration we cannot know; keep the block active.
          use.condition = { value: true, reason: UNKNOWN_MODULE_STATE };
        }
      }
      const value = use.condition?.value ?? ctx.active;
      const inactiveReason = ctx.active && !value ? `<${use.name} ${use.args.join(' ')}> is false: ${use.condition?.reason}` : ctx.inactiveReason;
      child = nestedContext(ctx, ctx.scope, ctx.parents, ctx.conditions.concat(use), ctx.active && value, inactiveReason, use);
    } else if (use.key === 'macro') {
      if (ctx.active && this.readsMacros()) this.defineMacro(use, section, ctx);
      child = nestedContext(ctx, ctx.scope, ctx.parents.concat(use), ctx.conditions, false, 'inside a <Macro> definition (checked where the macro is used)', use);
    } else {
      child = nestedContext(ctx, scopeInside(use.key, ctx.scope), ctx.parents.concat(use), ctx.conditions, ctx.active, ctx.inactiveReason, use);
    }
    return child;
  }

  /** What conditional sections ask, read at the moment they ask (one object per build). */
  private conditionState(): ConditionState {
    if (this.conditions) return this.conditions;
    const model = this.model;
    this.conditions = {
      get modules() {
        return model.modules;
      },
      isDefined: (name) => this.cliDefines.has(name) || model.defines.has(name),
      version: this.options.version ?? DEFAULT_HTTPD_VERSION,
      get serverRoot() {
        return model.serverRoot;
      },
      fs: this.fs,
      mapPath: (p) => applyMapping(model.pathMappings, p),
    };
    return this.conditions;
  }

  private loadModule(use: DirectiveUse, ctx: WalkContext): void {
    const [identifier, soFile] = use.args;
    if (!identifier) return;
    let existing = this.model.modules.get(identifier);
    if (existing?.isStatic && this.showsCoreOnlyBuild(identifier, soFile)) {
      this.followCoreOnlyBuild();
      existing = undefined;
    }
    if (existing?.isStatic) {
      this.problem(use, 'module-builtin', 'error', `module ${identifier} is built-in and can't be loaded`);
      return;
    }
    const assumed = ctx.conditions.some((c) => c.condition?.reason === UNKNOWN_MODULE_STATE);
    if (existing) {
      // Blocks kept active only for want of the main configuration may exclude each other
      // (Fedora's 01-cgi.conf loads mod_cgid under mpm_worker_module and again under mpm_event_module).
      if (!assumed && !existing.assumed) this.problem(use, 'module-duplicate', 'warning', `module ${identifier} is already loaded, skipping`);
      return;
    }
    const serverPath = soFile ? resolveAgainstRoot(this.model.serverRoot, soFile) : undefined;
    const provider = serverPath && this.model.moduleStateKnown ? missingProvider(this.model.modules, identifier) : undefined;
    if (provider) {
      // The dynamic linker refuses the library; it is kept as loaded so its directives are not all refused too.
      const message = `Cannot load ${serverPath} into server: ${serverPath}: undefined symbol: ${provider.symbol}`;
      this.problem(use, 'module-load-order', 'error', message);
    }
    const soPath = serverPath ? applyMapping(this.model.pathMappings, serverPath) : undefined;
    if (soFile && soPath && !provider && (this.serverRootKnown || path.isAbsolute(soFile))) this.checkModuleFile(use, soFile, soPath);
    this.model.modules.set(identifier, {
      identifier,
      sourceFiles: sourceFilesOf(identifier, soPath),
      where: this.where(use),
      soPath,
      isStatic: false,
      ...(assumed ? { assumed } : {}),
    });
  }

  /** A library missing from a folder that exists here: a typo is a warning, a module not installed here information. */
  private checkModuleFile(use: DirectiveUse, written: string, soPath: string): void {
    const missing = missingModuleFile(this.fs, use.args[0], soPath);
    if (!missing) return;
    if (missing.otherVersionsOnly && this.isCopyElsewhere()) {
      // The server this copy comes from has its own versions (PHP 7.4 there, 8.2 here): nothing was mistyped.
      this.problem(use, 'module-file-missing', 'information', `${written} is not on this machine (it has ${missing.nearby.join(', ')}): httpd here refuses it. Fine if the target server has it.`);
      return;
    }
    if (missing.nearby.length) {
      this.problem(use, 'module-file-missing', 'warning', `${written}: no such file, so httpd refuses this line ("Cannot load … into server"). Did you mean ${missing.nearby.join(', ')}?`);
    } else {
      this.problem(use, 'module-file-missing', 'information', `${written} is not on this machine: httpd here refuses it ("Cannot load … into server"). Fine if the target server has it.`);
    }
  }

  /**
   * Whether the tree is a copy read away from where its server keeps it (a repository checkout):
   * a path mapping was inferred, or Debian's apache2.conf sits outside /etc/apache2.
   */
  private isCopyElsewhere(): boolean {
    if (this.model.pathMappings.some((m) => m.origin === 'inferred')) return true;
    const main = this.model.mainFile;
    return path.basename(main) === 'apache2.conf' && !/^\/etc\/apache2(-[^/]+)?$/.test(path.dirname(main));
  }

  /** Whether an included file is one of the options' disabledFiles (compared by real path: mods-enabled holds symlinks). */
  private isDisabled(file: string): boolean {
    const disabled = this.options.disabledFiles;
    if (!disabled?.length) return false;
    this.disabledReal ??= new Set(disabled.map((f) => this.fs.realPath?.(f) ?? f));
    return this.disabledReal.has(this.fs.realPath?.(file) ?? file);
  }

  private include(use: DirectiveUse, ctx: WalkContext): void {
    const pattern = use.args[0];
    if (pattern === undefined) return;
    const optional = use.key === 'includeoptional';
    if (this.includeLoopFound || this.readCapped) {
      this.model.includes.push({ from: ctx.file, use, optional, pattern, files: [] });
      return;
    }
    const resolution = resolveInclude(this.fs, this.mapPath(resolveAgainstRoot(this.model.serverRoot, pattern), use), this.model.serverRoot, optional);
    this.model.includes.push({ from: ctx.file, use, optional, pattern, files: resolution.files, error: resolution.error });
    if (resolution.error) {
      // A lone fragment's relative paths are read beside it only as a guess: no match proves nothing.
      if (!this.serverRootKnown && !path.isAbsolute(pattern)) {
        this.problem(use, 'include-not-found', 'information', `ServerRoot unknown: this ${use.name} matches nothing beside the file; httpd reads it from the ServerRoot of the tree that includes the file.`);
      } else this.problem(use, /Too many levels of symbolic links/.test(resolution.error) ? 'include-unreadable' : 'include-not-found', 'error', resolution.error);
    } else if (optional && resolution.missingDirectory !== undefined && resolution.files.length === 0 && this.serverRootKnown) {
      // A checkout often keeps a server's files without the folders a2enmod and the like fill.
      // httpd skips the IncludeOptional and checks on (a missing MPM is its error): say why.
      this.problem(use, 'include-not-found', 'information', `${resolution.missingDirectory} does not exist here: httpd skips this ${use.name}, and no module or directive it would read counts.`, { absentFolder: resolution.missingDirectory });
    }
    if (resolution.truncated) {
      this.problem(use, 'include-too-many', 'warning', `This Include matches more than ${MAX_INCLUDED_FILES} files; httpd reads them all, the analysis only the first ${MAX_INCLUDED_FILES}.`);
    }
    if (resolution.warning) this.problem(use, 'include-unreadable', 'warning', resolution.warning);
    if (resolution.capped) this.problem(use, 'analysis-limit', 'warning', `Not every file was read: ${resolution.capped}`);
    for (const file of resolution.files) {
      if (this.includeLoopFound || this.readCapped) return;
      if (this.isDisabled(file)) continue;
      const loopStart = ctx.chain.indexOf(file);
      if (loopStart !== -1) {
        // httpd gives up deep inside the loop; mark every Include that takes part in it.
        const loop = [...ctx.chain.slice(loopStart), file].map((f) => path.basename(f)).join(' -> ');
        const participants = [...ctx.includeChain.slice(loopStart + 1), use].filter((u): u is DirectiveUse => !!u);
        for (const member of participants) {
          if (this.model.problems.some((p) => p.code === 'include-cycle' && p.file === member.file && p.line === member.line.line)) continue;
          this.problem(member, 'include-cycle', 'error', `Exceeded maximum include depth of ${MAX_INCLUDE_DEPTH}, There appears to be a recursion. (${loop})`);
        }
        // httpd stops reading at this point; following the other branches of the loop would
        // only try every order of the same files (k! reads for k files including each other).
        this.includeLoopFound = true;
        return;
      }
      // The chain holds the main file too: httpd reads a file MAX_INCLUDE_DEPTH Includes below it.
      if (ctx.chain.length > MAX_INCLUDE_DEPTH) {
        this.problem(use, 'include-cycle', 'error', `Exceeded maximum include depth of ${MAX_INCLUDE_DEPTH}, There appears to be a recursion.`);
        return;
      }
      // An included file's lines are its own, not a macro's body, even when a Use brought the Include.
      this.readFile(file, { ...ctx, file, uses: undefined, expansion: undefined }, use);
    }
  }

  /**
   * httpd reads a true conditional section to the end of the file when its closing tag is
   * missing, but skipping a false one runs into the end of the file: "Expected </IfModule>
   * before end of configuration".
   */
  private judgeUnclosedConditionals(): void {
    const unclosed = this.model.problems.filter((p) => p.code === 'section-unclosed' && p.severity === 'warning');
    if (unclosed.length === 0) return;
    const sectionAt = new Map<string, SectionUse>();
    for (const u of this.model.uses) {
      const key = `${u.file}\u0000${u.line.line}`;
      if (u.isSection && !sectionAt.has(key)) sectionAt.set(key, u as SectionUse);
    }
    for (const problem of unclosed) {
      const use = sectionAt.get(`${problem.file}\u0000${problem.line}`);
      if (!use || (use.active && use.condition?.value !== false)) continue;
      problem.severity = 'error';
      problem.message = `Expected </${use.name}> before end of configuration`;
    }
  }

  private summarizeServer(): void {
    const model = this.model;
    // httpd stops at such an Include; a missing file may have loaded any module, so the checks
    // that need the loaded modules say nothing rather than pile errors onto the one cause.
    const unread = model.moduleStateKnown ? model.problems.find((p) => p.severity === 'error' && (p.code === 'include-not-found' || p.code === 'include-unreadable')) : undefined;
    if (unread) {
      model.moduleStateKnown = false;
      model.modulesUnknownAfter = { file: unread.file, line: unread.line, start: unread.start, end: unread.end };
    }
    model.mpmModules = [...model.modules.values()].filter((m) => isMpmModule(m.identifier));
    model.mpm = model.mpmModules.length === 1 ? mpmOf(model.mpmModules[0].identifier) ?? null : null;
    model.mpmAddOns = [...model.modules.values()].filter((m) => m.identifier in MPM_ADD_ONS);
    // Read lazily: most trees load neither mod_wsgi nor proxy_fcgi, and an edit should not pass over every use.
    const has = (key: string): boolean => model.uses.some((u) => u.active && u.key === key);
    for (const module of model.modules.values()) {
      const facts = languageModuleOf(module.identifier);
      if (!facts) continue;
      const inProcess = facts.kind === 'wsgi' ? !(has('wsgidaemonprocess') && has('wsgiprocessgroup')) : facts.inProcess;
      model.languageModules.push({ identifier: module.identifier, kind: facts.kind, label: facts.label, inProcess, where: module.where });
    }
    if (model.modules.has('proxy_fcgi_module')) {
      const fpm = model.uses.find(
        (u) =>
          u.active &&
          ((u.key === 'sethandler' && /^proxy:.*fcgi:\/\//i.test(u.args[0] ?? '')) ||
            ((u.key === 'proxypassmatch' || u.key === 'proxypass') && u.args.some((a) => /^fcgi:\/\//i.test(a)))),
      );
      if (fpm) model.phpFpm = this.where(fpm);
    }
  }

  private where(use: DirectiveUse): Location {
    return { file: use.file, line: use.line.line, start: use.line.contentStart, end: use.line.contentEnd };
  }

  private problem(use: DirectiveUse, code: string, severity: Severity, message: string, data?: Record<string, unknown>): void {
    this.model.problems.push({ ...this.where(use), code, severity, message, ...(data && { data }) });
  }
}

/**
 * The parents and conditions of the main file's top level (and of the files it includes there):
 * one pair for every build, so a replayed file's uses keep theirs. Never written to; a detached
 * file gets arrays of its own (its top level is no sibling of the main file's).
 */
const MAIN_PARENTS: SectionUse[] = [];
/** Why an <IfModule> of a fragment checked alone is kept active. */
const UNKNOWN_MODULE_STATE = 'module state unknown (no main configuration)';
const MAIN_CONDITIONS: SectionUse[] = [];

/** A context whose uses hang off nothing of another file: the main file's top level and what it includes there. */
function isTopLevel(ctx: WalkContext): boolean {
  return ctx.active && ctx.parents.length === 0 && ctx.conditions.length === 0 && !ctx.parent && !ctx.expansion;
}

/** The same Define and UnDefine, in the same order, at the same places. */
function sameDefineOps(a: readonly DefineOp[], b: readonly DefineOp[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.name !== y.name) return false;
    if ('undefine' in x || 'undefine' in y) {
      if (!('undefine' in x && 'undefine' in y)) return false;
      continue;
    }
    const p = x.where;
    const q = y.where;
    if (x.value !== y.value || p.file !== q.file || p.line !== q.line || p.start !== q.start || p.end !== q.end) return false;
  }
  return true;
}

/** Appends a list to another in slices (a bulk copy; an argument list has a bounded length). */
function appendAll<T>(to: T[], from: readonly T[]): void {
  for (let i = 0; i < from.length; i += APPEND_SLICE) Array.prototype.push.apply(to, from.length <= APPEND_SLICE ? (from as T[]) : from.slice(i, i + APPEND_SLICE));
}

const APPEND_SLICE = 8192;

/** httpd's message, without the "(defined on …)" part when a long path makes it too long to show. */
function fitMessage(message: string): string {
  if (message.length <= MAX_MACRO_MESSAGE) return message;
  const open = message.indexOf(' (defined on line ');
  const close = open === -1 ? -1 : message.indexOf('")', open);
  const short = close === -1 ? message : message.slice(0, open) + message.slice(close + 2);
  return short.length <= MAX_MACRO_MESSAGE ? short : `${short.slice(0, MAX_MACRO_MESSAGE - 1)}…`;
}

const MAX_MACRO_MESSAGE = 160;

/** Use lines kept per macro for the related locations of what its body reports. */
const MAX_MACRO_USES_KEPT = 20;

/** A body line as an expansion reads it: the body's place, the expansion's name and words. */
function expandedLineOf<T extends DirectiveLine | SectionOpenLine>(line: T, name: Word, args: Word[]): T {
  const out = {
    kind: line.kind, start: line.start, end: line.end, contentStart: line.contentStart, contentEnd: line.contentEnd, line: line.line, continuations: line.continuations,
    name, args, hasClosingBracket: line.kind === 'open' ? line.hasClosingBracket : undefined,
  };
  return out as unknown as T;
}

/** The first directive or section line of a text (a body line after substitution), if any. */
function firstLine(text: string): DirectiveLine | SectionOpenLine | undefined {
  const node = parse(text).nodes.find((n) => n.kind === 'directive' || n.kind === 'section');
  if (!node) return undefined;
  return node.kind === 'section' ? node.open : (node as DirectiveLine);
}

/**
 * The lines mod_macro keeps of a <Macro> body: every logical line between the opening and the
 * closing tag but comments (blank lines count; httpd numbers the lines of an expansion so).
 */
function bodyLines(parsed: ParsedFile | undefined, section: Section): Line[] {
  if (!parsed) return [];
  const lines = parsed.lines;
  let low = 0;
  let high = lines.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (lines[mid].start < section.open.start) low = mid + 1;
    else high = mid;
  }
  const out: Line[] = [];
  for (let i = low + 1; i < lines.length; i++) {
    const line = lines[i];
    if (line === section.close) break;
    if (line.kind !== 'comment') out.push(line);
  }
  return out;
}

/** Shared by every use without arguments; never written to. */
const NO_ARGS: string[] = [];

/** Lower-case names by spelling: thousands of uses share a few hundred names (bounded). */
const keys = new Map<string, string>();
function directiveKey(name: string): string {
  let key = keys.get(name);
  if (key === undefined) {
    key = name.toLowerCase();
    if (keys.size < 20_000) keys.set(name, key);
  }
  return key;
}

/** The shared part of the uses read in a context, made once for them all. */
function useContext(ctx: WalkContext): UseContext {
  return (ctx.uses ??= { file: ctx.file, active: ctx.active, inactiveReason: ctx.inactiveReason, parents: ctx.parents, conditions: ctx.conditions, scope: ctx.scope });
}

/** The context a file's own lines are read in: the file joins the include chain; uses share no context with the includer's. */
function fileContext(ctx: WalkContext, file: string, includedBy: DirectiveUse | undefined): WalkContext {
  return { ...ctx, file, chain: [...ctx.chain, file], includeChain: [...ctx.includeChain, includedBy], uses: undefined };
}

/** The context a section's children are read in (one shape for every context). */
function nestedContext(
  ctx: WalkContext,
  scope: Scope,
  parents: SectionUse[],
  conditions: SectionUse[],
  active: boolean,
  inactiveReason: string | undefined,
  parent: SectionUse,
): WalkContext {
  return { file: ctx.file, scope, parents, conditions, active, inactiveReason, chain: ctx.chain, includeChain: ctx.includeChain, parent, uses: undefined, expansion: ctx.expansion };
}

/** Sections whose contents are read in directory scope. */
const DIRECTORY_SECTIONS = new Set(['directory', 'directorymatch', 'files', 'filesmatch', 'location', 'locationmatch', 'proxy', 'proxymatch', 'if', 'elseif', 'else']);

function scopeInside(section: string, outer: Scope): Scope {
  if (section === 'virtualhost') return 'vhost';
  if (outer === 'htaccess') return 'htaccess';
  if (DIRECTORY_SECTIONS.has(section)) return 'directory';
  return outer;
}

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1);
}
