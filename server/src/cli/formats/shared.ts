// What every output format needs: which findings are shown, paths as the user wrote them.

import * as path from 'path';
import type { PlainDiagnostic } from '../../service';

export interface ShowOptions {
  /** Errors only. */
  quiet: boolean;
  /** Hints too (text, sarif, github; json has every finding). */
  hints: boolean;
}

export function shown(diagnostics: PlainDiagnostic[], options: ShowOptions): PlainDiagnostic[] {
  return diagnostics.filter((d) => (options.quiet ? d.severity === 'error' : options.hints || d.severity !== 'hint'));
}

/** A path relative to the working folder when it is inside it, else as it is. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
}

export function countBy(diagnostics: PlainDiagnostic[], severity: PlainDiagnostic['severity']): number {
  return diagnostics.filter((d) => d.severity === severity).length;
}

/**
 * Control characters a configuration may hold (ESC, BEL, CR…) written as `\x1b`: printed raw,
 * a file's escape sequences would drive the reader's terminal (clear it, set its title, hide text).
 */
export function visibleControls(text: string): string {
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
