// What callers outside the rules layer need to know about rules: ids, levels, summaries and
// where each rule's docs page is.

import * as fs from 'fs';
import * as path from 'path';
import type { Scope } from '../model';
import { RULES } from '../rules';

export type RuleLevelName = 'off' | 'hint' | 'information' | 'warning' | 'error';
export type ScopeName = Scope;

export const RULE_LEVELS: readonly RuleLevelName[] = ['off', 'hint', 'information', 'warning', 'error'];
export const SCOPES: readonly ScopeName[] = ['server', 'vhost', 'directory', 'htaccess'];
export const RULE_IDS: readonly string[] = RULES.map((r) => r.id);

export interface RuleInfo {
  id: string;
  category: string;
  defaultSeverity: 'error' | 'warning' | 'information' | 'hint';
  summary: string;
}

export function ruleInfos(): RuleInfo[] {
  return RULES.map((r) => ({ id: r.id, category: r.category, defaultSeverity: r.defaultSeverity, summary: r.summary }));
}

export function ruleInfo(id: string): RuleInfo | undefined {
  return ruleInfos().find((r) => r.id === id);
}

/**
 * The folder of the rule docs pages: docs/rules beside the bundle (dist/../docs/rules), or
 * above the sources when run from them.
 */
export function ruleDocsFolder(from: string = __dirname): string | undefined {
  let dir = from;
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'docs', 'rules');
    if (fs.existsSync(path.join(candidate, 'README.md'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/** The docs page of a rule as Markdown, or undefined when the rule or page is unknown. */
export function ruleDocs(id: string): string | undefined {
  if (!RULE_IDS.includes(id)) return undefined;
  const folder = ruleDocsFolder();
  if (!folder) return undefined;
  try {
    return fs.readFileSync(path.join(folder, `${id}.md`), 'utf8');
  } catch {
    return undefined;
  }
}
