// Which main configuration a file is read under, decided once for the CLI and the editor.
// A main configuration is read as itself; a file its tree includes (also through a symlink)
// in that tree; a file of a tree that nothing includes (sites-available, mods-available,
// conf.d of a copy) as if the tree included it; a .htaccess (and the names applications ship
// it under) as per-directory configuration with the tree's modules; anything else on its own,
// as a fragment whose loaded modules are unknown, so no module or MPM errors are claimed.
//
// Layouts: Debian/Ubuntu (apache2.conf beside sites-*, mods-*, conf-*), RHEL/Fedora/CentOS and
// Arch (conf/httpd.conf beside conf.d/, conf.modules.d/, conf/extra/), openSUSE and Alpine
// (httpd.conf beside vhosts.d/, conf.d/, default-server.conf, listen.conf, loadmodule.conf),
// FreeBSD and source builds (httpd.conf beside Includes/, extra/, modules.d/).

import * as path from 'path';
import type { ConfigFileSystem, Scope } from '../model';
import { a2enmodPlan, type ModuleEnabling } from './debian-a2enmod';

export const MAIN_CONFIG_NAMES = ['apache2.conf', 'httpd.conf'];

/** Where a main configuration sits relative to a folder of its tree, nearest first. */
const MAIN_PLACES = ['apache2.conf', 'httpd.conf', path.join('conf', 'httpd.conf')];
/** Folders above the file that may hold its tree's main configuration. */
const OWNER_LEVELS = 4;

export type ContextKind = 'main' | 'included' | 'detached' | 'htaccess' | 'fragment';

/** Names applications ship .htaccess files under, to be renamed (Joomla's htaccess.txt…). */
export function isHtaccessName(name: string): boolean {
  return /^\.?htaccess(\.(txt|dist|sample|example|default|orig))?$/i.test(name) || /\.htaccess$/i.test(name);
}

export interface FileContext {
  kind: ContextKind;
  /** The main configuration to build. */
  mainFile: string;
  /** The file is not reached from mainFile and is analysed as if it were. */
  detached: boolean;
  /** No main configuration was found: the file is read on its own. */
  standalone: boolean;
  /** Scope of the file's top-level directives. */
  scope: Scope;
  moduleStateKnown: boolean;
  /** One sentence for the status bar, the CLI and hovers; undefined for a file of its tree. */
  note?: string;
  /** A Debian module file read as `a2enmod` would enable it (detached files and disabled ones). */
  enabling?: ModuleEnabling;
}

export interface ContextInputs {
  file: string;
  /** Main configurations from settings and the workspace, preferred first. */
  candidates: string[];
  /** Whether a main configuration's tree includes the file (symlinks resolved). */
  includes(main: string, file: string): boolean;
  fs: ConfigFileSystem;
  /** Forced by the user (CLI --context). */
  forced?: Scope;
  /** The user named this file as the main configuration (CLI -d, the mainConfig setting). */
  declaredMain?: boolean;
  /** The file alone loads an MPM: a whole configuration under another name. */
  isWholeConfig?(file: string): boolean;
  /**
   * False when the file loads no module, includes nothing and listens nowhere: a snippet under a
   * main configuration's name (w3c-markup-validator's /etc/w3c/httpd.conf), not a server. Absent: true.
   */
  setsUpServer?(file: string): boolean;
}

export const NOTES = {
  fragment: 'No main configuration found: checked on its own, modules unknown',
  snippet: 'Named like a main configuration, but loads, includes and listens on nothing: checked on its own as a snippet, modules unknown',
  htaccess: '.htaccess: checked as per-directory configuration',
};

export function chooseContext(input: ContextInputs): FileContext {
  const file = path.resolve(input.file);
  const forced = input.forced;
  const htaccess = forced === 'htaccess' || (forced === undefined && isHtaccessName(path.basename(file)));
  const base = { detached: false, standalone: false, moduleStateKnown: true };
  if (htaccess) {
    const owner = ownerOf(file, input);
    if (owner) return { ...base, kind: 'htaccess', mainFile: owner, detached: true, scope: 'htaccess', note: `${NOTES.htaccess}, with the modules of ${owner}` };
    return { ...base, kind: 'htaccess', mainFile: file, standalone: true, scope: 'htaccess', moduleStateKnown: false, note: `${NOTES.htaccess}; no main configuration found, modules unknown` };
  }
  const scope: Scope = forced ?? 'server';
  // The layout's main configuration above the file counts as a candidate (the CLI has no workspace).
  const above = findMainAbove(file, input.fs);
  const others = [...input.candidates, ...(above && !input.candidates.includes(above) ? [above] : [])].filter((c) => c !== file);
  const byName = input.candidates.includes(file) || MAIN_CONFIG_NAMES.includes(path.basename(file));
  const snippet = byName && !input.declaredMain && input.setsUpServer?.(file) === false;
  const namedMain = input.declaredMain || (byName && !snippet);
  if (namedMain && forced === undefined && !others.some((c) => input.includes(c, file))) {
    return { ...base, kind: 'main', mainFile: file, scope };
  }
  if (forced === undefined) {
    const including = others.find((c) => input.includes(c, file));
    if (including) return { ...base, kind: 'included', mainFile: including, scope };
  }
  const owner = ownerOf(file, input);
  if (owner) {
    const enabling = forced === undefined ? a2enmodPlan(file, input.fs, (f) => input.includes(owner, f)) : undefined;
    if (enabling) {
      const dismod = enabling.disabledModules.length ? `a2dismod ${enabling.disabledModules.join(' ')} && ` : '';
      const note = `Not enabled in ${owner}: checked as if \`${dismod}a2enmod ${enabling.module}\` had enabled it`;
      return { ...base, kind: 'detached', mainFile: owner, detached: true, scope, note, enabling };
    }
    const note = `Not included by ${owner}: checked as if it were${forced ? ` (as ${describeScope(forced)})` : ''}`;
    return { ...base, kind: 'detached', mainFile: owner, detached: true, scope, note };
  }
  if (forced === undefined && input.isWholeConfig?.(file)) return { ...base, kind: 'main', mainFile: file, scope };
  return { ...base, kind: 'fragment', mainFile: file, standalone: true, scope, moduleStateKnown: false, note: snippet ? NOTES.snippet : NOTES.fragment };
}

function describeScope(scope: Scope): string {
  return scope === 'vhost' ? 'inside a <VirtualHost>' : scope === 'directory' ? 'inside a <Directory>' : scope === 'htaccess' ? '.htaccess' : 'server configuration';
}

/**
 * The tree a file belongs to when nothing includes it: a candidate whose folder holds it, the
 * main configuration of its layout above it, or else any tree of the workspace.
 */
function ownerOf(file: string, input: ContextInputs): string | undefined {
  const others = input.candidates.filter((c) => c !== file);
  return others.find((c) => treeFolders(c).some((dir) => isInside(file, dir))) ?? findMainAbove(file, input.fs) ?? others[0];
}

/** The folders of a main configuration's tree: its own, and the one above conf/. */
function treeFolders(main: string): string[] {
  const dir = path.dirname(main);
  return path.basename(dir) === 'conf' ? [dir, path.dirname(dir)] : [dir];
}

function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return !!rel && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** The main configuration of the layout around a file, looking up to four folders above it. */
export function findMainAbove(file: string, fs: ConfigFileSystem): string | undefined {
  let dir = path.dirname(file);
  for (let i = 0; i < OWNER_LEVELS; i++) {
    for (const place of MAIN_PLACES) {
      const candidate = path.join(dir, place);
      if (candidate !== file && fs.stat(candidate) === 'file') return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}
