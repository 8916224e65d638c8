// httpd-lint: checks Apache httpd configuration files from the terminal or CI.
// Exit status: 0 nothing at the fail level, 1 findings at the fail level (or more warnings than
// --max-warnings, or a --fix-dry-run diff), 2 usage, configuration or I/O failure (and internal
// errors). With --format json, every failure is one JSON object.

import * as fs from 'fs';
import * as path from 'path';
import { describeError, renderProfileText, ruleInfos, type ApacheService, type ConfigFileSystem } from '../service';
import { readArgs, UsageError, USAGE, wantsJson, type CliArgs } from './args';
import { runChecks, type CheckRun } from './check';
import { nodeDisk, type CliDisk } from './disk';
import { explain } from './explain';
import { computeFixes, writeFixes, type FixSummary } from './fix';
import { formatGithub } from './formats/github';
import { formatJson } from './formats/json';
import { formatSarif, ruleDocsReader } from './formats/sarif';
import { displayPath, visibleControls } from './formats/shared';
import { formatText } from './formats/text';
import { expandInputs, InputError, type Input } from './inputs';
import { PACKAGE } from './package-info';
import { cliSession } from './session';
import { runRecorded, takePendingRun } from './result-cache/recorder';
import { readStdin } from './stdin';
import { isTerminal, writeAll } from './stdout';
import { runCapacity } from './capacity-command';
import { runRequestTests } from './test-command';
import { runTrace } from './trace-command';
import { unifiedDiff } from './unified-diff';

export { wantsJson } from './args';

type FailureKind = 'usage' | 'io' | 'config' | 'internal';

/** What the process gives the run: tests replace standard input and the terminal. */
export interface CliIo {
  readStdin(): string;
  isTTY: boolean;
  env: Record<string, string | undefined>;
  /** The disk the analysis reads (default: the machine's), and the one the CLI's own checks read. */
  fs?: ConfigFileSystem;
  disk?: CliDisk;
}

const defaultIo = (): CliIo => ({ readStdin: () => readStdin(), isTTY: isTerminal(1), env: process.env });

/** What `--format json` prints when there is no report: `{"version":1,"error":{"kind","message"}}`. */
export function failureJson(kind: FailureKind, message: string): string {
  return JSON.stringify({ version: 1, error: { kind, message } }, null, 2);
}

const RANK = { error: 0, warning: 1, information: 2, hint: 3 } as const;

