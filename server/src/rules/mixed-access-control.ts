// Require and 2.2-style Order/Allow/Deny in the same section: mod_authz_core and
// mod_access_compat then both decide, combined by Satisfy (default: both must allow), which is
// rarely what the author meant.

import { gatheredOnce, runSlot, type DirectiveUse, type SectionUse } from '../model';
import type { Rule } from './lib/types';
import { legacyGroups, repeatedRequire } from './lib/legacy-access';
import { lineSpan } from './lib/util';
import { activeOnlyByAssumption } from './lib/advisor-util';
import { SECTIONS } from '../data/vocabulary';

const REQUIRE_CONTAINERS = SECTIONS.require;

/** The section a Require line configures: its nearest parent that is not a Require container. */
function ownerOf(use: DirectiveUse): SectionUse | undefined {
  return use.parents.filter((p) => !REQUIRE_CONTAINERS.has(p.key)).pop();
}

/** A run's active Require lines with the section each configures, listed once per run. */
const requireOwners = runSlot((run) => run.filter((u) => u.active && u.key === 'require').map((r) => ({ r, section: ownerOf(r) })));

export const mixedAccessControl: Rule = {
  id: 'mixed-access-control',
  category: 'security',
  defaultSeverity: 'warning',
  summary: 'Order/Allow/Deny and Require are used in the same section.',
  check(ctx) {
    const model = ctx.model;
    // Most trees have no 2.2-style lines: then the Require lines need not be looked at.
    const groups = legacyGroups(model);
    if (!groups.length) return;
    // In a fragment, IfModule branches that exclude each other both look active: only certain lines count.
    const requiresByOwner = new Map<SectionUse | string, DirectiveUse[]>();
    for (const { r, section } of gatheredOnce(model, requireOwners)) {
      if (activeOnlyByAssumption(model, r)) continue;
      const owner = section ?? r.file;
      const list = requiresByOwner.get(owner);
      if (list) list.push(r);
      else requiresByOwner.set(owner, [r]);
    }
    for (const group of groups) {
      if (group.lines.every((u) => activeOnlyByAssumption(model, u))) continue;
      const mixed = requiresByOwner.get(group.section ?? group.file) ?? [];
      if (!mixed.length || onlyDenies(mixed, group.lines)) continue;
      // Both grant (or refuse) the same: access-compat says so once, with the lines to remove.
      if (repeatedRequire(model, group)) continue;
      ctx.report({
        ...lineSpan(mixed[0]),
        message: `Require and 2.2-style ${[...new Set(group.lines.map((u) => u.name))].join('/')} in one section: a request must pass both, so neither opens what the other closes. Use only Require.`,
        related: group.lines.map((u) => ({ ...lineSpan(u), message: '2.2-style access control here' })),
      });
    }
  },
};

/**
 * True when the two schemes cannot disagree: `Require all denied` under Satisfy All (the default)
 * denies whatever Order/Allow/Deny say, and a lone `Satisfy All` adds no 2.2 check at all
 * (MediaWiki ships `Require all denied` + `Satisfy All` in many folders).
 */
function onlyDenies(requires: DirectiveUse[], legacy: DirectiveUse[]): boolean {
  const satisfyAny = legacy.some((u) => u.key === 'satisfy' && (u.args[0] ?? '').toLowerCase() === 'any');
  if (satisfyAny) return false;
  const allDenied = requires.every((r) => r.args.length === 2 && r.args[0].toLowerCase() === 'all' && r.args[1].toLowerCase() === 'denied');
  return allDenied || legacy.every((u) => u.key === 'satisfy');
}
