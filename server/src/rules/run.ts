// Runs the catalogue over a model: user severities, rules turned off, inline suppressions.

import { expandedMacroAt, fileRuns, LIMITS, type ConfigModel, type DirectiveUse, type ModelProblem, type Severity } from '../model';
import type { ParsedFile } from '../parser';
import { getRule, RULES } from './catalogue';
import { isSuppressed, readSuppressions, type Suppressions } from './suppression';
import type { AnalysisSettings, CodeFix, Finding, FixContext, Rule, RuleContext, TextEdit } from './lib/types';

type Report = Parameters<RuleContext['report']>[0];

/** What a tree rule reported for one group of uses (RuleContext.group). */
interface GroupEntry {
  uses: readonly DirectiveUse[];
  /** The array the rule passed (lists kept per run are passed again as the same array, unchanged). */
  source: readonly DirectiveUse[];
  extra: string;
  reports: Report[];
}

/** Per-file rule results of one tree, and tree rules' results per group of uses, kept between analyses. */
export class RuleCache {
  readonly files = new Map<string, { walk: object; facts: string; byRule: ReadonlyMap<string, Finding[]> }>();
  /** Per tree rule, its groups by their first use; valid while the tree facts equal `groupFacts`. */
  groups = new Map<string, WeakMap<DirectiveUse, GroupEntry>>();
  groupFacts = '';
  /** Files whose per-file rules were run, over the cache's life (tests prove what an edit did not redo). */
  fileRuns = 0;
  /** Groups of uses a tree rule checked, and groups whose earlier reports were replayed. */
  groupRuns = 0;
  groupsReplayed = 0;
}

/** The same uses: the very array checked last time (groups kept with their run are), or the same objects in order. */
function sameUses(kept: GroupEntry, uses: readonly DirectiveUse[]): boolean {
  if (kept.source === uses && kept.uses.length === uses.length) return true;
  const a = kept.uses;
  if (a.length !== uses.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== uses[i]) return false;
  return true;
}

/**
 * The group() of one tree rule's run: without a cache it runs the check; with one, it replays the
 * group's reports while the group is the same use objects with the same `extra`.
 */
function groupRunner(cache: RuleCache | undefined, ruleId: string, report: (finding: Report) => void): { group: RuleContext['group']; report: (finding: Report) => void } {
  if (!cache) return { group: (_uses, _extra, check) => check(), report };
  let groups = cache.groups.get(ruleId);
  if (!groups) cache.groups.set(ruleId, (groups = new WeakMap()));
  const known = groups;
  let recording: Report[] | undefined;
  return {
    report(finding) {
      recording?.push(finding);
      report(finding);
    },
    group(uses, extra, check) {
      if (uses.length === 0) return check();
      const entry = known.get(uses[0]);
      if (entry && entry.extra === extra && sameUses(entry, uses)) {
        cache.groupsReplayed++;
        recording?.push(...entry.reports);
        for (const finding of entry.reports) report(finding);
        return;
      }
      cache.groupRuns++;
      const outer = recording;
      const reports: Report[] = (recording = []);
      try {
        check();
        known.set(uses[0], { uses: uses.slice(), source: uses, extra, reports });
      } finally {
        recording = outer;
        outer?.push(...reports);
      }
    },
  };
}

export interface IncrementalRun {
  cache: RuleCache;
  /** Per file, an object that stays the same exactly while the file's uses and problems do (the model's walk); null when unknown. */
  walks: Map<string, object | null>;
  /** Everything else per-file rules read: the tree's facts and the settings. */
  facts: string;
}

/** A file's suppression comments, read once per parse (a replayed file keeps its parse). */
const suppressionsByParse = new WeakMap<ParsedFile, Suppressions>();

function suppressionsOf(parsed: ParsedFile): Suppressions {
  let s = suppressionsByParse.get(parsed);
  if (!s) suppressionsByParse.set(parsed, (s = readSuppressions(parsed, (id) => !!getRule(id))));
  return s;
}

