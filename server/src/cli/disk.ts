// What the CLI itself asks of the disk before and beside the analysis (inputs and their globs,
// readability of the files given, folder identities), in one place so that a cached run can
// record it (result-cache/recorder.ts).

import * as fs from 'fs';
import { describeError } from '../service';
import { statKind } from './result-cache/probe';

export interface DirEntry {
  name: string;
  kind: 'file' | 'directory' | 'link' | 'other';
}

export interface CliDisk {
  /** What the path leads to (symlinks followed), undefined when missing. */
  kind(path: string): 'file' | 'directory' | 'other' | undefined;
  /** Why a file cannot be checked, or undefined. */
  unreadable(path: string): string | undefined;
  /** The path with symlinks resolved (itself when that fails). */
  realPath(path: string): string;
  /** A folder's entries with their own types (links not followed), undefined when unreadable. */
  list(path: string): DirEntry[] | undefined;
}

export const nodeDisk: CliDisk = {
  kind: statKind,
  unreadable,
  realPath(path) {
    try {
      return fs.realpathSync.native(path);
    } catch {
      return path;
    }
  },
  list(path) {
    try {
      return fs.readdirSync(path, { withFileTypes: true }).map((e) => ({
        name: e.name,
        kind: e.isFile() ? 'file' : e.isDirectory() ? 'directory' : e.isSymbolicLink() ? 'link' : 'other',
      }));
    } catch {
      return undefined;
    }
  },
};

/** Why a file cannot be checked, or undefined. Opening is the real test (permissions, ACLs). */
function unreadable(file: string): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    return `cannot read ${file}: ${describeError(e)}`;
  }
  if (!stat.isFile()) return `${file} is not a file`;
  try {
    fs.closeSync(fs.openSync(file, 'r'));
  } catch (e) {
    return `cannot read ${file}: ${describeError(e)}`;
  }
  return undefined;
}
