// Which main configuration a file is read under. A file that the main configuration includes is
// analysed there; a file nothing includes (sites-available/x.conf) in the context of the main
// configuration of its tree; a .htaccess under the main configuration's modules; anything else
// on its own, as a fragment whose loaded modules are unknown.

import * as path from 'path';
import type { ConfigFileSystem, Scope } from '../model';

export const MAIN_CONFIG_NAMES = ['apache2.conf', 'httpd.conf'];

export interface FileContext {
  /** The main configuration to build. */
  mainFile: string;
  /** The file is not reached from mainFile and is analysed as if it were. */
  detached: boolean;
  /** No main configuration was found: the file is read on its own. */
  standalone: boolean;
  mainScope: Scope;
  moduleStateKnown: boolean;
  /** Human explanation for hovers and the status bar. */
  note?: string;
}

export interface ContextInputs {
  file: string;
  /** Main configurations from settings and the workspace, preferred first. */
  candidates: string[];
  /** Whether a main configuration's tree includes the file. */
  includes(main: string, file: string): boolean;
  fs: ConfigFileSystem;
}

export function chooseContext(input: ContextInputs): FileContext {
  const file = path.resolve(input.file);
  const isHtaccess = path.basename(file) === '.htaccess';
  if (MAIN_CONFIG_NAMES.includes(path.basename(file)) && !isHtaccess) {
    const including = input.candidates.find((c) => c !== file && input.includes(c, file));
    if (!including) return { mainFile: file, detached: false, standalone: false, mainScope: 'server', moduleStateKnown: true };
  }
  for (const main of input.candidates) {
    if (main === file) return { mainFile: main, detached: false, standalone: false, mainScope: 'server', moduleStateKnown: true };
    if (!isHtaccess && input.includes(main, file)) {
      return { mainFile: main, detached: false, standalone: false, mainScope: 'server', moduleStateKnown: true };
    }
  }
  const owner = input.candidates.find((c) => isInside(file, path.dirname(c))) ?? findMainAbove(file, input.fs);
  if (owner) {
    const note = isHtaccess
      ? `read as .htaccess with the modules of ${owner}`
      : `not included by ${owner}; analysed as if it were (enable it to make it active)`;
    return { mainFile: owner, detached: true, standalone: false, mainScope: 'server', moduleStateKnown: true, note };
  }
  return {
    mainFile: file,
    detached: false,
    standalone: true,
    mainScope: isHtaccess ? 'htaccess' : 'server',
    moduleStateKnown: false,
    note: 'no main configuration (apache2.conf or httpd.conf) found; read on its own, loaded modules unknown',
  };
}

function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return !!rel && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** Looks for apache2.conf / httpd.conf in the file's folder and up to three folders above it. */
export function findMainAbove(file: string, fs: ConfigFileSystem): string | undefined {
  let dir = path.dirname(file);
  for (let i = 0; i < 4; i++) {
    for (const name of MAIN_CONFIG_NAMES) {
      const candidate = path.join(dir, name);
      if (candidate !== file && fs.stat(candidate) === 'file') return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}
