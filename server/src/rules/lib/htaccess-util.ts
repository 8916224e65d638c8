// The .htaccess files a tree is asked about (opened in the editor, named on the command line),
// with the server directory each one sits in and what every server of the tree allows there.

import * as path from 'path';
import { activeUses, htaccessOverrides, serverPathOf, fnmatch, readsAccessFile, type ConfigModel, type ServerOverrides } from '../../model';
import { trimTrailingSlashes } from '../../parser';

export interface AccessFile {
  file: string;
  /** The directory as the server sees it (path mappings undone). */
  serverDir: string;
  /** Every server of the tree, with what it allows there. */
  servers: ServerOverrides[];
  /** The servers that open this file: its name is an AccessFileName and overrides are not None. */
  readers: ServerOverrides[];
}

/** Access files of the tree whose directory the configuration maps; none when any match is unsure. */
export function accessFiles(model: ConfigModel): AccessFile[] {
  const out: AccessFile[] = [];
  for (const file of model.files) {
    if (file === model.mainFile || model.fileScopes.get(file) !== 'htaccess') continue;
    const serverDir = serverPathOf(model.pathMappings, path.dirname(file));
    if (!mapsDirectory(model, serverDir)) continue;
    const servers = htaccessOverrides(model, serverDir);
    if (servers.some((s) => s.uncertain)) continue;
    const name = path.basename(file);
    const readers = servers.filter((s) => s.accessFileNames.includes(name) && readsAccessFile(s.state));
    out.push({ file, serverDir, servers, readers });
  }
  return out;
}

function isUnder(dir: string, root: string): boolean {
  const rel = path.posix.relative(root, dir);
  return rel === '' || (!rel.startsWith('..') && !path.posix.isAbsolute(rel));
}

/**
 * Whether the configuration serves or configures this directory: it lies under a DocumentRoot,
 * an Alias target or a <Directory> other than "/". Otherwise the file is meant for another server.
 */
function mapsDirectory(model: ConfigModel, dir: string): boolean {
  const inTree = (u: { scope: string }) => u.scope !== 'htaccess';
  const roots = activeUses(model, 'DocumentRoot').filter(inTree).map((u) => u.args[0]);
  const aliases = ['Alias', 'ScriptAlias'].flatMap((n) => activeUses(model, n).filter(inTree)).filter((u) => u.args.length >= 2).map((u) => u.args[u.args.length - 1]);
  if ([...roots, ...aliases].some((r) => r && r.startsWith('/') && isUnder(dir, path.posix.normalize(r)))) return true;
  return activeUses(model, 'Directory').filter(inTree).some((u) => {
    const arg = u.args[0];
    if (!arg || arg === '~' || u.args.length > 1 || !arg.startsWith('/')) return false;
    const section = trimTrailingSlashes(path.posix.normalize(arg));
    if (section === '') return false;
    if (!/[*?[]/.test(section)) return isUnder(dir, section);
    const depth = section.split('/').length;
    const prefix = dir.split('/').slice(0, depth).join('/');
    return prefix.split('/').length === depth && fnmatch(section, prefix);
  });
}
