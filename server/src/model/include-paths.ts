// Resolves Include/IncludeOptional arguments the way httpd does: relative to ServerRoot,
// directories expanded to every file inside (sorted), wildcards matched segment by segment
// with fnmatch semantics (a leading '.' must be matched explicitly). The walk uses an explicit
// stack, recognises a directory that leads back into itself by device and inode (a symlink
// loop), and stops at fixed caps so no tree can make it run away.

import * as path from 'path';
import { fnmatch } from './fnmatch';
import type { ConfigFileSystem } from './fs';

export interface IncludeResolution {
  files: string[];
  /** httpd's message when a plain Include would fail at this point. */
  error?: string;
  /** A problem httpd would not report but that makes it misbehave (an IncludeOptional symlink loop). */
  warning?: string;
  /** Set when the resolution stopped at one of the caps below. */
  capped?: string;
  /** More than MAX_INCLUDED_FILES matched: httpd reads them all, the analysis only the first ones. */
  truncated?: boolean;
  /** The folder of the wildcard does not exist (IncludeOptional too): a part of the tree that is not here. */
  missingDirectory?: string;
}

/**
 * Cap on what one Include may pull in, so a runaway glob cannot stall the editor. httpd has no
 * such limit (it accepts 60,000 files), so reaching it is a warning, never an error.
 */
export const MAX_INCLUDED_FILES = 10000;
/** Directory entries one Include may look at (a glob over /proc or / stops here). */
export const MAX_DIRECTORY_ENTRIES = 100_000;
/** httpd's AP_MAX_INCLUDE_DIR_DEPTH. */
const MAX_DIRECTORY_DEPTH = 128;

export function hasWildcard(text: string): boolean {
  return /[*?[]/.test(text);
}

export function resolveAgainstRoot(serverRoot: string, file: string): string {
  const p = windowsPathAsPosix(file);
  return path.isAbsolute(p) ? path.normalize(p) : path.join(serverRoot, p);
}

/**
 * A Windows server's absolute path (C:/xampp/apache, c:\Apache24) as an absolute path here
 * (/C:/xampp/apache), so a Windows tree's ServerRoot maps onto its copy like any other root.
 */
export function windowsPathAsPosix(p: string): string {
  return /^[A-Za-z]:[\\/]/.test(p) ? `/${p.replace(/\\/g, '/')}` : p;
}

interface ExpandState {
  files: string[];
  error: string | undefined;
  warning: string | undefined;
  capped: string | undefined;
  missingDirectory: string | undefined;
  optional: boolean;
  fs: ConfigFileSystem;
  entriesSeen: number;
}

/** Work still to do: read a path as a file or directory, or match the remaining wildcard segments. */
type Task =
  | { kind: 'plain'; target: string; depth: number; ancestors: string[] }
  | { kind: 'glob'; dir: string; segments: string[] };

export function resolveInclude(fs: ConfigFileSystem, pattern: string, serverRoot: string, optional: boolean): IncludeResolution {
  const absolute = resolveAgainstRoot(serverRoot, pattern);
  const state: ExpandState = { files: [], error: undefined, warning: undefined, capped: undefined, missingDirectory: undefined, optional, fs, entriesSeen: 0 };
  const stack: Task[] = [];
  if (!hasWildcard(absolute)) stack.push({ kind: 'plain', target: absolute, depth: 0, ancestors: [] });
  else {
    const segments = absolute.split('/');
    const first = segments.findIndex(hasWildcard);
    stack.push({ kind: 'glob', dir: segments.slice(0, first).join('/') || '/', segments: segments.slice(first) });
  }
  // Tasks are pushed in reverse so they pop in httpd's (sorted, depth-first) order.
  while (stack.length > 0 && state.capped === undefined) {
    const task = stack.pop()!;
    const next = task.kind === 'plain' ? expandPlain(state, task) : expandGlob(state, task);
    for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]);
  }
  const { files, error, warning, capped } = state;
  const truncated = files.length > MAX_INCLUDED_FILES;
  const result: IncludeResolution = { files: truncated ? files.slice(0, MAX_INCLUDED_FILES) : files };
  if (truncated) result.truncated = true;
  if (error !== undefined && !optional) result.error = error;
  if (warning !== undefined) result.warning = warning;
  if (capped !== undefined) result.capped = capped;
  if (state.missingDirectory !== undefined) result.missingDirectory = state.missingDirectory;
  return result;
}

