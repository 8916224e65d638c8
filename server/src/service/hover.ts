// Hover: what a directive does, its facts, and what it means in this tree (module loaded or
// not and where, effective values, included files, variable values).

import * as path from 'path';
import { getDirective, getModuleByIdentifier } from '../data';
import type { DirectiveInfo } from '../data/types';
import { activeUses, fileRuns, loadedModule, macroOfUse, mpmName, secondsValue, serverLevelUse, type ConfigModel, type DirectiveUse } from '../model';
import { isDebianLayout } from '../rules/lib/layout';
import { describeUnknownModules, notInKnowledgeBaseUnknownStateMessage, unknownLoadedModules } from '../rules/lib/unknown-modules';
import { describeLocation, isAvailable } from '../rules/lib/util';
import { headlineCapacity } from '../rules/lib/capacity-headline';
import { contextError } from '../rules/directive-context';
import { keywordHover } from './keywords';
import { rewriteRuleHover } from './rewrite-hover';
import * as md from './markdown';
import type { Analysis } from './analysis';
import { REMOVED_IN_24, deprecationOf } from '../data/vocabulary';
import { bracedNames } from '../parser';

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

/**
 * The long guide and the manual link. Sentences the summary already says are left out, so the
 * hover never reads the same thing twice.
 */
function directiveGuide(info: DirectiveInfo): string {
  let text = guides.get(info);
  if (text === undefined) guides.set(info, (text = makeGuide(info)));
  return text;
}

/** The guides made so far: the directive table does not change while the process runs. */
const guides = new WeakMap<DirectiveInfo, string>();

function makeGuide(info: DirectiveInfo): string {
  const guide = info.guide ? withoutRepeats(info.guide, info.description ?? '') : '';
  return [guide ? md.guide(guide) : '', info.url ? md.link(md.text(`Apache manual: ${info.name}`), info.url) : ''].filter(Boolean).join('\n\n');
}

/** Name, description, syntax and facts. */
function directiveSummary(info: DirectiveInfo): string {
  let text = summaries.get(info);
  if (text === undefined) summaries.set(info, (text = makeSummary(info)));
  return text;
}

const summaries = new WeakMap<DirectiveInfo, string>();

function makeSummary(info: DirectiveInfo): string {
  const parts: string[] = [];
  const title = info.isSection ? `<${info.name}>` : info.name;
  const deprecated = deprecationOf(info);
  parts.push(`**${md.text(title)}** — ${md.text(info.module)}${deprecated ? ' *(deprecated)*' : ''}`);
  if (info.description) parts.push(md.prose(info.description));
  if (deprecated) parts.push(`⚠ ${md.prose(deprecated.note)}${deprecated.successor ? ` Use ${md.code(deprecated.successor)}.` : ''}`);
  parts.push(md.codeBlock(info.syntax, 'apacheconf'));
  const facts: string[] = [];
  if (info.default) facts.push(`Default: ${md.code(info.default)}`);
  facts.push(`Context: ${md.text(info.contexts.join(', ') || 'unknown')}`);
  if (info.override.length) facts.push(`.htaccess: needs ${md.code(`AllowOverride ${info.override.join(' or ')}`)}`);
  else facts.push('.htaccess: not allowed');
  if (info.mpms?.length) facts.push(`MPMs: ${md.text(info.mpms.join(', '))}`);
  if (info.since) facts.push(`Since: httpd ${md.text(info.since)}`);
  parts.push(facts.map((f) => `- ${f}`).join('\n'));
  return parts.join('\n\n');
}

