// httpd-lint: checks an Apache httpd configuration tree from the terminal or CI.
// Exit status: 0 no error-severity finding, 1 errors found, 2 usage or I/O failure (and
// internal errors). With --format json, every outcome, failures included, is one JSON object.

import * as fs from 'fs';
import * as path from 'path';
import { createApacheService, describeError, readMappings, renderProfileText, type RuleLevel, type Scope } from '../service';
import { lintFile, toReport } from './report';
import { runTrace } from './trace-command';
import { runRequestTests } from './test-command';

const USAGE = `Usage:
  httpd-lint [options] MAIN.conf      check a configuration tree
  httpd-lint trace [options] URL MAIN.conf
                                      trace one request (httpd-lint trace --help)
  httpd-lint test REQUESTS.yaml MAIN.conf
                                      run request tests (httpd-lint test --help)
  httpd-lint explain NAME             describe a directive
  httpd-lint rules                    list the rules

Options:
  --format text|json       output format (default text)
  --server-root DIR        like httpd -d (a ServerRoot directive still wins)
  --context KIND           read the file as server|vhost|directory|htaccess configuration
                           (default: decided from its tree, like the editor does)
  --map FROM=TO            read the server's path FROM (e.g. /etc/httpd) from TO (repeatable);
                           inferred when the tree sits where its ServerRoot or Include paths say
  -D NAME[=VALUE]          define a name, like httpd -D (repeatable)
  --static-modules a,b,... modules compiled into httpd (default: Debian's)
  --httpd-version X.Y.Z    version for <IfVersion> (default 2.4.62)
  --rule ID=LEVEL          off|hint|information|warning|error (repeatable)
  --keepalive-threshold N  seconds for the prefork KeepAliveTimeout advice (default 5)
  --memory-mb N            the server's memory, for the capacity advice and profile
  --profile                print the server profile instead of the findings
                           (with --format json: the profile's data)
  --hints                  also print hints (inactive blocks) in text output
  -h, --help               show this help`;

class UsageError extends Error {}

/** Rules, directive docs and the profile (lintFile makes the service that analyses the tree). */
const service = createApacheService();
const RULES = service.rules();

const CONTEXTS: Scope[] = ['server', 'vhost', 'directory', 'htaccess'];

type FailureKind = 'usage' | 'io' | 'internal';

/** What `--format json` prints when there is no report: `{"version":1,"error":{"kind","message"}}`. */
export function failureJson(kind: FailureKind, message: string): string {
  return JSON.stringify({ version: 1, error: { kind, message } }, null, 2);
}

/** Whether the command line asks for JSON, read before (and whatever) the full parse fails. */
export function wantsJson(argv: string[]): boolean {
  const at = argv.indexOf('--format');
  return at !== -1 && argv[at + 1] === 'json';
}

interface CliArgs {
  format: 'text' | 'json';
  serverRoot?: string;
  defines: string[];
  staticModules?: string[];
  version?: string;
  rules: Record<string, RuleLevel>;
  keepAliveThreshold?: number;
  memoryMB?: number;
  profile: boolean;
  hints: boolean;
  context?: Scope;
  maps: string[];
  positional: string[];
}

