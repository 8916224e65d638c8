// The one object the language server and the CLI call for analysis: it owns the file system
// view (disk plus open buffers), the settings, the workspace's main configurations (discovered
// once, kept current by file events) and the analyses. The faces map its plain results to their
// own formats; they never reach the parser, the model or the rules themselves.

import * as path from 'path';
import { cachedNodeFileSystem, overlayFileSystem, type CachedFileSystem, type ConfigFileSystem, type ConfigModel, type Scope } from '../model';
import { parse, type ParsedFile } from '../parser';
import { fixesFor, preferredFixesTogether, RULES, type CodeFix, type Finding, type FixContext } from '../rules';
import type { Analysis } from './analysis';
import { completionList, resolveCompletion, signatureAt, type CompletionKind, type CompletionResult, type Signature } from './completion';
import { isHtaccessName } from './context';
import { formatFile, type FormatOptions, type Replacement } from './formatting';
import { explainDirective, hoverAt, type HoverResult } from './hover';
import { definitionAt, documentLinks, foldingRanges, outline, type FoldRange, type Link, type OutlineItem, type Target } from './navigation';
import { serverProfile, type ServerProfile } from './profile';
import { virtualHosts, type VirtualHostsView } from './virtual-hosts';
import { semanticTokens } from './semantic-tokens';
import type { SemanticToken } from './semantic-legend';
import { traceOnAnalysis, type TraceQuery, type TraceResult } from './trace';
import { capacityReport, type CapacityReport, type WorkloadOptions } from './capacity';
import { DEFAULT_SERVICE_SETTINGS, type ServiceSettings } from './settings';
import { MainConfigIndex, type FileAnalysis, type FileEventKind, type ResolveOptions } from './workspace';
import type { LintConfigFile, RawSettings } from './config-file';
import { ConfiguredAnalyses } from './configured-analyses';
import { primingTarget, throwawayTexts } from './edit-priming';
import { highlightsAt, prepareRenameAt, referencesAt, renameAt, type NamePlace, type RenameCheck, type RenameResult } from './references';
import { workspaceSymbols, type WorkspaceSymbolItem } from './workspace-symbols';
import { fixAllInFile, refactorsAt, suppressionActions, type Refactor } from './editor-actions';
import { formatOnType, formatRange } from './format-range';
import { inlayHints, type InlayHintItem } from './inlay-hints';
import { selectionSpans, type Span } from './selection-ranges';

export interface ServiceCapabilities {
  /** The client applies edits that create files (fixes such as enabling a Debian module). */
  createFiles?: boolean;
}

export interface ApacheServiceOptions {
  /** The disk (default: this machine's). */
  fs?: ConfigFileSystem;
  settings?: ServiceSettings;
  capabilities?: ServiceCapabilities;
  /** Text of an open editor buffer, which wins over the disk. */
  openText?: (file: string) => string | undefined;
  /** Folders searched for main configurations. */
  roots?: string[];
  /** Process environment for ${VAR} (default process.env). */
  env?: Record<string, string | undefined>;
  /** `.httpd-lint.json` for every file; null: none; undefined (default): the nearest above each file. */
  configFile?: string | null;
}

/** What the user set (editor settings per workspace folder, or the command line): wins over `.httpd-lint.json`. */
export interface ExplicitSettings {
  /** Per workspace folder (absolute path). */
  folders?: Map<string, RawSettings>;
  /** For files outside every folder, and folders without their own. */
  fallback?: RawSettings;
  /** Names added to the defines (CLI -D adds to the configuration file's). */
  extraDefines?: string[];
}

export interface CodeActionFixes {
  finding: Finding;
  fixes: CodeFix[];
}

/** A rule as listed by `httpd-lint rules`. */
export interface RuleSummary {
  id: string;
  defaultSeverity: Finding['severity'];
  summary: string;
}

