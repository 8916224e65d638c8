// The language server: the only place that speaks the protocol. It keeps open buffers, reads
// settings, debounces analysis, pushes diagnostics for every open file of a tree, and maps the
// service's plain results to LSP types.

import * as path from 'path';
import {
  CodeActionKind,
  DiagnosticSeverity,
  DiagnosticTag,
  FoldingRangeKind,
  SymbolKind,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type CompletionItem,
  type CompletionList,
  type Connection,
  type Diagnostic,
  type DocumentSymbol,
  type InitializeParams,
  type InitializeResult,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  countsLine,
  createApacheService,
  prepareFileHovers,
  DEFAULT_SERVICE_SETTINGS,
  documentFor,
  rangeOf,
  readSettings,
  statusLabel,
  type Analysis,
  type ApacheService,
  type CodeFix,
  type FileAnalysis,
  type FileEventKind,
  type Finding,
  type OutlineItem,
  type ParsedFile,
  type ServiceSettings,
} from '../service';
import { markup, readClientCapabilities, type ClientCapabilities } from './client-capabilities';
import { completionReply, resolveReply, type CompletionHost } from './completion';
import { hoverReply } from './hover';
import { FileWatchers } from './file-watchers';
import { FIX_ALL_KIND, OFFERED_KINDS, wanted } from './code-action-kinds';
import { formatDuration, readLogLevel, ServerLog } from './log';
import { afterAnalysis } from './heap-tuning';
import { collectAfterAnswer, whenQuiet } from './idle-gc';
import { forgetFileHovers, primeFileHovers, primeQueries } from './query-priming';
import { primeEditing, primeEditingAfterWarmUp } from './edit-priming';
import { ON_TYPE_TRIGGERS, registerMoreFormatting } from './format-more';
import { registerInlayHints } from './inlay-hints';
import { registerPullDiagnostics } from './pull-diagnostics';
import { registerReferences } from './references';
import { runSafe } from './run-safe';
import { registerSelectionRanges } from './selection-ranges';
import { explainTarget, type ExplainParam } from './trace-explain';
import { registerSemanticTokens, SEMANTIC_TOKENS_PROVIDER } from './semantic-tokens';
import { localPath, uriOf as fileUri } from './uris';
import { registerWorkspaceSymbols } from './workspace-symbols';

const SOURCE = 'httpd-lint';

export class ApacheServer {
  private readonly documents = new TextDocuments(TextDocument);
  private settings: ServiceSettings = DEFAULT_SERVICE_SETTINGS;
  private roots: string[] = [];
  private hasConfigurationCapability = false;
  /** The client applies workspace edits that create files (fixes such as enabling a Debian module). */
  private canCreateFiles = false;
  /** CompletionList.itemDefaults the client understands (editRange, data…). */
  private completionDefaults = new Set<string>();
  private readonly service: ApacheService;
  /** The analysis round scheduled (debounced), if any. */
  private timer: { cancel(): void } | undefined;
  private dirty = true;
  private readonly published = new Set<string>();
  /** What was last sent for each open document (version and list), so an unchanged list is not sent again. */
  private readonly sentOpen = new Map<string, string>();
  /** With apache.diagnostics.scope "tree": what was last sent for each file nobody has open. */
  private readonly treePublished = new Map<string, string>();
  /** The analyses and open files the tree's diagnostics were last sent for. */
  private lastTreeRound: { analyses: (Analysis | undefined)[]; open: string } | undefined;
  /** Open documents by real path, so a file read through a symlink uses the open buffer. */
  private openByRealPath = new Map<string, string>();
  /** The last list of tree files sent to the client. */
  private sentTreeFiles = '';
  /** The trees' file lists of the last round (see treeFilesChanged). */
  private lastTreeLists: { lists: string[][]; roots: string[]; watchers: FileWatchers | undefined } | undefined;
  private readonly log: ServerLog;
  private loggedCandidates = '';
  /** Analyses made by warmUp() are logged when a round first shows them (a kept analysis is not made again). */
  private warming = false;
  private readonly unlogged = new WeakMap<Analysis, number>();
  /** The warm-up made an analysis: heap tuning and query priming follow once the edit path is primed. */
  private analysedWhileWarming = false;
  /** What the client can show and do (Markdown, snippets, watchers, pull diagnostics). */
  private client: ClientCapabilities = readClientCapabilities({ processId: null, rootUri: null, capabilities: {} });
  /** Diagnostics are pulled by the client instead of pushed (see initialize). */
  private pullMode = false;
  private watchers: FileWatchers | undefined;

  constructor(private readonly connection: Connection) {
    this.service = createApacheService({ settings: this.settings, openText: (file) => this.openText(file) });
    this.log = new ServerLog(connection);
    this.service.onAnalysed = (analysis, ms) => {
      // The warm-up's analyses are followed by the edit path's priming: these wait for it (see warmUp).
      if (this.warming) this.analysedWhileWarming = true;
      else {
        afterAnalysis();
        primeQueries(analysis);
      }
      this.logAnalysis(analysis, ms);
    };
  }

