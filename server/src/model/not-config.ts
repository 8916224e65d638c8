// Recognises a file that is not httpd configuration at all (a password, group or key file, a
// /proc file) included by mistake, so it is reported once instead of line by line: every line
// reported as an unknown directive would echo its content (user:hash) into the output.

import { getDirective } from '../data';
import { lineName, type ParsedFile } from '../parser';

/** A directive name as httpd's command table spells them: letters, digits, '_' and '-'. */
const DIRECTIVE_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

export function looksLikeConfiguration(parsed: ParsedFile): boolean {
  let first: string | undefined;
  for (const line of parsed.lines) {
    if (line.kind === 'open' || line.kind === 'close') return true;
    if (line.kind !== 'directive') continue;
    const name = lineName(line);
    if (getDirective(name)) return true;
    first ??= name;
  }
  return first === undefined || DIRECTIVE_NAME.test(first);
}
