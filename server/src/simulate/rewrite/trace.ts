// The `rewrite` entries of the request trace: one per rule tried, in order.

export interface RewriteCondStep {
  /** The test string after expansion (the expression for expr). */
  test: string;
  pattern: string;
  matched: boolean;
  file: string;
  line: number;
}

export interface RewriteStep {
  context: 'server' | 'directory';
  directory: string | null;
  /** 1 for the request, 2… for each internal redirect that re-runs the rules. */
  pass: number;
  file: string;
  line: number;
  pattern: string;
  /** What the pattern was matched against (after the per-directory prefix strip). */
  input: string;
  matched: boolean;
  conditions: RewriteCondStep[];
  /** The URL (or path) after this rule, null when it did not change it. */
  result: string | null;
  flags: string[];
  /** The substitution after expansion, before the prefix and query string handling. */
  substitution?: string;
  /** The flag that ended the pass (L, END, F, G, R, P, PT, status…), or null. */
  stop: string | null;
  /** Set when this step may differ from httpd (unsupported regex feature, unknown value…). */
  unknown?: string[];
}
