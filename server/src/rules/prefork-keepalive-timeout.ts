// The flagship advice: on prefork, every connection owns a whole child process. With an
// in-process language module (mod_php…) that child is large, and a keep-alive connection
// left idle holds it for up to KeepAliveTimeout seconds while nothing is served.

import type { DirectiveUse, LanguageModule, Location } from '../model';
import { activeUses, isOn, mpmLabel, secondsValue, serverLevelUse } from '../model';
import type { CodeFix, FixContext, Finding, Rule, RuleContext } from './lib/types';
import { fitMessage } from './lib/message';
import { lineSpan, wordSpan } from './lib/util';
import { insertLineAfter, useAtFinding } from './lib/edits';
import { headlineCapacity } from './lib/capacity-headline';

const HEAVY_KINDS = new Set(['php', 'perl', 'python', 'wsgi']);
const HTTPD_DEFAULT_TIMEOUT = 5;

export const preforkKeepAliveTimeout: Rule = {
  id: 'prefork-keepalive-timeout',
  category: 'performance',
  defaultSeverity: 'warning',
  summary: 'A long KeepAliveTimeout on prefork with an in-process language module pins heavy processes.',
  check(ctx) {
    const model = ctx.model;
    if (model.mpm !== 'prefork') return;
    const language = model.languageModules.find((l) => l.inProcess && HEAVY_KINDS.has(l.kind));
    if (!language) return;
    const keepAlive = serverLevelUse(model, 'KeepAlive');
    if (keepAlive && !isOn(keepAlive.args[0] ?? '')) return;
    const threshold = ctx.settings.keepAliveTimeoutThreshold;
    const timeoutUse = serverLevelUse(model, 'KeepAliveTimeout');
    const timeout = timeoutUse ? secondsValue('KeepAliveTimeout', timeoutUse.args[0] ?? '') : HTTPD_DEFAULT_TIMEOUT;
    if (timeout !== undefined && timeout > threshold) {
      const target = timeoutUse ? valueSpan(timeoutUse) : keepAlive ? lineSpan(keepAlive) : language.where;
      if (target) report(ctx, target, timeout, !timeoutUse, language);
    }
    // Virtual hosts may set their own, longer timeout.
    for (const use of activeUses(model, 'KeepAliveTimeout')) {
      if (use === timeoutUse || use.scope !== 'vhost') continue;
      const seconds = secondsValue('KeepAliveTimeout', use.args[0] ?? '');
      if (seconds !== undefined && seconds > threshold) report(ctx, valueSpan(use), seconds, false, language);
    }
  },
  fixes(finding, ctx) {
    return keepAliveFixes(finding, ctx);
  },
};

function valueSpan(use: DirectiveUse): Location {
  return use.words[0] ? wordSpan(use, use.words[0]) : lineSpan(use);
}

function report(ctx: RuleContext, at: Location, seconds: number, isDefault: boolean, language: LanguageModule): void {
  const model = ctx.model;
  const mpm = model.mpmModules[0];
  const threshold = ctx.settings.keepAliveTimeoutThreshold;
  const setting = isDefault ? `KeepAliveTimeout (default ${seconds} s)` : `KeepAliveTimeout ${formatSeconds(seconds)}`;
  const capacity = headlineCapacity(model, seconds, recommendedTimeout(threshold));
  const message = fitMessage(
    ...(capacity
      ? [
          `${setting} on ${mpmLabel(model)} with ${language.label}: idle connections hold whole children; ${capacity.workers} fill at ~${capacity.now} visitors/s (~${capacity.fixed} at ${capacity.fixedSeconds} s). Use ${threshold} s or less.`,
          `${setting} on ${mpmLabel(model)} with ${language.label}: ${capacity.workers} children fill at ~${capacity.now} visitors/s (~${capacity.fixed} at ${capacity.fixedSeconds} s). Use ${threshold} s or less.`,
        ]
      : []),
    `${setting} on ${mpmLabel(model)} with ${language.label}: each idle connection holds a whole child for ${formatSeconds(seconds)}. Use ${threshold} s or less, or event with PHP-FPM.`,
    `${setting} on ${mpmLabel(model)} with ${language.label}: each idle connection holds a whole child. Use ${threshold} s or less, or event with PHP-FPM.`,
  );
  const related = [];
  if (mpm?.where) related.push({ ...mpm.where, message: 'MPM prefork loaded here' });
  for (const addOn of model.mpmAddOns) if (addOn.where) related.push({ ...addOn.where, message: `${addOn.identifier} loaded here (one process per connection, as prefork)` });
  if (language.where) related.push({ ...language.where, message: `${language.label} loaded here` });
  ctx.report({ ...at, message, related, data: { seconds, threshold } });
}

function formatSeconds(seconds: number): string {
  return Number.isInteger(seconds) ? `${seconds} s` : `${Math.round(seconds * 1000)} ms`;
}

/** The fix value: 2 s, or the threshold when the user set a lower one. */
export function recommendedTimeout(threshold: number): number {
  return Math.max(1, Math.min(2, Math.floor(threshold)));
}

function keepAliveFixes(finding: Finding, ctx: FixContext): CodeFix[] {
  const model = ctx.model;
  const value = recommendedTimeout(ctx.settings.keepAliveTimeoutThreshold);
  const fixes: CodeFix[] = [];
  const timeoutUse = useAtFinding(ctx, finding, 'keepalivetimeout');
  const serverTimeout = serverLevelUse(model, 'KeepAliveTimeout');
  const keepAlive = serverLevelUse(model, 'KeepAlive');
  if (timeoutUse?.words[0]) {
    const word = timeoutUse.words[0];
    fixes.push({ title: `Set KeepAliveTimeout to ${value}`, preferred: true, edits: [{ file: timeoutUse.file, start: word.start, end: word.end, newText: String(value) }] });
  } else if (!serverTimeout) {
    const anchor = keepAlive ?? useAtFinding(ctx, finding);
    const insert = anchor ? insertLineAfter(anchor, `KeepAliveTimeout ${value}`, ctx) : undefined;
    if (insert) fixes.push({ title: `Set KeepAliveTimeout to ${value}`, preferred: true, edits: [insert] });
  }
  if (keepAlive?.words[0]) {
    const word = keepAlive.words[0];
    fixes.push({ title: 'Turn KeepAlive Off', edits: [{ file: keepAlive.file, start: word.start, end: word.end, newText: 'Off' }] });
  } else {
    const anchor = serverTimeout ?? useAtFinding(ctx, finding);
    const insert = anchor ? insertLineAfter(anchor, 'KeepAlive Off', ctx) : undefined;
    if (insert) fixes.push({ title: 'Turn KeepAlive Off', edits: [insert] });
  }
  return fixes;
}
