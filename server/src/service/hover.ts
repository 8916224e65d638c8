// Hover: what a directive does, its facts, and what it means in this tree (module loaded or
// not and where, effective values, included files, variable values).

import * as path from 'path';
import { getDirective, getModuleByIdentifier } from '../data';
import type { DirectiveInfo } from '../data/types';
import { activeUses, secondsValue, serverLevelUse, type ConfigModel, type DirectiveUse } from '../model';
import { isDebianLayout } from '../rules/module-not-loaded';
import { notInKnowledgeBaseMessage, unknownLoadedModules } from '../rules/unknown-modules';
import { describeLocation, isAvailable } from '../rules/util';
import { contextError } from '../rules/directive-context';
import { keywordHover } from './keywords';

export interface HoverResult {
  markdown: string;
  start: number;
  end: number;
}

const CONTEXT_OF_SCOPE: Record<string, string> = {
  server: 'server config',
  vhost: 'virtual host',
  directory: 'directory',
  htaccess: '.htaccess',
};

/** Markdown for a directive, independent of any tree (also `httpd-lint explain`). */
export function directiveDocs(info: DirectiveInfo): string {
  return [directiveSummary(info), directiveGuide(info)].filter(Boolean).join('\n\n');
}

/** The long guide and the manual link, shown after the facts. */
function directiveGuide(info: DirectiveInfo): string {
  return [info.guide, info.url ? `[Apache manual: ${info.name}](${info.url})` : ''].filter(Boolean).join('\n\n');
}

/** Name, description, syntax and facts. */
function directiveSummary(info: DirectiveInfo): string {
  const parts: string[] = [];
  const title = info.isSection ? `<${info.name}>` : info.name;
  parts.push(`**${title}** — ${info.module}${info.deprecated ? ' *(deprecated)*' : ''}`);
  if (info.description) parts.push(info.description);
  if (info.deprecated) parts.push(`⚠ ${info.deprecated.note}${info.deprecated.successor ? ` Use \`${info.deprecated.successor}\`.` : ''}`);
  parts.push('```apacheconf\n' + info.syntax + '\n```');
  const facts: string[] = [];
  if (info.default) facts.push(`Default: \`${info.default}\``);
  facts.push(`Context: ${info.contexts.join(', ') || 'unknown'}`);
  if (info.override.length) facts.push(`.htaccess: needs \`AllowOverride ${info.override.join(' or ')}\``);
  else facts.push('.htaccess: not allowed');
  if (info.mpms?.length) facts.push(`MPMs: ${info.mpms.join(', ')}`);
  if (info.since) facts.push(`Since: httpd ${info.since}`);
  parts.push(facts.map((f) => `- ${f}`).join('\n'));
  return parts.join('\n\n');
}

export function explainDirective(name: string): string | undefined {
  const info = getDirective(name.replace(/^<\/?|>$/g, ''));
  return info ? directiveDocs(info) : undefined;
}

/** Hover at an offset of a file of the model. */
export function hoverAt(model: ConfigModel, file: string, offset: number, note?: string): HoverResult | undefined {
  const use = model.uses.find((u) => u.file === file && offset >= u.line.contentStart && offset <= u.line.contentEnd);
  if (!use) return undefined;
  const nameStart = use.isSection ? use.line.name.start - 1 : use.line.name.start;
  const variable = variableAt(model, use, offset);
  if (variable) return variable;
  const wordIndex = use.words.findIndex((w) => offset >= w.start && offset <= w.end);
  if (wordIndex !== -1) {
    if (use.key === 'include' || use.key === 'includeoptional') {
      const word = use.words[wordIndex];
      return { markdown: includeHover(model, use), start: word.start, end: word.end };
    }
    const keyword = keywordHover(use.key, use.words[wordIndex].value, wordIndex);
    if (keyword) return { markdown: keyword, start: use.words[wordIndex].start, end: use.words[wordIndex].end };
  }
  if (offset < nameStart || offset > use.line.name.end) {
    if (wordIndex === -1) return undefined;
  }
  const info = getDirective(use.name);
  const start = nameStart;
  const end = use.line.name.end;
  if (!info || info.isSection !== use.isSection) {
    const shown = use.isSection ? '<' + use.name + '>' : use.name;
    const unknownModules = unknownLoadedModules(model);
    if (unknownModules.length) return { markdown: notInKnowledgeBaseMessage(model, `**${shown}**`, unknownModules), start, end };
    return { markdown: `**${shown}** is not a directive httpd 2.4 or a known module defines.`, start, end };
  }
  // What it means here comes before the long guide, so it is visible without scrolling.
  const parts = [directiveSummary(info), treeFacts(model, use, info)];
  if (note) parts.push(`*This file is ${note}.*`);
  parts.push(directiveGuide(info));
  return { markdown: parts.filter(Boolean).join('\n\n---\n\n'), start, end };
}

function treeFacts(model: ConfigModel, use: DirectiveUse, info: DirectiveInfo): string {
  const lines: string[] = [];
  if (!use.active) lines.push(`⚪ Inactive: ${use.inactiveReason ?? 'inside a block httpd skips'}`);
  const here = CONTEXT_OF_SCOPE[use.scope] ?? use.scope;
  const contextProblem = contextError(use, info);
  lines.push(contextProblem ? `✗ Not allowed here (${here}): ${contextProblem}` : `✓ Allowed here (${here})`);
  lines.push(moduleLine(model, info));
  const effective = effectiveLine(model, use, info);
  if (effective) lines.push(effective);
  return lines.map((l) => `- ${l}`).join('\n');
}

