// A known directive whose module is not loaded: httpd cannot tell this from a typo and says
// "Invalid command"; we can say which module to enable.

import * as path from 'path';
import { allModules, getModuleByIdentifier } from '../data';
import type { DirectiveInfo } from '../data/types';
import { isMpmModule, type ConfigModel, type DirectiveUse, type SectionUse } from '../model';
import type { CodeFix, FixContext, Finding, Rule } from './lib/types';
import { useAtFinding } from './lib/edits';
import { describeLocation, directiveInfo, isAvailable, nameSpan } from './lib/util';
import { gatheredOnce, runSlot } from '../model';
import { absentIncludeFolder, isDebianLayout } from './lib/layout';

/** The active uses of a run whose directive no loaded module provides (the module set is the slot's extra). */
const unavailable = runSlot((run, model) =>
  run.filter((use) => {
    if (!use.active) return false;
    const info = directiveInfo(use);
    return !!info && !isAvailable(model, info);
  }),
);

/** What `unavailable` reads of the model: the loaded modules. */
function moduleSet(model: ConfigModel): string {
  return [...model.modules.keys()].join(' ');
}

export const moduleNotLoaded: Rule = {
  id: 'module-not-loaded',
  category: 'modules',
  defaultSeverity: 'error',
  summary: 'A directive of a module that is not loaded, which httpd rejects as an invalid command.',
  check(ctx) {
    const model = ctx.model;
    if (!model.moduleStateKnown) return;
    // One cause, one error: the first use of a missing module (the line httpd stops at) carries
    // the error with the others as related locations; every other use is only a hint.
    const groups = new Map<string, { info: DirectiveInfo; provider: Provider | undefined; uses: DirectiveUse[] }>();
    // Without an MPM httpd stops at AH00534 (no-mpm); the MPM's own directives are no separate problem.
    const noMpm = model.mpmModules.length === 0;
    for (const use of gatheredOnce(model, unavailable, moduleSet(model))) {
      const info = directiveInfo(use)!;
      if (noMpm && info.providedBy.every((p) => p.identifier && isMpmModule(p.identifier))) continue;
      const provider = preferredProvider(info);
      const root = model.detachedFiles.includes(use.file) ? use.file : '';
      const key = `${root}\0${provider?.identifier ?? info.name}`;
      const group = groups.get(key) ?? { info, provider, uses: [] };
      group.uses.push(use);
      groups.set(key, group);
    }
    for (const { info, provider, uses } of groups.values()) {
      const [first, ...rest] = uses;
      const data = { identifier: provider?.identifier, module: provider?.module, debianName: provider?.debianName };
      ctx.report({
        ...nameSpan(first),
        message: firstUseMessage(model, first, info, provider, uses.length),
        related: rest.slice(0, MAX_RELATED).map((u) => ({ ...nameSpan(u), message: `${shownName(u)} also needs ${provider?.module ?? 'the module'}` })),
        data: { ...data, first: true },
      });
      for (const use of rest) {
        ctx.report({
          ...nameSpan(use),
          severity: 'hint',
          message: `${shownName(use)} needs ${provider?.module ?? info.module}, which is not loaded (reported once, at ${describeLocation(model, { file: first.file, line: first.line.line })}).`,
          data,
        });
      }
    }
  },
  fixes(finding, ctx) {
    return moduleFixes(finding, ctx);
  },
};

const MAX_RELATED = 50;

function shownName(use: DirectiveUse): string {
  return use.isSection ? `<${use.name}>` : use.name;
}

interface Provider {
  module: string;
  identifier: string;
  debianName: string | null;
  soFile: string | null;
}

function preferredProvider(info: DirectiveInfo): Provider | undefined {
  const candidates = info.providedBy.filter((p) => p.identifier);
  // For MPM directives name the MPM that is not running, but prefer a non-MPM module otherwise.
  const chosen = candidates[0];
  if (!chosen?.identifier) return undefined;
  const module = getModuleByIdentifier(chosen.identifier);
  return { module: chosen.module, identifier: chosen.identifier, debianName: module?.debianName ?? null, soFile: module?.soFile ?? null };
}

/** One sentence of the problem, one of the way out; at most 160 characters. */
function firstUseMessage(model: ConfigModel, use: DirectiveUse, info: DirectiveInfo, provider: Provider | undefined, count: number): string {
  const shown = use.isSection ? `<${use.name}` : use.name;
  const uses = count > 1 ? ` (${count} uses)` : '';
  if (!provider) return `Invalid command '${shown}': ${info.name} is not available in this server${uses}.`;
  if (info.mpms && info.mpms.length && model.mpm) {
    return `Invalid command '${shown}': it only exists under the ${info.mpms.join('/')} MPM and this server runs ${model.mpm}${uses}.`;
  }
  const problem = `Invalid command '${shown}': ${provider.module} is not loaded${uses}.`;
  const absent = absentIncludeFolder(model);
  if (absent) return `${problem} ${absent.folder}/, which would load modules, is not in this tree (${describeLocation(model, absent)}).`;
  const ways = isDebianLayout(model) && provider.debianName
    ? [` Enable it with a2enmod ${provider.debianName}.`]
    : [` Load it: LoadModule ${provider.identifier} modules/${provider.soFile ?? '…'}`, ` Load it with LoadModule ${provider.identifier}.`];
  return problem + (ways.find((w) => problem.length + w.length <= 160) ?? '');
}

