// Patterns with lookahead/lookbehind, which RE2 cannot run, evaluated without backtracking:
// the pattern is split into plain segments and assertions at its top level (after
// distributing one level of alternation), and the positions each segment can reach are
// computed with RE2 full matches. That decides whether the pattern matches exactly as PCRE
// would; captures are not produced (only $0 when there are no groups). Work is bounded by
// the subject length cap and a budget of RE2 runs.

import { RE2JS } from 're2js';

interface Assertion {
  ahead: boolean;
  negate: boolean;
  body: string;
}

interface Sequence {
  /** segments[0], assertion[0], segments[1], … */
  segments: string[];
  assertions: Assertion[];
}

export type LookaroundPlan = { ok: true; alternatives: Sequence[]; nocase: boolean; hasGroups: boolean } | { ok: false; reason: string };

const MAX_SUBJECT = 512;
const MAX_RUNS = 200000;

/** Splits at '|' on nesting depth 0 (outside classes and escapes). */
function splitTop(p: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') { i++; continue; }
    if (inClass) { if (c === ']') inClass = false; continue; }
    if (c === '[') { inClass = true; if (p[i + 1] === '^') i++; if (p[i + 1] === ']') i++; continue; }
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) { out.push(p.slice(start, i)); start = i + 1; }
  }
  out.push(p.slice(start));
  return out;
}

