// Runs the real httpd (Debian's apache2) on a configuration tree and reads its verdict.

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const HTTPD = process.env.HTTPD ?? '/usr/sbin/apache2';

export function httpdAvailable(): boolean {
  return fs.existsSync(HTTPD);
}

export interface Verdict {
  ok: boolean;
  /** Every cleaned stderr line (timestamps, pids and the ServerName notice removed). */
  messages: string[];
  /** The error message itself, without location prefixes. */
  error?: string;
  /** Where httpd located the error (innermost file of an include chain), 1-based line. */
  file?: string;
  line?: number;
}

let runDir: string | undefined;
function environment(): NodeJS.ProcessEnv {
  runDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-oracle-run-'));
  for (const d of ['run', 'lock', 'log']) fs.mkdirSync(path.join(runDir, d), { recursive: true });
  return {
    PATH: process.env.PATH,
    APACHE_RUN_USER: 'www-data',
    APACHE_RUN_GROUP: 'www-data',
    APACHE_RUN_DIR: path.join(runDir, 'run'),
    APACHE_PID_FILE: path.join(runDir, 'run', 'apache2.pid'),
    APACHE_LOCK_DIR: path.join(runDir, 'lock'),
    APACHE_LOG_DIR: path.join(runDir, 'log'),
    LANG: 'C',
  };
}

function clean(stderr: string): string[] {
  return stderr
    .split('\n')
    .map((l) => l.replace(/^\[[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9]{2} [0-9:.]+ [0-9]{4}\] /, '').replace(/ \[pid [0-9]+(:tid [0-9]+)?\]/, '').trim())
    .filter((l) => l && l !== 'Syntax OK' && !l.includes('AH00558'));
}

/** `apache2 -d ROOT -f MAIN -t` (plus -D defines). */
export function httpdCheck(serverRoot: string, main: string, defines: string[] = []): Verdict {
  const args = ['-d', serverRoot, '-f', main, ...defines.flatMap((d) => ['-D', d]), '-t'];
  const result = spawnSync(HTTPD, args, { env: environment(), cwd: '/', encoding: 'utf8', timeout: 20000 });
  const messages = clean(result.stderr ?? '');
  const verdict: Verdict = { ok: result.status === 0, messages };
  if (verdict.ok) return verdict;
  const syntaxAt = messages.findIndex((m) => m.startsWith('AH00526: Syntax error on line'));
  if (syntaxAt !== -1) {
    const m = /line (\d+) of (.*):$/.exec(messages[syntaxAt]);
    verdict.line = m ? Number(m[1]) : undefined;
    verdict.file = m?.[2];
    verdict.error = messages[syntaxAt + 1];
    return verdict;
  }
  const chain = messages.find((m) => /Syntax error on line \d+ of /.test(m));
  if (chain) {
    // "apache2: Syntax error on line 2 of A: Syntax error on line 1 of B: message": innermost wins.
    const parts = [...chain.matchAll(/Syntax error on line (\d+) of (.*?): /g)];
    const last = parts[parts.length - 1];
    verdict.line = Number(last[1]);
    verdict.file = last[2];
    verdict.error = chain.slice(last.index! + last[0].length);
    return verdict;
  }
  verdict.error = messages.find((m) => !/^AH00013|Configuration check failed/.test(m)) ?? messages[0];
  return verdict;
}

/** Loaded modules and MPM as `apache2 -M` lists them. */
export function httpdModules(serverRoot: string, main: string, defines: string[] = []): { modules: string[]; mpm: string | null } {
  const args = ['-d', serverRoot, '-f', main, ...defines.flatMap((d) => ['-D', d]), '-t', '-D', 'DUMP_MODULES'];
  const result = spawnSync(HTTPD, args, { env: environment(), cwd: '/', encoding: 'utf8', timeout: 20000 });
  const modules = [...(result.stdout ?? '').matchAll(/^ (\S+) \((?:static|shared)\)$/gm)].map((m) => m[1]);
  const mpm = modules.find((m) => /^mpm_(prefork|worker|event)_module$/.test(m))?.replace(/^mpm_|_module$/g, '') ?? null;
  return { modules, mpm };
}