  register(): void {
    const c = this.connection;
    c.onInitialize((params) => this.initialize(params));
    c.onInitialized(() => {
      const paths = (folders: { uri: string }[]) => folders.flatMap((f) => localPath(f.uri) ?? []);
      if (this.client.workspaceFolders) c.workspace.onDidChangeWorkspaceFolders((e) => this.changeFolders(paths(e.added), paths(e.removed)));
      if (this.client.dynamicWatchers) this.watchers = new FileWatchers(c, this.client.relativePatterns, (folders) => this.service.watchedFolders(folders));
      void this.reloadSettings().then(() => this.logStart());
      // Before the settings arrive (the request is on its way): the first file opened then finds its tree analysed.
      this.warmUp();
    });
    c.onDidChangeConfiguration(() => void this.reloadSettings());
    c.onDidChangeWatchedFiles((params) => {
      const events: { file: string; kind: FileEventKind }[] = [];
      for (const change of params.changes) {
        const file = localPath(change.uri);
        if (!file) continue;
        events.push({ file, kind: change.type === 1 ? 'created' : change.type === 3 ? 'deleted' : 'changed' });
      }
      this.service.fileEvents(events);
      this.schedule();
    });
    this.documents.onDidOpen(() => this.schedule(0));
    this.documents.onDidChangeContent(() => this.schedule());
    this.documents.onDidClose((e) => {
      this.sentOpen.delete(e.document.uri);
      forgetFileHovers(e.document.uri);
      this.schedule(0);
      if (this.published.delete(e.document.uri)) this.push(e.document.uri, undefined, []);
    });
    c.onHover((p, token) => runSafe(token, null, () => this.hover(p.textDocument.uri, p.position)));
    c.onCompletion((p, token) => runSafe(token, { isIncomplete: false, items: [] }, () => this.completion(p.textDocument.uri, p.position)));
    c.onCompletionResolve((item, token) => runSafe(token, item, () => this.resolveCompletion(item)));
    c.onSignatureHelp((p, token) => runSafe(token, null, () => this.signature(p.textDocument.uri, p.position)));
    c.onCodeAction((p, token) => runSafe(token, [], () => this.codeActions(p.textDocument.uri, p.range, p.context?.only)));
    c.onDefinition((p, token) => runSafe(token, [], () => this.definition(p.textDocument.uri, p.position)));
    c.onDocumentSymbol((p, token) => runSafe(token, [], () => this.symbols(p.textDocument.uri)));
    c.onFoldingRanges((p, token) => runSafe(token, [], () => this.folding(p.textDocument.uri)));
    registerSemanticTokens(c, { service: this.service, document: (uri) => this.documents.get(uri), analysis: (uri) => this.fileAnalysis(uri) });
    c.onDocumentLinks((p, token) => runSafe(token, [], () => this.links(p.textDocument.uri)));
    c.onDocumentFormatting((p, token) => runSafe(token, [], () => this.format(p.textDocument.uri, p.options.tabSize, p.options.insertSpaces)));
    c.onRequest('apache/serverProfile', (p: { uri?: string } | undefined) => this.profile(p?.uri));
    c.onRequest('apache/traceRequest', (p: TraceRequestParams | undefined) => this.trace(p));
    c.onRequest('apache/virtualHosts', (p: { uri?: string } | undefined) => this.virtualHosts(p?.uri));
    registerPullDiagnostics(c, {
      document: (uri) => runSafe(undefined, [], () => this.pulledDocument(uri)),
      workspace: () => runSafe(undefined, [], () => this.pulledWorkspace()),
    });
    registerReferences(c, { service: this.service, fileAnalysis: (uri) => this.fileAnalysis(uri), uriOf: (file) => this.uriOf(file) });
    registerWorkspaceSymbols(c, {
      service: this.service,
      ensureFresh: () => this.ensureFresh(),
      openFiles: () => this.documents.all().flatMap((d) => localPath(d.uri) ?? []),
      uriOf: (file) => this.uriOf(file),
    });
    const textHost = { service: this.service, document: (uri: string) => this.documents.get(uri) };
    registerSelectionRanges(c, textHost);
    registerMoreFormatting(c, textHost);
    registerInlayHints(c, { service: this.service, fileAnalysis: (uri) => this.fileAnalysis(uri) });
    this.documents.listen(c);
  }