function moduleLine(model: ConfigModel, info: DirectiveInfo): string {
  const provider = info.providedBy.find((p) => p.identifier && model.modules.has(p.identifier));
  if (info.providedBy.some((p) => p.identifier === null)) return 'Module: core, always available';
  if (provider?.identifier) {
    const loaded = model.modules.get(provider.identifier)!;
    return `Module: ${provider.module} (\`${provider.identifier}\`) is loaded${loaded.isStatic ? ' (compiled in)' : ` at ${describeLocation(model, loaded.where)}`}`;
  }
  if (!model.moduleStateKnown) return `Module: ${info.providedBy.map((p) => p.module).join(' or ')} (loaded modules unknown here)`;
  if (isAvailable(model, info)) return `Module: ${info.module}`;
  const first = info.providedBy[0];
  const module = first?.identifier ? getModuleByIdentifier(first.identifier) : undefined;
  const how = isDebianLayout(model) && module?.debianName
    ? `\`a2enmod ${module.debianName}\``
    : `\`LoadModule ${first?.identifier} modules/${module?.soFile ?? '…'}\``;
  if (info.mpms?.length) return `Module: only under the ${info.mpms.join('/')} MPM; this server runs ${model.mpm ?? 'no MPM'}`;
  return `Module: ${info.providedBy.map((p) => p.module).join(' or ')} is **not loaded** — enable it with ${how}`;
}

const KEEPALIVE_FAMILY = new Set(['keepalive', 'keepalivetimeout', 'maxkeepaliverequests']);

/** " = 15 s" when httpd reads a written duration differently from how it looks ("15s", "+15", "500ms"). */
function readAs(name: string, value: string | undefined): string {
  if (value === undefined || name !== 'KeepAliveTimeout' || /^\d+$/.test(value)) return '';
  const seconds = secondsValue(name, value);
  return seconds === undefined ? ' (refused by httpd)' : ` (= ${seconds} s)`;
}

function effectiveLine(model: ConfigModel, use: DirectiveUse, info: DirectiveInfo): string | undefined {
  if (KEEPALIVE_FAMILY.has(use.key)) {
    const parts = ['KeepAlive', 'KeepAliveTimeout', 'MaxKeepAliveRequests'].map((name) => {
      const set = serverLevelUse(model, name);
      const fallback = getDirective(name)?.default?.replace(new RegExp(`^${name}\\s+`, 'i'), '') ?? '?';
      const where = set ? describeLocation(model, { file: set.file, line: set.line.line }) : 'default';
      return `${name} ${set ? set.args.join(' ') : fallback}${readAs(name, set?.args[0])} (${where})`;
    });
    return `Effective server-wide: ${parts.join(' · ')}; MPM ${model.mpm ?? 'unknown'}${model.languageModules.length ? ` with ${model.languageModules.map((l) => l.label).join(', ')}` : ''}`;
  }
  if (info.isSection) return undefined;
  if (use.key === 'timeout' && use.args[0] !== undefined && !/^\d+$/.test(use.args[0])) {
    return `httpd reads this as ${secondsValue('TimeOut', use.args[0])} s (it takes the leading digits only)`;
  }
  const uses = activeUses(model, use.name).filter((u) => u.parents.length === 0 && u.scope === 'server');
  if (uses.length > 1 && use.parents.length === 0) {
    const last = uses[uses.length - 1];
    return last === use
      ? `This server-wide value wins over ${uses.length - 1} earlier one${uses.length > 2 ? 's' : ''}`
      : `Overridden by ${describeLocation(model, { file: last.file, line: last.line.line })}`;
  }
  return undefined;
}

function includeHover(model: ConfigModel, use: DirectiveUse): string {
  const edge = model.includes.find((e) => e.use === use);
  if (!edge) return `\`${use.args[0] ?? ''}\` (not followed: inside an inactive block)`;
  const shown = edge.files.slice(0, 30).map((f) => `- ${path.relative(model.serverRoot, f) || f}`);
  const more = edge.files.length > 30 ? `\n- … and ${edge.files.length - 30} more` : '';
  const header = `**${use.name}** \`${edge.pattern}\` — ${edge.files.length} file${edge.files.length === 1 ? '' : 's'} (relative to ServerRoot \`${model.serverRoot}\`)`;
  return [header, edge.error ? `✗ ${edge.error}` : '', shown.join('\n') + more].filter(Boolean).join('\n\n');
}

function variableAt(model: ConfigModel, use: DirectiveUse, offset: number): HoverResult | undefined {
  for (const word of use.words) {
    if (offset < word.start || offset > word.end) continue;
    const parsed = model.parsed.get(use.file);
    if (!parsed) return undefined;
    const raw = parsed.text.slice(word.start, word.end);
    const pattern = /\$\{([^}]*)\}/g;
    let m: RegExpExecArray | null;
    while ((m = pattern.exec(raw))) {
      const start = word.start + m.index;
      const end = start + m[0].length;
      if (offset < start || offset > end) continue;
      const name = m[1];
      const define = model.defines.get(name);
      const where = define?.where ? ` (Define at ${describeLocation(model, define.where)})` : define ? ' (from -D or settings)' : '';
      const text = define
        ? `\`\${${name}}\` = \`${define.value}\`${where}`
        : `\`\${${name}}\` is not defined by a Define; httpd then looks in its environment (Debian: envvars) and otherwise keeps the text literally.`;
      return { markdown: text, start, end };
    }
  }
  return undefined;
}