/** Index of the ')' closing the group opened at `open`, or -1. */
function closeOf(p: string, open: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = open; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') { i++; continue; }
    if (inClass) { if (c === ']') inClass = false; continue; }
    if (c === '[') { inClass = true; if (p[i + 1] === '^') i++; if (p[i + 1] === ']') i++; continue; }
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

const LOOK = /^\(\?(<?)([=!])/;

/** Top-level assertions of one alternative, or undefined when one sits deeper. */
function sequenceOf(alt: string): Sequence | undefined {
  const segments: string[] = [];
  const assertions: Assertion[] = [];
  let cur = '';
  for (let i = 0; i < alt.length; i++) {
    const c = alt[i];
    if (c === '\\') { cur += alt.slice(i, i + 2); i++; continue; }
    if (c === '[') {
      let j = i + 1;
      if (alt[j] === '^') j++;
      if (alt[j] === ']') j++;
      while (j < alt.length && alt[j] !== ']') { if (alt[j] === '\\') j++; j++; }
      cur += alt.slice(i, j + 1);
      i = j;
      continue;
    }
    if (c === '(') {
      const end = closeOf(alt, i);
      if (end < 0) return undefined;
      const m = LOOK.exec(alt.slice(i, i + 4));
      if (m) {
        if (/^[*+?{]/.test(alt[end + 1] ?? '')) return undefined;
        segments.push(cur);
        cur = '';
        assertions.push({ ahead: m[1] === '', negate: m[2] === '!', body: alt.slice(i + m[0].length, end) });
      } else {
        const inner = alt.slice(i, end + 1);
        if (/\(\?<?[=!]/.test(inner)) return undefined;
        cur += inner;
      }
      i = end;
      continue;
    }
    cur += c;
  }
  segments.push(cur);
  return { segments, assertions };
}

/** Distributes the alternation of the first group that holds an assertion: a(?:b|c)d -> abd|acd. */
function distribute(alt: string): string[] | undefined {
  for (let i = 0; i < alt.length; i++) {
    if (alt[i] === '\\') { i++; continue; }
    if (alt[i] !== '(' || LOOK.test(alt.slice(i, i + 4))) continue;
    const end = closeOf(alt, i);
    if (end < 0) return undefined;
    const inner = alt.slice(i, end + 1);
    if (!/\(\?<?[=!]/.test(inner)) { i = end; continue; }
    if (/^[*+?{]/.test(alt[end + 1] ?? '')) return undefined;
    if (!inner.startsWith('(?:')) return undefined;
    const body = inner.slice(3, -1);
    // Each branch has no top-level '|', so it concatenates without parentheses.
    return splitTop(body).map((b) => alt.slice(0, i) + b + alt.slice(end + 1));
  }
  return [alt];
}

export function planLookaround(pattern: string, nocase: boolean): LookaroundPlan {
  const alternatives: Sequence[] = [];
  for (const alt of splitTop(pattern)) {
    const expanded = distribute(alt);
    if (!expanded) return { ok: false, reason: 'a lookaround inside a repeated group' };
    for (const e of expanded) {
      const seq = sequenceOf(e);
      if (!seq) return { ok: false, reason: 'a lookaround nested too deeply' };
      const mid = seq.segments.slice(0, -1);
      if (mid.some((s) => /(^|[^\\])(\$|\\[zZbB])/.test(s))) return { ok: false, reason: 'an end or word-boundary assertion before a lookaround' };
      if (seq.segments.slice(1).some((s) => /(^|[^\\[])\^|\\A/.test(s))) return { ok: false, reason: 'a start assertion after a lookaround' };
      if (seq.assertions.some((a) => /\\[bB]/.test(a.body) || (a.ahead && /(^|[^\\[])\^/.test(a.body)) || (!a.ahead && /(^|[^\\])\$/.test(a.body)))) return { ok: false, reason: 'an anchor inside a lookaround' };
      alternatives.push(seq);
    }
  }
  return { ok: true, alternatives, nocase, hasGroups: /\((?!\?)/.test(pattern.replace(/\\./g, '')) };
}

const compiled = new Map<string, RE2JS>();
function re(source: string, nocase: boolean): RE2JS {
  const key = (nocase ? 'i' : 's') + source;
  let r = compiled.get(key);
  if (!r) {
    r = RE2JS.compile(source, RE2JS.DOTALL | (nocase ? RE2JS.CASE_INSENSITIVE : 0));
    if (compiled.size > 2000) compiled.clear();
    compiled.set(key, r);
  }
  return r;
}

/** Whether the planned pattern matches; undefined when the subject or the work is too large, or RE2 rejects a piece. */
export function lookaroundMatches(plan: Extract<LookaroundPlan, { ok: true }>, subject: string): boolean | undefined {
  if (subject.length > MAX_SUBJECT) return undefined;
  let runs = 0;
  const n = subject.length;
  try {
    for (const seq of plan.alternatives) {
      // Positions reachable after segment 0 (from any start: '^' inside it anchors by itself).
      let reach = new Set<number>();
      const first = re(`^(?s:.*?)(?:${seq.segments[0]})$`, plan.nocase);
      for (let j = 0; j <= n; j++) {
        if (++runs > MAX_RUNS) return undefined;
        if (first.matcher(subject.slice(0, j)).find()) reach.add(j);
      }
      for (let k = 0; k < seq.assertions.length && reach.size; k++) {
        const a = seq.assertions[k];
        const test = a.ahead ? re(`^(?:${a.body})`, plan.nocase) : re(`(?:${a.body})$`, plan.nocase);
        const kept = new Set<number>();
        for (const j of reach) {
          if (++runs > MAX_RUNS) return undefined;
          const hit = test.matcher(a.ahead ? subject.slice(j) : subject.slice(0, j)).find();
          if (hit !== a.negate) kept.add(j);
        }
        const seg = seq.segments[k + 1];
        const last = k === seq.assertions.length - 1;
        const next = new Set<number>();
        if (last) {
          const tail = re(`^(?:${seg})`, plan.nocase);
          for (const j of kept) {
            if (++runs > MAX_RUNS) return undefined;
            if (tail.matcher(subject.slice(j)).find()) return true;
          }
          reach = next;
          break;
        }
        const mid = re(`^(?:${seg})$`, plan.nocase);
        for (const j of kept) for (let m = j; m <= n; m++) {
          if (++runs > MAX_RUNS) return undefined;
          if (mid.matcher(subject.slice(j, m)).find()) next.add(m);
        }
        reach = next;
      }
      if (seq.assertions.length === 0 && reach.size) return true;
    }
    return false;
  } catch {
    return undefined;
  }
}
