// What a rule sees and what it produces. Rules read the model; they never touch the disk,
// the protocol or the editor.

import type { ConfigModel, DirectiveUse, Severity } from '../../model';

export type RuleCategory =
  | 'syntax'
  | 'includes'
  | 'modules'
  | 'context'
  | 'arguments'
  | 'performance'
  | 'capacity'
  | 'security'
  | 'migration'
  | 'hygiene';

export type RuleLevel = Severity | 'off';

export interface RelatedLocation {
  file: string;
  line: number;
  start: number;
  end: number;
  message: string;
}

export interface Finding {
  code: string;
  severity: Severity;
  file: string;
  /** 0-based line of `start`. */
  line: number;
  start: number;
  end: number;
  message: string;
  related?: RelatedLocation[];
  /** Editors grey out unnecessary code and strike through deprecated code. */
  tags?: ('unnecessary' | 'deprecated')[];
  /** Rule-specific facts the rule's quick fixes need. */
  data?: Record<string, unknown>;
}

export interface TextEdit {
  file: string;
  start: number;
  end: number;
  newText: string;
}

export interface CodeFix {
  title: string;
  edits: TextEdit[];
  /** New files the fix creates (never overwriting an existing one). */
  createFiles?: { file: string; text: string }[];
  preferred?: boolean;
}

export interface AnalysisSettings {
  /** Seconds above which the prefork + in-process language KeepAliveTimeout advice fires. */
  keepAliveTimeoutThreshold: number;
  /** Per-rule level overrides. */
  rules: Record<string, RuleLevel>;
  /** Machine memory in MB for the capacity budget (0 = unknown). */
  memoryTotalMB: number;
  /** Per-process resident size estimates in MB, keyed by "prefork", "prefork+php", "event"… */
  perProcessMB: Record<string, number>;
}

export const DEFAULT_SETTINGS: AnalysisSettings = {
  keepAliveTimeoutThreshold: 5,
  rules: {},
  memoryTotalMB: 0,
  perProcessMB: {},
};

export interface RuleContext {
  model: ConfigModel;
  settings: AnalysisSettings;
  /** Reports a finding; severity defaults to the rule's (after user overrides). */
  report(finding: Omit<Finding, 'code' | 'severity'> & { severity?: Severity }): void;
  /**
   * Runs `check` for one group of uses (a rewrite scope, a section…) whose findings follow from
   * those uses and `extra` alone. Incremental runs replay the group's earlier reports while it
   * holds the same use objects (a replayed file keeps its uses, and a section of it its whole
   * subtree: such a file includes nothing) and `extra` is equal. Absent
   * (a caller running one rule by itself): rules call it through rules/lib's inGroup.
   */
  group?(uses: readonly DirectiveUse[], extra: string, check: () => void): void;
  /**
   * Whether a suppression comment hides this rule's finding on `line` of `file` (the runner drops
   * such reports anyway); for a rule that merges several places into one finding, so that a
   * suppressed place neither leads nor joins it. Absent: nothing is suppressed.
   */
  suppressed?(file: string, line: number): boolean;
}

export interface FixContext {
  model: ConfigModel;
  settings: AnalysisSettings;
  /** Text of a file as the model read it. */
  text(file: string): string | undefined;
  /** Any file of the machine or workspace (e.g. Debian's mods-available), when the caller allows it. */
  readFile?(file: string): string | undefined;
}

export interface Rule {
  id: string;
  category: RuleCategory;
  defaultSeverity: Severity;
  /**
   * 'file': the findings in a file follow from that file's uses and problems and the tree's facts
   * (modules, MPM, defines, ServerRoot, settings) alone, so they are cached per file; 'tree'
   * (the default): the rule compares uses across files (duplicates, overrides, first use).
   */
  scope?: 'file' | 'tree';
  /** Reports only the model's problems whose code is its id: the runner skips it for a file without problems. */
  fromModelProblems?: boolean;
  /** One line, our own words, for listings and the docs index. */
  summary: string;
  check(ctx: RuleContext): void;
  fixes?(finding: Finding, ctx: FixContext): CodeFix[];
}
