// Expansion of substitutions and test strings (mod_rewrite's do_expand): \c, $N, %N,
// %{VAR}, ${map:key|default}; tracks where the first (or, with QSL, last) '?' came from
// for the 2.4.60+ check of question marks produced by expansions.

import type { RewriteCtx } from './context';
import { escapeBackref } from './escape';
import { lookupMap } from './maps';
import { lookupVariable } from './variables';
import type { RuleFlags } from './types';

/** Nesting of ${map:…} httpd would follow; deeper nesting is not simulated (bounded work). */
const MAX_MAP_NESTING = 8;

function closingCurly(s: string, from: number): number {
  let depth = 1;
  for (let i = from; i < s.length; i++) {
    if (s[i] === '}' && --depth === 0) return i;
    if (s[i] === '{') depth++;
  }
  return -1;
}

function charInCurlies(s: string, from: number, c: string): number {
  let depth = 1;
  for (let i = from; i < s.length; i++) {
    if (s[i] === c && depth === 1) return i;
    if (s[i] === '}' && --depth === 0) return -1;
    if (s[i] === '{') depth++;
  }
  return -1;
}

export interface Expansion {
  text: string;
  /** 1 when the deciding '?' came from an expansion, 0 from a literal, -1 when there is none. */
  unsafeQmark: number;
}

/** Expands `input`; `flags` given for rule substitutions ([B] escaping, QSL for the '?' tracking). */
export function expand(input: string, ctx: RewriteCtx, flags?: RuleFlags, trackQmark = false, depth = 0): Expansion {
  let out = '';
  let unsafe = -1;
  let tracking = trackQmark;
  const lastQ = !!flags?.qslast;
  const noteLiteral = (s: string): void => {
    if (tracking && s.includes('?')) {
      unsafe = 0;
      if (!lastQ) tracking = false;
    }
  };
  const noteExpanded = (s: string): void => {
    if (tracking && s.includes('?')) {
      unsafe = 1;
      if (!lastQ) tracking = false;
    }
  };
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (c === '\\') {
      if (i + 1 >= input.length) {
        out += '\\';
        break;
      }
      out += input[i + 1];
      i += 2;
      continue;
    }
    if ((c === '$' || c === '%') && input[i + 1] === '{') {
      const end = closingCurly(input, i + 2);
      if (end < 0) {
        out += input.slice(i, i + 2);
        i += 2;
        continue;
      }
      if (c === '%') {
        const v = lookupVariable(input.slice(i + 2, end), ctx);
        noteExpanded(v);
        out += v;
        i = end + 1;
        continue;
      }
      const colon = charInCurlies(input, i + 2, ':');
      if (colon < 0) {
        out += '${';
        i += 2;
        continue;
      }
      const mapName = input.slice(i + 2, colon);
      const body = input.slice(colon + 1, end);
      const bar = charInCurlies(body + '}', 0, '|');
      const keyText = bar < 0 ? body : body.slice(0, bar);
      const dflt = bar < 0 ? undefined : body.slice(bar + 1);
      let value: string | undefined;
      if (depth >= MAX_MAP_NESTING) ctx.unknown.push('map look-ups nested too deeply to simulate');
      else {
        value = lookupMap(ctx, mapName, expand(keyText, ctx, flags, false, depth + 1).text);
        if (value === undefined && dflt) value = expand(dflt, ctx, flags, false, depth + 1).text;
      }
      if (value) {
        noteExpanded(value);
        out += value;
      }
      i = end + 1;
      continue;
    }
    if ((c === '$' || c === '%') && /[0-9]/.test(input[i + 1] ?? '')) {
      const n = Number(input[i + 1]);
      const bri = c === '$' ? ctx.briRR : ctx.briRC;
      const v = bri?.caps[n];
      if (v) {
        const s = flags?.escapeBackrefs ? escapeBackref(v, flags.escapes, flags.noescapes, flags.escapeNoPlus, flags.escapeCtls) : v;
        noteExpanded(s);
        out += s;
      }
      i += 2;
      continue;
    }
    // A run of literal text up to the next special character.
    let j = i + 1;
    while (j < input.length && input[j] !== '\\' && input[j] !== '$' && input[j] !== '%') j++;
    const lit = input.slice(i, j);
    noteLiteral(lit);
    out += lit;
    i = j;
  }
  return { text: out, unsafeQmark: unsafe };
}
