// <IfModule> takes the identifier (mime_module) or the source file (mod_mime.c), exactly
// spelled. Other forms are silently false.

import { getDirective, getModuleByIdentifier, getModuleBySourceFile } from '../data';
import type { ConfigModel, SectionUse } from '../model';
import { lineName, type Node } from '../parser';
import type { Rule } from './lib/types';
import { isAvailable, processedUses, wordSpan } from './lib/util';

export const ifmoduleNameForm: Rule = {
  id: 'ifmodule-name-form',
  category: 'modules',
  defaultSeverity: 'warning',
  summary: '<IfModule> with a module name httpd never matches (mod_x, mod_x.so, wrong case).',
  scope: 'file',
  check(ctx) {
    const uses = processedUses(ctx.model);
    // Indexed: for-of makes an iterator result per line until the loop is optimized, which a CLI run rarely reaches.
    for (let ui = 0; ui < uses.length; ui++) {
      const use = uses[ui];
      if (use.key !== 'ifmodule' || !use.isSection || !use.args[0]) continue;
      const raw = use.args[0];
      const name = raw.replace(/^!/, '');
      if (getModuleByIdentifier(name) || getModuleBySourceFile(name)) continue;
      if ([...ctx.model.modules.values()].some((m) => m.identifier === name || m.sourceFiles.includes(name))) continue;
      const suggestion = suggestForm(name);
      if (!suggestion) continue;
      const word = use.words[0];
      // The corrected name may switch the block on: then httpd reads what it skipped until now,
      // and the fix is offered only when every line in it is a directive a loaded module provides.
      const negated = raw.startsWith('!');
      const loaded = [...ctx.model.modules.values()].some((m) => m.identifier === suggestion || m.sourceFiles.includes(suggestion));
      const switchesOn = !negated && loaded && use.active;
      const safe = !switchesOn || contentAvailable(ctx.model, (use as SectionUse).section?.children ?? []);
      ctx.report({
        ...wordSpan(use, word),
        message: `<IfModule ${raw}> is never true for this name: httpd only matches the module identifier or the source file name exactly. Write ${suggestion}.`,
        data: safe ? { replacement: (negated ? '!' : '') + suggestion } : undefined,
      });
    }
  },
  fixes(finding) {
    const replacement = finding.data?.replacement as string | undefined;
    return replacement ? [{ title: `Change to ${replacement}`, preferred: true, edits: [{ file: finding.file, start: finding.start, end: finding.end, newText: replacement }] }] : [];
  },
};

/** True when every directive in the nodes (nested sections included) is known and provided by a loaded module. */
function contentAvailable(model: ConfigModel, nodes: Node[]): boolean {
  const stack = [...nodes];
  while (stack.length) {
    const node = stack.pop()!;
    const line = node.kind === 'section' ? node.open : node.kind === 'directive' ? node : undefined;
    if (!line) continue;
    const info = getDirective(lineName(line));
    if (!info || info.isSection !== (node.kind === 'section') || !isAvailable(model, info)) return false;
    if (node.kind === 'section') stack.push(...node.children);
  }
  return true;
}

function suggestForm(name: string): string | undefined {
  const lower = name.toLowerCase();
  const candidates = [lower, lower.replace(/\.so$/, '.c'), lower.endsWith('.c') ? lower : `${lower.replace(/\.so$/, '')}.c`];
  for (const candidate of candidates) {
    const bySource = getModuleBySourceFile(candidate);
    if (bySource?.sourceFile) return bySource.sourceFile;
    const byId = getModuleByIdentifier(candidate);
    if (byId?.identifier) return byId.identifier;
  }
  return undefined;
}
