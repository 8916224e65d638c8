// A known directive whose module is not loaded: httpd cannot tell this from a typo and says
// "Invalid command"; we can say which module to enable.

import * as path from 'path';
import { getModuleByIdentifier } from '../data';
import type { DirectiveInfo } from '../data/types';
import type { ConfigModel, DirectiveUse, SectionUse } from '../model';
import type { CodeFix, FixContext, Finding, Rule } from './types';
import { invalidCommandMessage } from './unknown-directive';
import { useAtFinding } from './edits';
import { directiveInfo, isAvailable, nameSpan, processedUses } from './util';

export const moduleNotLoaded: Rule = {
  id: 'module-not-loaded',
  category: 'modules',
  defaultSeverity: 'error',
  summary: 'A directive of a module that is not loaded, which httpd rejects as an invalid command.',
  check(ctx) {
    const model = ctx.model;
    if (!model.moduleStateKnown) return;
    for (const use of processedUses(model)) {
      const info = directiveInfo(use);
      if (!info || isAvailable(model, info)) continue;
      const provider = preferredProvider(model, info);
      const shown = use.isSection ? `<${use.name}` : use.name;
      const moduleText = describeProvider(model, info, provider);
      ctx.report({
        ...nameSpan(use),
        message: `${invalidCommandMessage(shown)}. ${moduleText}`,
        data: { identifier: provider?.identifier, module: provider?.module, debianName: provider?.debianName },
      });
    }
  },
  fixes(finding, ctx) {
    return moduleFixes(finding, ctx);
  },
};

interface Provider {
  module: string;
  identifier: string;
  debianName: string | null;
  soFile: string | null;
}

function preferredProvider(model: ConfigModel, info: DirectiveInfo): Provider | undefined {
  const candidates = info.providedBy.filter((p) => p.identifier);
  // For MPM directives name the MPM that is not running, but prefer a non-MPM module otherwise.
  const chosen = candidates[0];
  if (!chosen?.identifier) return undefined;
  const module = getModuleByIdentifier(chosen.identifier);
  return { module: chosen.module, identifier: chosen.identifier, debianName: module?.debianName ?? null, soFile: module?.soFile ?? null };
}

export function isDebianLayout(model: ConfigModel): boolean {
  return path.basename(model.mainFile) === 'apache2.conf' || model.files.some((f) => f.includes(`${path.sep}mods-enabled${path.sep}`));
}

function describeProvider(model: ConfigModel, info: DirectiveInfo, provider: Provider | undefined): string {
  if (!provider) return `${info.name} is not available in this server.`;
  if (info.mpms && info.mpms.length && model.mpm) {
    return `${info.name} only exists under the ${info.mpms.join('/')} MPM${info.mpms.length > 1 ? 's' : ''}; this server runs ${model.mpm}.`;
  }
  const how = isDebianLayout(model) && provider.debianName
    ? `enable it with \`a2enmod ${provider.debianName}\``
    : `load it with \`LoadModule ${provider.identifier} ${provider.soFile ? `modules/${provider.soFile}` : '…'}\``;
  return `${info.name} is provided by ${provider.module} (${provider.identifier}), which is not loaded: ${how}, or wrap the directive in <IfModule ${provider.identifier}>.`;
}

function moduleFixes(finding: Finding, ctx: FixContext): CodeFix[] {
  const identifier = finding.data?.identifier as string | undefined;
  if (!identifier) return [];
  const use = useAtFinding(ctx, finding);
  const fixes: CodeFix[] = [];
  if (use) {
    const wrap = wrapInIfModule(use, identifier, ctx);
    if (wrap) fixes.push(wrap);
  }
  if (!isDebianLayout(ctx.model)) {
    const load = insertLoadModule(ctx, identifier);
    if (load) fixes.unshift(load);
  }
  return fixes;
}

function wrapInIfModule(use: DirectiveUse, identifier: string, ctx: FixContext): CodeFix | undefined {
  const text = ctx.text(use.file);
  if (text === undefined) return undefined;
  const start = use.line.start;
  const indent = text.slice(start, use.line.contentStart);
  const end = endOfUse(use);
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const body = text.slice(start, end);
  const bodyEndsWithNewline = /\r?\n$/.test(body);
  const newText = `${indent}<IfModule ${identifier}>${newline}${indent}    ${body.slice(indent.length).replace(/\r?\n(?=.)/g, `$&    `)}${bodyEndsWithNewline ? '' : newline}${indent}</IfModule>${bodyEndsWithNewline ? newline : ''}`;
  return { title: `Wrap in <IfModule ${identifier}>`, edits: [{ file: use.file, start, end, newText }] };
}

/** End offset of a directive line, or of a whole section with its closing tag. */
export function endOfUse(use: DirectiveUse): number {
  if (!use.isSection) return use.line.end;
  const section = (use as SectionUse).section;
  if (section.close) return section.close.end;
  const lastChild = (use as SectionUse).children[(use as SectionUse).children.length - 1];
  return lastChild ? endOfUse(lastChild) : use.line.end;
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
    title: `Add LoadModule ${identifier}`,
    preferred: true,
    edits: [{ file: anchor.file, start: at, end: at, newText: `${prefix}${indent}LoadModule ${identifier} ${dir}/${module.soFile}${newline}` }],
  };
}