function fail(state: ExpandState, message: string): void {
  if (!state.optional && state.error === undefined) state.error = message;
}

function countEntries(state: ExpandState, n: number): boolean {
  state.entriesSeen += n;
  if (state.entriesSeen <= MAX_DIRECTORY_ENTRIES) return true;
  state.capped = `the Include looked at more than ${MAX_DIRECTORY_ENTRIES} directory entries; the rest was not read`;
  return false;
}

function expandPlain(state: ExpandState, task: Extract<Task, { kind: 'plain' }>): Task[] {
  const { target, depth, ancestors } = task;
  if (state.files.length > MAX_INCLUDED_FILES) return [];
  const kind = state.fs.stat(target);
  if (kind === 'file') {
    state.files.push(target);
    return [];
  }
  if (kind !== 'directory') {
    fail(state, `Could not open configuration file ${target}: No such file or directory`);
    return [];
  }
  const identity = state.fs.identity?.(target);
  if (identity !== undefined && ancestors.includes(identity)) {
    // A symlink leads back into a directory being read: httpd follows it until the kernel gives
    // up with ELOOP (Include) or forever (IncludeOptional).
    const message = `Could not open configuration file ${target}: Too many levels of symbolic links`;
    if (state.optional) state.warning ??= `${message} (a symbolic link leads back into a directory being read; httpd would loop on it)`;
    else fail(state, message);
    return [];
  }
  if (depth > MAX_DIRECTORY_DEPTH) {
    fail(state, `Directory ${target} exceeds the maximum include directory nesting level of ${MAX_DIRECTORY_DEPTH}. You have probably a recursion somewhere.`);
    return [];
  }
  const entries = state.fs.readDirectory(target);
  if (!Array.isArray(entries)) {
    fail(state, `Could not open config directory ${target}: ${entries.error}`);
    return [];
  }
  if (!countEntries(state, entries.length)) return [];
  const inside = identity !== undefined ? [...ancestors, identity] : ancestors;
  return sortLikeHttpd(entries.filter((n) => n !== '.' && n !== '..')).map((name) => ({ kind: 'plain', target: path.join(target, name), depth: depth + 1, ancestors: inside }));
}

function expandGlob(state: ExpandState, task: Extract<Task, { kind: 'glob' }>): Task[] {
  let { dir } = task;
  const segments = task.segments;
  let i = 0;
  // Plain segments only extend the directory.
  while (i < segments.length && (segments[i] === '' || !hasWildcard(segments[i]))) {
    if (segments[i] !== '') dir = path.join(dir, segments[i]);
    i++;
  }
  if (i === segments.length) return [{ kind: 'plain', target: dir, depth: 0, ancestors: [] }];
  const segment = segments[i];
  const rest = segments.slice(i + 1);
  const entries = state.fs.readDirectory(dir);
  if (!Array.isArray(entries)) {
    if (/No such file or directory/.test(entries.error)) state.missingDirectory ??= dir;
    fail(state, `Include/IncludeOptional: Could not open directory ${dir}: ${entries.error}`);
    return [];
  }
  if (!countEntries(state, entries.length)) return [];
  let matched = sortLikeHttpd(entries.filter((n) => n !== '.' && n !== '..' && fnmatch(segment, n)));
  const deeper = rest.length > 0;
  if (deeper) matched = matched.filter((n) => state.fs.stat(path.join(dir, n)) === 'directory');
  if (matched.length === 0) {
    fail(state, `Include/IncludeOptional: No matches for the wildcard '${segment}' in '${dir}', failing`);
    return [];
  }
  return matched.map((name) => (deeper ? { kind: 'glob', dir: path.join(dir, name), segments: rest } : { kind: 'plain', target: path.join(dir, name), depth: 0, ancestors: [] }));
}

/** httpd sorts with strcmp: plain byte order, not locale order. */
export function sortLikeHttpd(names: string[]): string[] {
  return [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
