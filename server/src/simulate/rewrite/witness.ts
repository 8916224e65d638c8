// A subject a rewrite pattern matches, built from the pattern itself (first alternative, each
// repeat taken once or not at all), for static checks that need one example request. The
// caller confirms the witness with the real matcher; undefined when the pattern is beyond this
// simple reading (lookaround, backreferences). One scan with an explicit stack: no recursion.

/** Builds a witness; `repeat` 1 takes each `*`/`?` once, 0 drops it. */
export function witnessFor(pattern: string, repeat: 0 | 1): string | undefined {
  let out = '';
  /** Output positions where the open groups started. */
  const groups: number[] = [];
  /** Start (in `out`) of the last atom, for quantifiers. */
  let lastAtom = -1;
  for (let i = 0; i < pattern.length;) {
    const c = pattern[i];
    if (c === '^' || c === '$') {
      i++;
      lastAtom = -1;
      continue;
    }
    if (c === '\\') {
      const n = pattern[i + 1];
      if (n === undefined) return undefined;
      i += 2;
      if (/[1-9gkpPQEXRNCGK]/.test(n)) return undefined;
      if (/[bBAzZ]/.test(n)) {
        lastAtom = -1;
        continue;
      }
      lastAtom = out.length;
      out += n === 'd' ? '1' : n === 'w' ? 'a' : n === 's' ? ' ' : /[DWS]/.test(n) ? '-' : n === 't' ? '\t' : /[A-Za-z0-9]/.test(n) ? 'x' : n;
      continue;
    }
    if (c === '[') {
      const end = classEnd(pattern, i);
      if (end < 0) return undefined;
      const body = pattern.slice(i + 1, end);
      lastAtom = out.length;
      out += classWitness(body);
      i = end + 1;
      continue;
    }
    if (c === '(') {
      if (pattern[i + 1] === '?') {
        const m = /^\(\?(?::|P?<[A-Za-z_]\w*>|'[A-Za-z_]\w*'|[imsxU-]*:)/.exec(pattern.slice(i));
        if (!m) return undefined;
        i += m[0].length;
      } else i++;
      groups.push(out.length);
      lastAtom = -1;
      continue;
    }
    if (c === ')') {
      if (!groups.length) return undefined;
      lastAtom = groups.pop()!;
      i++;
      continue;
    }
    if (c === '|') {
      // Keep the first alternative: skip to the end of the enclosing group.
      let depth = 0;
      let j = i + 1;
      for (; j < pattern.length; j++) {
        const d = pattern[j];
        if (d === '\\') j++;
        else if (d === '[') {
          const e = classEnd(pattern, j);
          if (e < 0) return undefined;
          j = e;
        } else if (d === '(') depth++;
        else if (d === ')') {
          if (depth === 0) break;
          depth--;
        }
      }
      i = j;
      continue;
    }
    if (c === '*' || c === '?' || c === '+' || c === '{') {
      let count: number = c === '+' ? 1 : repeat;
      let len = 1;
      if (c === '{') {
        const m = /^\{(\d+)(?:,(\d*))?\}/.exec(pattern.slice(i));
        if (!m) {
          lastAtom = out.length;
          out += '{';
          i++;
          continue;
        }
        count = Math.min(Number(m[1]), 16) || (m[2] !== undefined && (m[2] === '' || Number(m[2]) > 0) ? repeat : 0);
        len = m[0].length;
      }
      if (lastAtom < 0) return undefined;
      const atom = out.slice(lastAtom);
      out = out.slice(0, lastAtom) + atom.repeat(count);
      i += len;
      if (pattern[i] === '?' || pattern[i] === '+') i++;
      lastAtom = -1;
      continue;
    }
    lastAtom = out.length;
    out += c === '.' ? 'x' : c;
    i++;
  }
  return groups.length ? undefined : out;
}

/** Index of the ']' closing the class opened at `start`, or -1. */
function classEnd(p: string, start: number): number {
  let j = start + 1;
  if (p[j] === '^') j++;
  if (p[j] === ']') j++;
  for (; j < p.length; j++) {
    if (p[j] === '\\') j++;
    else if (p[j] === '[' && p[j + 1] === ':') {
      const e = p.indexOf(':]', j + 2);
      if (e > 0) j = e + 1;
    } else if (p[j] === ']') return j;
  }
  return -1;
}

/** A character the class body accepts (approximate; the caller checks with the matcher). */
function classWitness(body: string): string {
  if (body.startsWith('^')) {
    const banned = body.slice(1);
    return ['x', 'a', '1', '-', '_'].find((ch) => !banned.includes(ch) && !(ch === 'x' && /a-z|\\w/.test(banned)) && !(ch === 'a' && /a-z|\\w/.test(banned))) ?? 'x';
  }
  if (body.startsWith('[:')) {
    const name = /^\[:(\w+):\]/.exec(body)?.[1];
    return name === 'digit' ? '1' : name === 'space' || name === 'blank' ? ' ' : name === 'punct' ? '-' : 'a';
  }
  if (body[0] === '\\') {
    const n = body[1];
    return n === 'd' ? '1' : n === 'w' ? 'a' : n === 's' ? ' ' : n ?? 'x';
  }
  return body[0] ?? 'x';
}