  private initialize(params: InitializeParams): InitializeResult {
    this.client = readClientCapabilities(params);
    this.hasConfigurationCapability = !!params.capabilities.workspace?.configuration;
    const workspaceEdit = params.capabilities.workspace?.workspaceEdit;
    this.canCreateFiles = !!workspaceEdit?.documentChanges && !!workspaceEdit.resourceOperations?.includes('create');
    this.service.setCapabilities({ createFiles: this.canCreateFiles });
    this.completionDefaults = new Set(params.capabilities.textDocument?.completion?.completionList?.itemDefaults ?? []);
    const folders = (params.workspaceFolders ?? []).flatMap((f) => localPath(f.uri) ?? []);
    const root = params.rootUri ? localPath(params.rootUri) : undefined;
    if (!folders.length && root) folders.push(root);
    this.roots = folders;
    this.service.setRoots(folders);
    if (params.initializationOptions && typeof params.initializationOptions === 'object') {
      const raw = (params.initializationOptions as Record<string, unknown>).apache ?? params.initializationOptions;
      this.settings = readSettings(raw, folders[0]);
      this.service.configure(this.settings);
      this.service.configureExplicit({ fallback: objectOf(raw) });
    }
    // Pull when the client asks for it, or when it can pull but takes no pushed diagnostics.
    const model = objectOf(params.initializationOptions).diagnosticsModel;
    this.pullMode = this.client.pullDiagnostics && (model === 'pull' || !this.client.pushDiagnostics);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['<', '{', '/', ' ', '+', '-'], resolveProvider: true },
        signatureHelpProvider: { triggerCharacters: [' '] },
        codeActionProvider: { codeActionKinds: OFFERED_KINDS },
        definitionProvider: true,
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        documentLinkProvider: { resolveProvider: false },
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        documentOnTypeFormattingProvider: ON_TYPE_TRIGGERS,
        selectionRangeProvider: true,
        inlayHintProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        ...(this.pullMode ? { diagnosticProvider: { identifier: SOURCE, interFileDependencies: true, workspaceDiagnostics: true } } : {}),
        referencesProvider: true,
        documentHighlightProvider: true,
        // RenameOptions only for a client that says it sends prepareRename (LSP 3.12).
        renameProvider: params.capabilities.textDocument?.rename?.prepareSupport ? { prepareProvider: true } : true,
        workspaceSymbolProvider: true,
        semanticTokensProvider: SEMANTIC_TOKENS_PROVIDER,
      },
      serverInfo: { name: 'httpd-lsp', version: '0.1.0' },
    };
  }

  private async reloadSettings(): Promise<void> {
    if (this.hasConfigurationCapability) {
      try {
        // One request: the section without a scope, then per workspace folder (multi-root).
        // Every value received counts as set by the user and wins over .httpd-lint.json; the
        // VS Code client sends only the values the user set (client/src/explicit-settings.ts).
        const items = [{ section: 'apache' }, ...this.roots.map((root) => ({ section: 'apache', scopeUri: fileUri(root) }))];
        const answers: unknown[] = await this.connection.workspace.getConfiguration(items);
        const raw = answers[0];
        const hintsBefore = JSON.stringify(this.settings.inlayHints);
        this.settings = readSettings(raw, this.roots[0]);
        // Hints already shown were computed under the old settings: the client asks again.
        if (this.client.inlayHintRefresh && JSON.stringify(this.settings.inlayHints) !== hintsBefore) void this.connection.languages.inlayHint.refresh().catch(() => undefined);
        this.service.configure(this.settings);
        this.service.configureExplicit({ fallback: objectOf(raw), folders: new Map(this.roots.map((root, i) => [root, objectOf(answers[i + 1] ?? raw)])) });
        this.log.level = readLogLevel(raw);
      } catch {
        /* keep the previous settings */
      }
    }
    this.dirty = true;
    this.schedule(0);
  }

  private openText(file: string): string | undefined {
    const direct = this.documents.get(fileUri(file));
    if (direct) return direct.getText();
    if (this.openByRealPath.size === 0) return undefined;
    const uri = this.openByRealPath.get(this.realPath(file));
    return uri ? this.documents.get(uri)?.getText() : undefined;
  }

  private realPath(file: string): string {
    return this.service.realPath(file);
  }

  /** The URI to show a tree's file under: the open document reaching the same file, if any. */
  private uriOf(file: string): string {
    const own = fileUri(file);
    if (this.documents.get(own)) return own;
    return this.openByRealPath.get(this.realPath(file)) ?? own;
  }

  private schedule(delay = this.settings.debounceMs): void {
    this.dirty = true;
    this.cancelScheduled();
    const run = (): void => {
      this.timer = undefined;
      runSafe(undefined, undefined, () => this.refresh());
    };
    if (delay > 0) {
      const timeout = setTimeout(run, delay);
      this.timer = { cancel: () => clearTimeout(timeout) };
      return;
    }
    // No debounce: once the messages already read are handled (the connection handles one per
    // setImmediate, so a second hop lets those queued behind this one come first and coalesce),
    // not after a timer of 0, which waits a whole millisecond.
    let immediate = setImmediate(() => {
      immediate = setImmediate(run);
    });
    this.timer = { cancel: () => clearImmediate(immediate) };
  }

  private cancelScheduled(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  /** Re-analyses when something changed since the last analysis. */
  private ensureFresh(): void {
    if (!this.dirty) return;
    this.cancelScheduled();
    this.refresh();
  }

  private refresh(): void {
    this.dirty = false;
    const started = performance.now();
    this.openByRealPath = new Map();
    for (const doc of this.documents.all()) {
      const local = localPath(doc.uri);
      if (!local) continue;
      const identity = this.realPath(local);
      if (!this.openByRealPath.has(identity)) this.openByRealPath.set(identity, doc.uri);
    }
    const candidates = this.service.mainCandidates();
    this.logCandidates(candidates, performance.now() - started);
    this.service.refresh();
    // The file lists of the trees shown (a spliced model shares its list with the last one).
    const treeFiles: string[][] = [];
    // A file open under two paths (a symlink and its target) shows its findings under the first only.
    const shown = new Set<string>();
    let open = 0;
    for (const doc of this.documents.all()) {
      const file = localPath(doc.uri);
      if (!file) continue;
      // Each document on its own: one that fails must not cost the others their diagnostics.
      let diagnostics: Diagnostic[];
      try {
        const identity = this.realPath(file);
        if (shown.has(identity)) {
          this.sentOpen.delete(doc.uri);
          this.push(doc.uri, doc.version, []);
          continue;
        }
        shown.add(identity);
        this.treePublished.delete(doc.uri);
        open++;
        diagnostics = this.fileDiagnostics(file, treeFiles);
        primeFileHovers(doc.uri, (uri) => this.prepareHovers(uri));
      } catch (error) {
        diagnostics = internalError(doc.uri, error);
      }
      // Every open file gets its list, an empty one included, so a fixed file is cleared; the
      // same list for the same version is not sent again (an edit elsewhere, a kept analysis).
      this.pushOpen(doc.uri, doc.version, diagnostics);
    }
    // The files of the workspace's trees, so the client gives them the Apache language.
    for (const main of candidates.slice(0, MAX_TREES_LISTED)) {
      try {
        const analysis = this.service.mainTree(main);
        this.logWarm(analysis);
        treeFiles.push(analysis.model.files);
      } catch (error) {
        console.error(`httpd-lsp: analysis of ${main} failed: ${(error as Error)?.stack ?? String(error)}`);
      }
    }
    if (!this.pullMode) this.publishTree(candidates, shown);
    this.treeFilesChanged(treeFiles);
    void this.connection.sendNotification('apache/analysisUpdated');
    // A pulling client learns that results changed and asks again (the next pull finds nothing
    // dirty, so this does not repeat).
    if (this.pullMode && this.client.diagnosticRefresh) void this.connection.languages.diagnostics.refresh().catch(() => undefined);
    this.log.debug(`Diagnostics of ${open} open file${open === 1 ? '' : 's'} published in ${formatDuration(performance.now() - started)}.`);
    collectAfterAnswer();
    primeEditing(open);
  }

  /** The diagnostics of one file of a tree or open on its own (empty when its .httpd-lint.json ignores it). */
  /** Watchers and the client's list of tree files follow the trees' files; the same lists as last round change neither. */
  private treeFilesChanged(lists: string[][]): void {
    const last = this.lastTreeLists;
    if (last && last.roots === this.roots && last.watchers === this.watchers && last.lists.length === lists.length && last.lists.every((l, i) => l === lists[i])) return;
    this.lastTreeLists = { lists, roots: this.roots, watchers: this.watchers };
    const treeFiles = new Set<string>();
    for (const list of lists) for (const f of list) treeFiles.add(f);
    // A file reached through a link changes where it really lives: that folder is watched too.
    const watched = new Set(treeFiles);
    for (const f of treeFiles) watched.add(this.realPath(f));
    this.watchers?.update(this.roots, watched);
    const uris = [...treeFiles].slice(0, MAX_TREE_FILES).map((f) => fileUri(f));
    const key = uris.join('\n');
    if (key !== this.sentTreeFiles) {
      this.sentTreeFiles = key;
      void this.connection.sendNotification('apache/treeFiles', { uris });
    }
  }

  private fileDiagnostics(file: string, treeFiles?: string[][]): Diagnostic[] {
    if (this.service.isIgnored(file)) return [];
    const { analysis, modelFile, context } = this.service.analyzeFile(file, { declaredMain: this.isDeclaredMain(file) });
    this.logWarm(analysis);
    if (this.log.debugEnabled) this.log.debug(`${file}: analysed under ${analysis.model.mainFile}${context.note ? ` (${context.note})` : ''}`);
    if (treeFiles && context.moduleStateKnown) treeFiles.push(analysis.model.files);
    return capped(this.service.diagnostics(analysis, modelFile)).map((f) => this.toDiagnostic(analysis, f));
  }

  /** Sends an open document's diagnostics unless the client has this very list for this version. */
  private pushOpen(uri: string, version: number, diagnostics: Diagnostic[]): void {
    const sent = `${version}\u0000${JSON.stringify(diagnostics)}`;
    if (this.sentOpen.get(uri) === sent) return;
    this.sentOpen.set(uri, sent);
    this.push(uri, version, diagnostics);
  }

  /** Sends a document's diagnostics, unless the client pulls them. */
  private push(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void {
    if (this.pullMode) return;
    void this.connection.sendDiagnostics({ uri, version, diagnostics });
    if (diagnostics.length || version !== undefined) this.published.add(uri);
  }

  /** textDocument/diagnostic: the document's list from an up-to-date analysis. */
  private pulledDocument(uri: string): Diagnostic[] {
    const file = localPath(uri);
    if (!file) return [];
    this.ensureFresh();
    try {
      return this.fileDiagnostics(file);
    } catch (error) {
      return internalError(uri, error);
    }
  }

  /** workspace/diagnostic: with the tree scope, every file of the trees that is not open. */
  private pulledWorkspace(): { uri: string; version: number | null; diagnostics: Diagnostic[] }[] {
    if (this.settings.diagnosticsScope !== 'tree') return [];
    this.ensureFresh();
    const out: { uri: string; version: number | null; diagnostics: Diagnostic[] }[] = [];
    const seen = new Set<string>();
    for (const main of this.service.mainCandidates().slice(0, MAX_TREES_LISTED)) {
      const analysis = this.service.mainTree(main);
      for (const file of analysis.model.files) {
        const uri = fileUri(file);
        if (seen.has(uri) || this.documents.get(uri)) continue;
        seen.add(uri);
        out.push({ uri, version: null, diagnostics: capped(this.service.diagnostics(analysis, file)).map((f) => this.toDiagnostic(analysis, f)) });
      }
    }
    return out;
  }

  /** workspace/didChangeWorkspaceFolders: the roots change, discovery follows. */
  private changeFolders(added: string[], removed: string[]): void {
    this.roots = [...this.roots.filter((r) => !removed.includes(r)), ...added.filter((a) => !this.roots.includes(a))];
    this.service.setRoots(this.roots);
    this.log.info(`Workspace folders: ${this.roots.join(', ') || '(none)'}`);
    this.dirty = true;
    this.schedule(0);
  }

  /**
   * apache.diagnostics.scope "tree": the findings of every file of the trees, sent once and again
   * only when they change; cleared when the scope returns to open files or a file leaves the trees.
   */
  private publishTree(candidates: string[], shown: Set<string>): void {
    const now = new Map<string, string>();
    const lists = new Map<string, Diagnostic[]>();
    if (this.settings.diagnosticsScope === 'tree') {
      // The same analyses with the same files open: everything sent already stands.
      const round = { analyses: candidates.slice(0, MAX_TREES_LISTED).map((main) => this.treeOrError(main)), open: [...shown].join('\n') };
      const last = this.lastTreeRound;
      this.lastTreeRound = round;
      if (last && last.open === round.open && last.analyses.length === round.analyses.length && last.analyses.every((a, i) => a === round.analyses[i])) return;
      for (const main of candidates.slice(0, MAX_TREES_LISTED)) {
        try {
          const analysis = this.service.mainTree(main);
          for (const file of analysis.model.files) {
            const identity = this.realPath(file);
            if (shown.has(identity)) continue;
            shown.add(identity);
            const uri = fileUri(file);
            const diagnostics = capped(this.service.diagnostics(analysis, file)).map((f) => this.toDiagnostic(analysis, f));
            now.set(uri, JSON.stringify(diagnostics));
            lists.set(uri, diagnostics);
          }
        } catch (error) {
          console.error(`httpd-lsp: analysis of ${main} failed: ${(error as Error)?.stack ?? String(error)}`);
        }
      }
    } else this.lastTreeRound = undefined;
    for (const uri of this.treePublished.keys()) {
      if (now.has(uri) || this.documents.get(uri)) continue;
      void this.connection.sendDiagnostics({ uri, diagnostics: [] });
      this.treePublished.delete(uri);
    }
    for (const [uri, key] of now) {
      if (this.treePublished.get(uri) === key) continue;
      void this.connection.sendDiagnostics({ uri, diagnostics: lists.get(uri)! });
      this.treePublished.set(uri, key);
    }
  }

  private treeOrError(main: string): Analysis | undefined {
    try {
      return this.service.mainTree(main);
    } catch {
      return undefined;
    }
  }

  private logStart(): void {
    this.log.info(`httpd-lsp 0.1.0 started (process ${process.pid}, Node ${process.version}); log level ${this.log.level}.`);
    this.log.info(this.roots.length ? `Workspace folders: ${this.roots.join(', ')}` : 'No workspace folder: open files are analysed where they are.');
    const s = this.settings;
    this.log.debug(`Settings: mainConfig ${s.mainConfig || '(search the workspace)'}, serverRoot ${s.serverRoot || '(from the configuration)'}, httpd ${s.version}, defines [${s.defines.join(', ')}], static modules ${s.staticModules ? `[${s.staticModules.join(', ')}]` : "(Debian's, or the build its ServerRoot names)"}.`);
  }

  /** The main configurations, said again only when the list changes. */
  private logCandidates(candidates: string[], ms: number): void {
    const key = candidates.join('\n');
    if (key === this.loggedCandidates) return;
    this.loggedCandidates = key;
    const source = this.settings.mainConfig ? ' (the first from apache.mainConfig)' : '';
    this.log.info(candidates.length ? `Main configurations found${source}: ${candidates.join(', ')} (searched in ${formatDuration(ms)}).` : `No main configuration (apache2.conf, httpd.conf) found in the workspace; files are read on their own.`);
  }

  /**
   * Analyses the workspace's trees with the settings known at start (the defaults, mostly what the
   * editor then sends): later analyses replay them. Silent, and only a head start: the analyses
   * with the settings received are made and logged as always.
   */
  private warmUp(): void {
    if (!this.roots.length) return;
    this.warming = true;
    const trees = new Map<string, Analysis>();
    try {
      runSafe(undefined, undefined, () => {
        this.service.refresh();
        for (const main of this.service.mainCandidates().slice(0, MAX_TREES_LISTED)) trees.set(main, this.service.mainTree(main));
      });
    } finally {
      this.warming = false;
    }
    if (trees.size) runSafe(undefined, undefined, () => this.primeEditPath(trees));
    // What the warm-up's analyses put off: the first analysis's full collection (heap-tuning.ts),
    // which now takes the priming's garbage too, and the query priming of the analysis now kept.
    if (this.analysedWhileWarming) {
      this.analysedWhileWarming = false;
      afterAnalysis();
      const first = trees.values().next().value;
      if (first) primeQueries(first);
    }
    const lists = [...trees.values()].map((analysis) => analysis.model.files);
    // The trees' files are watched from now: once the client accepts, the next analysis stats each
    // file once more and keeps the stats (model/fs.ts), better in the first round than in the first
    // keystroke. The first round lists the same files and changes nothing.
    if (lists.length) runSafe(undefined, undefined, () => this.treeFilesChanged(lists));
    primeEditingAfterWarmUp(lists.length);
  }

  /**
   * Still at start, before the editor's first request is read: the edit path runs once on throwaway
   * texts (service primeEditPath), so the first keystroke does not compile it. `trees` is brought
   * up to the analyses kept afterwards (the warm-up's may no longer be read: their uses went to the
   * splices' models), and a tree analysed again is logged as the warm-up's analysis was to be.
   */
  private primeEditPath(trees: Map<string, Analysis>): void {
    if (!this.service.primeEditPath()) return;
    for (const [main, before] of trees) {
      const after = this.service.mainTree(main);
      trees.set(main, after);
      const ms = this.unlogged.get(before);
      if (ms === undefined || after === before) continue;
      this.unlogged.delete(before);
      this.unlogged.set(after, ms);
    }
  }

  private logAnalysis(analysis: Analysis, ms: number): void {
    if (this.warming) {
      this.unlogged.set(analysis, ms);
      return;
    }
    const model = analysis.model;
    const counts = { error: 0, warning: 0, information: 0, hint: 0 };
    for (const f of analysis.findings) counts[f.severity]++;
    const detached = model.detachedFiles.length ? `, with ${model.detachedFiles.join(', ')} as if included` : '';
    const root = model.serverRootOnServer ? `${model.serverRootOnServer} (read at ${model.serverRoot})` : model.serverRoot;
    this.log.info(`Analysed ${model.mainFile}${detached}: ServerRoot ${root}, ${model.files.length} file${model.files.length === 1 ? '' : 's'}, ${statusLabel(model)}; findings: ${countsLine(counts)}; ${formatDuration(ms)}.`);
    for (const m of model.pathMappings) {
      const why = m.origin === 'inferred' ? `inferred${m.where ? ` from ${m.where.file}:${m.where.line + 1}` : ''}` : 'from apache.pathMappings';
      this.log.info(`  Path mapping: ${m.from} → ${m.to} (${why}).`);
    }
  }

  /** Logs an analysis warmUp() made, the first time a round uses it. */
  private logWarm(analysis: Analysis): void {
    const ms = this.unlogged.get(analysis);
    if (ms === undefined) return;
    this.unlogged.delete(analysis);
    this.logAnalysis(analysis, ms);
  }

  private isDeclaredMain(file: string): boolean {
    const configured = this.settings.mainConfig;
    return !!configured && path.resolve(this.roots[0] ?? process.cwd(), configured) === file;
  }

  private fileAnalysis(uri: string): (FileAnalysis & { file: string; doc: TextDocument }) | undefined {
    const doc = this.documents.get(uri);
    const filePath = localPath(uri);
    if (!doc || !filePath) return undefined;
    this.ensureFresh();
    const fa = this.service.analyzeFile(filePath, { declaredMain: this.isDeclaredMain(filePath) });
    return { ...fa, file: fa.modelFile, doc };
  }

  private toDiagnostic(analysis: Analysis, finding: Finding): Diagnostic {
    const doc = docOf(analysis, finding.file);
    const diagnostic: Diagnostic = {
      range: doc ? rangeOf(doc, finding.start, finding.end) : { start: { line: finding.line, character: 0 }, end: { line: finding.line, character: 0 } },
      severity: SEVERITY[finding.severity],
      code: finding.code,
      codeDescription: { href: docsHref(finding.code) },
      source: SOURCE,
      message: finding.message,
    };
    if (finding.tags?.length) diagnostic.tags = finding.tags.map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
    if (finding.related?.length) {
      diagnostic.relatedInformation = finding.related.map((r) => {
        const rdoc = docOf(analysis, r.file);
        const range = rdoc ? rangeOf(rdoc, r.start, r.end) : { start: { line: r.line, character: 0 }, end: { line: r.line, character: 0 } };
        return { location: { uri: this.uriOf(r.file), range }, message: r.message };
      });
    }
    return diagnostic;
  }

  /** Compiles the hovers of an open document's directives with its current analysis (see primeFileHovers). */
  private prepareHovers(uri: string): void {
    // A round is pending: not run for this, the document is prepared at the next quiet moment.
    if (this.dirty) {
      whenQuiet(() => this.prepareHovers(uri));
      return;
    }
    try {
      const fa = this.documents.get(uri) ? this.fileAnalysis(uri) : undefined;
      const first = fa ? prepareFileHovers(fa.analysis, fa.modelFile) : undefined;
      // And one whole reply, dropped: the protocol side of the first hover (text for the client, range).
      if (fa && first !== undefined) this.hover(uri, fa.doc.positionAt(first));
    } catch {
      // Only a preparation: the hover the user asks for reports its own failure.
    }
  }

  private hover(uri: string, position: { line: number; character: number }) {
    return hoverReply({ service: this.service, fileAnalysis: (u) => this.fileAnalysis(u), markdown: this.client.hoverMarkdown }, uri, position);
  }

  private completion(uri: string, position: { line: number; character: number }): CompletionList {
    return completionReply(this.completionHost(), uri, position);
  }

  private resolveCompletion(item: CompletionItem): CompletionItem {
    return resolveReply(this.completionHost(), item);
  }

  private completionHost(): CompletionHost {
    return { service: this.service, document: (uri) => this.documents.get(uri), fileAnalysis: (uri) => this.fileAnalysis(uri), client: this.client, itemDefaults: this.completionDefaults };
  }

  private signature(uri: string, position: { line: number; character: number }) {
    const doc = this.documents.get(uri);
    if (!doc) return null;
    const sig = this.service.signature(doc.getText(), doc.offsetAt(position), uri);
    if (!sig) return null;
    return {
      signatures: [
        {
          label: sig.label,
          documentation: sig.documentation ? markup(sig.documentation, this.client.signatureMarkdown) : undefined,
          parameters: sig.parameters.map((p) => ({ label: p })),
        },
      ],
      activeSignature: 0,
      activeParameter: sig.activeParameter,
    };
  }

  private codeActions(uri: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }, only?: string[]): CodeAction[] {
    const fa = this.fileAnalysis(uri);
    if (!fa) return [];
    const { analysis, file } = fa;
    const doc = docOf(analysis, file);
    if (!doc) return [];
    const start = doc.offsetAt(range.start);
    const end = doc.offsetAt(range.end);
    const actions: CodeAction[] = [];
    const edit = (fix: CodeFix): WorkspaceEdit => toWorkspaceEdit(analysis, fix, (f) => this.uriOf(f));
    const quickFixes = wanted(only, CodeActionKind.QuickFix);
    const disables: CodeAction[] = [];
    for (const { finding, fixes } of quickFixes ? this.service.codeActions(fa, start, end) : []) {
      for (const fix of fixes) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          isPreferred: fix.preferred,
          diagnostics: [this.toDiagnostic(analysis, finding)],
          edit: edit(fix),
        });
      }
      const sameKind = (analysis.byFile.get(file) ?? []).filter((f) => f.code === finding.code);
      if (sameKind.length > 1) {
        const all = this.service.fixAll(fa, sameKind);
        if (all.length > 1 && !actions.some((a) => a.title.startsWith('Fix all'))) {
          actions.push({ title: `Fix all ${finding.code} in this file`, kind: CodeActionKind.QuickFix, edit: toWorkspaceEdit(analysis, { title: '', edits: all.flatMap((x) => x.edits) }, (f) => this.uriOf(f)) });
        }
      }
      // After the fixes: silencing a finding is the last resort.
      for (const fix of this.service.suppressions(fa, finding)) {
        if (!disables.some((d) => d.title === fix.title)) disables.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [this.toDiagnostic(analysis, finding)], edit: edit(fix) });
      }
    }
    actions.push(...disables);
    if (wanted(only, FIX_ALL_KIND)) {
      const all = this.service.fixAllInFile(fa);
      if (all) actions.push({ title: all.title, kind: FIX_ALL_KIND, edit: edit(all) });
    }
    const refactors = wanted(only, CodeActionKind.RefactorRewrite) || wanted(only, CodeActionKind.RefactorExtract) ? this.service.refactors(fa, start, end) : [];
    for (const { kind, fix } of refactors) {
      // A rule's quick fix may already do the same (module-not-loaded wraps in <IfModule> too).
      if (wanted(only, kind) && !actions.some((a) => a.title.startsWith(fix.title))) actions.push({ title: fix.title, kind, edit: edit(fix) });
    }
    return actions;
  }

  private definition(uri: string, position: { line: number; character: number }) {
    const fa = this.fileAnalysis(uri);
    if (!fa) return [];
    const targets = this.service.definition(fa, fa.doc.offsetAt(position));
    return targets.map((t) => {
      const doc = docOf(fa.analysis, t.file);
      return { uri: this.uriOf(t.file), range: doc ? rangeOf(doc, t.start, t.end) : { start: { line: t.line, character: 0 }, end: { line: t.line, character: 0 } } };
    });
  }

  private symbols(uri: string): DocumentSymbol[] {
    const doc = this.documents.get(uri);
    if (!doc) return [];
    const parsed = this.parseOf(doc);
    const view = documentFor(parsed, parsed.text);
    const convert = (item: OutlineItem): DocumentSymbol => ({
      name: item.name,
      detail: item.detail,
      kind: item.kind === 'section' ? SymbolKind.Namespace : SymbolKind.Property,
      range: rangeOf(view, item.start, item.end),
      selectionRange: rangeOf(view, item.selectionStart, item.selectionEnd),
      children: item.children.map(convert),
    });
    return this.service.outline(parsed).map(convert);
  }

  private folding(uri: string) {
    const doc = this.documents.get(uri);
    if (!doc) return [];
    return this.service.folding(this.parseOf(doc)).map((r) => ({ startLine: r.startLine, endLine: r.endLine, kind: r.kind === 'comment' ? FoldingRangeKind.Comment : r.kind === 'region' ? FoldingRangeKind.Region : undefined }));
  }

  private links(uri: string) {
    const fa = this.fileAnalysis(uri);
    if (!fa) return [];
    return this.service.links(fa).map((l) => ({ range: rangeOf(fa.doc, l.start, l.end), target: this.uriOf(l.target), tooltip: l.tooltip }));
  }

  private format(uri: string, tabSize: number, insertSpaces: boolean): LspTextEdit[] {
    const doc = this.documents.get(uri);
    if (!doc) return [];
    const parsed = this.parseOf(doc);
    const view = documentFor(parsed, parsed.text);
    return this.service.format(parsed, { tabSize, insertSpaces }).map((e) => ({ range: rangeOf(view, e.start, e.end), newText: e.newText }));
  }

  private parseOf(doc: TextDocument): ParsedFile {
    return this.service.parseText(doc.getText());
  }

  /**
   * apache/traceRequest: one request through the tree of `mainConfig` (a path or file URI;
   * default: the configured or first discovered main configuration, else the tree of the first
   * open document). Returns the version-1 trace, or null when there is no tree or no URL.
   */
  private trace(p: TraceRequestParams | undefined) {
    return runSafe(undefined, null, () => {
      if (!p || typeof p.url !== 'string' || !p.url) return null;
      this.ensureFresh();
      const named = typeof p.mainConfig === 'string' && p.mainConfig ? (p.mainConfig.startsWith('file:') ? localPath(p.mainConfig) : p.mainConfig) : undefined;
      const open = this.documents.all().map((d) => localPath(d.uri)).find((f): f is string => !!f);
      // A file of the tree (the CodeLens's document) names its tree through the context resolver.
      const of = typeof p.uri === 'string' ? localPath(p.uri) : undefined;
      const main = named ??
        (of ? this.service.analyzeFile(of, { declaredMain: this.isDeclaredMain(of) }).context.mainFile : undefined) ??
        this.service.mainCandidates()[0] ?? (open ? this.service.analyzeFile(open).context.mainFile : undefined);
      if (!main) return null;
      const headers = p.headers && typeof p.headers === 'object' ? Object.fromEntries(Object.entries(p.headers).map(([k, v]) => [k, String(v)])) : undefined;
      return this.service.trace(main, {
        url: p.url,
        method: typeof p.method === 'string' && p.method ? p.method : undefined,
        headers,
        clientAddress: typeof p.clientAddress === 'string' && p.clientAddress ? p.clientAddress : undefined,
        exists: Array.isArray(p.exists) ? p.exists.filter((e): e is string => typeof e === 'string') : undefined,
        explain: explainTarget(p.explain),
      });
    });
  }

  /** apache/virtualHosts: the tree of `uri` (else the first main configuration), grouped like httpd -S. */
  private virtualHosts(uri?: string) {
    return runSafe(undefined, null, () => {
      this.ensureFresh();
      const file = uri ? localPath(uri) : undefined;
      if (file) return this.service.virtualHosts(this.service.analyzeFile(file, { declaredMain: this.isDeclaredMain(file) }).analysis);
      const main = this.service.mainCandidates()[0];
      return main ? this.service.virtualHosts(this.service.mainTree(main)) : null;
    });
  }

  private profile(uri?: string) {
    return runSafe(undefined, null, () => {
      const target = uri ?? this.documents.all().find((d) => localPath(d.uri))?.uri;
      const file = target ? localPath(target) : undefined;
      if (!file) return null;
      this.ensureFresh();
      const { analysis, context } = this.service.analyzeFile(file, { declaredMain: this.isDeclaredMain(file) });
      const model = analysis.model;
      const label = context.kind === 'htaccess' && !model.moduleStateKnown ? 'Apache · .htaccess' : context.kind === 'fragment' ? 'Apache · on its own' : statusLabel(model);
      const pathMappings = model.pathMappings.map((m) => ({ from: m.from, to: m.to, origin: m.origin, where: m.where ? `${m.where.file}:${m.where.line + 1}` : undefined }));
      return { ...this.service.profile(analysis), label, analysedAs: context.note, contextKind: context.kind, pathMappings, pid: process.pid };
    });
  }
}

