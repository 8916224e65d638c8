// One run over several inputs: each checked in its own tree context, the findings merged so that
// each file is reported once (by the first input whose check covers it).

import { planFixes, plainDiagnostics, type ApacheService, type FileAnalysis, type FixPlan, type PlainDiagnostic, type Scope } from '../service';
import type { Input } from './inputs';
import { toReport, type LintReport } from './report';

export interface CheckResult {
  input: Input;
  checked: FileAnalysis;
  report: LintReport;
  /** The findings this input owns: its own file's, or its whole tree's when it is a main configuration. */
  diagnostics: PlainDiagnostic[];
  /** With `planFixes`: the fixes of the findings this input owns. */
  plan?: FixPlan;
}

export interface CheckRun {
  results: CheckResult[];
  diagnostics: PlainDiagnostic[];
  /** Every file read, once each. */
  files: string[];
  /** Inputs skipped by an `ignore` glob of their configuration file. */
  ignored: Input[];
}

export interface CheckOptions {
  /** Quick fixes in each diagnostic (SARIF). */
  fixes?: boolean;
  /** A fix plan per input (--fix). */
  planFixes?: boolean;
  /** --context */
  forced?: Scope;
  /** --server-root names each file as a main configuration. */
  declaredMain?: boolean;
}

export function runChecks(inputs: Input[], session: ApacheService, options: CheckOptions = {}): CheckRun {
  const run: CheckRun = { results: [], diagnostics: [], files: [], ignored: [] };
  const covered = new Set<string>();
  const listed = new Set<string>();
  for (const input of inputs) {
    if (!input.stdin && session.isIgnored(input.file)) {
      run.ignored.push(input);
      continue;
    }
    const checked = session.analyzeFile(input.file, { forced: options.forced, declaredMain: options.declaredMain });
    const { analysis, context, modelFile } = checked;
    const isMain = context.kind === 'main';
    // A main file the tree could not read (too large, unreadable) still owns what was said about it.
    const ownedFiles = !isMain ? [modelFile] : analysis.model.parsed.has(modelFile) ? analysis.model.files : [modelFile, ...analysis.model.files];
    const fresh = ownedFiles.filter((f) => !covered.has(identity(f, input, session)));
    const freshSet = new Set(fresh);
    const findings = (isMain ? analysis.findings : analysis.byFile.get(modelFile) ?? []).filter((f) => freshSet.has(analysis.fileFor(f.file) ?? f.file) || freshSet.has(f.file));
    const readFile = (f: string): string | undefined => {
      const read = session.fs.readFile(f);
      return 'text' in read ? read.text : undefined;
    };
    const position = new Map<string, number>();
    analysis.model.files.forEach((f, i) => position.set(f === modelFile ? checked.file : f, i));
    const diagnostics = plainDiagnostics(analysis, findings, { fixes: options.fixes, readFile })
      // Shown under the path asked for, also when the tree reaches the file through a symlink.
      .map((d) => (d.file === modelFile ? { ...d, file: checked.file } : d))
      .filter((d) => d.file === checked.file || !session.isIgnored(d.file))
      .sort((a, b) => (position.get(a.file) ?? -1) - (position.get(b.file) ?? -1) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    for (const f of ownedFiles) covered.add(identity(f, input, session));
    for (const f of analysis.model.files) {
      const shown = f === modelFile ? checked.file : f;
      if (!listed.has(identity(shown, input, session))) {
        listed.add(identity(shown, input, session));
        run.files.push(shown);
      }
    }
    if (!listed.has(identity(checked.file, input, session))) {
      listed.add(identity(checked.file, input, session));
      run.files.push(checked.file);
    }
    const plan = options.planFixes ? planFixes(analysis, findings.filter((f) => f.file === modelFile || !session.isIgnored(f.file)), readFile) : undefined;
    run.results.push({ input, checked, report: toReport(analysis, checked), diagnostics, plan });
    run.diagnostics.push(...diagnostics);
  }
  return run;
}

/** One name per file on disk (symlinks resolved); standard input is its own file. */
function identity(file: string, input: Input, session: ApacheService): string {
  if (input.stdin && file === input.file) return `stdin:${file}`;
  return session.realPath(file);
}