export interface ServiceStats {
  /** Walks of the workspace folders looking for main configurations. */
  discoveryWalks: number;
  /** Files read by walking their directives, and files whose earlier walk was replayed unchanged. */
  filesWalked: number;
  filesReplayed: number;
  /** Files whose per-file rules (syntax, arguments, context…) were run. */
  fileRuleRuns: number;
  /** Groups of uses (rewrite scopes…) tree rules checked, and groups whose earlier findings were replayed. */
  treeGroupRuns: number;
  treeGroupsReplayed: number;
  /** Rounds that kept a tree's analysis whole because nothing it read had changed. */
  analysesKept: number;
  /** Models made by keeping the last one around the edited file's new uses (nothing else walked or replayed). */
  modelsSpliced: number;
}

export interface ApacheService {
  readonly settings: ServiceSettings;
  /** The file system the analyses read (disk plus open buffers). */
  readonly fs: ConfigFileSystem;
  configure(settings: ServiceSettings): void;
  /** What the user set explicitly; it is laid over each file's `.httpd-lint.json`. */
  configureExplicit(explicit: ExplicitSettings): void;
  /** The `.httpd-lint.json` that applies to a file (with its problems), if any. */
  configFor(file: string): LintConfigFile | undefined;
  /** Every `.httpd-lint.json` read so far. */
  configsRead(): LintConfigFile[];
  /** Whether an `ignore` glob of the file's `.httpd-lint.json` covers it. */
  isIgnored(file: string): boolean;
  setCapabilities(capabilities: ServiceCapabilities): void;
  setRoots(roots: string[]): void;
  /** Main configurations: the configured one first, then those found in the workspace. */
  mainCandidates(): string[];
  /** Files created, changed or deleted on disk: updates discovery and drops cached reads. */
  fileEvents(events: { file: string; kind: FileEventKind }[]): void;
  /** Folders whose changes file events report (the client's watchers): the disk there is asked again only after an event. */
  watchedFolders(folders: ReadonlySet<string> | undefined): void;
  /** Starts a round of analysis: results are recomputed where their inputs changed. */
  refresh(): void;
  /** The path with symlinks resolved. */
  realPath(file: string): string;
  /** The analysis a file is shown with, and how the file is read. */
  analyzeFile(file: string, options?: ResolveOptions): FileAnalysis;
  /** The analysis of a main configuration's whole tree. */
  mainTree(mainFile: string): Analysis;
  /** The findings of one file of an analysis, sorted by place. */
  diagnostics(analysis: Analysis, modelFile: string): Finding[];
  hover(fa: FileAnalysis, offset: number): HoverResult | undefined;
  completion(input: { text: string; offset: number; uriOrFile: string; fa?: FileAnalysis }): CompletionResult;
  resolveCompletion(label: string, kind: CompletionKind, fa?: FileAnalysis): { detail?: string; documentation?: string };
  signature(text: string, offset: number, fileName: string): Signature | undefined;
  /** Quick fixes for the findings of a file overlapping [start, end]. */
  codeActions(fa: FileAnalysis, start: number, end: number): CodeActionFixes[];
  /** The fixes "Fix all" applies together for findings of one kind. */
  fixAll(fa: FileAnalysis, findings: Finding[]): CodeFix[];
  /** "Disable <rule> for this line / file": the suppression comments for a finding. */
  suppressions(fa: FileAnalysis, finding: Finding): CodeFix[];
  /** The preferred fixes of every finding of the file that edit this file only, as one (source.fixAll). */
  fixAllInFile(fa: FileAnalysis): CodeFix | undefined;
  /** Safe refactors at [start, end] (convert access control, wrap in <IfModule>, extract a virtual host). */
  refactors(fa: FileAnalysis, start: number, end: number): Refactor[];
  definition(fa: FileAnalysis, offset: number): Target[];
  links(fa: FileAnalysis): Link[];
  /** Every place in the tree of the name (Define, host, RewriteMap, Alias target) under the cursor. */
  references(fa: FileAnalysis, offset: number, includeDeclaration: boolean): NamePlace[];
  /** The places of that name in the same file. */
  highlights(fa: FileAnalysis, offset: number): NamePlace[];
  /** The range a rename would edit, or why the name cannot be renamed; undefined: no name here. */
  prepareRename(fa: FileAnalysis, offset: number): RenameCheck | undefined;
  /** The edits over every file of the tree, or why not. */
  rename(fa: FileAnalysis, offset: number, newName: string): RenameResult | undefined;
  /** Virtual hosts, sections, Defines and modules of every tree of the workspace (and of the open files) fitting the query. */
  workspaceSymbols(query: string, openFiles: string[]): WorkspaceSymbolItem[];
  /** Parsed text for the editor-only features (kept while the text is unchanged). */
  parseText(text: string): ParsedFile;
  outline(parsed: ParsedFile): OutlineItem[];
  folding(parsed: ParsedFile): FoldRange[];
  format(parsed: ParsedFile, options: FormatOptions): Replacement[];
  /** The whole-document formatting's edits on the lines [start, end] touches. */
  formatRange(parsed: ParsedFile, options: FormatOptions, start: number, end: number): Replacement[];
  /** Re-indentation after typing `typed` ('>' or a newline) at offset. */
  formatOnType(parsed: ParsedFile, options: FormatOptions, offset: number, typed: string): Replacement[];
  /** Word, arguments, line, section body, section, enclosing sections: innermost first. */
  selectionRanges(parsed: ParsedFile, offset: number): Span[];
  /** Inlay hints of [start, end] as the settings ask (apache.inlayHints.*). */
  inlayHints(fa: FileAnalysis, start: number, end: number): InlayHintItem[];
  /**
   * What each part of the text is (docs/semantic-tokens.md), in order; with the file's analysis,
   * directives of modules not loaded are marked. `range`: only lines overlapping these offsets.
   */
  semanticTokens(parsed: ParsedFile, fa?: FileAnalysis, range?: { start: number; end: number }): SemanticToken[];
  profile(analysis: Analysis): ServerProfile;
  /** The virtual hosts grouped by address like `httpd -S`, with what each serves. */
  virtualHosts(analysis: Analysis): VirtualHostsView;
  /**
   * What httpd does with one request under a main configuration: its tree is resolved like any
   * file named as the main configuration, then the simulator traces the request (version-1 shape).
   */
  trace(mainFile: string, query: TraceQuery): TraceResult;
  /** How many visitors the server of a main configuration holds, now and with the advice's alternatives. */
  capacity(mainFile: string, workload?: WorkloadOptions): CapacityReport;
  explain(name: string): string | undefined;
  rules(): RuleSummary[];
  /** Work counters, for tests that prove what an edit did not redo. */
  stats(): ServiceStats;
  /**
   * Runs a keystroke's analysis on a few throwaway states of one included file of the first tree,
   * then on its own text again (see edit-priming.ts): nothing is published, logged or kept but an
   * analysis of the texts as they are. Only with open buffers (the editor's service); returns
   * whether it ran.
   */
  primeEditPath(): boolean;
  /** Called after each tree is analysed, with the time it took (for the server's log). */
  onAnalysed?: (analysis: Analysis, ms: number) => void;
}

