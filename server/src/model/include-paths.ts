// Resolves Include/IncludeOptional arguments the way httpd does: relative to ServerRoot,
// directories expanded to every file inside (sorted), wildcards matched segment by segment
// with fnmatch semantics (a leading '.' must be matched explicitly).

import * as path from 'path';
import type { ConfigFileSystem } from './fs';

export interface IncludeResolution {
  files: string[];
  /** httpd's message when a plain Include would fail at this point. */
  error?: string;
  /** More than MAX_INCLUDED_FILES matched: httpd reads them all, the analysis only the first ones. */
  truncated?: boolean;
}

/**
 * Cap on what one Include may pull in, so a runaway glob cannot stall the editor. httpd has no
 * such limit (it accepts 60,000 files), so reaching it is a warning, never an error.
 */
export const MAX_INCLUDED_FILES = 10000;

export function hasWildcard(text: string): boolean {
  return /[*?[]/.test(text);
}

export function resolveAgainstRoot(serverRoot: string, file: string): string {
  return path.isAbsolute(file) ? path.normalize(file) : path.join(serverRoot, file);
}

export function resolveInclude(
  fs: ConfigFileSystem,
  pattern: string,
  serverRoot: string,
  optional: boolean,
): IncludeResolution {
  const absolute = resolveAgainstRoot(serverRoot, pattern);
  const files: string[] = [];
  const state = { files, error: undefined as string | undefined, optional, fs };
  if (!hasWildcard(absolute)) {
    includePlain(state, absolute);
  } else {
    const segments = absolute.split('/');
    const first = segments.findIndex(hasWildcard);
    const root = segments.slice(0, first).join('/') || '/';
    expandSegments(state, root, segments.slice(first));
  }
  const truncated = files.length > MAX_INCLUDED_FILES;
  const kept = truncated ? files.slice(0, MAX_INCLUDED_FILES) : files;
  const error = state.error && !optional ? state.error : undefined;
  return { files: kept, ...(error ? { error } : {}), ...(truncated ? { truncated } : {}) };
}

interface ExpandState {
  files: string[];
  error: string | undefined;
  optional: boolean;
  fs: ConfigFileSystem;
}

function fail(state: ExpandState, message: string): void {
  if (!state.optional && state.error === undefined) state.error = message;
}

function includePlain(state: ExpandState, target: string, depth = 0): void {
  if (state.files.length > MAX_INCLUDED_FILES || depth > 32) return;
  const kind = state.fs.stat(target);
  if (kind === 'directory') {
    const entries = state.fs.readDirectory(target);
    if (!Array.isArray(entries)) {
      fail(state, `Could not open config directory ${target}: ${entries.error}`);
      return;
    }
    for (const name of sortLikeHttpd(entries.filter((n) => n !== '.' && n !== '..'))) {
      includePlain(state, path.join(target, name), depth + 1);
    }
    return;
  }
  if (kind === 'file') {
    state.files.push(target);
    return;
  }
  fail(state, `Could not open configuration file ${target}: No such file or directory`);
}

function expandSegments(state: ExpandState, dir: string, segments: string[]): void {
  const [segment, ...rest] = segments;
  if (segment === undefined) {
    includePlain(state, dir);
    return;
  }
  if (segment === '') {
    expandSegments(state, dir, rest);
    return;
  }
  if (!hasWildcard(segment)) {
    const next = path.join(dir, segment);
    if (rest.length === 0) includePlain(state, next);
    else expandSegments(state, next, rest);
    return;
  }
  const entries = state.fs.readDirectory(dir);
  if (!Array.isArray(entries)) {
    fail(state, `Include/IncludeOptional: Could not open directory ${dir}: ${entries.error}`);
    return;
  }
  const matcher = fnmatchToRegExp(segment);
  let matched = sortLikeHttpd(entries.filter((n) => n !== '.' && n !== '..' && matcher.test(n)));
  if (rest.length > 0) matched = matched.filter((n) => state.fs.stat(path.join(dir, n)) === 'directory');
  if (matched.length === 0) {
    fail(state, `Include/IncludeOptional: No matches for the wildcard '${segment}' in '${dir}', failing`);
    return;
  }
  for (const name of matched) {
    if (state.files.length > MAX_INCLUDED_FILES) return;
    const next = path.join(dir, name);
    if (rest.length === 0) includePlain(state, next);
    else expandSegments(state, next, rest);
  }
}

/** httpd sorts with strcmp: plain byte order, not locale order. */
export function sortLikeHttpd(names: string[]): string[] {
  return [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** fnmatch(3) with FNM_PERIOD: `*`, `?`, `[...]`/`[!...]`, backslash escapes. */
export function fnmatchToRegExp(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else if (ch === '\\' && i + 1 < pattern.length) out += escapeRegExp(pattern[++i]);
    else if (ch === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close === -1) {
        out += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, close);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      out += `[${negate ? '^' : ''}${body.replace(/\\/g, '\\\\').replace(/\]/g, '\\]')}]`;
      i = close;
    } else out += escapeRegExp(ch);
  }
  const leadingPeriod = pattern.startsWith('.') ? '' : '(?!\\.)';
  return new RegExp(`^${leadingPeriod}${out}$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
