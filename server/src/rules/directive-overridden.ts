// A single-value directive set twice for the same section (also across included files): httpd
// keeps the later value, so the earlier line is dead and misleading.

import { getDirective } from '../data';
import type { DirectiveUse } from '../model';
import type { Rule } from './lib/types';
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

function isSingleValued(use: DirectiveUse): boolean {
  if (use.isSection || ACCUMULATING.has(use.key)) return false;
  const info = getDirective(use.name);
  // Third-party tables do not say reliably which directives accumulate: leave them out.
  return !!info && !info.isSection && info.source !== 'third-party' && (info.args.how === 'TAKE1' || info.args.how === 'FLAG');
}

/** The active single-value uses of a file's run, listed once per run. */
const singleValued = runSlot((run) => run.filter((u) => u.active && isSingleValued(u)));

export const directiveOverridden: Rule = {
  id: 'directive-overridden',
  category: 'hygiene',
  defaultSeverity: 'information',
  summary: 'A single-value directive is set twice for the same section; the later one silently wins.',
  check(ctx) {
    const model = ctx.model;
    // Siblings share their parents array, and an included file's top level shares its includer's.
    const last = new Map<DirectiveUse[], Map<string, DirectiveUse>>();
    for (const use of gatheredOnce(model, singleValued)) {
      if (activeOnlyByAssumption(model, use)) continue;
      let byName = last.get(use.parents);
      if (!byName) last.set(use.parents, (byName = new Map()));
      const earlier = byName.get(use.key);
      byName.set(use.key, use);
      if (!earlier) continue;
      ctx.report({
        ...lineSpan(earlier),
        message: `${earlier.name} is set again at ${describeLocation(model, { file: use.file, line: use.line.line })}, and httpd keeps the later value: this line has no effect.`,
        related: [{ ...lineSpan(use), message: 'the setting that wins' }],
        tags: ['unnecessary'],
      });
    }
  },
};
