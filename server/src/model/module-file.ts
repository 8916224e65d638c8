// Whether the library a LoadModule names is on this machine. httpd refuses a missing one
// ("Cannot load … into server: …: cannot open shared object file"), but a tree is often checked
// away from the server it is for, so only a module folder of this machine (one holding
// libraries) is looked into.

import * as path from 'path';
import type { ConfigFileSystem } from './fs';

export interface MissingModuleFile {
  /** Files of the same folder the name may have meant (a typo, another PHP version). */
  nearby: string[];
}

/** Undefined when the file exists or its folder is not on this machine (nothing to say); `local` is where it is read here (a --map target). */
export function missingModuleFile(fs: ConfigFileSystem, local: string): MissingModuleFile | undefined {
  if (fs.stat(local) !== undefined) return undefined;
  const folder = path.dirname(local);
  if (fs.stat(folder) !== 'directory') return undefined;
  const listing = fs.readDirectory(folder);
  const siblings = Array.isArray(listing) ? listing : [];
  // A folder with no library in it is not where this machine keeps its modules.
  if (!siblings.some((s) => s.endsWith('.so'))) return undefined;
  const base = path.basename(local);
  return {
    nearby: siblings.filter((s) => s !== base && isNearby(base, s)).sort().slice(0, 3),
  };
}

/** The same name but for its digits (libphp8.1.so, libphp8.2.so), or a letter off (two in a long name: mod_jk.so is not mod_md.so). */
function isNearby(a: string, b: string): boolean {
  const stem = (s: string): string => s.replace(/[\d.]+(?=\.so$)/, '#');
  if (stem(a) === stem(b) && /\d/.test(b)) return true;
  const limit = a.length >= 12 ? 2 : 1;
  return Math.abs(a.length - b.length) <= limit && distance(a, b) <= limit;
}

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length];
}
