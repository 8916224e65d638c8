// Content types and handlers by file extension, as mod_mime assigns them: every extension of
// the name counts (index.php.en), the TypesConfig file first, AddType/AddHandler on top,
// ForceType/SetHandler over everything.

import * as fs from 'fs';
import { mimeTypeLines } from '../../model';

const typesCache = new Map<string, Map<string, string> | undefined>();

/** extension → type from a mime.types file; undefined when it cannot be read. */
export function readTypesConfig(file: string): Map<string, string> | undefined {
  if (typesCache.has(file)) return typesCache.get(file);
  let map: Map<string, string> | undefined;
  try {
    map = new Map();
    // Line order: an extension listed again later takes the later type, as in mod_mime.
    for (const { type, extensions } of mimeTypeLines(fs.readFileSync(file, 'utf8'))) for (const e of extensions) map.set(e, type);
  } catch {
    map = undefined;
  }
  typesCache.set(file, map);
  return map;
}

/** The extensions httpd's mod_mime looks at: every dot-separated part after the first. */
export function extensionsOf(basename: string): string[] {
  return basename.split('.').slice(1).map((e) => e.toLowerCase()).filter(Boolean);
}