function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = { format: 'text', defines: [], rules: {}, profile: false, hints: false, maps: [], positional: [] };
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--format') {
      const f = value(i++, a);
      if (f !== 'text' && f !== 'json') throw new UsageError(`unknown format '${f}' (text or json)`);
      args.format = f;
    } else if (a === '--server-root' || a === '-d') args.serverRoot = value(i++, a);
    else if (a === '-D') args.defines.push(value(i++, a));
    else if (a.startsWith('-D') && a.length > 2) args.defines.push(a.slice(2));
    else if (a === '--static-modules') args.staticModules = value(i++, a).split(',').map((s) => s.trim()).filter(Boolean);
    else if (a === '--httpd-version') args.version = value(i++, a);
    else if (a === '--rule') {
      const spec = value(i++, a);
      if (!spec.includes('=')) throw new UsageError(`--rule takes ID=LEVEL, e.g. --rule ${spec || 'trailing-comment'}=error (levels: off, hint, information, warning, error)`);
      const [id, level] = spec.split('=');
      if (!RULES.some((r) => r.id === id)) throw new UsageError(`unknown rule '${id}' (see httpd-lint rules)`);
      if (!['off', 'hint', 'information', 'warning', 'error'].includes(level)) throw new UsageError(`unknown level '${level}' for ${id}`);
      args.rules[id] = level as RuleLevel;
    } else if (a === '--keepalive-threshold') {
      const n = Number(value(i++, a));
      if (!Number.isFinite(n) || n < 0) throw new UsageError('--keepalive-threshold takes a number of seconds');
      args.keepAliveThreshold = n;
    } else if (a === '--memory-mb') {
      const n = Number(value(i++, a));
      if (!Number.isFinite(n) || n <= 0) throw new UsageError('--memory-mb takes a size in MB');
      args.memoryMB = n;
    } else if (a === '--context') {
      const c = value(i++, a);
      if (!CONTEXTS.includes(c as Scope)) throw new UsageError(`unknown context '${c}' (${CONTEXTS.join(', ')})`);
      args.context = c as Scope;
    } else if (a === '--map') {
      const m = value(i++, a);
      const eq = m.indexOf('=');
      if (eq <= 0 || !path.isAbsolute(m.slice(0, eq)) || eq === m.length - 1) throw new UsageError(`--map takes FROM=TO with an absolute FROM (got '${m}')`);
      args.maps.push(m);
    } else if (a === '--profile') args.profile = true;
    else if (a === '--hints') args.hints = true;
    else if (a === '-h' || a === '--help') args.positional.unshift('help');
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option '${a}'`);
    else args.positional.push(a);
  }
  return args;
}

function formatText(report: ReturnType<typeof toReport>, showHints: boolean): string {
  const cwd = process.cwd();
  const shown = report.diagnostics.filter((d) => showHints || d.severity !== 'hint');
  const relative = (file: string): string => {
    const rel = path.relative(cwd, file);
    return rel && !rel.startsWith('..') ? rel : file;
  };
  const lines: string[] = [];
  if (report.context?.note) lines.push(`note: ${report.context.note}`);
  for (const m of report.pathMappings) lines.push(`note: ${m.from} is read from ${relative(m.to)} (${m.origin === 'inferred' ? 'inferred from the tree' : '--map'})`);
  for (const d of shown) {
    lines.push(`${relative(d.file)}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code}: ${d.message}`);
  }
  const count = (s: string): number => report.diagnostics.filter((d) => d.severity === s).length;
  lines.push(`${report.files.length} files checked: ${count('error')} errors, ${count('warning')} warnings, ${count('information')} notes${showHints ? `, ${count('hint')} hints` : ''}`);
  return lines.join('\n');
}

export function run(argv: string[], out: (s: string) => void, err: (s: string) => void): number {
  // Subcommands with their own options.
  if (argv[0] === 'trace') return runTrace(argv.slice(1), { out, err });
  if (argv[0] === 'test') return runRequestTests(argv.slice(1), { out, err });
  const json = wantsJson(argv);
  /** A failure: one line on stderr for people, and with --format json the same as JSON on stdout. */
  const fail = (kind: FailureKind, message: string, usage = false): number => {
    err(`httpd-lint: ${message}${usage && !json ? `\n${USAGE}` : ''}`);
    if (json) out(failureJson(kind, message));
    return 2;
  };
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return fail('usage', e.message, true);
  }
  const [command, ...rest] = args.positional;
  if (command === 'help') {
    out(USAGE);
    return 0;
  }
  if (command === undefined) return fail('usage', 'no configuration file given', true);
  if (command === 'explain') {
    if (!rest[0]) return fail('usage', 'explain needs a directive name');
    const text = service.explain(rest[0]);
    if (!text) return fail('usage', `unknown directive '${rest[0]}'`);
    out(text);
    return 0;
  }
  if (command === 'rules') {
    out(RULES.map((r) => `${r.id.padEnd(30)} ${r.defaultSeverity.padEnd(12)} ${r.summary}`).join('\n'));
    return 0;
  }
  if (rest.length > 0) return fail('usage', `one configuration file at a time (got ${args.positional.length})`, true);
  const main = path.resolve(command);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(main);
  } catch (e) {
    return fail('io', `cannot read ${command}: ${describeError(e)}`);
  }
  if (!stat.isFile()) return fail('io', `${command} is not a file`);
  try {
    // Opening is the real test (permissions, ACLs); stat alone says nothing about reading.
    fs.closeSync(fs.openSync(main, 'r'));
  } catch (e) {
    return fail('io', `cannot read ${command}: ${describeError(e)}`);
  }
  if (args.serverRoot && !fs.existsSync(args.serverRoot)) return fail('io', `server root ${args.serverRoot} does not exist`);
  const file = lintFile({
    main,
    context: args.context,
    pathMappings: readMappings(args.maps, process.cwd()),
    serverRoot: args.serverRoot,
    defines: args.defines,
    staticModules: args.staticModules,
    version: args.version,
    settings: {
      rules: args.rules,
      ...(args.keepAliveThreshold !== undefined ? { keepAliveTimeoutThreshold: args.keepAliveThreshold } : {}),
      ...(args.memoryMB !== undefined ? { memoryTotalMB: args.memoryMB } : {}),
    },
  });
  const analysis = file.analysis;
  const report = toReport(analysis, file);
  if (args.profile && json) out(JSON.stringify({ version: 1, profile: service.profile(analysis) }, null, 2));
  else if (args.profile) out(renderProfileText(service.profile(analysis)));
  else if (json) out(JSON.stringify(report, null, 2));
  else out(formatText(report, args.hints));
  return report.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}

/** run() with a last line of defence: an internal error is reported (as JSON when asked), exit 2. */
export function main(argv: string[], out: (s: string) => void, err: (s: string) => void): number {
  try {
    return run(argv, out, err);
  } catch (e) {
    const message = `internal error: ${(e as Error)?.message ?? String(e)}`;
    err(`httpd-lint: ${message}`);
    if (wantsJson(argv)) out(failureJson('internal', message));
    return 2;
  }
}

if (require.main === module || process.argv[1]?.endsWith('httpd-lint')) {
  process.exitCode = main(process.argv.slice(2), (s) => process.stdout.write(`${s}\n`), (s) => process.stderr.write(`${s}\n`));
}
