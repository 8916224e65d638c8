// The command line: node:util parseArgs (`--opt value` and `--opt=value`), checked into CliArgs.
// Anything unknown or malformed is a UsageError (exit 2).

import * as path from 'path';
import { parseArgs, type ParseArgsConfig } from 'util';
import { RULE_IDS, RULE_LEVELS, SCOPES, type RuleLevelName, type ScopeName } from '../service';

export class UsageError extends Error {}

export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];
export const FAIL_LEVELS = ['error', 'warning', 'information'] as const;
export type FailLevel = (typeof FAIL_LEVELS)[number];

export const USAGE = `Usage:
  httpd-lint [options] FILE|GLOB|- ...   check configuration files (each in its own tree)
  httpd-lint trace [options] URL MAIN.conf
                                         trace one request (httpd-lint trace --help)
  httpd-lint test REQUESTS.yaml MAIN.conf
                                         run request tests (httpd-lint test --help)
  httpd-lint capacity [options] MAIN.conf
                                         visitors per second the server holds, now and with the
                                         keep-alive advice (httpd-lint capacity --help)
  httpd-lint explain DIRECTIVE|RULE-ID   describe a directive, or print a rule's docs page
  httpd-lint rules                       list the rules

Input:
  -                        read the configuration from standard input
  --stdin-filename PATH    where the standard input's text belongs (its tree, its name in reports)
  --config PATH            use this .httpd-lint.json (default: the nearest above each file)
  --no-config              read no .httpd-lint.json

Output:
  --format FORMAT          text (default), json, sarif (SARIF 2.1.0) or github (workflow commands)
  -o, --output FILE        write the report to FILE instead of standard output
  --color, --no-color      colour in text output (default: only on a terminal, never with NO_COLOR)
  --quiet                  report errors only
  --hints                  also report hints (inactive blocks) in text, sarif and github output
  --profile                print the server profile instead of the findings
                           (with --format json: the profile's data)

Exit status:
  --fail-level LEVEL       exit 1 when a finding is at least error (default), warning or information
  --max-warnings N         also exit 1 when there are more than N warnings

Fixing:
  --fix                    apply the preferred quick fix of every finding that has one
  --fix-dry-run            print the fixes as a unified diff instead (exit 1 when there is one)

Analysis:
  -d, --server-root DIR    like httpd -d (a ServerRoot directive still wins)
  --context KIND           read the file as server|vhost|directory|htaccess configuration
                           (default: decided from its tree, like the editor does)
  --map FROM=TO            read the server's path FROM (e.g. /etc/httpd) from TO (repeatable);
                           inferred when the tree sits where its ServerRoot or Include paths say
  -D, --define NAME[=VALUE] define a name, like httpd -D (repeatable; added to the config file's)
  --static-modules a,b,... modules compiled into httpd (default: Debian's)
  --httpd-version X.Y.Z    version for <IfVersion> (default 2.4.62)
  --rule ID=LEVEL          off|hint|information|warning|error (repeatable)
  --keepalive-threshold N  seconds for the prefork KeepAliveTimeout advice (default 5)
  --memory-mb N            the server's memory, for the capacity advice and profile

Result cache (a run whose files, settings and environment are unchanged prints the stored result):
  --no-cache               run without the result cache (also HTTPD_LINT_NO_CACHE=1)
  --cache-location DIR     keep the cache in DIR (default: $XDG_CACHE_HOME/httpd-lint,
                           else ~/.cache/httpd-lint)

  -h, --help               show this help
  -v, --version            print the version

Exit status: 0 nothing at the fail level, 1 findings at the fail level (or too many warnings,
or --fix-dry-run has a diff), 2 usage, configuration or I/O error.`;