/** Parameters of apache/traceRequest (documented in the README for other editors). */
interface TraceRequestParams {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  clientAddress?: string;
  /** Path or file URI of the main configuration. */
  mainConfig?: string;
  /** URI of a file whose tree answers, when mainConfig is not given (the editor's document). */
  uri?: string;
  /** Files that exist on the server; when given, the trace meets only these. */
  exists?: string[];
  /** A RewriteRule (file path or URI, 1-based line) whose match or miss the answer's `explain` explains. */
  explain?: ExplainParam;
}

/** Trees whose files are listed to the client for the language association, and files at most. */
const MAX_TREES_LISTED = 5;
const MAX_TREE_FILES = 5000;

/** Editors slow down with many thousands of markers; show the most severe first. */
const MAX_DIAGNOSTICS_PER_FILE = 1000;
const RANK: Record<Finding['severity'], number> = { error: 0, warning: 1, information: 2, hint: 3 };

function capped(findings: Finding[]): Finding[] {
  if (findings.length <= MAX_DIAGNOSTICS_PER_FILE) return findings;
  const kept = [...findings].sort((a, b) => RANK[a.severity] - RANK[b.severity] || a.start - b.start).slice(0, MAX_DIAGNOSTICS_PER_FILE);
  const first = kept[0];
  kept.push({ code: 'too-many-findings', severity: 'information', file: first.file, line: 0, start: 0, end: 0, message: `${findings.length - MAX_DIAGNOSTICS_PER_FILE} more findings in this file are not shown; run httpd-lint for the full list.` });
  return kept;
}

