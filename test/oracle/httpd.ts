// Runs the real httpd (Debian's apache2) on a configuration tree and reads its verdict.

import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { httpdEnvironment } from '../../scripts/lib/httpd-env.cjs';

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
  return httpdEnvironment(runDir);
}

/** Removes the private run directory (APACHE_RUN_DIR and friends). */
export function removeRunDir(): void {
  if (runDir) fs.rmSync(runDir, { recursive: true, force: true });
  runDir = undefined;
}

function clean(stderr: string): string[] {
  return stderr
    .split('\n')
    .map((l) => l.replace(/^\[[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9]{2} [0-9:.]+ [0-9]{4}\] /, '').replace(/ \[pid [0-9]+(:tid [0-9]+)?\]/, '').trim())
    .filter((l) => l && l !== 'Syntax OK' && !l.includes('AH00558'));
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs apache2 from / with a private run directory, so relative paths can only mean ServerRoot. */
function runHttpd(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(HTTPD, args, { env: environment(), cwd: '/', stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

function commonArgs(serverRoot: string, main: string, defines: string[]): string[] {
  return ['-d', serverRoot, '-f', main, ...defines.flatMap((d) => ['-D', d])];
}

/** `apache2 -d ROOT -f MAIN [-D NAME]... -t`, read as a verdict. */
export async function httpdCheck(serverRoot: string, main: string, defines: string[] = []): Promise<Verdict> {
  const result = await runHttpd([...commonArgs(serverRoot, main, defines), '-t']);
  return parseVerdict(result.status, result.stderr);
}

export function parseVerdict(status: number | null, stderr: string): Verdict {
  const messages = clean(stderr);
  const verdict: Verdict = { ok: status === 0, messages };
  if (verdict.ok) return verdict;
  // Shape A: a directive handler's error, two lines.
  const syntaxAt = messages.findIndex((m) => m.startsWith('AH00526: Syntax error on line'));
  if (syntaxAt !== -1) {
    const m = /line (\d+) of (.*):$/.exec(messages[syntaxAt]);
    verdict.line = m ? Number(m[1]) : undefined;
    verdict.file = m?.[2];
    verdict.error = messages[syntaxAt + 1];
    return verdict;
  }
  // Shape B: a read-time error, one line, chained across includes; the innermost location wins.
  const chain = messages.find((m) => /Syntax error on line \d+ of /.test(m));
  if (chain) {
    const parts = [...chain.matchAll(/Syntax error on line (\d+) of (.*?): /g)];
    const last = parts[parts.length - 1];
    verdict.line = Number(last[1]);
    verdict.file = last[2];
    verdict.error = chain.slice(last.index! + last[0].length);
    return verdict;
  }
  // Post-config failures have no location; skip warnings printed before them and the trailer.
  const isWarning = (m: string): boolean => /^\[[\w:]*:(warn|notice|info|debug)\]/.test(m);
  verdict.error = messages.find((m) => !isWarning(m) && !/^AH00013|Configuration check failed/.test(m)) ?? messages[0];
  return verdict;
}

/** Loaded modules and MPM as `apache2 -M` (= -t -D DUMP_MODULES) lists them, and the run's verdict. */
export async function httpdModules(serverRoot: string, main: string, defines: string[] = []): Promise<{ modules: string[]; mpm: string | null; verdict: Verdict }> {
  const result = await runHttpd([...commonArgs(serverRoot, main, defines), '-t', '-D', 'DUMP_MODULES']);
  const modules = [...result.stdout.matchAll(/^ (\S+) \((?:static|shared)\)$/gm)].map((m) => m[1]);
  const mpm = modules.find((m) => /^mpm_(prefork|worker|event)_module$/.test(m))?.replace(/^mpm_|_module$/g, '') ?? null;
  return { modules, mpm, verdict: parseVerdict(result.status, result.stderr) };
}

/** One host as `apache2 -S` (= -t -D DUMP_VHOSTS) lists it under an address. */
export interface DumpedHost {
  name: string;
  file: string;
  line: number;
  default: boolean;
  aliases: string[];
}

/** The virtual hosts by address as `apache2 -S` lists them, in its order. */
export async function httpdVhosts(serverRoot: string, main: string): Promise<Map<string, DumpedHost[]>> {
  const result = await runHttpd([...commonArgs(serverRoot, main, []), '-t', '-D', 'DUMP_VHOSTS']);
  const out = new Map<string, DumpedHost[]>();
  let hosts: DumpedHost[] | undefined;
  for (const line of result.stdout.split('\n')) {
    const single = /^(\S+)\s+(\S+) \((.*):(\d+)\)$/.exec(line);
    const named = /^(\S+)\s+is a NameVirtualHost$/.exec(line);
    const member = /^\s+(default server|port \d+ namevhost) (\S+) \((.*):(\d+)\)$/.exec(line);
    const alias = /^\s+(?:wild )?alias (\S+)$/.exec(line);
    if (named) out.set(named[1], (hosts = []));
    else if (single && !/^(ServerRoot|Main|Mutex|PidFile|Define|User|Group)/.test(line)) out.set(single[1], [{ name: single[2], file: single[3], line: Number(single[4]), default: true, aliases: [] }]);
    else if (member && hosts) {
      // The default server is listed once more as the first namevhost; keep the namevhost lines.
      if (member[1] === 'default server') continue;
      hosts.push({ name: member[2], file: member[3], line: Number(member[4]), default: hosts.length === 0, aliases: [] });
    } else if (alias && hosts?.length) hosts[hosts.length - 1].aliases.push(alias[1]);
    else if (/^\S/.test(line)) hosts = undefined;
  }
  return out;
}
