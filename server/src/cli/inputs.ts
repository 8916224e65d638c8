// The files a run checks: paths as given, globs expanded (sorted, bounded walk), '-' for standard
// input; each file once, whatever path or glob names it again.

import * as path from 'path';
import { globMatches, hasGlobChars } from '../service';
import { UsageError } from './args';
import { nodeDisk, type CliDisk } from './disk';

export const STDIN = '-';

/** Folders a glob never descends into, and bounds on its walk. */
const SKIPPED = new Set(['node_modules', '.git', '.hg', '.svn']);
const MAX_FOLDERS = 20000;
const MAX_FILES = 20000;

export interface Input {
  /** Absolute path; for standard input, the --stdin-filename path or `<cwd>/<stdin>`. */
  file: string;
  stdin: boolean;
  /** Named on the command line (rather than found by a glob). */
  explicit: boolean;
}

export class InputError extends Error {}

export function expandInputs(args: string[], stdinFilename: string | undefined, cwd = process.cwd(), disk: CliDisk = nodeDisk): Input[] {
  const out: Input[] = [];
  const seen = new Set<string>();
  const add = (file: string, explicit: boolean): void => {
    const id = disk.realPath(file);
    if (seen.has(id)) return;
    seen.add(id);
    out.push({ file, stdin: false, explicit });
  };
  if (args.filter((a) => a === STDIN).length > 1) throw new UsageError("'-' (standard input) can be given once");
  if (stdinFilename !== undefined && !args.includes(STDIN)) throw new UsageError("--stdin-filename goes with '-' (standard input)");
  for (const arg of args) {
    if (arg === STDIN) {
      out.push({ file: path.resolve(cwd, stdinFilename ?? '<stdin>'), stdin: true, explicit: true });
      continue;
    }
    const abs = path.resolve(cwd, arg);
    if (disk.kind(abs) !== undefined || !hasGlobChars(arg)) {
      add(abs, true);
      continue;
    }
    const matches = expandGlob(arg, cwd, disk);
    if (!matches.length) throw new InputError(`no files match ${arg}`);
    for (const m of matches) add(m, false);
  }
  return out;
}

/** The files under the glob's fixed leading folders that match it, sorted. */
export function expandGlob(glob: string, cwd: string, disk: CliDisk = nodeDisk): string[] {
  const abs = path.isAbsolute(glob);
  const parts = glob.split('/');
  let fixed = 0;
  while (fixed < parts.length - 1 && !hasGlobChars(parts[fixed])) fixed++;
  const baseRel = parts.slice(0, fixed).join('/');
  const base = abs ? baseRel || '/' : path.resolve(cwd, baseRel);
  const rest = parts.slice(fixed).join('/');
  const found: string[] = [];
  const queue = [''];
  let folders = 0;
  for (let i = 0; i < queue.length && folders < MAX_FOLDERS && found.length < MAX_FILES; i++) {
    const rel = queue[i];
    folders++;
    const entries = disk.list(path.join(base, rel));
    if (!entries) continue;
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      const full = path.join(base, childRel);
      let kind: 'file' | 'directory' | undefined = e.kind === 'file' || e.kind === 'directory' ? e.kind : undefined;
      if (e.kind === 'link') {
        const target = disk.kind(full);
        kind = target === 'file' || target === 'directory' ? target : undefined;
      }
      // A glob of a single depth (no **) needs no folders below its own depth.
      if (kind === 'directory' && !SKIPPED.has(e.name) && e.kind !== 'link' && (rest.includes('**') || childRel.split('/').length < rest.split('/').length)) queue.push(childRel);
      else if (kind === 'file' && globMatches(rest, childRel)) found.push(full);
    }
  }
  return found.sort();
}
