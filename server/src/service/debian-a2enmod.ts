// A module file of Debian's mods-available that the tree does not include is not a stray file:
// it is waiting for `a2enmod`. Opened on its own it is read the way a2enmod would enable it, so
// ssl.conf is checked with mod_ssl loaded and mpm_prefork.conf under prefork, instead of
// "Invalid command" errors for the very module the file configures.
// a2enmod's rules (the .load file's comments): `# Depends: a b` enables a and b first;
// `# Conflicts: c` refuses while c is enabled, so switching (mpm_event -> mpm_prefork) takes an
// a2dismod first; here the conflicting enabled modules are read as disabled.

import * as path from 'path';
import type { ConfigFileSystem } from '../model';

export interface ModuleEnabling {
  /** The module the opened file belongs to (ssl for ssl.conf and ssl.load). */
  module: string;
  /** Files read as if enabled, in a2enmod's order: dependencies first, each .load before its .conf. */
  files: string[];
  /** Enabled files of conflicting modules, read as if a2dismod had removed them. */
  disables: string[];
  /** The conflicting modules that are enabled (named in the note). */
  disabledModules: string[];
}

/** How many modules one plan follows at most (Debian's deepest chain is a handful). */
const MAX_MODULES = 64;

/**
 * What enabling the module of `file` would read, when `file` is a .load or .conf of a folder
 * named mods-available and its module is not enabled yet; undefined otherwise.
 * `isIncluded` says whether the tree already reads a file (through mods-enabled's symlinks).
 */
export function a2enmodPlan(file: string, fs: ConfigFileSystem, isIncluded: (file: string) => boolean): ModuleEnabling | undefined {
  const dir = path.dirname(file);
  const match = /^(.+)\.(load|conf)$/.exec(path.basename(file));
  if (path.basename(dir) !== 'mods-available' || !match) return undefined;
  const module = match[1];
  const loadOf = (name: string): string => path.join(dir, `${name}.load`);
  const confOf = (name: string): string => path.join(dir, `${name}.conf`);
  const enabled = (name: string): boolean => isIncluded(loadOf(name));
  if (enabled(module) && (fs.stat(confOf(module)) !== 'file' || isIncluded(confOf(module)))) return undefined;

  const files: string[] = [];
  const conflicts = new Set<string>();
  const done = new Set<string>();
  // Depth first without recursion: a module's files go in once all its dependencies' have.
  const stack: { name: string; expanded: boolean }[] = [{ name: module, expanded: false }];
  while (stack.length > 0 && done.size < MAX_MODULES) {
    const top = stack[stack.length - 1];
    if (done.has(top.name)) {
      stack.pop();
      continue;
    }
    if (!top.expanded) {
      top.expanded = true;
      const comments = headerOf(fs, loadOf(top.name));
      for (const name of comments.conflicts) conflicts.add(name);
      for (const name of comments.depends) {
        if (!done.has(name) && !enabled(name) && !stack.some((s) => s.name === name)) stack.push({ name, expanded: false });
      }
      continue;
    }
    stack.pop();
    done.add(top.name);
    for (const candidate of [loadOf(top.name), confOf(top.name)]) {
      if (fs.stat(candidate) === 'file' && !isIncluded(candidate)) files.push(candidate);
    }
  }
  const disabledModules = [...conflicts].filter((name) => name !== module && enabled(name));
  const disables = disabledModules.flatMap((name) => [loadOf(name), confOf(name)].filter((f) => fs.stat(f) === 'file'));
  return files.length > 0 ? { module, files, disables, disabledModules } : undefined;
}

/** The module names of a .load file's `# Depends:` and `# Conflicts:` comments. */
function headerOf(fs: ConfigFileSystem, loadFile: string): { depends: string[]; conflicts: string[] } {
  const read = fs.readFile(loadFile);
  const depends: string[] = [];
  const conflicts: string[] = [];
  if (!('text' in read)) return { depends, conflicts };
  // The comments sit above the LoadModule line: a few hundred characters are enough.
  for (const line of read.text.slice(0, 4096).split('\n')) {
    const m = /^\s*#\s*(Depends|Conflicts)\s*:(.*)$/i.exec(line);
    if (!m) continue;
    const names = m[2].split(/[\s,]+/).filter((n) => /^[\w.+-]+$/.test(n));
    (m[1].toLowerCase() === 'depends' ? depends : conflicts).push(...names);
  }
  return { depends, conflicts };
}
