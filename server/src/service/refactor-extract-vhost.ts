// Refactor "Extract this <VirtualHost> into its own file". The block moves, byte for byte, into a
// new file of the tree's sites directory (a folder a top-level Include reads with a wildcard);
// when the tree has none, the new file goes beside this one and an Include takes the block's
// place. Offered only when httpd reads the result the same way: the block is top-level, and no
// virtual host, Define, Macro or LoadModule lies between its old and its new place in read order
// (the first virtual host of an address is its default; a body may need a Define or a module).

import * as path from 'path';
import { fnmatch, type ConfigModel, type DirectiveUse, type IncludeEdge, type SectionUse } from '../model';
import type { CodeFix } from '../rules';
import { hasGlobChars } from './path-glob';

const ORDER_SENSITIVE = new Set(['virtualhost', 'define', 'undefine', 'macro', 'loadmodule']);

export function extractVirtualHost(model: ConfigModel, file: string, offset: number, exists: (file: string) => boolean): CodeFix | undefined {
  const parsed = model.parsed.get(file);
  if (!parsed || !model.moduleStateKnown || model.detachedFiles.includes(file)) return undefined;
  const vhost = model.uses.find((u): u is SectionUse => u.file === file && u.isSection && u.key === 'virtualhost' && u.line.start <= offset && offset <= u.line.contentEnd);
  if (!vhost || !vhost.active || vhost.parents.length || vhost.conditions.length) return undefined;
  const close = vhost.section.close;
  if (!close || !vhost.line.hasClosingBracket) return undefined;
  const text = parsed.text;
  const start = vhost.line.start;
  const end = close.end;
  let block = text.slice(start, end);
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  if (!block.endsWith('\n')) block += nl;
  const stem = fileStem(vhost);
  const lastInside = lastIndexWithin(model, vhost);
  const sites = sitesInclude(model, path.dirname(file));
  if (sites) {
    const dir = sites.dir;
    const name = nameFor(stem, sites.namePattern, (n) => exists(path.join(dir, n)));
    if (!name) return undefined;
    const target = path.join(dir, name);
    const newIndex = readPlace(model, sites.edge, target);
    if (crossesOrder(model, vhost.index, lastInside, newIndex)) return undefined;
    return {
      title: `Extract this <VirtualHost> into ${path.relative(path.dirname(file), target) || name}`,
      edits: [{ file, start, end, newText: '' }],
      createFiles: [{ file: target, text: block }],
    };
  }
  // No sites directory: a new file beside this one, read by an Include in the block's place.
  const dir = path.dirname(file);
  const name = nameFor(stem, '*.conf', (n) => exists(path.join(dir, n)) || readByWildcard(model, path.join(dir, n)));
  if (!name) return undefined;
  const target = path.join(dir, name);
  const inRoot = path.relative(model.serverRoot, target);
  const reference = !inRoot.startsWith('..') && !path.isAbsolute(inRoot) ? inRoot : model.pathMappings.length ? undefined : target;
  if (!reference) return undefined;
  const indent = text.slice(start, vhost.line.contentStart);
  const quoted = /[\s"]/.test(reference) ? `"${reference.replace(/"/g, '\\"')}"` : reference;
  const ending = text.slice(close.contentEnd, close.end).replace(/^[ \t]*/, '');
  return {
    title: `Extract this <VirtualHost> into ${name} (read by an Include in its place)`,
    edits: [{ file, start, end, newText: `${indent}Include ${quoted}${ending}` }],
    createFiles: [{ file: target, text: block }],
  };
}

/** A name from the host's ServerName (else its line), safe as a file name. */
function fileStem(vhost: SectionUse): string {
  const serverName = vhost.children.find((c) => c.key === 'servername')?.args[0];
  const cleaned = serverName?.replace(/^[a-z]+:\/\//i, '').replace(/:\d+$/, '').replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[.]+/, '');
  return cleaned || `vhost-${vhost.line.line + 1}`;
}

/** The first free name for the stem that the directory's wildcard reads. */
function nameFor(stem: string, namePattern: string, taken: (name: string) => boolean): string | undefined {
  const extension = /^\*(\.[A-Za-z0-9]+)$/.exec(namePattern)?.[1] ?? '.conf';
  for (let i = 0; i < 100; i++) {
    const name = `${stem}${i ? `-${i + 1}` : ''}${extension}`;
    if (fnmatch(namePattern, name) && !taken(name)) return name;
  }
  return undefined;
}

interface SitesDirectory {
  edge: IncludeEdge;
  dir: string;
  /** The wildcard of the last path segment ("*.conf"). */
  namePattern: string;
}

/** The top-level wildcard Include that reads a sites folder (by its name), else this file's own folder. */
function sitesInclude(model: ConfigModel, ownDir: string): SitesDirectory | undefined {
  const candidates: SitesDirectory[] = [];
  for (const edge of model.includes) {
    const use = edge.use;
    if (!use.active || use.parents.length || use.conditions.length || edge.error) continue;
    const pattern = edge.pattern;
    const namePattern = path.basename(pattern);
    const dirPattern = path.dirname(pattern);
    if (!hasGlobChars(namePattern) || hasGlobChars(dirPattern)) continue;
    const dir = includedDir(model, edge);
    candidates.push({ edge, dir, namePattern });
  }
  return candidates.find((c) => /sites|vhost/i.test(path.basename(c.dir))) ?? candidates.find((c) => c.dir === ownDir);
}

function readByWildcard(model: ConfigModel, file: string): boolean {
  return model.includes.some((e) => hasGlobChars(e.pattern) && includedDir(model, e) === path.dirname(file) && fnmatch(path.basename(e.pattern), path.basename(file)));
}

/** The folder a wildcard Include reads: where its files are, else its pattern's folder under ServerRoot. */
function includedDir(model: ConfigModel, edge: IncludeEdge): string {
  return edge.files[0] ? path.dirname(edge.files[0]) : path.resolve(model.serverRoot, path.dirname(edge.pattern));
}

/** The read-order place a new file of the wildcard's folder gets (between the indexes of its neighbours). */
function readPlace(model: ConfigModel, edge: IncludeEdge, target: string): number {
  const files = [...edge.files];
  const after = files.filter((f) => f > target);
  const firstIndexOf = (f: string): number | undefined => model.uses.find((u) => u.file === f)?.index;
  for (const f of after) {
    const index = firstIndexOf(f);
    if (index !== undefined) return index - 0.5;
  }
  const inEdge = new Set(files);
  let last = edge.use.index;
  for (const u of model.uses) if (inEdge.has(u.file) && u.index > last) last = u.index;
  return last + 0.5;
}

function lastIndexWithin(model: ConfigModel, vhost: SectionUse): number {
  let last = vhost.index;
  for (const u of model.uses) if (u.parents.includes(vhost) || u.conditions.includes(vhost)) last = Math.max(last, u.index);
  return last;
}

/** True when an order-sensitive directive lies between the block's old place and its new one. */
function crossesOrder(model: ConfigModel, first: number, last: number, newIndex: number): boolean {
  const low = Math.min(first, newIndex);
  const high = Math.max(last, newIndex);
  return model.uses.some((u: DirectiveUse) => u.index > low && u.index < high && (u.index < first || u.index > last) && ORDER_SENSITIVE.has(u.key));
}
