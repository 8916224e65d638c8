// Code actions beyond the rules' quick fixes: suppression comments, fix-all for one file (what
// `source.fixAll.httpd-lint` and editor.codeActionsOnSave apply) and the safe refactors.

import type { ConfigFileSystem } from '../model';
import { physicalLineOf } from '../parser';
import { fixesFor, type CodeFix, type Finding, type FixContext } from '../rules';
import { planFixes } from './fix-all';
import { convertAccessInFile } from './refactor-access';
import { extractVirtualHost } from './refactor-extract-vhost';
import { wrapInIfModule } from './refactor-ifmodule';
import { suppressionFixes } from './suppress-actions';
import type { FileAnalysis } from './workspace';

export interface Refactor {
  kind: 'refactor.rewrite' | 'refactor.extract';
  fix: CodeFix;
}

export function suppressionActions(fa: FileAnalysis, finding: Finding): CodeFix[] {
  const parsed = fa.analysis.model.parsed.get(finding.file);
  return parsed ? suppressionFixes(parsed, finding) : [];
}

/**
 * The preferred fixes of the file's findings that edit this file only (never one that creates
 * or edits another file: saving one file must not change others), as one fix; none when nothing applies.
 */
export function fixAllInFile(fa: FileAnalysis, ctx: FixContext): CodeFix | undefined {
  const { analysis, modelFile } = fa;
  const own = (analysis.byFile.get(modelFile) ?? []).filter((finding) => {
    const preferred = fixesFor(finding, ctx).find((x) => x.preferred && !x.createFiles?.length);
    return !!preferred && preferred.edits.every((e) => e.file === modelFile);
  });
  if (!own.length) return undefined;
  const plan = planFixes(analysis, own, ctx.readFile);
  const edits = plan.edits.get(modelFile) ?? [];
  if (!edits.length) return undefined;
  return { title: `Fix all auto-fixable problems (${plan.applied.length})`, edits };
}

export function refactorsAt(fa: FileAnalysis, start: number, end: number, ctx: FixContext, fs: ConfigFileSystem, canCreateFiles: boolean): Refactor[] {
  const { analysis, modelFile } = fa;
  const model = analysis.model;
  const out: Refactor[] = [];
  const access = convertAccessInFile(model, modelFile, ctx);
  if (access) out.push({ kind: 'refactor.rewrite', fix: access });
  // The refactors of one line act on the line where the selection starts (a selection across lines: none).
  const parsed = model.parsed.get(modelFile);
  if (!parsed || physicalLineOf(parsed.lineStarts, start) !== physicalLineOf(parsed.lineStarts, end)) return out;
  const wrap = wrapInIfModule(model, modelFile, start);
  if (wrap) out.push({ kind: 'refactor.rewrite', fix: wrap });
  if (canCreateFiles) {
    const exists = (file: string): boolean => fs.stat(file) !== undefined;
    const extract = extractVirtualHost(model, modelFile, start, exists);
    if (extract) out.push({ kind: 'refactor.extract', fix: extract });
  }
  return out;
}
