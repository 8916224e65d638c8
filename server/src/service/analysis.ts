// One analysis of one configuration tree: the model plus the rule findings.

import { buildModel, expandedMacroAt, WalkCache, type BuildOptions, type ConfigModel } from '../model';
import type { RelatedLocation } from '../rules/lib/types';
import { RuleCache, runRules, type AnalysisSettings, type Finding } from '../rules';
import type { ReadLog } from './read-log';

/**
 * What one tree keeps between analyses so an edit redoes only what it changed: the walks of its
 * files (model) and the per-file rules' findings. Valid for one set of build options and settings.
 */
export class AnalysisEngine {
  readonly walks = new WalkCache();
  readonly rules = new RuleCache();
  /** The last analysis made with this engine and what it read: kept while every read gives the same. */
  last?: { analysis: Analysis; reads: ReadLog };
  /** Rounds that kept the last analysis because nothing it read changed. */
  kept = 0;
  /** The tree tables of the last analysis's facts (see treeFacts) and their text. */
  factTables?: { tables: readonly unknown[]; text: string };
  /** The kept analysis whose open files' places were last noted (see WorkspaceAnalyses.prepareSplices); weak: only its identity is compared, and holding it kept a superseded model alive through every later edit. */
  prepared?: WeakRef<Analysis>;
  /** The last facts text (see treeFacts). */
  facts?: string;
  /** The real paths and canonical names of the last full model's files (kept while its file list is). */
  names?: { files: readonly string[]; reals: Map<string, string>; canonical: Map<string, string> };
}

export interface AnalysisOptions extends BuildOptions {
  settings: AnalysisSettings;
  /** Incremental state of this tree; without it every analysis is cold. */
  engine?: AnalysisEngine;
}

export interface Analysis {
  model: ConfigModel;
  findings: Finding[];
  settings: AnalysisSettings;
  /** Findings grouped by file: one list per file identity (symlinks resolved); a file without findings has no entry. */
  byFile: Map<string, Finding[]>;
  /** The tree's name for a file, whatever path reaches it (a symlink or the real file); undefined when outside the tree. */
  fileFor(file: string): string | undefined;
}

/**
 * Order of finding codes at one place: code units. The codes are lower-case kebab-case ids, for
 * which this is localeCompare's order too, without the ICU collator that a process's first
 * localeCompare sets up (about 10 ms of a one-shot CLI run).
 */
export function compareCodes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function analyze(options: AnalysisOptions): Analysis {
  const engine = options.engine;
  const model = buildModel(engine ? { ...options, walkCache: engine.walks } : options);
  // A spliced model shares its file list with the last one, whose real paths were read again unchanged (see service/read-log.ts change).
  const kept = engine?.names && engine.names.files === model.files ? engine.names : undefined;
  const treeReals = kept?.reals;
  const reals = new Map<string, string>();
  const real = (file: string): string => {
    let r = treeReals?.get(file) ?? reals.get(file);
    if (r === undefined) reals.set(file, (r = options.fs.realPath?.(file) ?? file));
    return r;
  };
  // The first path by which the tree reads a file is its name; other paths to it are aliases.
  const canonical = kept?.canonical ?? new Map<string, string>();
  if (!kept) for (const file of model.files) if (!canonical.has(real(file))) canonical.set(real(file), file);
  if (engine && !kept) engine.names = { files: model.files, reals: new Map(reals), canonical };
  const nameOf = (file: string): string => canonical.get(real(file)) ?? file;
  const seen = new Set<string>();
  const findings: Finding[] = [];
  // A file read twice (two globs, a link and its target) gives the same finding twice: keep one per place.
  // Only a tree that reads some file more than once can repeat a finding.
  const reads = 1 + model.detachedFiles.length + model.includes.reduce((n, e) => n + e.files.length, 0);
  // A macro's body expanded by several Use lines repeats its findings at one place too.
  const expanded = model.macros?.some((m) => m.uses.length > 0) ?? false;
  const repeats = reads > canonical.size || expanded;
  const incremental = engine ? { cache: engine.rules, walks: engine.walks.lastBuild, facts: treeFacts(model, options.settings, engine) } : undefined;
  for (const found of runRules(model, options.settings, incremental)) {
    const finding = expanded ? withExpansionUses(model, found) : found;
    if (!repeats) {
      findings.push(finding);
      continue;
    }
    const key = `${nameOf(finding.file)}\u0000${finding.start}\u0000${finding.end}\u0000${finding.code}\u0000${finding.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(finding);
  }
  // Only files with findings get a list (an edit's analysis would otherwise make one per file of the tree).
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) {
    const name = nameOf(finding.file);
    const list = byFile.get(name) ?? [];
    list.push(finding);
    byFile.set(name, list);
  }
  for (const list of byFile.values()) list.sort((a, b) => a.start - b.start || compareCodes(a.code, b.code));
  const fileFor = (file: string): string | undefined => {
    if (model.parsed.has(file)) return nameOf(file);
    return canonical.get(real(file));
  };
  return { model, findings, settings: options.settings, byFile, fileFor };
}

/** Use lines named as related places of a finding in an expanded macro body. */
const MAX_USES_RELATED = 5;

/** A finding on a line of an expanded macro's body, with the Use lines that expanded it as related places (a new object: findings are cached). */
function withExpansionUses(model: ConfigModel, finding: Finding): Finding {
  const macro = expandedMacroAt(model, finding.file, finding.line);
  if (!macro) return finding;
  const related: RelatedLocation[] = macro.uses.slice(0, MAX_USES_RELATED).map((u) => ({
    file: u.file, line: u.line.line, start: u.line.contentStart, end: u.line.contentEnd, message: `from macro '${macro.key}' expanded here (${u.name} ${u.args.join(' ')})`.slice(0, 160),
  }));
  return { ...finding, related: [...(finding.related ?? []), ...related] };
}

/** What per-file rules read besides a file's own uses and problems, as one comparable string. */
function treeFacts(model: ConfigModel, settings: AnalysisSettings, engine: AnalysisEngine): string {
  const small = JSON.stringify([
    settings,
    model.mainFile,
    model.serverRoot,
    model.serverRootOnServer ?? null,
    model.moduleStateKnown,
    model.mpm,
    model.languageModules.map((l) => [l.identifier, l.inProcess]),
    model.phpFpm ?? null,
  ]);
  // The tables that grow with the tree: a spliced model shares them with the last one (see model/build.ts), so their text is kept.
  const tables = [model.modules, model.defines, model.detachedFiles, model.pathMappings, model.fileScopes, model.variableSources] as const;
  const kept = engine.factTables;
  if (!kept || kept.tables.some((t, i) => t !== tables[i])) {
    const text = JSON.stringify([
      [...model.modules.values()].map((m) => [m.identifier, m.soPath ?? null, m.isStatic, m.where?.file ?? null, m.where?.line ?? null, m.sourceFiles]),
      [...model.defines].map(([k, v]) => [k, v.value, v.where?.file ?? null, v.where?.line ?? null]),
      model.detachedFiles,
      model.pathMappings.map((p) => [p.from, p.to, p.origin]),
      [...model.fileScopes],
      [...(model.variableSources ?? [])],
    ]);
    engine.factTables = { tables, text };
  }
  // The same text as last time is handed out as the same string: per-file rules compare it once per
  // file, and two equal strings that are not one object compare character by character (at 2,000
  // vhosts the text holds every Define: ≈ 2,000 comparisons of ≈ 150 KB per edit).
  const facts = `${small}\u0000${engine.factTables!.text}`;
  if (engine.facts !== facts) engine.facts = facts;
  return engine.facts;
}
