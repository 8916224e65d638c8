// `--format github`: GitHub Actions workflow commands, one annotation per finding
// (`::warning file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`).

import type { CheckRun } from '../check';
import { countBy, displayPath, shown, type ShowOptions } from './shared';

const COMMAND = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' } as const;

/** Escapes per the runner's rules: data escapes %, CR, LF; properties also ':' and ','. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(run: CheckRun, options: ShowOptions): string {
  const lines = shown(run.diagnostics, options).map((d) => {
    const props = [
      `file=${escapeProperty(displayPath(d.file))}`,
      `line=${d.range.start.line + 1}`,
      `col=${d.range.start.character + 1}`,
      `endLine=${d.range.end.line + 1}`,
      `endColumn=${d.range.end.character + 1}`,
      `title=${escapeProperty(`httpd-lint ${d.code}`)}`,
    ];
    return `::${COMMAND[d.severity]} ${props.join(',')}::${escapeData(d.message)}`;
  });
  const all = run.diagnostics;
  lines.push(`${run.files.length} files checked: ${countBy(all, 'error')} errors, ${countBy(all, 'warning')} warnings, ${countBy(all, 'information')} notes`);
  return lines.join('\n');
}