let fileRules: readonly Rule[] | undefined;
const FILE_RULES = (): readonly Rule[] => (fileRules ??= RULES.filter((r) => r.scope === 'file'));

/**
 * Runs the catalogue. With `incremental`, per-file rules run only on files whose walk or facts
 * changed since the cache last saw them; their findings are the same as a full run's.
 */
export function runRules(model: ConfigModel, settings: AnalysisSettings, incremental?: IncrementalRun): Finding[] {
  if (incremental) {
    const cache = incremental.cache;
    // One comparison of the (long) facts per analysis; below, the kept string is compared by identity.
    if (cache.groupFacts === incremental.facts) incremental = { ...incremental, facts: cache.groupFacts };
    else {
      cache.groups = new Map();
      cache.groupFacts = incremental.facts;
    }
  }
  const fileResults = incremental ? perFileResults(model, settings, incremental) : undefined;
  const findings: Finding[] = [];
  const suppressions = new Map<string, Suppressions>();
  const suppressionsIn = (file: string): Suppressions | undefined => {
    if (!suppressions.has(file)) {
      const parsed = model.parsed.get(file);
      if (!parsed) return undefined;
      suppressions.set(file, suppressionsOf(parsed));
    }
    return suppressions.get(file);
  };
  const perFile = new Map<string, number>();
  const droppedPerFile = new Map<string, number>();
  let droppedInTree = 0;
  /** Keeps a finding unless the tree or its file already has as many as the caps allow. */
  const admit = (file: string): boolean => {
    if (findings.length >= LIMITS.findingsPerTree) {
      droppedInTree++;
      return false;
    }
    const inFile = perFile.get(file) ?? 0;
    if (inFile >= LIMITS.findingsPerFile) {
      droppedPerFile.set(file, (droppedPerFile.get(file) ?? 0) + 1);
      return false;
    }
    perFile.set(file, inFile + 1);
    return true;
  };
  for (const rule of RULES) {
    const level = settings.rules[rule.id] ?? rule.defaultSeverity;
    if (level === 'off') continue;
    const overridden = settings.rules[rule.id] !== undefined;
    if (fileResults && rule.scope === 'file') {
      for (const results of fileResults) for (const finding of results.get(rule.id) ?? []) if (admit(finding.file)) findings.push(finding);
      continue;
    }
    const { report, group } = groupRunner(incremental?.cache, rule.id, (finding) => {
      const s = suppressionsIn(finding.file);
      if (s && isSuppressed(s, rule.id, finding.line)) return;
      // A user level applies to the rule's findings; its secondary hints stay hints.
      const severity = overridden && finding.severity !== 'hint' ? level : finding.severity ?? level;
      if (admit(finding.file)) findings.push({ ...finding, code: rule.id, severity });
    });
    try {
      const suppressed = (file: string, line: number): boolean => {
        const s = suppressionsIn(file);
        return !!s && isSuppressed(s, rule.id, line);
      };
      rule.check({ model, settings, report, group, suppressed });
    } catch (error) {
      // A rule bug must not take the other diagnostics down with it.
      findings.push({ code: 'internal-error', severity: 'hint', file: model.mainFile, line: 0, start: 0, end: 0, message: `Rule ${rule.id} failed: ${(error as Error).message}` });
    }
  }
  const unknownLevel = settings.rules['suppression-unknown-rule'] ?? 'warning';
  if (unknownLevel !== 'off') {
    // Straight from each parse's suppressions (kept with the parse): no per-analysis entry per file.
    for (let i = 0; i < model.files.length; i++) {
      const file = model.files[i];
      const parsed = model.parsed.get(file);
      if (!parsed) continue;
      for (const u of suppressionsOf(parsed).unknown) {
        findings.push({ code: 'suppression-unknown-rule', severity: unknownLevel, file, line: u.line, start: u.start, end: u.end, message: `Unknown rule '${u.name}' in httpd-lint suppression comment` });
      }
    }
  }
  reportDropped(model, findings, droppedPerFile, droppedInTree, settings);
  // The tree cap depends on the order of all findings: past it, a full run decides what is kept.
  if (fileResults && droppedInTree > 0) return runRules(model, settings);
  return findings;
}

