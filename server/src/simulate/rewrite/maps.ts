// RewriteMap look-ups: txt and rnd files, the int: functions; prg, dbm and dbd need the live
// server (a program, a database) and are reported as not simulated.

import type { RewriteCtx } from './context';
import { escapeUri, unescapeUrl } from './escape';

/** Value of map `name` for `key`, undefined when the map has none (or does not exist). */
export function lookupMap(ctx: RewriteCtx, name: string, key: string): string | undefined {
  const map = ctx.maps.get(name);
  if (!map) return undefined;
  switch (map.kind) {
    case 'int':
      if (map.fn === 'tolower') return key.toLowerCase();
      if (map.fn === 'toupper') return key.toUpperCase();
      if (map.fn === 'escape') return escapeUri(key);
      return unescapeUrl(key) ?? key;
    case 'txt':
    case 'rnd': {
      const text = ctx.world.readMap?.(map.path);
      if (text === undefined) {
        ctx.unknown.push(`RewriteMap ${name}: the file ${map.path} cannot be read here`);
        return undefined;
      }
      const value = txtLookup(text, key);
      if (value === undefined || value === '') return undefined;
      if (map.kind === 'txt') return value;
      const choices = value.split('|');
      if (choices.length === 1) return value;
      const n = ctx.world.pick ? ctx.world.pick(choices.length) : 1;
      if (!ctx.world.pick) ctx.unknown.push(`RewriteMap ${name}: httpd picks one of ${choices.length} values at random`);
      return choices[Math.max(1, Math.min(choices.length, n)) - 1];
    }
    default:
      ctx.unknown.push(`RewriteMap ${name} (${map.kind}:) cannot be simulated: it asks ${map.kind === 'prg' ? 'an external program' : 'a database'} at request time`);
      return undefined;
  }
}

/** lookup_map_txtfile: first line whose first word is the key; value is the second word. */
export function txtLookup(text: string, key: string): string | undefined {
  for (const raw of text.split('\n')) {
    const line = raw.slice(0, 2047);
    if (!line || line[0] === '#' || /^\s/.test(line)) continue;
    const m = /^(\S+)\s+(\S+)?/.exec(line);
    if (!m || m[1] !== key) continue;
    if (!m[2]) continue;
    return m[2];
  }
  return undefined;
}