/** Drops the guide's sentences that also appear in the description. */
function withoutRepeats(guide: string, description: string): string {
  const said = new Set(sentences(description).map(normalise));
  if (!said.size) return guide;
  return guide
    .split('\n')
    .map((line) => (line.startsWith('```') ? line : sentences(line).filter((s) => !said.has(normalise(s))).join(' ')))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function sentences(text: string): string[] {
  return text.split(/(?<=[.!?])(?<!\b(?:e\.g|i\.e|vs)\.)\s+(?=[A-Z`*(])/).filter((s) => s.trim());
}

function normalise(sentence: string): string {
  return sentence.replace(/[`*_]/g, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

export function explainDirective(name: string): string | undefined {
  const info = getDirective(name.replace(/^<\/?|>$/g, ''));
  return info ? directiveDocs(info) : undefined;
}

/**
 * Answers one directive hover of the main file, on its name, and drops it: the first hover of a
 * session otherwise compiles this code on the user's request (a few ms). Keeps nothing else.
 */
export function prepareHover(analysis: Analysis): void {
  const model = analysis.model;
  const use = usesOf(model, model.mainFile).find((u) => getDirective(u.name)?.isSection === u.isSection);
  if (use) hoverAt(model, use.file, use.line.name.start);
}

/** Kinds of directive prepared at most per file: a long main configuration can use a hundred or more, each a fraction of a millisecond. */
const PREPARED_KINDS = 40;

/**
 * Answers a hover on the name of each kind of directive of a file (its first use) and drops the
 * texts: the first hover on each kind compiled the code of its facts (effective value, module,
 * context) on the user's request. Keeps nothing but the file's list of uses for this analysis.
 * Returns where the file's first directive name is (undefined: none).
 */
export function prepareFileHovers(analysis: Analysis, file: string): number | undefined {
  const model = analysis.model;
  const uses = usesOf(model, file);
  const seen = new Set<string>();
  for (const use of uses) {
    if (seen.has(use.key)) continue;
    if (seen.size >= PREPARED_KINDS) break;
    seen.add(use.key);
    const info = getDirective(use.name);
    if (info && info.isSection === use.isSection) directiveHover(model, use, info, true);
  }
  return uses[0]?.line.name.start;
}

/** Hover at an offset of a file of the model. */
export function hoverAt(model: ConfigModel, file: string, offset: number, note?: string): HoverResult | undefined {
  const use = usesOf(model, file).find((u) => offset >= u.line.contentStart && offset <= u.line.contentEnd);
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
    if (use.key === 'use' && wordIndex === 0) {
      const word = use.words[0];
      return { markdown: macroHover(model, use), start: word.start, end: word.end };
    }
    if (use.key === 'rewriterule' && wordIndex === 0) {
      const flags = use.words[2] ? keywordHover(use.key, use.words[2].value, 2) : undefined;
      return { markdown: rewriteRuleHover(use, flags), start: use.words[0].start, end: use.words[0].end };
    }
    const keyword = keywordHover(use.key, use.words[wordIndex].value, wordIndex, use.args);
    if (keyword) return { markdown: keyword, start: use.words[wordIndex].start, end: use.words[wordIndex].end };
  }
  const onName = offset >= nameStart && offset <= use.line.name.end;
  if (!onName && wordIndex === -1) return undefined;
  const info = getDirective(use.name);
  const start = nameStart;
  const end = use.line.name.end;
  if (!info || info.isSection !== use.isSection) {
    const shown = use.isSection ? '<' + use.name + '>' : use.name;
    const removed = use.isSection ? undefined : REMOVED_IN_24[use.key];
    if (removed) return { markdown: `**${md.text(shown)}** was removed in httpd 2.4: ${md.prose(removed)}`, start, end };
    const unknownModules = unknownLoadedModules(model);
    if (unknownModules.length) return { markdown: `**${md.text(shown)}** is not in the knowledge base; ${md.text(describeUnknownModules(model, unknownModules))} and may define it.`, start, end };
    if (!model.moduleStateKnown) return { markdown: md.text(notInKnowledgeBaseUnknownStateMessage(shown)), start, end };
    return { markdown: `${md.code(shown)} is not a directive httpd 2.4 or a known module defines.`, start, end };
  }
  return { markdown: note ? directiveHover(model, use, info, onName, note) : keptDirectiveHover(model, use, info, onName), start, end };
}

function directiveHover(model: ConfigModel, use: DirectiveUse, info: DirectiveInfo, onName: boolean, note?: string): string {
  // What it means here comes first; the long guide only on the name, not on every value.
  const parts = [directiveSummary(info), treeFacts(model, use, info)];
  if (note) parts.push(`*This file is ${md.text(note)}.*`);
  if (onName) parts.push(directiveGuide(info));
  else if (info.url) parts.push(md.link(md.text(`More: Apache manual, ${info.name}`), info.url));
  return parts.filter(Boolean).join('\n\n---\n\n');
}

/**
 * The last directive hovers of each analysis, by use (on its name, on a value): the editor asks
 * again each time the pointer moves within a word, and the text depends only on the analysis.
 */
const directiveHovers = new WeakMap<ConfigModel, Map<DirectiveUse, { name?: string; value?: string }>>();
const DIRECTIVE_HOVERS_KEPT = 256;

function keptDirectiveHover(model: ConfigModel, use: DirectiveUse, info: DirectiveInfo, onName: boolean): string {
  let byUse = directiveHovers.get(model);
  if (!byUse) directiveHovers.set(model, (byUse = new Map()));
  let kept = byUse.get(use);
  if (!kept) {
    if (byUse.size >= DIRECTIVE_HOVERS_KEPT) byUse.delete(byUse.keys().next().value as DirectiveUse);
    byUse.set(use, (kept = {}));
  }
  if (onName) return (kept.name ??= directiveHover(model, use, info, true));
  return (kept.value ??= directiveHover(model, use, info, false));
}

/**
 * A file's uses in tree order, found once per analysis and file (hovers come many to one
 * analysis) from the model's runs of uses per file, which the rules have cut already: a look at
 * each run's first use instead of a pass over every use of the tree.
 */
const usesByModel = new WeakMap<ConfigModel, Map<string, DirectiveUse[]>>();

function usesOf(model: ConfigModel, file: string): DirectiveUse[] {
  let byFile = usesByModel.get(model);
  if (!byFile) usesByModel.set(model, (byFile = new Map()));
  let uses = byFile.get(file);
  if (!uses) {
    uses = [];
    for (const run of fileRuns(model)) if (run[0].file === file) for (let i = 0; i < run.length; i++) uses.push(run[i]);
    byFile.set(file, uses);
  }
  return uses;
}

function treeFacts(model: ConfigModel, use: DirectiveUse, info: DirectiveInfo): string {
  const lines: string[] = [];
  if (!use.active) lines.push(`⚪ Inactive: ${md.text(use.inactiveReason ?? 'inside a block httpd skips')}`);
  const here = CONTEXT_OF_SCOPE[use.scope] ?? use.scope;
  const contextProblem = contextError(use, info);
  lines.push(contextProblem ? `✗ Not allowed here (${md.text(here)}): ${md.text(contextProblem)}` : `✓ Allowed here (${md.text(here)})`);
  lines.push(moduleLine(model, info));
  const effective = effectiveLine(model, use, info);
  if (effective) lines.push(effective);
  if (use.key === 'serverroot' && model.serverRootOnServer) lines.push(`Read here from ${md.code(model.serverRoot)}`);
  if (use.key === 'serverroot' || use.key === 'loadmodule') {
    const mapping = mappingLine(model);
    if (mapping) lines.push(mapping);
  }
  return lines.map((l) => `- ${l}`).join('\n');
}

/** "file:line" of the tree as a link that opens the file at that line. */
function at(model: ConfigModel, where: { file: string; line: number } | undefined): string {
  if (!where) return 'compiled in';
  return md.fileLink(describeLocation(model, where), where.file, where.line);
}

function moduleLine(model: ConfigModel, info: DirectiveInfo): string {
  const provider = info.providedBy.find((p) => p.identifier && loadedModule(model.modules, p.identifier));
  if (info.providedBy.some((p) => p.identifier === null)) return 'Module: core, always available';
  if (provider?.identifier) {
    const loaded = loadedModule(model.modules, provider.identifier)!;
    return `Module: ${md.text(provider.module)} (${md.code(provider.identifier)}) is loaded${loaded.isStatic ? ' (compiled in)' : ` at ${at(model, loaded.where)}`}`;
  }
  const modules = md.text(info.providedBy.map((p) => p.module).join(' or '));
  if (!model.moduleStateKnown) return `Module: ${modules} (loaded modules unknown here)`;
  if (isAvailable(model, info)) return `Module: ${md.text(info.module)}`;
  const first = info.providedBy[0];
  const module = first?.identifier ? getModuleByIdentifier(first.identifier) : undefined;
  const how = isDebianLayout(model) && module?.debianName
    ? md.code(`a2enmod ${module.debianName}`)
    : md.code(`LoadModule ${first?.identifier} modules/${module?.soFile ?? '…'}`);
  if (info.mpms?.length) return `Module: only under the ${md.text(info.mpms.join('/'))} MPM; this server runs ${md.text(mpmName(model) ?? 'no MPM')}`;
  const pkg = module?.debianPackage ? ` (Debian package ${md.code(module.debianPackage)})` : '';
  return `Module: ${modules} is **not loaded** — enable it with ${how}${pkg}`;
}

const KEEPALIVE_FAMILY = new Set(['keepalive', 'keepalivetimeout', 'maxkeepaliverequests']);

/** " = 15 s" when httpd reads a written duration differently from how it looks ("15s", "+15", "500ms"). */
function readAs(name: string, value: string | undefined): string {
  if (value === undefined || name !== 'KeepAliveTimeout' || /^\d+$/.test(value)) return '';
  const seconds = secondsValue(name, value);
  return seconds === undefined ? ' (refused by httpd)' : ` (= ${seconds} s)`;
}

/**
 * Directives whose every use adds to the others instead of replacing them, although each takes
 * a single argument: a later one never "overrides" an earlier one.
 */
const ACCUMULATING = new Set([
  'include', 'includeoptional', 'undefine', 'undefmacro', 'substitute', 'transferlog', 'mdcertificatefile',
  'mdcertificatekeyfile', 'sslcertificatefile', 'sslcertificatekeyfile', 'namevirtualhost', 'cachedisable',
  'inputsed', 'outputsed', 'luapackagepath', 'luapackagecpath', 'loadfile',
]);

/** True when a later server-wide use replaces an earlier one (single-value directives). */
export function replacesEarlierUses(info: DirectiveInfo): boolean {
  if (info.isSection || ACCUMULATING.has(info.name.toLowerCase())) return false;
  return info.args.how === 'TAKE1' || info.args.how === 'FLAG';
}

/** On prefork with keep-alive: the capacity model's visitor rate now and with a 2 s timeout. */
function capacityNote(model: ConfigModel): string {
  if (model.mpm !== 'prefork') return '';
  const keepAlive = serverLevelUse(model, 'KeepAlive');
  if (keepAlive && !/^on$/i.test(keepAlive.args[0] ?? '')) return '';
  const set = serverLevelUse(model, 'KeepAliveTimeout');
  const seconds = set ? secondsValue('KeepAliveTimeout', set.args[0] ?? '') : 5;
  const headline = seconds === undefined ? undefined : headlineCapacity(model, seconds, 2);
  if (!headline) return '';
  return `\n- Capacity: the ${headline.workers} workers fill at ~${headline.now} new visitors/s with this timeout, ~${headline.fixed} with ${headline.fixedSeconds} s (default visitor; ${md.code('httpd-lint capacity')} for yours)`;
}

function effectiveLine(model: ConfigModel, use: DirectiveUse, info: DirectiveInfo): string | undefined {
  if (KEEPALIVE_FAMILY.has(use.key)) {
    const parts = ['KeepAlive', 'KeepAliveTimeout', 'MaxKeepAliveRequests'].map((name) => {
      const set = serverLevelUse(model, name);
      const fallback = getDirective(name)?.default?.replace(new RegExp(`^${name}\\s+`, 'i'), '') ?? '?';
      const where = set ? at(model, { file: set.file, line: set.line.line }) : 'default';
      return `${name} ${md.code(set ? set.args.join(' ') : fallback)}${readAs(name, set?.args[0])} (${where})`;
    });
    const languages = model.languageModules.length ? ` with ${md.text(model.languageModules.map((l) => l.label).join(', '))}` : '';
    return `Effective server-wide: ${parts.join(' · ')}; MPM ${md.text(model.mpm ?? 'unknown')}${languages}${capacityNote(model)}`;
  }
  if (info.isSection) return undefined;
  if (use.key === 'timeout' && use.args[0] !== undefined && !/^\d+$/.test(use.args[0])) {
    return `httpd reads this as ${secondsValue('TimeOut', use.args[0])} s (it takes the leading digits only)`;
  }
  // Only a server-wide use has server-wide rivals; asking the tree's uses of the name for one inside
  // a section would gather a list (once per analysis and name) for nothing.
  if (use.parents.length !== 0 || !replacesEarlierUses(info)) return undefined;
  const uses = activeUses(model, use.name).filter((u) => u.parents.length === 0 && u.scope === 'server');
  if (uses.length > 1) {
    const last = uses[uses.length - 1];
    return last === use
      ? `This server-wide value wins over ${uses.length - 1} earlier one${uses.length > 2 ? 's' : ''}`
      : `Overridden by ${at(model, { file: last.file, line: last.line.line })}`;
  }
  return undefined;
}

/** The macro a Use names: its parameters and where it is defined, or why it is not. */
function macroHover(model: ConfigModel, use: DirectiveUse): string {
  const macro = macroOfUse(model, use);
  const name = use.args[0] ?? '';
  if (!macro) return `No macro ${md.code(name)} is defined in this tree: httpd refuses this Use.`;
  const params = macro.params.length ? macro.params.map((p) => md.code(p)).join(', ') : 'no parameters';
  const count = macro.params.length === 1 ? '1 value' : `${macro.params.length} values`;
  const lines = [`**Macro ${md.text(macro.name)}** (${params}), defined at ${at(model, macro.where)}: this Use takes ${count} and reads the body here, each parameter replaced by its value.`];
  if (!macro.uses.includes(use)) lines.push('It is not expanded here (see the finding on this line, if any).');
  return lines.join('\n\n');
}

function includeHover(model: ConfigModel, use: DirectiveUse): string {
  const edge = model.includes.find((e) => e.use === use);
  if (!edge) return `${md.code(use.args[0] ?? '')} (not followed: inside an inactive block)`;
  const shown = edge.files.slice(0, 30).map((f) => `- ${md.fileLink(path.relative(model.serverRoot, f) || f, f)}`);
  const more = edge.files.length > 30 ? `\n- … and ${edge.files.length - 30} more` : '';
  const header = `**${md.text(use.name)}** ${md.code(edge.pattern)} — ${edge.files.length} file${edge.files.length === 1 ? '' : 's'} (relative to ServerRoot ${md.code(model.serverRoot)})`;
  const accumulates = 'Every Include adds its files where it stands; a later Include never replaces an earlier one.';
  return [header, mappingLine(model), edge.error ? `✗ ${md.text(edge.error)}` : '', shown.join('\n') + more, accumulates].filter(Boolean).join('\n\n');
}

/** Which server paths are read from elsewhere (a repository checkout), and why. */
export function mappingLine(model: ConfigModel): string {
  if (!model.pathMappings.length) return '';
  const rows = model.pathMappings.map((m) => {
    const why = m.origin === 'inferred' ? `inferred from ${m.where ? describeLocation(model, m.where) : 'the tree'}` : 'from the apache.pathMappings setting';
    return `${md.code(m.from)} → ${md.code(m.to)} (${why})`;
  });
  return `Path mapping in force: ${rows.join(', ')}`;
}

function variableAt(model: ConfigModel, use: DirectiveUse, offset: number): HoverResult | undefined {
  for (const word of use.words) {
    if (offset < word.start || offset > word.end) continue;
    const parsed = model.parsed.get(use.file);
    if (!parsed) return undefined;
    const raw = parsed.text.slice(word.start, word.end);
    for (const v of bracedNames(raw, '${')) {
      const start = word.start + v.start;
      const end = word.start + v.end;
      if (offset < start || offset > end) continue;
      return { markdown: variableHover(model, v.name), start, end };
    }
  }
  return undefined;
}

/** Where a ${NAME} gets its value, in the order httpd (and our model) looks. */
function variableHover(model: ConfigModel, name: string): string {
  const shown = md.code(`\${${name}}`);
  const define = model.defines.get(name);
  if (define) {
    const where = define.where ? ` (Define at ${at(model, define.where)})` : ' (from -D or settings)';
    return `${shown} = ${md.code(define.value)}${where}`;
  }
  const source = model.variableSources?.get(name);
  if (source) {
    const from = source.file ? `set by ${md.fileLink(describeLocation(model, { file: source.file, line: source.line ?? 0 }), source.file, source.line)}` : md.text(source.from);
    return `${shown} = ${md.code(source.value)} (${from})`;
  }
  return `${shown} is not defined: no Define, no -D, nothing in envvars or the environment. httpd then keeps the text literally.`;
}
