// One analysis of one configuration tree: the model plus the rule findings.

import { buildModel, type BuildOptions, type ConfigModel } from '../model';
import { runRules, type AnalysisSettings, type Finding } from '../rules';

export interface AnalysisOptions extends BuildOptions {
  settings: AnalysisSettings;
}

export interface Analysis {
  model: ConfigModel;
  findings: Finding[];
  settings: AnalysisSettings;
  /** Findings grouped by file: one list per file identity (symlinks resolved). */
  byFile: Map<string, Finding[]>;
  /** The tree's name for a file, whatever path reaches it (a symlink or the real file); undefined when outside the tree. */
  fileFor(file: string): string | undefined;
}

export function analyze(options: AnalysisOptions): Analysis {
  const model = buildModel(options);
  const reals = new Map<string, string>();
  const real = (file: string): string => {
    let r = reals.get(file);
    if (r === undefined) reals.set(file, (r = options.fs.realPath?.(file) ?? file));
    return r;
  };
  // The first path by which the tree reads a file is its name; other paths to it are aliases.
  const canonical = new Map<string, string>();
  for (const file of model.files) if (!canonical.has(real(file))) canonical.set(real(file), file);
  const nameOf = (file: string): string => canonical.get(real(file)) ?? file;
  const seen = new Set<string>();
  const findings: Finding[] = [];
  // A file read twice (two globs, a link and its target) gives the same finding twice: keep one per place.
  // Only a tree that reads some file more than once can repeat a finding.
  const reads = 1 + model.detachedFiles.length + model.includes.reduce((n, e) => n + e.files.length, 0);
  const repeats = reads > canonical.size;
  for (const finding of runRules(model, options.settings)) {
    if (!repeats) {
      findings.push(finding);
      continue;
    }
    const key = `${nameOf(finding.file)}\u0000${finding.start}\u0000${finding.end}\u0000${finding.code}\u0000${finding.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(finding);
  }
  const byFile = new Map<string, Finding[]>();
  for (const file of canonical.values()) byFile.set(file, []);
  for (const finding of findings) {
    const name = nameOf(finding.file);
    const list = byFile.get(name) ?? [];
    list.push(finding);
    byFile.set(name, list);
  }
  for (const list of byFile.values()) list.sort((a, b) => a.start - b.start || a.code.localeCompare(b.code));
  const fileFor = (file: string): string | undefined => {
    if (model.parsed.has(file)) return nameOf(file);
    return canonical.get(real(file));
  };
  return { model, findings, settings: options.settings, byFile, fileFor };
}
