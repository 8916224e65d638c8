// Maps the server's absolute paths (ServerRoot "/etc/httpd", Include /etc/apache2/...) onto a
// copy of the tree elsewhere, typically a repository checkout. Mappings come from the user
// (settings, --map) or are inferred from where the main file sits: once a prefix is mapped,
// the workspace's files win over same-named files of the machine the checker runs on.

import * as path from 'path';
import type { ConfigFileSystem } from './fs';
import type { Location } from './types';
import { trimTrailingSlashes } from '../parser';

export interface PathMapping {
  /** Absolute path on the server, e.g. /etc/httpd. */
  from: string;
  /** Where that folder is here, e.g. the workspace folder. */
  to: string;
  origin: 'setting' | 'inferred';
  /** For an inferred mapping: the directive that showed it. */
  where?: Location;
}

function isUnder(p: string, prefix: string): boolean {
  if (prefix === '/') return p.startsWith('/');
  return p === prefix || p.startsWith(`${prefix}/`);
}

/** The mapping with the longest matching prefix, if any. */
export function mappingFor(mappings: readonly PathMapping[], p: string): PathMapping | undefined {
  let best: PathMapping | undefined;
  for (const m of mappings) if (isUnder(p, m.from) && (!best || m.from.length > best.from.length)) best = m;
  return best;
}

/** Whether a path already lies where a mapping points (mapped paths are never mapped again). */
export function isMappedTarget(mappings: readonly PathMapping[], p: string): boolean {
  return mappings.some((m) => isUnder(p, m.to));
}

export function applyMapping(mappings: readonly PathMapping[], p: string): string {
  const m = mappingFor(mappings, p);
  if (!m) return p;
  const rest = p.slice(m.from.length).replace(/^\/+/, '');
  return rest ? path.join(m.to, rest) : m.to;
}

/** The server's path for a file read here: the inverse of applyMapping (longest target wins). */
export function serverPathOf(mappings: readonly PathMapping[], p: string): string {
  let best: PathMapping | undefined;
  for (const m of mappings) if (isUnder(p, m.to) && (!best || m.to.length > best.to.length)) best = m;
  if (!best) return p;
  const rest = p.slice(best.to.length).replace(/^\/+/, '');
  return rest ? path.posix.join(best.from, rest) : best.from;
}

/** Parses "FROM=TO" pairs or a {from: to} object, resolving ${workspaceFolder}. */
export function readMappings(raw: unknown, workspaceFolder: string | undefined): PathMapping[] {
  const pairs: [string, string][] = [];
  if (Array.isArray(raw)) {
    for (const item of raw) {
      if (typeof item !== 'string') continue;
      const eq = item.indexOf('=');
      if (eq > 0) pairs.push([item.slice(0, eq), item.slice(eq + 1)]);
    }
  } else if (raw && typeof raw === 'object') {
    for (const [from, to] of Object.entries(raw as Record<string, unknown>)) if (typeof to === 'string') pairs.push([from, to]);
  }
  const out: PathMapping[] = [];
  for (const [from, to] of pairs) {
    const target = workspaceFolder !== undefined ? to.replace(/\$\{workspaceFolder\}/g, workspaceFolder) : to;
    if (!path.isAbsolute(from) || !target || /\$\{/.test(target)) continue;
    out.push({ from: stripSlash(path.normalize(from)), to: stripSlash(path.resolve(target)), origin: 'setting' });
  }
  return out;
}

function stripSlash(p: string): string {
  return p.length > 1 ? trimTrailingSlashes(p) : p;
}

/** Folders that may be the server's folder here: the main file's, and the one above conf/. */
export function treeBases(mainFile: string): string[] {
  const dir = path.dirname(mainFile);
  const parent = path.dirname(dir);
  return path.basename(dir) === 'conf' && parent !== dir && parent !== '/' ? [dir, parent] : [dir];
}

/** The part of a path before its first wildcard segment. */
function fixedPart(segments: string[]): string[] {
  const i = segments.findIndex((s) => /[*?[]/.test(s));
  return i === -1 ? segments : segments.slice(0, i);
}

/**
 * For an absolute path outside the tree's folder, the prefix that stands for one of the tree
 * bases: /etc/httpd/conf.d/*.conf with <repo>/conf.d present gives /etc/httpd -> <repo>.
 * The longest remainder that exists here wins (the most specific evidence).
 */
export function inferMapping(fs: ConfigFileSystem, mainFile: string, target: string): { from: string; to: string } | undefined {
  if (!path.isAbsolute(target)) return undefined;
  const bases = treeBases(mainFile);
  if (bases.some((b) => isUnder(target, b))) return undefined;
  const above = foldersAbove(fs, bases[bases.length - 1]);
  const segments = path.normalize(target).split('/').filter(Boolean);
  for (let i = 1; i < segments.length; i++) {
    const rest = fixedPart(segments.slice(i));
    if (rest.length === 0) break;
    const from = `/${segments.slice(0, i).join('/')}`;
    for (const base of bases) {
      if (isUnder(base, from) || isUnder(from, base)) continue;
      if (fs.stat(path.join(base, ...rest)) !== undefined) return { from, to: base };
    }
    // A folder above the tree (the repository of a docker/ or conf/ folder) needs more than a
    // bare file name as evidence: every folder may hold an .htaccess.
    if (rest.length < 2) continue;
    for (const base of above) {
      if (isUnder(base, from) || isUnder(from, base)) continue;
      if (fs.stat(path.join(base, ...rest)) !== undefined) return { from, to: base };
    }
  }
  return undefined;
}

/** How far above the tree's folder a server folder may sit in a repository. */
const LEVELS_ABOVE = 3;

/**
 * The folders above the tree's folder, nearest first, up to the repository's root (the first
 * that holds .git) and at most LEVELS_ABOVE of them; never the file system's root.
 */
function foldersAbove(fs: ConfigFileSystem, base: string): string[] {
  const out: string[] = [];
  let dir = base;
  for (let level = 0; level < LEVELS_ABOVE; level++) {
    if (fs.stat(path.join(dir, '.git')) !== undefined) break;
    const parent = path.dirname(dir);
    if (parent === dir || parent === '/') break;
    out.push(parent);
    dir = parent;
  }
  return out;
}

/**
 * For an absolute ServerRoot: the tree base holding most of the relative paths the main file
 * includes (conf.modules.d, conf.d, conf/extra…), when the server's folder itself is not it.
 * When none holds any, the base whose path ends in the ServerRoot's (<repo>/etc/httpd for
 * /etc/httpd: a checkout that kept only conf/httpd.conf).
 */
export function inferServerRoot(fs: ConfigFileSystem, mainFile: string, serverRoot: string, relativePaths: string[]): string | undefined {
  const bases = treeBases(mainFile);
  if (bases.includes(serverRoot)) return undefined;
  let best: string | undefined;
  let bestCount = 0;
  for (const base of bases) {
    let count = 0;
    for (const rel of relativePaths) {
      const rest = fixedPart(rel.split('/').filter((s) => s && s !== '.'));
      if (rest.length && fs.stat(path.join(base, ...rest)) !== undefined) count++;
    }
    if (count > bestCount) {
      best = base;
      bestCount = count;
    }
  }
  return best ?? bases.find((base) => endsWithPath(base, serverRoot));
}

/** Whether a path's last segments are all of another absolute path's (/repo/etc/httpd and /etc/httpd). */
function endsWithPath(p: string, tail: string): boolean {
  const t = stripSlash(tail);
  return path.isAbsolute(t) && t !== '/' && p.endsWith(t);
}
