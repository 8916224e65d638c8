// Whether the library a LoadModule names is on this machine. httpd refuses a missing one
// ("Cannot load … into server: …: cannot open shared object file"), but a tree is often checked
// away from the server it is for, so only a module folder of this machine (one holding
// libraries) is looked into.

import * as path from 'path';
import { getModuleByIdentifier } from '../data';
import type { ConfigFileSystem } from './fs';

export interface MissingModuleFile {
  /** Files of the same folder the name may have meant (a typo, another PHP version). */
  nearby: string[];
  /** Whether every near name is the same library in another version (libphp8.2.so for libphp7.4.so). */
  otherVersionsOnly: boolean;
}

/**
 * Undefined when the file exists or its folder is not on this machine (nothing to say); `local` is
 * where it is read here (a --map target). Letter distance is no evidence (mod_fcgid.so is no typo
 * of mod_cgid.so), so only two signs count as a near name: the library the identifier's module
 * ships as, and the same name with other version digits.
 */
export function missingModuleFile(fs: ConfigFileSystem, identifier: string, local: string): MissingModuleFile | undefined {
  if (fs.stat(local) !== undefined) return undefined;
  const folder = path.dirname(local);
  if (fs.stat(folder) !== 'directory') return undefined;
  const listing = fs.readDirectory(folder);
  const siblings = Array.isArray(listing) ? listing : [];
  // A folder with no library in it is not where this machine keeps its modules.
  if (!siblings.some((s) => s.endsWith('.so'))) return undefined;
  const base = path.basename(local);
  const shipped = getModuleByIdentifier(identifier)?.soFile;
  const nearby = siblings.filter((s) => s !== base && (s === shipped || otherVersion(base, s)));
  return { nearby: nearby.sort().slice(0, 3), otherVersionsOnly: nearby.length > 0 && nearby.every((s) => otherVersion(base, s)) };
}

/** The name with the digits and dots before its `.so` (from the first digit of that run) as one `#`. */
function versionlessSo(name: string): string {
  if (!name.endsWith('.so')) return name;
  const end = name.length - 3;
  let start = end;
  while (start > 0 && /[\d.]/.test(name[start - 1])) start--;
  while (start < end && !/\d/.test(name[start])) start++;
  return start < end ? `${name.slice(0, start)}#${name.slice(end)}` : name;
}

/** The same name but for its version digits (libphp8.1.so, libphp8.2.so). */
function otherVersion(a: string, b: string): boolean {
  const stem = versionlessSo;
  return /\d/.test(a) && /\d/.test(b) && stem(a) === stem(b);
}
