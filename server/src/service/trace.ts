// The request trace as the faces ask for it: one request against the tree of a main
// configuration (resolved like any other file, service/context.ts), answered by the simulator
// in the documented version-1 shape, plus the readable text the CLI prints.

import { describeStep, explainRule } from '../simulate/rewrite/explain';
import * as path from 'path';
import { declaredFileView, passwdHomes, tableHomes, traceRequest, type TraceOptions, type TraceRequestInput, type TraceResult as SimTraceResult } from '../simulate';
import type { Analysis } from './analysis';

/** The answer to "why did the rule at file:line (not) apply to this request?" */
export interface RuleExplanation {
  file: string;
  /** 1-based, like the trace's other lines. */
  line: number;
  text: string;
}

/** The version-1 trace, with `explain` when the query named a rule. */
export type TraceResult = SimTraceResult & { explain?: RuleExplanation };

export interface TraceQuery extends TraceRequestInput {
  /**
   * Files that exist, as the server sees them (CLI --exists, the request tests' `exists`):
   * when given, the trace meets only these files and their directories instead of the disk.
   */
  exists?: string[];
  /** A RewriteRule to explain (CLI --explain FILE:LINE, traceRequest's `explain`); 1-based line. */
  explain?: { file: string; line: number };
  /**
   * Home directories for UserDir's relative form (CLI --home USER=DIR). They win over this
   * machine's /etc/passwd; with `exists` the passwd file is not read at all (the declared files
   * describe another machine), so only these users exist.
   */
  homes?: Record<string, string>;
}

/** Traces one request through an analysed tree; never throws (the simulator reports its own failures). */
export function traceOnAnalysis(analysis: Analysis, query: TraceQuery): TraceResult {
  const { exists, explain, homes, ...input } = query;
  const options: TraceOptions = {};
  if (exists?.length) {
    options.files = declaredFileView(exists);
    options.homes = tableHomes(homes ?? {});
  } else if (homes) options.homes = tableHomes(homes, passwdHomes());
  const result: TraceResult = traceRequest(analysis.model, input, options);
  if (explain) {
    const file = path.resolve(explain.file);
    const isRule = analysis.model.uses.some((u) => u.key === 'rewriterule' && u.file === file && u.line.line + 1 === explain.line);
    const text = isRule ? explainRule(result.rewrite, file, explain.line) : `There is no RewriteRule at ${file}:${explain.line} in this configuration.`;
    result.explain = { file, line: explain.line, text };
  }
  return result;
}

/** "Name: value" as curl's -H takes it; undefined when there is no colon or no name. */
export function parseHeader(text: string): [string, string] | undefined {
  const colon = text.indexOf(':');
  if (colon <= 0) return undefined;
  const name = text.slice(0, colon).trim();
  return name ? [name, text.slice(colon + 1).trim()] : undefined;
}

/** A file:line for people: relative to `base` when inside it. */
export function placeOf(file: string | null, line: number | null, base: string): string {
  if (!file) return '';
  const rel = path.relative(base, file);
  const shown = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
  return line ? `${shown}:${line}` : shown;
}

/** The trace as text: the request, the steps with file:line, the sections, the outcome. */
export function renderTraceText(result: TraceResult, base: string, options: { effective?: boolean } = {}): string {
  const at = (file: string | null, line: number | null): string => {
    const p = placeOf(file, line, base);
    return p ? `  (${p})` : '';
  };
  const r = result.request;
  const lines: string[] = [`${r.method} ${r.url}  from ${r.clientAddress}`];
  const v = result.vhost;
  lines.push(v ? `virtual host: ${v.serverName ?? '(no ServerName)'} on ${v.address}${v.default ? ', the default for its address' : ''}${at(v.file, v.line)}` : 'virtual host: none, the main server answers');
  lines.push('', 'steps:');
  for (const s of result.steps) lines.push(`  ${s.phase.padEnd(11)} ${s.message}${at(s.file, s.line)}`);
  if (result.rewrite.length) {
    lines.push('', 'rewrite:');
    for (const s of result.rewrite) lines.push(`  ${describeStep(s)}${at(s.file, s.line)}`);
  }
  lines.push('', 'sections, in merge order:');
  if (!result.sections.length) lines.push('  none');
  for (const s of result.sections) lines.push(`  ${s.kind.padEnd(13)} ${s.argument}${at(s.file, s.line)}`);
  const o = result.outcome;
  lines.push('', `outcome: ${o.status} ${o.handler}${o.location ? ` -> ${o.location}` : ''}`);
  if (o.file) lines.push(`  file: ${o.file}${o.contentType ? ` (${o.contentType})` : ''}`);
  if (o.backend) lines.push(`  backend: ${o.backend}`);
  lines.push(`  cost: ${o.cost === 'heavy' ? 'heavy (an in-process interpreter holds the worker)' : 'light'}`);
  if (o.errorDocument) lines.push(`  error document: ${o.errorDocument.value}${at(o.errorDocument.file, o.errorDocument.line)}`);
  if (result.effective.length && !options.effective) {
    lines.push('', `effective configuration: ${result.effective.length} directives (--effective lists them)`);
  } else if (result.effective.length) {
    lines.push('', 'effective configuration:');
    for (const e of result.effective) lines.push(`  ${e.directive} ${e.value}${at(e.file, e.line)}`);
  }
  if (result.explain) lines.push('', `why (${placeOf(result.explain.file, result.explain.line, base)}): ${result.explain.text}`);
  if (result.unknown.length) {
    lines.push('', 'not decided statically:');
    for (const u of result.unknown) lines.push(`  - ${u}`);
  }
  return lines.join('\n');
}
