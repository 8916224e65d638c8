// Two virtual hosts on the same address:port with the same ServerName: httpd picks the first
// one for that name, so the second is never reached by it.

import { gatheredOnce, runSlot, type DirectiveUse, type SectionUse } from '../model';
import { SECTIONS } from '../data/vocabulary';
import type { Rule } from './lib/types';
import { isDetached } from './lib/advisor-util';
import { describeLocation, lineSpan, nameSpan } from './lib/util';
import { fitMessage } from './lib/message';

/** Sections that are not parents of what they hold (the model keeps them as conditions). */
const CONDITIONAL = SECTIONS.conditional;

/**
 * Each host section's own ServerName, kept with the section: a section of a replayed file is the
 * same object with the same subtree in the next analysis, so an edit looks again only at its own.
 */
const serverNames = new WeakMap<SectionUse, string | undefined>();

function serverNameOf(vhost: SectionUse): string | undefined {
  if (serverNames.has(vhost)) return serverNames.get(vhost);
  // The host's own ServerName lines have it as their last parent: none is inside a nested section
  // other than a conditional one (conditional sections are not parents), so only those are
  // entered. In file order; the last one counts.
  let last: DirectiveUse | undefined;
  const stack: DirectiveUse[] = [];
  pushChildrenReversed(stack, vhost);
  while (stack.length > 0) {
    const c = stack.pop()!;
    if (c.active && c.key === 'servername' && c.args[0] && c.parents[c.parents.length - 1] === vhost) last = c;
    if (c.isSection && CONDITIONAL.has(c.key)) pushChildrenReversed(stack, c as SectionUse);
  }
  const name = last ? hostName(last.args[0]) : undefined;
  serverNames.set(vhost, name);
  return name;
}

/**
 * A run's active virtual hosts that have a ServerName, with their address-and-name keys, listed
 * once per run (an edit lists its own file again only).
 */
export const namedHosts = runSlot((run) => {
  const out: { vhost: SectionUse; name: string; keys: string[] }[] = [];
  for (let i = 0; i < run.length; i++) {
    const use = run[i];
    if (!use.active || use.key !== 'virtualhost') continue;
    const vhost = use as SectionUse;
    const name = serverNameOf(vhost);
    if (name) out.push({ vhost, name, keys: vhost.args.map((address) => `${address.toLowerCase()}|${name}`) });
  }
  return out;
});

function pushChildrenReversed(stack: DirectiveUse[], section: SectionUse): void {
  const children = section.children ?? [];
  for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
}

/** The host name a ServerName sets, without scheme or port, lower-cased. */
function hostName(value: string): string {
  return value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/:\d+$/, '').toLowerCase();
}

export const duplicateVhostServerName: Rule = {
  id: 'duplicate-vhost-servername',
  category: 'hygiene',
  defaultSeverity: 'warning',
  summary: 'Two virtual hosts on the same address and port use the same ServerName.',
  check(ctx) {
    const model = ctx.model;
    // Per kind of file (a detached file is its own server), the first host by address and name.
    const seen = [new Map<string, SectionUse>(), new Map<string, SectionUse>()];
    const hosts = gatheredOnce(model, namedHosts);
    let file: string | undefined;
    let detached = 0;
    for (let i = 0; i < hosts.length; i++) {
      const { vhost, name, keys } = hosts[i];
      if (vhost.file !== file) detached = isDetached(model, (file = vhost.file)) ? 1 : 0;
      const firsts = seen[detached];
      let reported: Set<SectionUse> | undefined;
      for (let j = 0; j < keys.length; j++) {
        const first = firsts.get(keys[j]);
        if (!first) {
          firsts.set(keys[j], vhost);
          continue;
        }
        if (first === vhost || reported?.has(first)) continue;
        (reported ??= new Set()).add(first);
        const address = vhost.args[j];
        ctx.report({
          ...nameSpan(vhost),
          message: fitMessage(`ServerName ${name} on ${address} is already used at ${describeLocation(model, { file: first.file, line: first.line.line })}: the first one gets its requests. Rename or remove one.`, `This ServerName is already used on ${address} by an earlier virtual host, which gets its requests. Rename or remove one.`),
          related: [{ ...lineSpan(first), message: 'first virtual host with this name and address' }],
        });
      }
    }
  },
};