function moduleFixes(finding: Finding, ctx: FixContext): CodeFix[] {
  const identifier = finding.data?.identifier as string | undefined;
  if (!identifier) return [];
  const use = useAtFinding(ctx, finding);
  const fixes: CodeFix[] = [];
  // Loading a second MPM would stop httpd: MPM directives get no load fix.
  const module = getModuleByIdentifier(identifier);
  if (!identifier.startsWith('mpm_')) {
    const load = loadFix(ctx, identifier, module);
    // Preferred only on the error, so "fix all" loads the module once.
    if (load) fixes.push({ ...load, preferred: finding.data?.first === true });
  }
  if (use) {
    const wrap = wrapInIfModule(use, identifier, ctx);
    if (wrap) fixes.push(wrap);
  }
  return fixes;
}

function loadFix(ctx: FixContext, identifier: string, module: ReturnType<typeof getModuleByIdentifier>): CodeFix | undefined {
  const enabled = isDebianLayout(ctx.model) ? modsEnabledDir(ctx.model) : undefined;
  if (enabled && module?.debianName) return enableDebianModule(ctx, enabled, module.debianName, identifier, module.soFile);
  return insertLoadModule(ctx, identifier);
}

/** The mods-enabled directory the tree reads *.load files from, if it does. */
function modsEnabledDir(model: ConfigModel): string | undefined {
  for (const edge of model.includes) {
    if (!/(^|\/)mods-enabled\/\*\.load$/.test(edge.pattern)) continue;
    const dir = path.dirname(edge.pattern);
    return path.isAbsolute(dir) ? dir : path.join(model.serverRoot, dir);
  }
  return undefined;
}

/**
 * What `a2enmod NAME` does, without running it: mods-enabled/NAME.load (and NAME.conf when
 * mods-available has one) with the content of mods-available, and the same for the modules its
 * `# Depends:` line names that are not loaded yet.
 */
function enableDebianModule(ctx: FixContext, enabled: string, name: string, identifier: string, soFile: string | null): CodeFix | undefined {
  const available = path.join(path.dirname(enabled), 'mods-available');
  const read = (file: string): string | undefined => ctx.readFile?.(file);
  const createFiles: { file: string; text: string }[] = [];
  const enable = (mod: string, fallbackLoad: string | undefined): void => {
    const load = read(path.join(available, `${mod}.load`)) ?? fallbackLoad;
    if (load === undefined || createFiles.some((f) => f.file === path.join(enabled, `${mod}.load`))) return;
    createFiles.push({ file: path.join(enabled, `${mod}.load`), text: load });
    const conf = read(path.join(available, `${mod}.conf`));
    if (conf !== undefined) createFiles.push({ file: path.join(enabled, `${mod}.conf`), text: conf });
    const depends = /^#\s*Depends:\s*(.+)$/m.exec(load)?.[1].split(/[\s,]+/).filter(Boolean) ?? [];
    for (const dep of depends) {
      const depModule = getModuleByDebianName(dep);
      if (depModule?.identifier && !ctx.model.modules.has(depModule.identifier)) enable(dep, undefined);
    }
  };
  enable(name, soFile ? `LoadModule ${identifier} /usr/lib/apache2/modules/${soFile}\n` : undefined);
  if (!createFiles.length) return undefined;
  const names = createFiles.map((f) => `mods-enabled/${path.basename(f.file)}`).join(', ');
  return { title: `Load ${name === identifier ? identifier : `mod_${name}`}: create ${names} (what a2enmod ${name} does; restart httpd after)`, edits: [], createFiles };
}

function wrapInIfModule(use: DirectiveUse, identifier: string, ctx: FixContext): CodeFix | undefined {
  const text = ctx.text(use.file);
  if (text === undefined) return undefined;
  const start = use.line.start;
  const indent = text.slice(start, use.line.contentStart);
  const end = endOfUse(use);
  if (end === undefined) return undefined;
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const body = text.slice(start, end);
  const bodyEndsWithNewline = /\r?\n$/.test(body);
  const newText = `${indent}<IfModule ${identifier}>${newline}${indent}    ${body.slice(indent.length).replace(/\r?\n(?=.)/g, `$&    `)}${bodyEndsWithNewline ? '' : newline}${indent}</IfModule>${bodyEndsWithNewline ? newline : ''}`;
  return { title: `Wrap in <IfModule ${identifier}> (hides the directive while the module is missing)`, edits: [{ file: use.file, start, end, newText }] };
}

/** End offset of a directive line, or of a whole section with its closing tag. */
/** Where the directive or closed section ends; undefined for a section never closed (nothing to wrap). */
export function endOfUse(use: DirectiveUse): number | undefined {
  if (!use.isSection) return use.line.end;
  // An unclosed section's children may come from included files: its end is in no one file.
  return (use as SectionUse).section.close?.end;
}

function insertLoadModule(ctx: FixContext, identifier: string): CodeFix | undefined {
  const loads = ctx.model.uses.filter((u) => u.active && u.key === 'loadmodule');
  const anchor = loads[loads.length - 1];
  const module = getModuleByIdentifier(identifier);
  if (!anchor || !module?.soFile) return undefined;
  const dir = path.posix.dirname(anchor.args[1] ?? 'modules/x.so');
  const text = ctx.text(anchor.file) ?? '';
  const indent = text.slice(anchor.line.start, anchor.line.contentStart);
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const at = anchor.line.end;
  const prefix = at > 0 && text[at - 1] !== '\n' ? newline : '';
  return {
    title: `Load ${getModuleByIdentifier(identifier)?.name ?? identifier}: add LoadModule ${identifier}`,
    edits: [{ file: anchor.file, start: at, end: at, newText: `${prefix}${indent}LoadModule ${identifier} ${dir}/${module.soFile}${newline}` }],
  };
}

function getModuleByDebianName(name: string) {
  return allModules().find((m) => m.debianName === name);
}
