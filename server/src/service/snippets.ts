// Snippet text (LSP snippet syntax) to the plain text it inserts with every placeholder at its
// default: for clients without snippet support, and for tests that check what a snippet makes.

/** `${1:a}` → "a", `${2|x,y|}` → "x", `$0`/`${3}` → "", `\$` `\}` `\\` → the character. One pass, no recursion. */
export function snippetToText(snippet: string): string {
  let out = '';
  let open = 0;
  for (let i = 0; i < snippet.length; i++) {
    const ch = snippet[i];
    if (ch === '\\' && i + 1 < snippet.length && '$}\\'.includes(snippet[i + 1])) {
      out += snippet[++i];
      continue;
    }
    if (ch === '$') {
      const tab = /^\d+/.exec(snippet.slice(i + 1, i + 12));
      if (tab) {
        i += tab[0].length;
        continue;
      }
      const placeholder = /^\{\d+(:|\||\})/.exec(snippet.slice(i + 1, i + 14));
      if (placeholder) {
        i += placeholder[0].length;
        if (placeholder[1] === ':') open++;
        else if (placeholder[1] === '|') {
          const close = snippet.indexOf('|}', i + 1);
          const choices = close < 0 ? '' : snippet.slice(i + 1, close);
          out += choices.split(',')[0];
          i = close < 0 ? snippet.length : close + 1;
        }
        continue;
      }
    }
    if (ch === '}' && open > 0) {
      open--;
      continue;
    }
    out += ch;
  }
  return out;
}