const SEVERITY: Record<Finding['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

function docOf(analysis: Analysis, file: string): TextDocument | undefined {
  const parsed = analysis.model.parsed.get(file);
  return parsed ? documentFor(parsed, parsed.text) : undefined;
}

function toWorkspaceEdit(analysis: Analysis, fix: CodeFix, uriOf: (file: string) => string): WorkspaceEdit {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const edit of fix.edits) {
    const doc = docOf(analysis, edit.file);
    if (!doc) continue;
    const uri = uriOf(edit.file);
    (changes[uri] ??= []).push({ range: rangeOf(doc, edit.start, edit.end), newText: edit.newText });
  }
  if (!fix.createFiles?.length) return { changes };
  // Creating files needs documentChanges: create (never overwrite), then insert the content.
  const start = { line: 0, character: 0 };
  const documentChanges: NonNullable<WorkspaceEdit['documentChanges']> = [];
  for (const created of fix.createFiles) {
    const uri = fileUri(created.file);
    documentChanges.push({ kind: 'create', uri, options: { ignoreIfExists: true } });
    documentChanges.push({ textDocument: { uri, version: null }, edits: [{ range: { start, end: start }, newText: created.text }] });
  }
  for (const [uri, edits] of Object.entries(changes)) documentChanges.push({ textDocument: { uri, version: null }, edits });
  return { documentChanges };
}

/** The rule's docs page, shipped beside the server bundle (dist/../docs/rules). */
function docsHref(code: string): string {
  return fileUri(path.join(__dirname, '..', 'docs', 'rules', `${code}.md`));
}

/** What an open document shows when its analysis failed: one line instead of silence. */
function internalError(uri: string, error: unknown): Diagnostic[] {
  console.error(`httpd-lsp: analysis of ${uri} failed: ${(error as Error)?.stack ?? String(error)}`);
  return [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Information, source: SOURCE, message: `This file could not be analysed (internal error: ${(error as Error)?.message ?? String(error)}).` }];
}

function objectOf(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
