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
  /** Findings grouped by file. */
  byFile: Map<string, Finding[]>;
}

export function analyze(options: AnalysisOptions): Analysis {
  const model = buildModel(options);
  const findings = runRules(model, options.settings);
  const byFile = new Map<string, Finding[]>();
  for (const file of model.files) byFile.set(file, []);
  for (const finding of findings) {
    const list = byFile.get(finding.file) ?? [];
    list.push(finding);
    byFile.set(finding.file, list);
  }
  for (const list of byFile.values()) list.sort((a, b) => a.start - b.start || a.code.localeCompare(b.code));
  return { model, findings, settings: options.settings, byFile };
}
