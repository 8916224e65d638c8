// The JSON schema of the `apache.rules` setting: one property per rule id of the catalogue, so
// the settings UI and settings.json complete ids and levels. scripts/generate-rule-schema.ts
// writes it into package.json; a test checks the two agree.

import { RULES } from './catalogue';

export const RULE_LEVELS = ['off', 'hint', 'information', 'warning', 'error'] as const;

export interface RulesSettingSchema {
  type: 'object';
  default: Record<string, never>;
  properties: Record<string, { type: 'string'; enum: string[]; markdownDescription: string }>;
  additionalProperties: false;
  markdownDescription: string;
}

export function rulesSettingSchema(): RulesSettingSchema {
  const properties: RulesSettingSchema['properties'] = {};
  for (const rule of [...RULES].sort((a, b) => a.id.localeCompare(b.id))) {
    properties[rule.id] = {
      type: 'string',
      enum: [...RULE_LEVELS],
      // Id, default and category only: summaries change often and live in the docs pages.
      markdownDescription: `Default: \`${rule.defaultSeverity}\` (${rule.category}). See \`httpd-lint rules\` and docs/rules/${rule.id}.md.`,
    };
  }
  return {
    type: 'object',
    default: {},
    properties,
    additionalProperties: false,
    markdownDescription:
      'Severity per rule id, e.g. `{"trailing-comment": "error", "inactive-block": "off"}`. Each rule is described in the docs (docs/rules) and listed by `httpd-lint rules`.',
  };
}
