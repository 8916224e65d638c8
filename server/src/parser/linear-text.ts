// String scans that take time linear in the text, for what configurations hold. The regular
// expressions they replace (/\/+$/, /\$\{([^}]*)\}/g) try again at every start
// position after a failed match, which is quadratic on a run of slashes or `${` that does
// not end the way they want: a 200,000-slash DocumentRoot held the checker for minutes.

/** The text without its trailing slashes. */
export function trimTrailingSlashes(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x2f) end--;
  return end === text.length ? text : text.slice(0, end);
}

export interface BracedName {
  /** Offset of the opener (`${` or `%{`). */
  start: number;
  /** Offset after the closing `}`. */
  end: number;
  /** What stands between the opener and the first `}` after it (may be empty). */
  name: string;
}

/**
 * Each `${name}` (or `%{name}`) in order, the name running to the first `}`: the matches of
 * /\$\{([^}]*)\}/g. An opener with no `}` after it ends the scan: no later one has one either.
 */
export function bracedNames(text: string, opener: '${' | '%{'): BracedName[] {
  const out: BracedName[] = [];
  let from = 0;
  for (;;) {
    const start = text.indexOf(opener, from);
    if (start === -1) return out;
    const close = text.indexOf('}', start + 2);
    if (close === -1) return out;
    out.push({ start, end: close + 1, name: text.slice(start + 2, close) });
    from = close + 1;
  }
}

/** The text with each `${name}` (or `%{name}`) replaced by what `replace` returns for it. */
export function replaceBraced(text: string, opener: '${' | '%{', replace: (name: string, whole: string) => string): string {
  const names = bracedNames(text, opener);
  if (names.length === 0) return text;
  let out = '';
  let last = 0;
  for (const n of names) {
    out += text.slice(last, n.start) + replace(n.name, text.slice(n.start, n.end));
    last = n.end;
  }
  return out + text.slice(last);
}
