// Document URIs, read once at the protocol edge with vscode-uri (the library VS Code itself uses),
// so `c%2B%2B%20%28copy%29` from the editor and `c++ (copy)` on disk name the same file.

import * as path from 'path';
import { URI } from 'vscode-uri';

/** The last URIs' local paths (null: none); the answer depends on the URI's text alone. */
const localPaths = new Map<string, string | null>();
const LOCAL_PATHS_KEPT = 256;
/** Longer URIs (a hostile client's) are parsed each time rather than kept. */
const KEPT_URI_LENGTH = 2048;

/**
 * The local path a URI names, or undefined when it names none: another scheme (untitled:,
 * vscode-vfs:), a host (file://server/share/… is a network share, not a local file), an unparsable
 * URI or a NUL byte. Such documents still get the features that need only their text.
 */
export function localPath(uri: string): string | undefined {
  // Every request names its document: parsing the same few URIs again cost more than a hover.
  if (uri.length > KEPT_URI_LENGTH) return parseLocalPath(uri);
  let file = localPaths.get(uri);
  if (file === undefined) {
    if (localPaths.size >= LOCAL_PATHS_KEPT) localPaths.delete(localPaths.keys().next().value as string);
    localPaths.set(uri, (file = parseLocalPath(uri) ?? null));
  }
  return file ?? undefined;
}

function parseLocalPath(uri: string): string | undefined {
  let parsed: URI;
  try {
    parsed = URI.parse(uri, true);
  } catch {
    return undefined;
  }
  if (parsed.scheme !== 'file') return undefined;
  if (parsed.authority && parsed.authority.toLowerCase() !== 'localhost') return undefined;
  const file = parsed.with({ authority: '' }).fsPath;
  if (!path.isAbsolute(file) || file.includes('\u0000')) return undefined;
  return path.resolve(file);
}

/** The URI sent to the client for a local path (VS Code's own encoding). */
export function uriOf(file: string): string {
  // Asked for every file of the trees on every round (open buffers, the tree's file list): kept.
  let uri = uris.get(file);
  if (uri === undefined) {
    if (uris.size >= MAX_KEPT_URIS) uris.clear();
    uris.set(file, (uri = URI.file(file).toString()));
  }
  return uri;
}

const uris = new Map<string, string>();
const MAX_KEPT_URIS = 50_000;
