// ${VAR} substitution (Defines first, then the environment, as httpd's ap_resolve_env) and
// Debian's envvars file, which apache2ctl sources before starting httpd.

import { bracedNames, isSpaceCode } from '../parser';

export interface Substitution {
  value: string;
  /** Names that were neither defined nor in the environment (the literal stays, as in httpd). */
  undefinedNames: string[];
  /** Set when the value would be longer than the budget: then nothing was substituted. */
  overBudget?: boolean;
}

/**
 * Substitutes ${NAME} in one word. The length is summed before anything is built, so a value
 * past `budget` characters (Defines that double each other: 40 lines make a terabyte) costs
 * only the scan of the word.
 */
export function substitute(text: string, lookup: (name: string) => string | undefined, budget = Infinity): Substitution {
  if (!text.includes('${')) return { value: text, undefinedNames: [] };
  const undefinedNames: string[] = [];
  const pieces: string[] = [];
  let length = 0;
  let last = 0;
  for (const { start, end, name } of bracedNames(text, '${')) {
    const found = lookup(name);
    // httpd keeps ${map:key} (RewriteMap's syntax) without a warning: a name with ':' is never defined.
    if (found === undefined && !name.includes(':')) undefinedNames.push(name);
    const literal = text.slice(last, start);
    const piece = found ?? text.slice(start, end);
    length += literal.length + piece.length;
    if (length > budget) return { value: text, undefinedNames: [], overBudget: true };
    pieces.push(literal, piece);
    last = end;
  }
  pieces.push(text.slice(last));
  if (length + text.length - last > budget) return { value: text, undefinedNames: [], overBudget: true };
  return { value: pieces.join(''), undefinedNames };
}

/**
 * Reads the `export NAME=value` assignments of a Debian envvars file. Only plain assignments
 * with $VAR / ${VAR} references to earlier ones are understood; nothing is executed.
 */
export function parseEnvvars(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  const shellValue = (raw: string): string => {
    let v = raw.trim();
    if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) v = v.slice(1, -1);
    return v.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, name: string) => vars.get(name) ?? '');
  };
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!match) continue;
    const [, name, rawValue] = match;
    // Only literal values: command substitutions and conditionals are left alone.
    if (/[`]|\$\(/.test(rawValue)) continue;
    vars.set(name, shellValue(withoutShellComment(rawValue)));
  }
  return vars;
}

/** How a hover names the values below. */
export const STOCK_ENVVARS_SOURCE = "Debian's default envvars (none beside the main file)";

/**
 * What Debian's envvars sets for a configuration folder (/etc/apache2, or /etc/apache2-NAME for a
 * second instance): a tree kept in a repository often leaves that file out, and apache2ctl on the
 * server reads the package's.
 */
export function debianStockEnvvars(configFolderName: string): Map<string, string> {
  const suffix = configFolderName.startsWith('apache2-') ? `-${configFolderName.slice('apache2-'.length)}` : '';
  return new Map([
    ['APACHE_RUN_USER', 'www-data'],
    ['APACHE_RUN_GROUP', 'www-data'],
    ['APACHE_PID_FILE', `/var/run/apache2${suffix}/apache2.pid`],
    ['APACHE_RUN_DIR', `/var/run/apache2${suffix}`],
    ['APACHE_LOCK_DIR', `/var/lock/apache2${suffix}`],
    ['APACHE_LOG_DIR', `/var/log/apache2${suffix}`],
    ['LANG', 'C'],
  ]);
}

/** The 0-based line of each name's first `NAME=` or `export NAME=` in an envvars file. */
export function envvarsAssignmentLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  const all = text.split('\n');
  for (let i = 0; i < all.length; i++) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=/.exec(all[i]);
    if (m && !lines.has(m[1])) lines.set(m[1], i);
  }
  return lines;
}

/** The value without a trailing ` # comment` (a `#` after blanks starts one, as in the shell). */
function withoutShellComment(value: string): string {
  for (let i = 1; i < value.length; i++) {
    if (value.charCodeAt(i) !== 0x23 || !isSpaceCode(value.charCodeAt(i - 1))) continue;
    let start = i - 1;
    while (start > 0 && isSpaceCode(value.charCodeAt(start - 1))) start--;
    return value.slice(0, start);
  }
  return value;
}

/** A ${NAME} left in a value after substitution (${map:key} is RewriteMap's syntax, not a variable). */
export function holdsUnsetVariable(text: string): boolean {
  // /\$\{[^}:]+\}/ in one pass: the earliest `${` since the last `}` or `:` opens the longest name.
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7d /* } */) {
      if (open !== -1 && i > open + 2) return true;
      open = -1;
    } else if (c === 0x3a /* : */) open = -1;
    else if (c === 0x24 /* $ */ && open === -1 && text.charCodeAt(i + 1) === 0x7b /* { */) {
      open = i;
      i++;
    }
  }
  return false;
}
