// Where the cursor is: inside which sections, on which line, at which word. Works on the live
// text of the buffer (parsed on demand), so it is right even between two analyses.

import { parse, type Line, type Node, type ParsedFile, type Section } from '../parser';
import type { Scope } from '../model';

export interface CursorContext {
  parsed: ParsedFile;
  /** Enclosing sections, outermost first (conditional ones included). */
  sections: Section[];
  line?: Line;
  /** Index of the word under/before the cursor: -1 = directive name, 0.. = arguments. */
  wordIndex: number;
  /** Text of the word up to the cursor. */
  prefix: string;
  /** Offset where the word under the cursor starts. */
  wordStart: number;
  scope: Scope;
}

const DIRECTORY_LIKE = /^(directory|directorymatch|files|filesmatch|location|locationmatch|proxy|proxymatch|if|elseif|else)$/i;

/** The last texts parsed here: requests on one buffer (completion, signature help) come in runs. */
const parsedTexts: { text: string; parsed: ParsedFile }[] = [];
const PARSED_TEXTS_KEPT = 4;

function parsedText(text: string): ParsedFile {
  const kept = parsedTexts.find((p) => p.text === text);
  if (kept) return kept.parsed;
  const parsed = parse(text);
  parsedTexts.unshift({ text, parsed });
  if (parsedTexts.length > PARSED_TEXTS_KEPT) parsedTexts.pop();
  return parsed;
}

export function cursorContext(text: string, offset: number, fileScope: Scope): CursorContext {
  const parsed = parsedText(text);
  const sections: Section[] = [];
  let line: Line | undefined;
  // A line without its newline (end of buffer) still holds a cursor placed right after it.
  const holds = (l: Line): boolean => offset >= l.start && (offset < l.end || (offset === l.end && !text.slice(l.start, l.end).endsWith('\n')));
  // Descends one level per round (a loop, not recursion: the nesting depth is the input's).
  const inside = (nodes: Node[]): Node[] | undefined => {
    for (const node of nodes) {
      if (node.kind === 'section') {
        const end = node.close ? node.close.start : Infinity;
        if (holds(node.open)) {
          line = node.open;
          return undefined;
        }
        if (offset >= node.open.end && offset < end) {
          sections.push(node);
          return node.children;
        }
        if (node.close && holds(node.close)) {
          line = node.close;
          return undefined;
        }
      } else {
        const l = node.kind === 'stray' ? node.line : node;
        if (holds(l)) {
          line = l;
          return undefined;
        }
      }
    }
    return undefined;
  };
  for (let level: Node[] | undefined = parsed.nodes; level;) level = inside(level);
  let scope: Scope = fileScope;
  for (const s of sections) {
    const name = s.open.name.value;
    if (/^virtualhost$/i.test(name)) scope = 'vhost';
    else if (DIRECTORY_LIKE.test(name) && scope !== 'htaccess') scope = 'directory';
  }
  let wordIndex = -1;
  let prefix = '';
  let wordStart = offset;
  if (line && (line.kind === 'directive' || line.kind === 'open')) {
    const nameWord = line.name;
    const nameStart = line.kind === 'open' ? nameWord.start - 1 : nameWord.start;
    if (offset <= nameWord.end) {
      wordIndex = -1;
      wordStart = nameStart;
      prefix = text.slice(nameStart, offset);
    } else {
      wordIndex = line.args.filter((a) => a.end < offset).length;
      const current = line.args.find((a) => offset >= a.start && offset <= a.end);
      if (current) {
        wordIndex = line.args.indexOf(current);
        wordStart = current.start;
        prefix = text.slice(current.start, offset);
      }
    }
  } else if (line && line.kind === 'blank') {
    wordStart = offset;
    prefix = '';
  } else if (line && line.kind === 'comment') {
    wordIndex = -2;
  }
  return { parsed, sections, line, wordIndex, prefix, wordStart, scope };
}
