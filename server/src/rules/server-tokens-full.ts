// The Server response header names the exact httpd version (and, with Full/OS, the OS and
// modules). httpd's default is Full.

import { serverLevelUse } from '../model';
import type { Rule } from './lib/types';
import { defaultSettingAnchor, isWholeServer, valueSpan } from './lib/advisor-util';
import { appendLine, replaceWord, useAtFinding } from './lib/edits';

/** Values that reveal the full version number. */
const REVEALING: Record<string, string> = {
  full: 'the httpd, OS and module versions',
  os: 'the exact httpd version and the OS',
  minimal: 'the exact httpd version',
  min: 'the exact httpd version',
};

export const serverTokensFull: Rule = {
  id: 'server-tokens-full',
  category: 'security',
  defaultSeverity: 'information',
  summary: 'ServerTokens unset, Full, OS or Minimal: the Server header reveals the exact httpd version.',
  check(ctx) {
    const model = ctx.model;
    if (!isWholeServer(model)) return;
    const use = serverLevelUse(model, 'ServerTokens');
    const value = (use?.args[0] ?? 'Full').toLowerCase();
    const reveals = REVEALING[value];
    if (!reveals) return;
    const setting = use ? `ServerTokens ${use.args[0]}` : 'ServerTokens unset (default Full)';
    ctx.report({
      ...(use ? valueSpan(use) : defaultSettingAnchor(model)),
      message: `${setting}: every Server header tells ${reveals} for scanners to match with known flaws. Use ServerTokens Prod.`,
    });
  },
  fixes(finding, ctx) {
    const use = useAtFinding(ctx, finding, 'servertokens');
    if (use?.words[0]) return [{ title: 'Set ServerTokens Prod', preferred: true, edits: [replaceWord(use, use.words[0], 'Prod')] }];
    const append = use ? undefined : appendLine(finding.file, 'ServerTokens Prod', ctx);
    return append ? [{ title: 'Add ServerTokens Prod', preferred: true, edits: [append] }] : [];
  },
};
