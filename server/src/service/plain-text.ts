// For clients that show neither Markdown nor snippets: the same content as plain text. Our
// Markdown comes from the helpers in markdown.ts (escapes, code spans, fences, links, emphasis),
// so undoing those few constructs gives the text a reader would have seen.

/** Markdown built by markdown.ts as plain text: fences and spans dropped, links to their label, escapes undone. */
export function markdownToPlainText(markdown: string): string {
  const lines: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const marker = /^(`{3,})/.exec(line)?.[1];
    if (fence === undefined && marker) {
      fence = marker;
      continue;
    }
    if (fence !== undefined) {
      if (line.startsWith(fence) && line.slice(fence.length).trim() === '') fence = undefined;
      else lines.push(line);
      continue;
    }
    lines.push(ESCAPE_ONLY.test(line) ? (line.includes('\\') ? line.replace(ESCAPE, '$1') : line) : inlineToPlain(line));
  }
  return lines.join('\n');
}

/** A line whose only markup is escapes (most prose lines): unescaped in one replace. */
const ESCAPE_ONLY = /^[^`*_[\]#]*$/;
const ESCAPE = /\\([\s\S])/g;

/** Characters inlineToPlain acts on; runs of anything else are copied whole. */
const INLINE_MARK = /[\\`*_[\]#]/g;

/** One line of inline Markdown: code spans kept literally, everything else unescaped. */
function inlineToPlain(line: string): string {
  let out = '';
  let i = 0;
  while (i < line.length) {
    INLINE_MARK.lastIndex = i;
    const mark = INLINE_MARK.exec(line);
    if (!mark) return out + line.slice(i);
    if (mark.index > i) {
      out += line.slice(i, mark.index);
      i = mark.index;
    }
    const ch = line[i];
    if (ch === '\\' && i + 1 < line.length) {
      out += line[i + 1];
      i += 2;
    } else if (ch === '`') {
      let run = 0;
      while (line[i + run] === '`') run++;
      const close = line.indexOf('`'.repeat(run), i + run);
      if (close === -1) {
        out += line.slice(i, i + run);
        i += run;
      } else {
        const inner = line.slice(i + run, close);
        out += inner.length > 1 && inner.startsWith(' ') && inner.endsWith(' ') ? inner.slice(1, -1) : inner;
        i = close + run;
      }
    } else if (ch === '*' || ch === '_') {
      // Emphasis markers we wrote (escaped ones were handled above).
      i++;
    } else if (ch === '[') {
      // The start of a link label (a literal bracket is escaped).
      i++;
    } else if (ch === ']' && line[i + 1] === '(') {
      // The end of a link label: drop the target.
      const close = line.indexOf(')', i + 2);
      i = close === -1 ? i + 1 : close + 1;
    } else if (ch === '#' && out.trim() === '' && /^#+\s/.test(line.slice(i))) {
      i = i + (/^#+\s/.exec(line.slice(i))?.[0].length ?? 1);
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** An LSP snippet as the text it inserts by default: placeholders keep their default, tab stops vanish. */
export function snippetToPlainText(snippet: string): string {
  let out = '';
  let i = 0;
  let depth = 0;
  while (i < snippet.length) {
    const ch = snippet[i];
    if (ch === '\\' && i + 1 < snippet.length && '$}\\'.includes(snippet[i + 1])) {
      out += snippet[i + 1];
      i += 2;
      continue;
    }
    if (ch === '$') {
      const tabStop = /^\$(\d+)/.exec(snippet.slice(i, i + 12));
      if (tabStop) {
        i += tabStop[0].length;
        continue;
      }
      const open = /^\$\{(\d+)([:|])?/.exec(snippet.slice(i, i + 14));
      if (open) {
        i += open[0].length;
        if (open[2] === '|') {
          // A choice: its first option.
          const end = snippet.indexOf('|}', i);
          const options = snippet.slice(i, end === -1 ? snippet.length : end);
          out += options.split(',')[0];
          i = end === -1 ? snippet.length : end + 2;
        } else {
          // The default follows; the placeholder's closing brace is dropped below.
          depth++;
        }
        continue;
      }
    }
    if (ch === '}' && depth > 0) {
      depth--;
      i++;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}
