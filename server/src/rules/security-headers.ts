// Information the server gives away: version in the Server header and error pages, TRACE.

import { serverLevelUse } from '../model';
import type { CodeFix, FixContext, Finding, Rule, RuleContext } from './types';
import { appendLine, useAtFinding } from './edits';
import { lineSpan } from './util';

/** Only a full configuration decides server-wide defaults; fragments are left alone. */
function isFullConfig(ctx: RuleContext): boolean {
  return ctx.model.moduleStateKnown && ctx.model.fileScopes.get(ctx.model.mainFile) === 'server';
}

function setValueFix(finding: Finding, ctx: FixContext, key: string, directive: string, value: string): CodeFix[] {
  const use = useAtFinding(ctx, finding, key);
  const word = use?.words[0];
  if (use && word) return [{ title: `Set ${directive} ${value}`, preferred: true, edits: [{ file: use.file, start: word.start, end: word.end, newText: value }] }];
  const append = appendLine(finding.file, `${directive} ${value}`, ctx);
  return append ? [{ title: `Add ${directive} ${value}`, preferred: true, edits: [append] }] : [];
}

function defaultAt(ctx: RuleContext): { file: string; line: number; start: number; end: number } {
  return { file: ctx.model.mainFile, line: 0, start: 0, end: 0 };
}

export const serverTokensFull: Rule = {
  id: 'server-tokens-full',
  category: 'security',
  defaultSeverity: 'information',
  summary: 'The Server header reveals the httpd version and OS.',
  check(ctx) {
    if (!isFullConfig(ctx)) return;
    const use = serverLevelUse(ctx.model, 'ServerTokens');
    const value = (use?.args[0] ?? 'Full').toLowerCase();
    if (!['full', 'os', 'minimal', 'min'].includes(value)) return;
    ctx.report({ ...(use ? lineSpan(use) : defaultAt(ctx)), message: `ServerTokens ${use ? use.args[0] : 'is not set (default Full)'}: every response names the exact httpd version${value === 'full' || value === 'os' ? ' and the OS' : ''}, which helps attackers match known vulnerabilities. Use ServerTokens Prod.` });
  },
  fixes: (finding, ctx) => setValueFix(finding, ctx, 'servertokens', 'ServerTokens', 'Prod'),
};

export const serverSignatureOn: Rule = {
  id: 'server-signature-on',
  category: 'security',
  defaultSeverity: 'information',
  summary: 'Error pages and listings carry a footer with the server version.',
  check(ctx) {
    if (!isFullConfig(ctx)) return;
    const use = serverLevelUse(ctx.model, 'ServerSignature');
    if (!use || use.args[0]?.toLowerCase() === 'off') return;
    ctx.report({ ...lineSpan(use), message: `ServerSignature ${use.args[0]} adds the server version to every generated page (errors, listings). Use ServerSignature Off.` });
  },
  fixes: (finding, ctx) => setValueFix(finding, ctx, 'serversignature', 'ServerSignature', 'Off'),
};

export const traceEnable: Rule = {
  id: 'trace-enable',
  category: 'security',
  defaultSeverity: 'information',
  summary: 'The TRACE method is enabled (the default).',
  check(ctx) {
    if (!isFullConfig(ctx)) return;
    const use = serverLevelUse(ctx.model, 'TraceEnable');
    if (use?.args[0]?.toLowerCase() === 'off') return;
    ctx.report({ ...(use ? lineSpan(use) : defaultAt(ctx)), message: `TraceEnable ${use ? use.args[0] : 'is not set (default On)'}: TRACE echoes requests back, headers included, which scanners flag and which has been used to steal cookies. Use TraceEnable Off.` });
  },
  fixes: (finding, ctx) => setValueFix(finding, ctx, 'traceenable', 'TraceEnable', 'Off'),
};