export function run(argv: string[], out: (s: string) => void, err: (s: string) => void, io: CliIo = defaultIo()): number {
  // Subcommands with their own options.
  if (argv[0] === 'trace') return runTrace(argv.slice(1), { out, err });
  if (argv[0] === 'test') return runRequestTests(argv.slice(1), { out, err });
  if (argv[0] === 'capacity') return runCapacity(argv.slice(1), { out, err });
  const json = wantsJson(argv);
  /** A failure: one line on stderr for people, and with --format json the same as JSON on stdout. */
  const fail = (kind: FailureKind, message: string, usage = false): number => {
    err(`httpd-lint: ${visibleControls(message)}${usage && !json ? `\n${USAGE}` : ''}`);
    if (json) out(failureJson(kind, message));
    return 2;
  };
  let args: CliArgs;
  try {
    args = readArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return fail('usage', e.message, true);
  }
  if (args.command === 'help') {
    out(USAGE);
    return 0;
  }
  if (args.command === 'version') {
    out(PACKAGE.version);
    return 0;
  }
  if (args.command === 'explain') {
    if (!args.inputs[0]) return fail('usage', 'explain needs a directive name or a rule id');
    const text = explain(args.inputs[0]);
    if (!text) return fail('usage', `unknown directive or rule '${args.inputs[0]}'`);
    out(text);
    return 0;
  }
  if (args.command === 'rules') {
    out(ruleInfos().map((r) => `${r.id.padEnd(30)} ${r.defaultSeverity.padEnd(12)} ${r.summary}`).join('\n'));
    return 0;
  }
  if (args.inputs.length === 0) return fail('usage', 'no configuration file given', true);
  if (args.profile && args.inputs.length > 1) return fail('usage', `--profile takes one configuration file (got ${args.inputs.length})`, true);

  const disk = io.disk ?? nodeDisk;
  let inputs: Input[];
  try {
    inputs = expandInputs(args.inputs, args.stdinFilename, process.cwd(), disk);
  } catch (e) {
    if (e instanceof UsageError) return fail('usage', e.message, true);
    if (e instanceof InputError) return fail('io', e.message);
    throw e;
  }
  const overlay = new Map<string, string>();
  for (const input of inputs) {
    if (input.stdin) {
      if (args.fix) return fail('usage', '--fix cannot write standard input back; use --fix-dry-run for a diff');
      try {
        overlay.set(input.file, io.readStdin());
      } catch (e) {
        return fail('io', `cannot read standard input: ${describeError(e)}`);
      }
      continue;
    }
    const problem = disk.unreadable(input.file);
    if (problem) return fail('io', problem.replace(input.file, input.explicit ? argFor(input.file, args.inputs) : input.file));
  }
  const configProblem = args.config !== undefined ? disk.unreadable(path.resolve(args.config)) : undefined;
  if (configProblem) return fail('io', `cannot read the configuration file ${args.config}: ${configProblem}`);
  if (args.serverRoot && disk.kind(args.serverRoot) === undefined) return fail('io', `server root ${args.serverRoot} does not exist`);

  const newSession = (texts: Map<string, string>): ApacheService => cliSession(args, texts, io.env, io.fs);
  const checkOptions = { forced: args.context, declaredMain: !!args.serverRoot };
  const session = newSession(overlay);
  // The configuration files first: a broken one stops the run (exit 2) before any report.
  for (const input of inputs) session.configFor(input.file);
  const problems = session.configsRead().flatMap((c) => c.problems.map((p) => `${displayPath(c.file)}: ${p}`));
  if (problems.length) {
    for (const p of problems.slice(1)) err(`httpd-lint: ${p}`);
    return fail('config', problems[0]);
  }
  for (const input of inputs) if (input.explicit && !input.stdin && session.isIgnored(input.file)) err(`httpd-lint: ${displayPath(input.file)} is ignored by ${displayPath(session.configFor(input.file)!.file)}`);

  let fixes: FixSummary | undefined;
  if (args.fix || args.fixDryRun) {
    fixes = computeFixes(inputs, newSession, overlay, checkOptions);
    for (const c of fixes.choices) err(`httpd-lint: not fixed, needs a choice: ${displayPath(c.file)}:${c.line + 1}: ${c.code}: ${c.options.join(' | ')}`);
    if (args.fixDryRun) {
      const diff = fixes.changes.map((c) => unifiedDiff(`a/${displayPath(c.file)}`, `b/${displayPath(c.file)}`, c.before, c.after)).join('');
      emit(args, out, diff.replace(/\n$/, ''));
      err(`httpd-lint: ${fixes.applied.length} fixes in ${fixes.changes.length} files (not written: --fix-dry-run)`);
      return fixes.changes.length ? 1 : 0;
    }
    const { written, skipped } = writeFixes(fixes);
    for (const s of skipped) err(`httpd-lint: ${displayPath(s.file)} not fixed: ${s.reason}`);
    err(`httpd-lint: ${fixes.applied.length} fixes applied in ${written.length} files`);
  }

  // After --fix the report is of the files as written.
  const report = runChecks(inputs, fixes ? newSession(overlay) : session, { ...checkOptions, fixes: args.format === 'sarif' });
  if (args.profile) {
    const analysis = report.results[0]?.checked.analysis;
    if (!analysis) return fail('io', `${argFor(inputs[0].file, args.inputs)} is ignored by its configuration file`);
    emit(args, out, args.format === 'json' ? JSON.stringify({ version: 1, profile: session.profile(analysis) }, null, 2) : visibleControls(renderProfileText(session.profile(analysis))));
  } else {
    emit(args, out, render(report, args, io, fixes));
  }
  return exitCode(report, args);
}

function render(report: CheckRun, args: CliArgs, io: CliIo, fixes?: FixSummary): string {
  const show = { quiet: args.quiet, hints: args.hints };
  switch (args.format) {
    case 'json':
      return formatJson(report, fixes);
    case 'sarif':
      return formatSarif(report, show, process.cwd(), ruleDocsReader(io.fs));
    case 'github':
      return formatGithub(report, show);
    default: {
      const color = args.color ?? (io.isTTY && !args.output && !io.env.NO_COLOR && io.env.TERM !== 'dumb');
      return formatText(report, { ...show, color });
    }
  }
}

function exitCode(report: CheckRun, args: CliArgs): number {
  const failing = report.diagnostics.some((d) => RANK[d.severity] <= RANK[args.failLevel]);
  const warnings = report.diagnostics.filter((d) => d.severity === 'warning').length;
  return failing || (args.maxWarnings !== undefined && warnings > args.maxWarnings) ? 1 : 0;
}

function emit(args: CliArgs, out: (s: string) => void, text: string): void {
  if (args.output) fs.writeFileSync(args.output, text ? `${text}\n` : '');
  else if (text) out(text);
}

/** The argument as the user typed it, for messages. */
function argFor(file: string, typed: string[]): string {
  return typed.find((a) => path.resolve(a) === file) ?? file;
}

/** run() with a last line of defence: an internal error is reported (as JSON when asked), exit 2. */
export function main(argv: string[], out: (s: string) => void, err: (s: string) => void, io?: CliIo): number {
  try {
    return run(argv, out, err, io);
  } catch (e) {
    const message = `internal error: ${(e as Error)?.message ?? String(e)}`;
    err(`httpd-lint: ${message}`);
    if (wantsJson(argv)) out(failureJson('internal', message));
    return 2;
  }
}

if (require.main === module || process.argv[1]?.endsWith('httpd-lint')) {
  // dist/cli.js leaves a pending run when the result cache had no current entry for it.
  const pending = takePendingRun();
  const argv = process.argv.slice(2);
  process.exitCode = pending ? runRecorded(pending, argv, main) : main(argv, (s) => writeAll(1, `${s}\n`), (s) => writeAll(2, `${s}\n`));
}
