// The checker's result as one JSON-ready object (the `--format json` contract, version 1).

import * as path from 'path';
import { nodeFileSystem, type ConfigFileSystem } from '../model';
import type { Finding } from '../rules';
import { analyze, type Analysis } from '../service/analysis';
import { findMainAbove, MAIN_CONFIG_NAMES } from '../service/context';
import { documentFor } from '../service/positions';
import { DEFAULT_SERVICE_SETTINGS } from '../service/settings';
import type { AnalysisSettings } from '../rules';

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
  server: { mpm: 'prefork' | 'worker' | 'event' | null; modules: string[]; languageModules: string[] };
  diagnostics: ReportDiagnostic[];
}

/**
 * The CLI is told which file is the main configuration; it reads a file under another main
 * configuration (a vhost in sites-available, a .htaccess) in that configuration's context.
 */
export function lintAnalysis(options: LintOptions): Analysis {
  const fs = options.fs ?? nodeFileSystem();
  const file = path.resolve(options.main);
  const defaults = DEFAULT_SERVICE_SETTINGS;
  const base = {
    fs,
    serverRoot: options.serverRoot,
    defines: options.defines,
    staticModules: options.staticModules ?? defaults.staticModules,
    version: options.version ?? defaults.version,
    env: options.env ?? process.env,
    settings: { ...defaults.analysis, ...options.settings },
  };
  const asMain = (): Analysis => analyze({ ...base, mainFile: file });
  const owner = MAIN_CONFIG_NAMES.includes(path.basename(file)) ? undefined : findMainAbove(file, fs);
  if (!owner) {
    if (path.basename(file) !== '.htaccess') return asMain();
    return analyze({ ...base, mainFile: file, mainScope: 'htaccess', moduleStateKnown: false });
  }
  const ownerAnalysis = analyze({ ...base, mainFile: owner, serverRoot: undefined });
  if (ownerAnalysis.model.files.includes(file)) return ownerAnalysis;
  const alone = asMain();
  const loadsModules = alone.model.uses.some((u) => u.key === 'loadmodule');
  if (loadsModules && path.basename(file) !== '.htaccess') return alone;
  return analyze({ ...base, mainFile: owner, serverRoot: undefined, detachedFiles: [file] });
}

export function toReport(analysis: Analysis): LintReport {
  const model = analysis.model;
  const diagnostics = analysis.findings
    .filter((f) => f.code !== 'internal-error')
    .map((f) => toReportDiagnostic(analysis, f))
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
    },
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
  return toReport(lintAnalysis(options));
}
