// Inlay hints: the value a ${VAR} has where it is used (the Define in force at that point, else
// envvars or the environment), the seconds a duration with a unit means to httpd, and (off by
// default) the value that wins over a directive set again later for the same section.

import * as path from 'path';
import { getDirective } from '../data';
import { secondsValue } from '../data/numbers';
import type { ConfigModel, DirectiveUse } from '../model';
import { getRule, type AnalysisSettings } from '../rules';
import { bracedNames } from '../parser';

export interface InlayHintOptions {
  variables: boolean;
  durations: boolean;
  overridden: boolean;
}

export const DEFAULT_INLAY_HINTS: InlayHintOptions = { variables: true, durations: true, overridden: false };

export interface InlayHintItem {
  /** Where the hint is shown (after this offset's character). */
  offset: number;
  label: string;
  tooltip?: string;
  kind: 'value' | 'duration' | 'overridden';
}

const MAX_LABEL = 48;

export function inlayHints(model: ConfigModel, file: string, start: number, end: number, options: InlayHintOptions, settings: AnalysisSettings): InlayHintItem[] {
  const hints: InlayHintItem[] = [];
  const inRange = model.uses.filter((u) => u.file === file && u.line.contentEnd >= start && u.line.start <= end);
  if (options.variables) hints.push(...variableHints(model, inRange));
  if (options.durations) hints.push(...durationHints(inRange));
  if (options.overridden) hints.push(...overriddenHints(model, file, start, end, settings));
  return hints.sort((a, b) => a.offset - b.offset);
}

function variableHints(model: ConfigModel, uses: DirectiveUse[]): InlayHintItem[] {
  if (!uses.some((u) => u.words.some((w) => w.value.includes('${')) || u.line.name.value.includes('${'))) return [];
  // Define/UnDefine in read order, per name: the one in force is the last before the use.
  const events = new Map<string, { index: number; value: string | undefined; where: DirectiveUse }[]>();
  for (const u of model.uses) {
    if (!u.active || (u.key !== 'define' && u.key !== 'undefine') || !u.args[0]) continue;
    const list = events.get(u.args[0]) ?? [];
    list.push({ index: u.index, value: u.key === 'define' ? u.args[1] ?? '' : undefined, where: u });
    events.set(u.args[0], list);
  }
  const text = model.parsed.get(uses[0].file)?.text ?? '';
  const out: InlayHintItem[] = [];
  for (const use of uses) {
    for (const word of [use.line.name, ...use.words]) {
      const raw = text.slice(word.start, word.end);
      for (const { name, end } of bracedNames(raw, '${')) {
        const inForce = [...(events.get(name) ?? [])].reverse().find((e) => e.index < use.index);
        let value: string | undefined;
        let from: string | undefined;
        if (inForce) {
          if (inForce.value === undefined) continue; // undefined again by UnDefine: httpd keeps the literal
          value = inForce.value;
          from = `Define at ${where(model, inForce.where.file, inForce.where.line.line)}`;
        } else {
          const source = model.variableSources?.get(name);
          if (!source) continue;
          value = source.value;
          from = source.file ? `${source.from} (${where(model, source.file, source.line ?? 0)})` : source.from;
        }
        out.push({ offset: word.start + end, label: `= ${shorten(value)}`, tooltip: `${name} is ${JSON.stringify(value)} here: ${from}.`, kind: 'value' });
      }
    }
  }
  return out;
}

function durationHints(uses: DirectiveUse[]): InlayHintItem[] {
  const out: InlayHintItem[] = [];
  for (const use of uses) {
    const info = getDirective(use.key);
    if (!info || info.isSection) continue;
    const types = info.args.types ?? [];
    use.words.forEach((word, i) => {
      const type = types[Math.min(i, types.length - 1)];
      const isDuration = type?.kind === 'duration';
      // A number followed by a unit: what httpd makes of it, seconds (an atoi directive drops the unit).
      if (!/^\d+[A-Za-z]+$/.test(word.value) || (!isDuration && !(info.source !== 'third-party' && info.args.how === 'TAKE1' && (!type || type.kind === 'cint') && /timeout|seconds|delay|ttl/i.test(info.name)))) return;
      const seconds = secondsValue(info.name, word.value);
      if (seconds === undefined) return;
      const label = `= ${formatSeconds(seconds)}`;
      const tooltip = isDuration ? `${info.name} ${word.value} is ${formatSeconds(seconds)}.` : `${info.name} reads a plain number: httpd ignores the unit and takes ${formatSeconds(seconds)}.`;
      out.push({ offset: word.end, label, tooltip, kind: 'duration' });
    });
  }
  return out;
}

function overriddenHints(model: ConfigModel, file: string, start: number, end: number, settings: AnalysisSettings): InlayHintItem[] {
  const rule = getRule('directive-overridden');
  if (!rule) return [];
  const out: InlayHintItem[] = [];
  try {
    rule.check({
      model,
      settings,
      report(finding) {
        if (finding.file !== file || finding.end < start || finding.start > end) return;
        const winner = finding.related?.[0];
        if (!winner) return;
        const use = model.uses.find((u) => u.file === winner.file && u.line.line === winner.line);
        if (!use) return;
        const value = use.args.join(' ');
        out.push({ offset: finding.end, label: `→ ${shorten(value)}`, tooltip: `In effect: ${use.name} ${value} (${where(model, use.file, use.line.line)}), set later for the same section.`, kind: 'overridden' });
      },
    });
  } catch {
    return [];
  }
  return out;
}

function formatSeconds(seconds: number): string {
  return `${Number.isInteger(seconds) ? seconds : Number(seconds.toPrecision(6))} s`;
}

function shorten(value: string): string {
  return value.length > MAX_LABEL ? `${value.slice(0, MAX_LABEL - 1)}…` : value;
}

function where(model: ConfigModel, file: string, line: number): string {
  const rel = path.relative(model.serverRoot, file);
  return `${rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file}:${line + 1}`;
}
