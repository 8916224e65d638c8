// Runs the real CLI (bin/httpd-lint) as a child process, and writes the scratch trees it reads.

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot } from './files';

export const CLI = path.join(repoRoot, 'bin', 'httpd-lint');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  input?: string;
  /** The whole environment of the child (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Run as this user and group id. */
  uid?: number;
}

export function runCli(args: string[], options: CliOptions = {}): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? repoRoot,
    encoding: 'utf8',
    input: options.input ?? '',
    maxBuffer: 256 * 1024 * 1024,
    ...(options.env ? { env: options.env } : {}),
    ...(options.uid !== undefined ? { uid: options.uid, gid: options.uid } : {}),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A scratch folder under the system's temporary folder holding these files (relative paths). */
export function writeTree(files: Record<string, string>, prefix = 'httpd-lint-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
