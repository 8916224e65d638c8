// What the subcommands that read one tree (trace, test, capacity) share: the options naming the
// tree and the output format, their usage lines, argument parsing with help and usage errors,
// and the one-line failure (plus a JSON error object with --format json).

import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { TreeOptions } from './tree';

export interface CommandIo {
  out(s: string): void;
  err(s: string): void;
}

/** Usage lines of the shared options, the same in every subcommand's help. */
export const TREE_OPTION_LINES = `  --format text|json       output format (default text)
  --server-root DIR        like httpd -d
  -D NAME[=VALUE]          define a name, like httpd -D (repeatable)
  --map FROM=TO            read the server's path FROM from TO (repeatable)`;

const TREE_OPTIONS = {
  format: { type: 'string' },
  'server-root': { type: 'string', short: 'd' },
  define: { type: 'string', short: 'D', multiple: true },
  map: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

export type SharedValues = { format?: string; 'server-root'?: string; define?: string[]; map?: string[]; help?: boolean };

export interface Subcommand<V> {
  values: V & SharedValues;
  positionals: string[];
  json: boolean;
}

/**
 * Parses a subcommand's arguments with its own options beside the shared ones. Prints the help
 * (exit 0) or a usage error (exit 2) itself and returns the exit code then.
 */
export function parseSubcommand<V>(argv: string[], own: NonNullable<ParseArgsConfig['options']>, help: string, io: CommandIo): Subcommand<V> | number {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { ...own, ...TREE_OPTIONS } });
  } catch (e) {
    return failure(io, 'usage', (e as Error).message, argv.includes('json'), help);
  }
  const values = parsed.values as V & SharedValues;
  if (values.help) {
    io.out(help);
    return 0;
  }
  const json = values.format === 'json';
  if (values.format !== undefined && values.format !== 'text' && !json) return failure(io, 'usage', `unknown format '${values.format}' (text or json)`, false, help);
  return { values, positionals: parsed.positionals, json };
}

/** The tree options as serviceFor takes them. */
export function treeOptions(values: SharedValues): TreeOptions {
  return { serverRoot: values['server-root'], defines: values.define, maps: values.map };
}

/** One line on stderr; with --format json also `{"version":1,"error":{kind,message}}` on stdout. */
export function failure(io: CommandIo, kind: 'usage' | 'io', message: string, json: boolean, help?: string): number {
  io.err(`httpd-lint: ${message}${help && !json ? `\n${help}` : ''}`);
  if (json) io.out(JSON.stringify({ version: 1, error: { kind, message } }, null, 2));
  return 2;
}