/** The per-file rules' findings of each file that has some (suppressions applied, caps not), from the cache where still valid. */
function perFileResults(model: ConfigModel, settings: AnalysisSettings, run: IncrementalRun): ReadonlyMap<string, Finding[]>[] {
  let problemsByFile: Map<string, ModelProblem[]> | undefined;
  for (let i = 0; i < model.problems.length; i++) {
    const problem = model.problems[i];
    problemsByFile ??= new Map();
    const list = problemsByFile.get(problem.file);
    if (list) list.push(problem);
    else problemsByFile.set(problem.file, [problem]);
  }
  // model.files has each file once; problems can name a file the tree did not read (an unreadable main file): they count too.
  const files: readonly string[] = problemsByFile ? [...model.files, ...[...problemsByFile.keys()].filter((f) => !model.parsed.has(f))] : model.files;
  // Per file in order: its kept findings, or null when its walk or the facts changed (an edit: one file of thousands).
  const results: (ReadonlyMap<string, Finding[]> | null)[] = new Array(files.length);
  let stale: Set<string> | undefined;
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    const walk = run.walks.get(file);
    const cached = walk ? run.cache.files.get(file) : undefined;
    if (cached && cached.walk === walk && cached.facts === run.facts) results[i] = cached.byRule;
    else {
      results[i] = null;
      (stale ??= new Set()).add(file);
    }
  }
  const out: ReadonlyMap<string, Finding[]>[] = [];
  if (!stale) {
    // Only files with findings are listed: runRules goes over the list once per rule.
    for (let i = 0; i < results.length; i++) if (results[i]!.size) out.push(results[i]!);
    return out;
  }
  // A file's uses are its runs (model.uses cut by file, in read order): only the stale files' runs are gathered.
  const usesByFile = new Map<string, DirectiveUse[]>();
  const runs = fileRuns(model);
  for (let r = 0; r < runs.length; r++) {
    const fileRun = runs[r];
    const file = fileRun[0].file;
    if (!stale.has(file)) continue;
    const list = usesByFile.get(file);
    if (list) for (let i = 0; i < fileRun.length; i++) list.push(fileRun[i]);
    else usesByFile.set(file, fileRun.slice());
  }
  let rules: ActiveRule[] | undefined;
  for (let i = 0; i < files.length; i++) {
    let byRule = results[i];
    if (!byRule) {
      const file = files[i];
      const walk = run.walks.get(file);
      run.cache.fileRuns++;
      const view: ConfigModel = { ...model, files: model.parsed.has(file) ? [file] : [], uses: usesByFile.get(file) ?? [], problems: problemsByFile?.get(file) ?? [] };
      byRule = runFileRules(view, settings, file, (rules ??= fileRulesFor(settings)));
      if (walk) run.cache.files.set(file, { walk, facts: run.facts, byRule });
      else run.cache.files.delete(file);
    }
    if (byRule.size) out.push(byRule);
  }
  return out;
}

/** A per-file rule that is on, with its level under the settings. */
interface ActiveRule {
  rule: Rule;
  level: Severity;
  overridden: boolean;
}

/** The per-file rules that are on under the settings (once per run, not once per file). */
function fileRulesFor(settings: AnalysisSettings): ActiveRule[] {
  const active: ActiveRule[] = [];
  for (const rule of FILE_RULES()) {
    const level = settings.rules[rule.id] ?? rule.defaultSeverity;
    if (level !== 'off') active.push({ rule, level, overridden: settings.rules[rule.id] !== undefined });
  }
  return active;
}

/** The findings of a file without any, shared: the cache keeps one per file of the tree (≈ 2,000 empty maps at 208k lines). */
const NO_FINDINGS: ReadonlyMap<string, Finding[]> = new Map();

