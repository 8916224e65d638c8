// traceRequest's optional `explain` parameter: the RewriteRule (file path or file URI and
// 1-based line, as in the trace's own file/line fields) whose match or miss the answer explains.

import { localPath } from './uris';

export interface ExplainParam {
  file?: string;
  uri?: string;
  line: number;
}

/** The rule named by the parameter, or undefined when it names none. */
export function explainTarget(e: ExplainParam | undefined): { file: string; line: number } | undefined {
  if (!e || typeof e !== 'object' || typeof e.line !== 'number' || !(e.line >= 1)) return undefined;
  const file = typeof e.uri === 'string' ? localPath(e.uri) : typeof e.file === 'string' ? e.file : undefined;
  return file ? { file, line: Math.floor(e.line) } : undefined;
}
