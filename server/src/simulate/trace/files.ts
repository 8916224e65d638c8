// File views for the simulator: the real disk (default), or a declared set of existing files
// (the CLI's --exists): every parent directory of a declared file exists, nothing else does.

import * as fs from 'fs';
import * as path from 'path';
import type { TraceFileView } from './types';

const MAX_HTACCESS_BYTES = 1024 * 1024;

export function diskFileView(): TraceFileView {
  return {
    stat(p) {
      try {
        const info = fs.statSync(p);
        return info.isDirectory() ? 'directory' : info.isFile() ? 'file' : undefined;
      } catch {
        return undefined;
      }
    },
    executable(p) {
      try {
        return (fs.statSync(p).mode & 0o111) !== 0;
      } catch {
        return undefined;
      }
    },
    readFile(p) {
      try {
        const info = fs.statSync(p);
        if (!info.isFile() || info.size > MAX_HTACCESS_BYTES) return undefined;
        return fs.readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * A declared tree: `files` maps absolute paths to their text (or null for "exists, content
 * unknown"); a path ending in '/' declares a directory.
 */
export function declaredFileView(files: Record<string, string | null> | string[]): TraceFileView {
  const entries = Array.isArray(files) ? Object.fromEntries(files.map((f) => [f, null])) : files;
  const kinds = new Map<string, 'file' | 'directory'>();
  const texts = new Map<string, string>();
  for (const [raw, text] of Object.entries(entries)) {
    const isDir = raw.endsWith('/');
    const p = path.posix.normalize(raw).replace(/\/$/, '') || '/';
    kinds.set(p, isDir ? 'directory' : 'file');
    if (text !== null && !isDir) texts.set(p, text);
    for (let d = path.posix.dirname(p); ; d = path.posix.dirname(d)) {
      kinds.set(d, 'directory');
      if (d === '/') break;
    }
  }
  return {
    stat: (p) => kinds.get(path.posix.normalize(p).replace(/(.)\/$/, '$1')),
    readFile: (p) => texts.get(path.posix.normalize(p)),
  };
}
