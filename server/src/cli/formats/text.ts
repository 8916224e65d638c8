// The default output: `file:line:col: severity code: message`, then one summary line. Colour only
// when asked or on a terminal.

import type { CheckRun } from '../check';
import { countBy, displayPath, shown, visibleControls, type ShowOptions } from './shared';

const COLOURS = { error: '\x1b[31m', warning: '\x1b[33m', information: '\x1b[36m', hint: '\x1b[2m' } as const;
const DIM = '\x1b[2m';
const BOLD = '\x1b[1m';
const RESET = '\x1b[0m';

export function formatText(run: CheckRun, options: ShowOptions & { color: boolean }): string {
  // Only what the files say is made visible: the colours are this function's own sequences.
  const paint = (code: string, s: string): string => (options.color ? `${code}${visibleControls(s)}${RESET}` : visibleControls(s));
  const lines: string[] = [];
  for (const r of run.results) {
    if (r.report.context?.note) lines.push(paint(DIM, `note: ${run.results.length > 1 ? `${displayPath(r.checked.file)}: ` : ''}${r.report.context.note}`));
    for (const m of r.report.pathMappings) lines.push(paint(DIM, `note: ${m.from} is read from ${displayPath(m.to)} (${m.origin === 'inferred' ? 'inferred from the tree' : 'mapped'})`));
  }
  for (const d of shown(run.diagnostics, options)) {
    const where = `${displayPath(d.file)}:${d.range.start.line + 1}:${d.range.start.character + 1}:`;
    lines.push(`${paint(BOLD, where)} ${paint(COLOURS[d.severity], d.severity)} ${paint(DIM, d.code)}: ${visibleControls(d.message)}`);
  }
  const all = run.diagnostics;
  const counts = `${countBy(all, 'error')} errors, ${countBy(all, 'warning')} warnings, ${countBy(all, 'information')} notes${options.hints ? `, ${countBy(all, 'hint')} hints` : ''}`;
  lines.push(`${run.files.length} files checked: ${counts}`);
  return lines.join('\n');
}
