// The media types a tree knows: the TypesConfig file it loads (httpd's default "mime.types"
// under ServerRoot when none is set) and the types AddType names. Read through the injected
// file system, once per file text.

import type { ConfigFileSystem } from './fs';
import { activeUses, serverLevelUse } from './effective';
import { resolveAgainstRoot } from './include-paths';
import type { ConfigModel } from './types';

/** Debian's apache2 is built with AP_TYPES_CONFIG_FILE="mime.types" (relative to ServerRoot). */
export const DEFAULT_TYPES_CONFIG = 'mime.types';

/** The lines of a mime.types file in order: each type as written with its extensions (lower case). */
export function mimeTypeLines(text: string): { type: string; extensions: string[] }[] {
  const lines: { type: string; extensions: string[] }[] = [];
  for (const line of text.split('\n')) {
    if (/^\s*(#|$)/.test(line)) continue;
    const [type, ...extensions] = line.trim().split(/\s+/);
    if (type) lines.push({ type, extensions: extensions.map((e) => e.toLowerCase()) });
  }
  return lines;
}

/** type → its extensions, from the text of a mime.types file. */
export function parseMimeTypes(text: string): Map<string, string[]> {
  const types = new Map<string, string[]>();
  for (const { type, extensions } of mimeTypeLines(text)) {
    if (type.includes('/')) types.set(type.toLowerCase(), [...(types.get(type.toLowerCase()) ?? []), ...extensions]);
  }
  return types;
}

/** The TypesConfig file the tree loads, as an absolute path. */
export function typesConfigFile(model: ConfigModel): string {
  const use = serverLevelUse(model, 'TypesConfig');
  return resolveAgainstRoot(model.serverRoot, use?.args[0] ?? DEFAULT_TYPES_CONFIG);
}

const cache = new WeakMap<ConfigModel, { file: string; types: Map<string, string[]> }>();

/**
 * The last TypesConfig text parsed, with its types: every analysis of a tree reads the same file,
 * usually the same string, and parsing its ≈ 1,800 lines again after each keystroke cost more than
 * the completion that asked. Never changed once made (AddType's types go into a copy).
 */
let lastParsed: { text: string; types: Map<string, string[]> } | undefined;

function parsedOnce(text: string): Map<string, string[]> {
  if (lastParsed?.text !== text) lastParsed = { text, types: parseMimeTypes(text) };
  return lastParsed.types;
}

/**
 * Every media type the tree knows, with extensions: the TypesConfig file's (empty when it cannot
 * be read) and AddType's. `file` says where the first part came from. The map is shared: read it,
 * never change it.
 */
export function knownMimeTypes(model: ConfigModel, fs: ConfigFileSystem): { file: string; types: Map<string, string[]> } {
  const hit = cache.get(model);
  if (hit) return hit;
  const file = typesConfigFile(model);
  const read = fs.readFile(file);
  let types = 'text' in read ? parsedOnce(read.text) : new Map<string, string[]>();
  let copied = !('text' in read);
  for (const use of activeUses(model, 'AddType')) {
    const [type, ...extensions] = use.args;
    if (!type?.includes('/')) continue;
    if (!copied) {
      types = new Map(types);
      copied = true;
    }
    types.set(type.toLowerCase(), [...(types.get(type.toLowerCase()) ?? []), ...extensions.map((e) => e.replace(/^\./, '').toLowerCase())]);
  }
  const result = { file, types };
  cache.set(model, result);
  return result;
}