function runFileRules(view: ConfigModel, settings: AnalysisSettings, file: string, rules: readonly ActiveRule[]): ReadonlyMap<string, Finding[]> {
  const byRule = new Map<string, Finding[]>();
  const parsed = view.parsed.get(file);
  let suppressions: Suppressions | undefined;
  // One context for the file's rules; `current` and `list` say whose check is running.
  let current: ActiveRule | undefined;
  let list: Finding[] = [];
  const ctx: RuleContext = {
    model: view,
    settings,
    report(finding) {
      const { rule, level, overridden } = current!;
      if (finding.file === file && parsed) {
        suppressions ??= suppressionsOf(parsed);
        if (isSuppressed(suppressions, rule.id, finding.line)) return;
      } else if (finding.file !== file) {
        const other = view.parsed.get(finding.file);
        if (other && isSuppressed(suppressionsOf(other), rule.id, finding.line)) return;
      }
      const severity = overridden && finding.severity !== 'hint' ? level : finding.severity ?? level;
      list.push({ ...finding, code: rule.id, severity });
    },
    group: (_uses, _extra, check) => check(),
    suppressed(at, line) {
      const inFile = at === file ? parsed : view.parsed.get(at);
      return !!inFile && isSuppressed(suppressionsOf(inFile), current!.rule.id, line);
    },
  };
  for (let i = 0; i < rules.length; i++) {
    current = rules[i];
    const rule = current.rule;
    // Most files have no model problems: their fifteen rules have nothing to look at.
    if (rule.fromModelProblems && view.problems.length === 0) continue;
    list = [];
    try {
      rule.check(ctx);
    } catch (error) {
      list.push({ code: 'internal-error', severity: 'hint', file: view.mainFile, line: 0, start: 0, end: 0, message: `Rule ${rule.id} failed: ${(error as Error).message}` });
    }
    if (list.length) byRule.set(rule.id, list);
  }
  return byRule.size ? byRule : NO_FINDINGS;
}

/** One analysis-limit finding per file whose findings were cut, and one for the tree. */
function reportDropped(model: ConfigModel, findings: Finding[], droppedPerFile: Map<string, number>, droppedInTree: number, settings: AnalysisSettings): void {
  const level = settings.rules['analysis-limit'] ?? 'warning';
  if (level === 'off') return;
  if (droppedInTree > 0) {
    findings.push({
      code: 'analysis-limit',
      severity: level,
      file: model.mainFile,
      line: 0,
      start: 0,
      end: 0,
      message: `${droppedInTree} more findings in this configuration tree are not reported: the analysis reports at most ${LIMITS.findingsPerTree} per tree`,
    });
  }
  for (const [file, count] of droppedPerFile) {
    findings.push({
      code: 'analysis-limit',
      severity: level,
      file,
      line: 0,
      start: 0,
      end: 0,
      message: `${count} more findings in this file are not reported: the analysis reports at most ${LIMITS.findingsPerFile} findings per file and ${LIMITS.findingsPerTree} per configuration tree`,
    });
  }
}

/**
 * The fixes "Fix all" applies together: each finding's first preferred fix that creates no file,
 * less any whose edits touch an edit already taken (a file read twice can report one place twice).
 */
export function preferredFixesTogether(findings: Finding[], ctx: FixContext): CodeFix[] {
  const taken: CodeFix[] = [];
  const edits: TextEdit[] = [];
  for (const finding of findings) {
    const fix = fixesFor(finding, ctx).find((x) => x.preferred && !x.createFiles?.length);
    if (!fix) continue;
    if (fix.edits.some((e) => edits.some((t) => t.file === e.file && e.start < t.end && t.start < e.end))) continue;
    taken.push(fix);
    edits.push(...fix.edits);
  }
  return taken;
}

export function fixesFor(finding: Finding, ctx: FixContext): CodeFix[] {
  const rule = getRule(finding.code);
  if (!rule?.fixes) return [];
  // A finding of an expansion: a fix written from the values would replace the body's parameters.
  if (expandedMacroAt(ctx.model, finding.file, finding.line)) return [];
  try {
    return rule.fixes(finding, ctx);
  } catch {
    return [];
  }
}
