// The words of a RewriteRule/RewriteCond flag field, "[a,b=c]", split as mod_rewrite splits them:
// between the brackets, at commas, each word trimmed, its value after the first '='. One reading
// for the simulator, the rules and the hover (patterns over the whole field were quadratic).

export interface RewriteFlagWord {
  /** As written (mod_rewrite compares it without regard to case). */
  key: string;
  /** After the first '=', or '' without one. */
  val: string;
}

/** Undefined when the field is not between brackets (mod_rewrite's "bad flag delimiters"). */
export function rewriteFlagWords(field: string): RewriteFlagWord[] | undefined {
  if (!field.startsWith('[') || !field.endsWith(']') || field.length < 2) return undefined;
  const out: RewriteFlagWord[] = [];
  for (const raw of field.slice(1, -1).split(',')) {
    const w = raw.trim();
    if (!w) continue;
    const eq = w.indexOf('=');
    out.push(eq >= 0 ? { key: w.slice(0, eq), val: w.slice(eq + 1) } : { key: w, val: '' });
  }
  return out;
}

/** Whether one of the field's flags is named one of `names` (lower case), as written in full. */
export function hasRewriteFlag(field: string, ...names: string[]): boolean {
  return (rewriteFlagWords(field) ?? []).some((w) => names.includes(w.key.toLowerCase()));
}
