// Text edits shared by quick fixes: replace a word, insert a line next to a directive, delete
// a line. Each keeps the file's indentation and line endings and touches nothing else.

import type { DirectiveUse } from '../../model';
import type { Word } from '../../parser';
import type { FixContext, TextEdit } from './types';

export function newlineOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

export function replaceWord(use: DirectiveUse, word: Word, newText: string): TextEdit {
  return { file: use.file, start: word.start, end: word.end, newText };
}

/** Replaces all argument words of a directive with `args` (keeps the name and indentation). */
export function replaceArguments(use: DirectiveUse, args: string): TextEdit | undefined {
  const first = use.words[0];
  const last = use.words[use.words.length - 1];
  if (!first || !last) return { file: use.file, start: use.line.name.end, end: use.line.name.end, newText: ` ${args}` };
  return { file: use.file, start: first.start, end: last.end, newText: args };
}

/** Inserts `line` after the directive's line, with the directive's indentation. */
export function insertLineAfter(anchor: DirectiveUse, line: string, ctx: FixContext): TextEdit | undefined {
  const text = ctx.text(anchor.file);
  if (text === undefined) return undefined;
  const indent = text.slice(anchor.line.start, anchor.line.contentStart);
  const newline = newlineOf(text);
  const at = anchor.line.end;
  const prefix = at > 0 && text[at - 1] !== '\n' ? newline : '';
  return { file: anchor.file, start: at, end: at, newText: `${prefix}${indent}${line}${newline}` };
}

/** Inserts lines before the directive's line, with the directive's indentation. */
export function insertLinesBefore(anchor: DirectiveUse, lines: string[], ctx: FixContext): TextEdit | undefined {
  const text = ctx.text(anchor.file);
  if (text === undefined) return undefined;
  const indent = text.slice(anchor.line.start, anchor.line.contentStart);
  const newline = newlineOf(text);
  return { file: anchor.file, start: anchor.line.start, end: anchor.line.start, newText: lines.map((l) => `${indent}${l}${newline}`).join('') };
}

/** Appends a line at the end of a file. */
export function appendLine(file: string, line: string, ctx: FixContext): TextEdit | undefined {
  const text = ctx.text(file);
  if (text === undefined) return undefined;
  const newline = newlineOf(text);
  const prefix = text.length && !text.endsWith('\n') ? newline : '';
  return { file, start: text.length, end: text.length, newText: `${prefix}${line}${newline}` };
}

/** Deletes the directive's whole line (with its line break). */
export function deleteLine(use: DirectiveUse): TextEdit {
  return { file: use.file, start: use.line.start, end: use.line.end, newText: '' };
}

/** The use on a finding's line, optionally of a given directive. */
export function useAtFinding(ctx: FixContext, finding: { file: string; line: number }, key?: string): DirectiveUse | undefined {
  return ctx.model.uses.find((u) => u.file === finding.file && u.line.line === finding.line && (!key || u.key === key));
}

/**
 * Sets a single-value directive: replaces the value of `use` when it exists, or inserts
 * `Name value` after `anchor` (same indentation) when the directive is at its default.
 */
export function setDirectiveValue(ctx: FixContext, use: DirectiveUse | undefined, name: string, value: string, anchor: DirectiveUse | undefined): TextEdit | undefined {
  const word = use?.words[0];
  if (use && word) return replaceWord(use, word, value);
  if (use) return { file: use.file, start: use.line.name.end, end: use.line.name.end, newText: ` ${value}` };
  return anchor ? insertLineAfter(anchor, `${name} ${value}`, ctx) : undefined;
}
