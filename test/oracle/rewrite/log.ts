// Reads mod_rewrite's trace8 lines of one request from httpd's error log into the
// comparable sequence: rules tried (pattern, input), conditions (input, pattern, result),
// substitutions.

export interface TraceItem {
  kind: 'apply' | 'cond' | 'rewrite';
  text: string;
}

/** httpd escapes backslashes, quotes and non-printable bytes in error-log messages. */
function unescapeLog(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|\\|")/g, (_m, g: string) => (g[0] === 'x' ? String.fromCharCode(parseInt(g.slice(1), 16)) : g));
}

export function parseRewriteLog(text: string): TraceItem[] {
  const items: TraceItem[] = [];
  for (const line of text.split('\n')) {
    if (!line.includes('[rewrite:trace')) continue;
    const m = /\[rid#[0-9a-fA-F]+\/(?:initial|subreq)(?:\/redir#\d+)*\] (?:\[perdir ([^\]]*)\] )?(.*)$/.exec(line);
    if (!m) continue;
    const msg = unescapeLog(m[2]);
    let x: RegExpExecArray | null;
    if ((x = /^applying pattern '(.*)' to uri '(.*)'$/s.exec(msg))) items.push({ kind: 'apply', text: `${m[1] ?? 'server'} ${x[1]} <- ${x[2]}` });
    else if ((x = /^RewriteCond: input='(.*)' pattern='(.*?)'(?: \[NC\])? => (matched|not-matched)$/s.exec(msg))) items.push({ kind: 'cond', text: `${x[1]} ~ ${x[2]} => ${x[3]}` });
    else if ((x = /^rewrite '(.*)' -> '(.*)'$/s.exec(msg))) items.push({ kind: 'rewrite', text: x[2] });
  }
  return items;
}
