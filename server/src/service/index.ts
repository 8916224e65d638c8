// The service layer's public face: what the language server and the CLI may import.

export { createApacheService, type ApacheService, type ApacheServiceOptions, type ServiceCapabilities, type CodeActionFixes, type RuleSummary, type ServiceStats } from './api';
export type { Analysis } from './analysis';
export type { FileAnalysis, FileEventKind, ResolveOptions } from './workspace';
export type { FileContext } from './context';
export type { CompletionKind, CompletionResult, Signature } from './completion';
export type { OutlineItem, FoldRange, Link, Target } from './navigation';
export { DEFAULT_SERVICE_SETTINGS, readSettings, type ServiceSettings } from './settings';
export { countsLine, renderProfileText, statusLabel, type ServerProfile } from './profile';
export { documentFor, rangeOf } from './positions';
export { parseHeader, placeOf, renderTraceText, type TraceQuery, type TraceResult } from './trace';
// Plain data types and helpers the faces pass through unchanged.
export { nodeFileSystem, readMappings, type ConfigFileSystem, type PathMapping, type Scope } from '../model';
export { describeError } from '../model/fs';
export type { ParsedFile } from '../parser';
export type { AnalysisSettings, CodeFix, Finding, RuleLevel } from '../rules';
