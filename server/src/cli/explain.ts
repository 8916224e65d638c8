// `httpd-lint explain NAME`: a rule id prints the rule's docs page, a directive its hover text.

import { createApacheService, ruleDocs, RULE_IDS } from '../service';

export function explain(name: string): string | undefined {
  if (RULE_IDS.includes(name)) return ruleDocs(name);
  return createApacheService().explain(name);
}
