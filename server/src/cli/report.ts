// The checker's result as one JSON-ready object (the `--format json` contract, version 1).

import {
  createApacheService,
  DEFAULT_SERVICE_SETTINGS,
  documentFor,
  type AnalysisSettings,
  type Analysis,
  type ConfigFileSystem,
  type FileAnalysis,
  type FileContext,
  type Finding,
  type PathMapping,
  type Scope,
  type ServiceSettings,
} from '../service';

export interface LintOptions {
  main: string;
  serverRoot?: string;
  /** "NAME" or "NAME=VALUE", like httpd -D. */
  defines?: string[];
  staticModules?: string[];
  version?: string;
  settings?: Partial<AnalysisSettings>;
  fs?: ConfigFileSystem;
  env?: Record<string, string | undefined>;
  /** Read the file in this context (CLI --context). */
  context?: Scope;
  /** Server paths mapped onto this machine (CLI --map FROM=TO). */
  pathMappings?: PathMapping[];
}

export interface ReportDiagnostic {
  file: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: 'error' | 'warning' | 'information' | 'hint';
  code: string;
  message: string;
}

export interface LintReport {
  version: 1;
  root: string;
  serverRoot: string;
  files: string[];
  server: { mpm: 'prefork' | 'worker' | 'event' | null; modules: string[]; languageModules: string[]; moduleStateKnown: boolean };
  /** How the file asked for was read; absent when it is the main configuration. */
  context?: { kind: FileContext['kind']; mainFile: string; note?: string };
  /** Server paths read from elsewhere. */
  pathMappings: { from: string; to: string; origin: string }[];
  diagnostics: ReportDiagnostic[];
}

/**
 * Reads a file the way the editor does (service/context.ts decides its tree): a main
 * configuration as itself, a file of a tree in that tree, a .htaccess as per-directory
 * configuration, a fragment with no tree on its own with its modules unknown.
 */
export function lintFile(options: LintOptions): FileAnalysis {
  const defaults = DEFAULT_SERVICE_SETTINGS;
  const settings: ServiceSettings = {
    ...defaults,
    serverRoot: options.serverRoot ?? '',
    defines: options.defines ?? [],
    staticModules: options.staticModules ?? defaults.staticModules,
    version: options.version ?? defaults.version,
    pathMappings: options.pathMappings ?? [],
    analysis: { ...defaults.analysis, ...options.settings },
  };
  const service = createApacheService({ fs: options.fs, settings, env: options.env });
  service.refresh();
  return service.analyzeFile(options.main, { forced: options.context, declaredMain: !!options.serverRoot });
}

export function lintAnalysis(options: LintOptions): Analysis {
  return lintFile(options).analysis;
}

/** The report of a whole tree, or with `file`, of what the tree says about that file. */
export function toReport(analysis: Analysis, file?: FileAnalysis): LintReport {
  const model = analysis.model;
  const only = file && file.context.kind !== 'main' ? file.modelFile : undefined;
  const diagnostics = (only ? analysis.byFile.get(only) ?? [] : analysis.findings)
    .filter((f) => f.code !== 'internal-error')
    .map((f) => toReportDiagnostic(analysis, f))
    // Shown under the path asked for, also when the tree reaches the file through a symlink.
    .map((d) => (only && d.file === only && file ? { ...d, file: file.file } : d))
    .sort((a, b) => model.files.indexOf(a.file) - model.files.indexOf(b.file) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return {
    version: 1,
    root: model.mainFile,
    serverRoot: model.serverRoot,
    files: model.files,
    server: {
      mpm: model.mpm,
      modules: [...model.modules.keys()],
      languageModules: model.languageModules.map((l) => l.identifier),
      moduleStateKnown: model.moduleStateKnown,
    },
    ...(file && file.context.kind !== 'main' ? { context: { kind: file.context.kind, mainFile: file.context.mainFile, note: file.context.note } } : {}),
    pathMappings: model.pathMappings.map((m) => ({ from: m.from, to: m.to, origin: m.origin })),
    diagnostics,
  };
}

function toReportDiagnostic(analysis: Analysis, finding: Finding): ReportDiagnostic {
  const parsed = analysis.model.parsed.get(finding.file);
  const doc = parsed ? documentFor(parsed, parsed.text) : undefined;
  const start = doc ? doc.positionAt(finding.start) : { line: finding.line, character: 0 };
  const end = doc ? doc.positionAt(finding.end) : start;
  return { file: finding.file, range: { start, end }, severity: finding.severity, code: finding.code, message: finding.message };
}

/** Lints a configuration; never throws on bad input (problems become diagnostics). */
export function lintReport(options: LintOptions): LintReport {
  const file = lintFile(options);
  return toReport(file.analysis, file);
}
