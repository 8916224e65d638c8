// httpd-lint: checks an Apache httpd configuration tree from the terminal or CI.
// Exit status: 0 no error-severity finding, 1 errors found, 2 usage or I/O failure.

import * as fs from 'fs';
import * as path from 'path';
import { explainDirective } from '../service/hover';
import { renderProfileText } from '../service/profile';
import type { RuleLevel } from '../rules';
import { readMappings, type Scope } from '../model';
import { RULES } from '../rules';
import { lintFile, toReport } from './report';

const USAGE = `Usage:
  httpd-lint [options] MAIN.conf      check a configuration tree
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
  --hints                  also print hints (inactive blocks) in text output
  -h, --help               show this help`;

class UsageError extends Error {}

const CONTEXTS: Scope[] = ['server', 'vhost', 'directory', 'htaccess'];

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
      const [id, level] = value(i++, a).split('=');
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
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    err(`httpd-lint: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const [command, ...rest] = args.positional;
  if (command === 'help' || command === undefined) {
    (command === 'help' ? out : err)(USAGE);
    return command === 'help' ? 0 : 2;
  }
  if (command === 'explain') {
    if (!rest[0]) {
      err('httpd-lint: explain needs a directive name');
      return 2;
    }
    const text = explainDirective(rest[0]);
    if (!text) {
      err(`httpd-lint: unknown directive '${rest[0]}'`);
      return 2;
    }
    out(text);
    return 0;
  }
  if (command === 'rules') {
    out(RULES.map((r) => `${r.id.padEnd(30)} ${r.defaultSeverity.padEnd(12)} ${r.summary}`).join('\n'));
    return 0;
  }
  if (rest.length > 0) {
    err(`httpd-lint: one configuration file at a time (got ${args.positional.length})\n${USAGE}`);
    return 2;
  }
  const main = path.resolve(command);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(main);
  } catch (e) {
    err(`httpd-lint: cannot read ${command}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'No such file or directory' : (e as Error).message}`);
    return 2;
  }
  if (!stat.isFile()) {
    err(`httpd-lint: ${command} is not a file`);
    return 2;
  }
  if (args.serverRoot && !fs.existsSync(args.serverRoot)) {
    err(`httpd-lint: server root ${args.serverRoot} does not exist`);
    return 2;
  }
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
  if (args.profile) out(renderProfileText(analysis));
  else if (args.format === 'json') out(JSON.stringify(report, null, 2));
  else out(formatText(report, args.hints));
  return report.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}

if (require.main === module || process.argv[1]?.endsWith('httpd-lint')) {
  let code = 2;
  try {
    code = run(process.argv.slice(2), (s) => process.stdout.write(`${s}\n`), (s) => process.stderr.write(`${s}\n`));
  } catch (e) {
    process.stderr.write(`httpd-lint: internal error: ${(e as Error).message}\n`);
    code = 2;
  }
  process.exitCode = code;
}
