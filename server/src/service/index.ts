// The service layer's public face: what the language server and the CLI may import.

export { createApacheService, type ApacheService, type ApacheServiceOptions, type ExplicitSettings, type ServiceCapabilities, type CodeActionFixes, type RuleSummary, type ServiceStats } from './api';
export type { Analysis } from './analysis';
export type { Refactor } from './editor-actions';
export type { InlayHintItem } from './inlay-hints';
export type { Span } from './selection-ranges';
export type { FileAnalysis, FileEventKind, ResolveOptions } from './workspace';
export type { FileContext } from './context';
export { prepareFileHovers, prepareHover } from './hover';
export { prepareCompletion, type CompletionKind, type CompletionResult, type Signature } from './completion';
export type { OutlineItem, FoldRange, Link, Target } from './navigation';
export type { NameEdit, NamePlace, RenameCheck, RenameResult } from './references';
export type { WorkspaceSymbolItem, WorkspaceSymbolKind } from './workspace-symbols';
export { DEFAULT_SERVICE_SETTINGS, readSettings, type ServiceSettings } from './settings';
export { countsLine, renderProfileText, statusLabel, type ServerProfile } from './profile';
export { documentFor, rangeInFile, rangeOf } from './positions';
export type { VirtualHostsView } from './virtual-hosts';
export { markdownToPlainText, snippetToPlainText } from './plain-text';
export { TOKEN_MODIFIERS, TOKEN_TYPES, type SemanticToken } from './semantic-legend';
export { CAPACITY_SCENARIOS, DEFAULT_WORKLOAD, renderCapacityText, type CapacityReport, type WorkloadOptions } from './capacity';
export { parseHeader, placeOf, renderTraceText, type TraceQuery, type TraceResult } from './trace';
export { CONFIG_FILE_NAME, type LintConfigFile, type RawSettings } from './config-file';
export { configFileSchema } from './config-schema';
export { plainDiagnostics, type PlainDiagnostic, type PlainFix, type PlainLocation, type PlainRange } from './diagnostics';
export { applyEdits, planFixes, type FixChoice, type FixPlan } from './fix-all';
export { globMatches, globCovers, hasGlobChars } from './path-glob';
export { ruleDocs, ruleDocsFolder, ruleInfo, ruleInfos, RULE_IDS, RULE_LEVELS, SCOPES, type RuleInfo, type RuleLevelName, type ScopeName } from './rule-info';
// Plain data types and helpers the faces pass through unchanged.
export { cachedNodeFileSystem, nodeFileSystem, readMappings, type ConfigFileSystem, type PathMapping, type Scope } from '../model';
export { describeError } from './file-reading';
export type { ParsedFile } from '../parser';
export type { AnalysisSettings, CodeFix, Finding, RuleLevel } from '../rules';
// The knowledge base lookup (the benchmark times the directive table's first load through it).
export { allDirectives, getDirective, wholeDirectiveTableRead } from '../data';
/** Idle-time preparation of the unknown-directive suggestions (static name tables; no analysis state). */
export { prepareSuggestions } from '../rules';