const PARSED_TEXTS_KEPT = 8;
/** Main configurations whose trees workspace symbols search (besides the open files' trees). */
const MAX_SYMBOL_TREES = 20;

export function createApacheService(options: ApacheServiceOptions = {}): ApacheService {
  // The machine's disk is read through a cache that file events (and stats) keep current.
  const cached: CachedFileSystem | undefined = options.fs ? undefined : cachedNodeFileSystem();
  const disk = options.fs ?? cached!;
  const openText = options.openText;
  /** A throwaway text of one file while the edit path is primed (see edit-priming.ts). */
  let scratch: { file: string; text: string } | undefined;
  const fs = openText ? overlayFileSystem(disk, (file) => (scratch?.file === file ? scratch.text : openText(file))) : disk;
  let settings = options.settings ?? DEFAULT_SERVICE_SETTINGS;
  let capabilities: ServiceCapabilities = { ...options.capabilities };
  let roots = options.roots ?? [];
  let explicit: ExplicitSettings = {};
  const analyses = new ConfiguredAnalyses(fs, settings, options.env ?? process.env);
  const configureAnalyses = (): void =>
    analyses.configure(fs, {
      base: settings,
      folders: roots.map((root) => ({ root, explicit: explicit.folders?.get(root) })),
      fallback: explicit.fallback,
      extraDefines: explicit.extraDefines,
      configFile: options.configFile,
      discovered: mains.list(),
    });
  const mains = new MainConfigIndex(disk, roots);
  /** The last few texts parsed for outline, folding and formatting (one per open editor, mostly). */
  const parsedTexts = new Map<string, ParsedFile>();

  const fixContext = (analysis: Analysis): FixContext => ({
    model: analysis.model,
    settings: analysis.settings,
    text: (f: string) => analysis.model.parsed.get(f)?.text,
    readFile: (f: string) => {
      const read = fs.readFile(f);
      return 'text' in read ? read.text : undefined;
    },
  });

  const service: ApacheService = {
    get settings() {
      return settings;
    },
    fs,
    configure(next) {
      settings = next;
    },
    configureExplicit(next) {
      explicit = next;
    },
    configFor(file) {
      return analyses.configFor(file);
    },
    configsRead() {
      return analyses.configsRead();
    },
    isIgnored(file) {
      return analyses.isIgnored(file);
    },
    setCapabilities(next) {
      capabilities = { ...next };
    },
    setRoots(next) {
      roots = next;
      mains.setRoots(next);
    },
    mainCandidates() {
      const configured = settings.mainConfig ? [path.isAbsolute(settings.mainConfig) ? settings.mainConfig : path.resolve(roots[0] ?? process.cwd(), settings.mainConfig)] : [];
      return [...configured, ...mains.list().filter((m) => !configured.includes(m))];
    },
    fileEvents(events) {
      for (const e of events) {
        cached?.forget(e.file);
        analyses.forgetFile(e.file);
      }
      mains.update(events);
    },
    watchedFolders(folders) {
      cached?.watchedFolders(folders);
    },
    refresh() {
      configureAnalyses();
    },
    realPath(file) {
      return disk.realPath ? disk.realPath(file) : file;
    },
    analyzeFile(file, resolve = {}) {
      return analyses.forFile(file, resolve);
    },
    mainTree(mainFile) {
      return analyses.mainTree(mainFile);
    },
    diagnostics(analysis, modelFile) {
      return analysis.byFile.get(modelFile) ?? [];
    },
    hover(fa, offset) {
      return hoverAt(fa.analysis.model, fa.modelFile, offset);
    },
    completion({ text, offset, uriOrFile, fa }) {
      const model = fa?.analysis.model;
      const file = fa?.modelFile;
      const scope: Scope = (file ? model?.fileScopes.get(file) : undefined) ?? (isHtaccessName(path.basename(uriOrFile)) ? 'htaccess' : 'server');
      return completionList({ text, offset, fileScope: scope, model, fs, fileName: uriOrFile });
    },
    resolveCompletion(label, kind, fa) {
      return resolveCompletion(label, kind, fa?.analysis.model);
    },
    signature(text, offset, fileName) {
      return signatureAt(text, offset, isHtaccessName(path.basename(fileName)) ? 'htaccess' : 'server');
    },
    codeActions(fa, start, end) {
      const { analysis, modelFile } = fa;
      const ctx = fixContext(analysis);
      const findings = (analysis.byFile.get(modelFile) ?? []).filter((f) => f.start <= end && f.end >= start);
      return findings.map((finding) => ({ finding, fixes: fixesFor(finding, ctx).filter((fix) => !fix.createFiles?.length || !!capabilities.createFiles) }));
    },
    fixAll(fa, findings) {
      return preferredFixesTogether(findings, fixContext(fa.analysis));
    },
    suppressions(fa, finding) {
      return suppressionActions(fa, finding);
    },
    fixAllInFile(fa) {
      return fixAllInFile(fa, fixContext(fa.analysis));
    },
    refactors(fa, start, end) {
      return refactorsAt(fa, start, end, fixContext(fa.analysis), fs, !!capabilities.createFiles);
    },
    definition(fa, offset) {
      return definitionAt(fa.analysis.model, fa.modelFile, offset);
    },
    links(fa) {
      return documentLinks(fa.analysis.model, fa.modelFile);
    },
    references(fa, offset, includeDeclaration) {
      return referencesAt(fa.analysis.model, fa.modelFile, offset, includeDeclaration);
    },
    highlights(fa, offset) {
      return highlightsAt(fa.analysis.model, fa.modelFile, offset);
    },
    prepareRename(fa, offset) {
      return prepareRenameAt(fa.analysis.model, fa.modelFile, offset);
    },
    rename(fa, offset, newName) {
      return renameAt(fa.analysis.model, fa.modelFile, offset, newName);
    },
    workspaceSymbols(query, openFiles) {
      const models = new Set<ConfigModel>();
      for (const main of service.mainCandidates().slice(0, MAX_SYMBOL_TREES)) models.add(analyses.mainTree(main).model);
      for (const file of openFiles) models.add(analyses.forFile(file).analysis.model);
      return workspaceSymbols([...models], query);
    },
    parseText(text) {
      let parsed = parsedTexts.get(text);
      if (parsed) return parsed;
      parsed = parse(text);
      if (parsedTexts.size >= PARSED_TEXTS_KEPT) parsedTexts.delete(parsedTexts.keys().next().value as string);
      parsedTexts.set(text, parsed);
      return parsed;
    },
    outline(parsed) {
      return outline(parsed);
    },
    folding(parsed) {
      return foldingRanges(parsed);
    },
    format(parsed, formatOptions) {
      return formatFile(parsed, formatOptions);
    },
    formatRange(parsed, formatOptions, start, end) {
      return formatRange(parsed, formatOptions, start, end);
    },
    formatOnType(parsed, formatOptions, offset, typed) {
      return formatOnType(parsed, formatOptions, offset, typed);
    },
    selectionRanges(parsed, offset) {
      return selectionSpans(parsed, offset);
    },
    inlayHints(fa, start, end) {
      return inlayHints(fa.analysis.model, fa.modelFile, start, end, settings.inlayHints, fa.analysis.settings);
    },
    semanticTokens(parsed, fa, range) {
      return semanticTokens(parsed, { model: fa?.analysis.model, range });
    },
    profile(analysis) {
      return serverProfile(analysis);
    },
    virtualHosts(analysis) {
      return virtualHosts(analysis);
    },
    trace(mainFile, query) {
      return traceOnAnalysis(analyses.forFile(path.resolve(mainFile), { declaredMain: true }).analysis, query);
    },
    capacity(mainFile, workload) {
      return capacityReport(analyses.forFile(path.resolve(mainFile), { declaredMain: true }).analysis, workload);
    },
    explain(name) {
      return explainDirective(name);
    },
    rules() {
      return RULES.map((r) => ({ id: r.id, defaultSeverity: r.defaultSeverity, summary: r.summary }));
    },
    primeEditPath() {
      const main = openText ? service.mainCandidates()[0] : undefined;
      if (!main) return false;
      // A file of the workspace the user may type into (a tree can include /proc or /dev).
      const inRoots = (f: string): boolean => roots.some((r) => !path.relative(r, f).startsWith('..') && !path.isAbsolute(path.relative(r, f)));
      const file = primingTarget(analyses.mainTree(main).model, (f) => openText!(f) === undefined && inRoots(f));
      const read = file ? fs.readFile(file) : undefined;
      if (!file || !read || !('text' in read)) return false;
      const report = analyses.onAnalysed;
      analyses.onAnalysed = undefined;
      const analyse = (text: string): void => {
        scratch = { file, text };
        configureAnalyses();
        analyses.forFile(file);
      };
      try {
        // Its own text first, as an open file's round does: its place in the tree is noted, so the next state is spliced.
        analyse(read.text);
        for (const text of throwawayTexts(read.text)) {
          const spliced = analyses.work().spliced;
          analyse(text);
          // Analysed whole (another file of the tree changed meanwhile): no edit path to prime here.
          if (analyses.work().spliced === spliced) break;
        }
        analyse(read.text);
      } finally {
        scratch = undefined;
        analyses.onAnalysed = report;
        configureAnalyses();
      }
      return true;
    },
    stats() {
      const work = analyses.work();
      return {
        discoveryWalks: mains.walks, filesWalked: work.walked, filesReplayed: work.replayed,
        fileRuleRuns: work.fileRuleRuns, treeGroupRuns: work.groupRuns, treeGroupsReplayed: work.groupsReplayed,
        analysesKept: work.kept, modelsSpliced: work.spliced,
      };
    },
  };
  analyses.onAnalysed = (analysis, ms) => service.onAnalysed?.(analysis, ms);
  return service;
}
