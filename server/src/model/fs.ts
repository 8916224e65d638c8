// The file system as the model sees it. Injected so that the model can run on open editor
// buffers, on an in-memory tree in tests, or on the disk for the CLI.

import * as nodeFs from 'fs';
import * as nodePath from 'path';

export type ReadResult = { text: string } | { error: string };

export interface ConfigFileSystem {
  readFile(path: string): ReadResult;
  /** 'file', 'directory', or undefined when the path does not exist or cannot be read. */
  stat(path: string): 'file' | 'directory' | undefined;
  /** Entry names of a directory, or an error text. */
  readDirectory(path: string): string[] | { error: string };
  /** The path with symlinks resolved (one identity for a file reached under two names). */
  realPath?(path: string): string;
}

/** Files above this size are not read: no real configuration file comes close. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

export function nodeFileSystem(): ConfigFileSystem {
  return {
    readFile(path) {
      try {
        const info = nodeFs.statSync(path);
        if (info.isDirectory()) return { error: 'Is a directory' };
        if (info.size > MAX_FILE_BYTES) return { error: `File too large (${info.size} bytes)` };
        return { text: nodeFs.readFileSync(path, 'utf8') };
      } catch (e) {
        return { error: describeError(e) };
      }
    },
    stat(path) {
      try {
        const info = nodeFs.statSync(path);
        return info.isDirectory() ? 'directory' : 'file';
      } catch {
        return undefined;
      }
    },
    readDirectory(path) {
      try {
        return nodeFs.readdirSync(path);
      } catch (e) {
        return { error: describeError(e) };
      }
    },
    realPath(path) {
      try {
        return nodeFs.realpathSync.native(path);
      } catch {
        return path;
      }
    },
  };
}

/** httpd-style error text: "No such file or directory", "Permission denied". */
export function describeError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'No such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'Permission denied';
    case 'ENOTDIR':
      return 'Not a directory';
    case 'ELOOP':
      return 'Too many levels of symbolic links';
    default:
      return (e as Error)?.message ?? String(e);
  }
}

/** A file system whose files can be replaced by in-memory texts (open editor buffers). */
export function overlayFileSystem(base: ConfigFileSystem, overlay: (path: string) => string | undefined): ConfigFileSystem {
  return {
    readFile(path) {
      const text = overlay(path);
      return text !== undefined ? { text } : base.readFile(path);
    },
    stat(path) {
      return overlay(path) !== undefined ? 'file' : base.stat(path);
    },
    readDirectory(path) {
      return base.readDirectory(path);
    },
    realPath(path) {
      return base.realPath ? base.realPath(path) : path;
    },
  };
}

/** An in-memory tree: keys are absolute paths, values file texts. Directories are implied. */
export function memoryFileSystem(files: Record<string, string>): ConfigFileSystem {
  const normalized = new Map(Object.entries(files).map(([p, t]) => [nodePath.posix.normalize(p), t]));
  const isDir = (path: string): boolean => {
    const prefix = path.endsWith('/') ? path : `${path}/`;
    for (const key of normalized.keys()) if (key.startsWith(prefix)) return true;
    return false;
  };
  return {
    readFile(path) {
      const text = normalized.get(nodePath.posix.normalize(path));
      if (text !== undefined) return { text };
      return { error: isDir(path) ? 'Is a directory' : 'No such file or directory' };
    },
    stat(path) {
      const p = nodePath.posix.normalize(path);
      if (normalized.has(p)) return 'file';
      return isDir(p) ? 'directory' : undefined;
    },
    readDirectory(path) {
      const p = nodePath.posix.normalize(path);
      if (!isDir(p)) return { error: 'No such file or directory' };
      const prefix = p.endsWith('/') ? p : `${p}/`;
      const names = new Set<string>();
      for (const key of normalized.keys()) {
        if (key.startsWith(prefix)) names.add(key.slice(prefix.length).split('/')[0]);
      }
      return [...names];
    },
  };
}
