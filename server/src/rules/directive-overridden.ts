// A single-value directive set twice for the same section (also across included files): httpd
// keeps the later value, so the earlier line is dead and misleading.

import { getDirective } from '../data';
import type { ConfigModel, DirectiveUse } from '../model';
import type { Rule, RuleContext } from './lib/types';
import { localParents, type RunEvent } from './lib/run-local';
import { activeOnlyByAssumption } from './lib/advisor-util';
import { describeLocation, lineSpan } from './lib/util';
import { gatheredOnce, runSlot } from '../model';

/**
 * TAKE1/FLAG directives of httpd's own modules whose repeats add up instead of replacing:
 * each Include reads a file, each TransferLog opens a log, SSLCertificateFile/KeyFile take one
 * pair per key type, CacheDisable one URL each, Substitute and the sed filters one expression each.
 */
const ACCUMULATING = new Set([
  'include', 'includeoptional', 'transferlog', 'sslcertificatefile', 'sslcertificatekeyfile', 'cachedisable',
  'substitute', 'inputsed', 'outputsed', 'mdcertificatefile', 'mdcertificatekeyfile', 'luapackagepath',
  'luapackagecpath', 'undefine', 'undefmacro', 'remoteipinternalproxylist', 'remoteiptrustedproxylist',
]);

export function isSingleValued(use: DirectiveUse): boolean {
  if (use.isSection || ACCUMULATING.has(use.key)) return false;
  const info = getDirective(use.name);
  // Third-party tables do not say reliably which directives accumulate: leave them out.
  return !!info && !info.isSection && info.source !== 'third-party' && (info.args.how === 'TAKE1' || info.args.how === 'FLAG');
}

type Report = Parameters<RuleContext['report']>[0];

/** The finding on `earlier`, set again by `use`. */
function overridden(model: ConfigModel, earlier: DirectiveUse, use: DirectiveUse): Report {
  return {
    ...lineSpan(earlier),
    message: `${earlier.name} is set again at ${describeLocation(model, { file: use.file, line: use.line.line })}, and httpd keeps the later value: this line has no effect.`,
    related: [{ ...lineSpan(use), message: 'the setting that wins' }],
    tags: ['unnecessary'],
  };
}

/**
 * A run's active single-value uses in read order, derived once per run (and module-state
 * knowledge and ServerRoot, which the findings read): the findings among siblings that lie wholly
 * in the run, and the uses whose siblings continue in other runs (compared at the tree level).
 */
export const singleValued = runSlot((run, model) => {
  const local = localParents(run);
  const last = new Map<readonly DirectiveUse[], Map<string, DirectiveUse>>();
  const events: RunEvent<Report, DirectiveUse>[] = [];
  for (let i = 0; i < run.length; i++) {
    const use = run[i];
    if (!use.active || !isSingleValued(use) || activeOnlyByAssumption(model, use)) continue;
    if (!local(use.parents)) {
      events.push({ use });
      continue;
    }
    let byName = last.get(use.parents);
    if (!byName) last.set(use.parents, (byName = new Map()));
    const earlier = byName.get(use.key);
    byName.set(use.key, use);
    if (earlier) events.push({ report: overridden(model, earlier, use) });
  }
  return events;
});

export const directiveOverridden: Rule = {
  id: 'directive-overridden',
  category: 'hygiene',
  defaultSeverity: 'information',
  summary: 'A single-value directive is set twice for the same section; the later one silently wins.',
  check(ctx) {
    const model = ctx.model;
    // Siblings share their parents array, and an included file's top level shares its includer's.
    const last = new Map<readonly DirectiveUse[], Map<string, DirectiveUse>>();
    const events = gatheredOnce(model, singleValued, `${model.moduleStateKnown} ${model.serverRoot}`);
    for (let i = 0; i < events.length; i++) {
      const event = events[i];
      if (event.report) {
        ctx.report(event.report);
        continue;
      }
      const use = event.use;
      let byName = last.get(use.parents);
      if (!byName) last.set(use.parents, (byName = new Map()));
      const earlier = byName.get(use.key);
      byName.set(use.key, use);
      if (earlier) ctx.report(overridden(model, earlier, use));
    }
  },
};
