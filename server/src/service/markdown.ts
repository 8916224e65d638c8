// Building Markdown safely. Configuration text comes from files the user may not control, so
// every piece of it placed in hovers or the profile goes through one of these helpers: it can
// neither become a link, an image, raw HTML or emphasis, nor break out of its code span.
// Link targets are only ever the ones we build (file URLs of the tree, the manual, rule docs).

import { pathToFileURL } from 'url';

/**
 * Characters that can start markup anywhere in a line: emphasis, code, links and images, raw
 * HTML and entities, tables, strike-through, math, and the colon, at-sign and dots of
 * autolinks (renderers link bare names such as config.ru; escaped characters split them).
 */
const INLINE = /[\\`*_{}[\]()#!|<>~&$:@.]/g;
/** Characters that only mean something at the start of a line (lists, headings, quotes). */
const LEADING = /^(\s*)([-+=>]|\d+[.)])/;

/** Plain text as Markdown: every character that could mean something is escaped. */
export function text(value: string): string {
  return oneLine(value)
    .replace(INLINE, '\\$&')
    .replace(LEADING, (_, space: string, mark: string) => `${space}${mark.replace(/[-+=>.)]/, '\\$&')}`);
}

/** Inline code that shows `value` literally, whatever backticks it contains. */
export function code(value: string): string {
  const flat = oneLine(value);
  if (flat === '') return '*(empty)*';
  const fence = '`'.repeat(longestRun(flat, '`') + 1);
  // A space on each side keeps a leading or trailing backtick out of the fence.
  const pad = flat.startsWith('`') || flat.endsWith('`') || (flat.startsWith(' ') && flat.endsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A fenced block that shows `value` literally. */
export function codeBlock(value: string, language = ''): string {
  const fence = '`'.repeat(Math.max(3, longestRun(value, '`') + 1));
  return `${fence}${language}\n${value}\n${fence}`;
}

/**
 * Prose we wrote that marks code with backticks and nothing else (directive descriptions,
 * keyword explanations): the code spans stay, everything else is literal text, so `<RequireAny>`,
 * globs like `*.conf` and names like mod_php_x keep every character.
 */
export function prose(value: string): string {
  let out = '';
  let i = 0;
  while (i < value.length) {
    const open = value.indexOf('`', i);
    if (open === -1) break;
    const run = runAt(value, open);
    const close = findRun(value, open + run, run);
    if (close === -1) {
      // An unmatched backtick run is literal text.
      out += text(value.slice(i, open + run));
      i = open + run;
      continue;
    }
    out += text(value.slice(i, open)) + value.slice(open, close + run);
    i = close + run;
  }
  return out + text(value.slice(i));
}

/** prose() of our own fixed texts (value descriptions), each made once: completion lists ask for the same ones on every request. */
export function proseOnce(value: string): string {
  let made = proseMade.get(value);
  if (made === undefined) {
    if (proseMade.size >= PROSE_KEPT) proseMade.clear();
    proseMade.set(value, (made = prose(value)));
  }
  return made;
}

const proseMade = new Map<string, string>();
const PROSE_KEPT = 5000;

/**
 * Long-form guides we wrote in Markdown (headings, lists, bold, code): kept as Markdown, but raw
 * HTML is shown as text, so a `<Directory>` mentioned outside code does not vanish.
 */
export function guide(value: string): string {
  const parts = value.split(/(```[\s\S]*?```|`[^`\n]*`)/);
  return parts.map((part, index) => (index % 2 === 1 ? part : part.replace(/[<>]/g, '\\$&'))).join('');
}

/** A link to a file of the tree, labelled with `label` (shown as code). */
export function fileLink(label: string, file: string, line?: number): string {
  const target = fileUrl(file) + (line !== undefined ? `#L${line + 1}` : '');
  return link(code(label), target);
}

/** The last files' URLs: a hover links the same few files (main file, module lines) again and again, and a URL object costs more than the rest of the line. */
const fileUrls = new Map<string, string>();
const FILE_URLS_KEPT = 256;

function fileUrl(file: string): string {
  let url = fileUrls.get(file);
  if (url === undefined) {
    if (fileUrls.size >= FILE_URLS_KEPT) fileUrls.delete(fileUrls.keys().next().value as string);
    fileUrls.set(file, (url = pathToFileURL(file).toString()));
  }
  return url;
}

/** A link whose target we built: only file: and https: URLs are accepted. */
export function link(labelMarkdown: string, target: string): string {
  if (!/^(file|https):/.test(target)) return labelMarkdown;
  const safe = target.replace(/[()<>\s\\]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
  return `[${labelMarkdown}](${safe})`;
}

/** Table cell text: literal, one line, with pipes escaped (text() escapes them). */
export function cell(value: string): string {
  return text(value);
}

function oneLine(value: string): string {
  return value.replace(/\r?\n|\r/g, ' ');
}

function runAt(value: string, at: number): number {
  let n = 0;
  while (value[at + n] === '`') n++;
  return n;
}

/** Start of the next run of exactly `length` backticks at or after `from`, or -1. */
function findRun(value: string, from: number, length: number): number {
  let i = value.indexOf('`', from);
  while (i !== -1) {
    const run = runAt(value, i);
    if (run === length) return i;
    i = value.indexOf('`', i + run);
  }
  return -1;
}

function longestRun(value: string, ch: string): number {
  let best = 0;
  let current = 0;
  for (const c of value) {
    current = c === ch ? current + 1 : 0;
    if (current > best) best = current;
  }
  return best;
}