const OPTIONS = {
  format: { type: 'string' },
  output: { type: 'string', short: 'o' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  quiet: { type: 'boolean' },
  hints: { type: 'boolean' },
  profile: { type: 'boolean' },
  'fail-level': { type: 'string' },
  'max-warnings': { type: 'string' },
  fix: { type: 'boolean' },
  'fix-dry-run': { type: 'boolean' },
  'stdin-filename': { type: 'string' },
  config: { type: 'string' },
  'no-config': { type: 'boolean' },
  'server-root': { type: 'string', short: 'd' },
  context: { type: 'string' },
  map: { type: 'string', multiple: true },
  define: { type: 'string', short: 'D', multiple: true },
  'static-modules': { type: 'string' },
  'httpd-version': { type: 'string' },
  rule: { type: 'string', multiple: true },
  'keepalive-threshold': { type: 'string' },
  'memory-mb': { type: 'string' },
  // Read by dist/cli.js (result-cache/entry.ts placeFor) before the bundle loads.
  'no-cache': { type: 'boolean' },
  'cache-location': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const satisfies ParseArgsConfig['options'];

/** Every long option, for the test that checks --help lists them all. */
export const OPTION_NAMES = Object.keys(OPTIONS);

export interface CliArgs {
  command: 'check' | 'explain' | 'rules' | 'help' | 'version';
  /** Files, globs and '-' (check), or the name to explain. */
  inputs: string[];
  format: Format;
  output?: string;
  /** true/false when asked, undefined: decided by the terminal. */
  color?: boolean;
  quiet: boolean;
  hints: boolean;
  profile: boolean;
  failLevel: FailLevel;
  maxWarnings?: number;
  fix: boolean;
  fixDryRun: boolean;
  stdinFilename?: string;
  config?: string;
  noConfig: boolean;
  serverRoot?: string;
  context?: ScopeName;
  maps: string[];
  defines: string[];
  staticModules?: string[];
  version?: string;
  rules: Record<string, RuleLevelName>;
  keepAliveThreshold?: number;
  memoryMB?: number;
}

export function readArgs(argv: string[]): CliArgs {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    // parseArgs' own messages name the option; keep them, without its "To specify a positional…" advice.
    const message = ((e as Error).message ?? String(e)).split('. To specify')[0];
    throw new UsageError(message.charAt(0).toLowerCase() + message.slice(1));
  }
  const v = parsed.values;
  const [first, ...rest] = parsed.positionals;
  const command: CliArgs['command'] = v.help ? 'help' : v.version ? 'version' : first === 'explain' ? 'explain' : first === 'rules' ? 'rules' : 'check';
  const inputs = command === 'explain' || command === 'rules' ? rest : parsed.positionals;
  const format = v.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format '${format}' (${FORMATS.join(', ')})`);
  const failLevel = v['fail-level'] ?? 'error';
  if (!(FAIL_LEVELS as readonly string[]).includes(failLevel)) throw new UsageError(`unknown fail level '${failLevel}' (${FAIL_LEVELS.join(', ')})`);
  if (v.color && v['no-color']) throw new UsageError('--color and --no-color together');
  if (v.fix && v['fix-dry-run']) throw new UsageError('--fix and --fix-dry-run together');
  if (v.config !== undefined && v['no-config']) throw new UsageError('--config and --no-config together');
  const rules: Record<string, RuleLevelName> = {};
  for (const spec of v.rule ?? []) {
    if (!spec.includes('=')) throw new UsageError(`--rule takes ID=LEVEL, e.g. --rule ${spec || 'trailing-comment'}=error (levels: ${RULE_LEVELS.join(', ')})`);
    const [id, level] = spec.split('=');
    if (!RULE_IDS.includes(id)) throw new UsageError(`unknown rule '${id}' (see httpd-lint rules)`);
    if (!(RULE_LEVELS as readonly string[]).includes(level)) throw new UsageError(`unknown level '${level}' for ${id}`);
    rules[id] = level as RuleLevelName;
  }
  const context = v.context;
  if (context !== undefined && !(SCOPES as readonly string[]).includes(context)) throw new UsageError(`unknown context '${context}' (${SCOPES.join(', ')})`);
  for (const m of v.map ?? []) {
    const eq = m.indexOf('=');
    if (eq <= 0 || !path.isAbsolute(m.slice(0, eq)) || eq === m.length - 1) throw new UsageError(`--map takes FROM=TO with an absolute FROM (got '${m}')`);
  }
  const number = (name: keyof typeof v, ok: (n: number) => boolean, what: string): number | undefined => {
    const raw = v[name];
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(n) || !ok(n)) throw new UsageError(`--${name} takes ${what}`);
    return n;
  };
  return {
    command,
    inputs,
    format: format as Format,
    output: v.output,
    color: v.color ? true : v['no-color'] ? false : undefined,
    quiet: !!v.quiet,
    hints: !!v.hints,
    profile: !!v.profile,
    failLevel: failLevel as FailLevel,
    maxWarnings: number('max-warnings', (n) => Number.isInteger(n) && n >= 0, 'a whole number of warnings (0 or more)'),
    fix: !!v.fix,
    fixDryRun: !!v['fix-dry-run'],
    stdinFilename: v['stdin-filename'],
    config: v.config,
    noConfig: !!v['no-config'],
    serverRoot: v['server-root'],
    context: context as ScopeName | undefined,
    maps: v.map ?? [],
    defines: v.define ?? [],
    staticModules: v['static-modules']?.split(',').map((s) => s.trim()).filter(Boolean),
    version: v['httpd-version'],
    rules,
    keepAliveThreshold: number('keepalive-threshold', (n) => n >= 0, 'a number of seconds'),
    memoryMB: number('memory-mb', (n) => n > 0, 'a size in MB'),
  };
}

/** Whether the command line asks for JSON, read before (and whatever) the full parse fails. */
export function wantsJson(argv: string[]): boolean {
  const at = argv.indexOf('--format');
  return (at !== -1 && argv[at + 1] === 'json') || argv.includes('--format=json');
}
