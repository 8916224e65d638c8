// The tree of an ap_expr expression as model/expr.ts reads it: what the request simulators
// evaluate. `&&` binds tighter than `||` and `!` tighter than both, as in httpd's grammar. Only
// parentheses, function calls and variable arguments nest, and model/expr.ts caps those.

/** A piece of a quoted string or of a variable's argument. */
export type ExprStringPart =
  | { kind: 'text'; value: string }
  | { kind: 'variable'; name: string; argument?: ExprStringPart[] }
  | { kind: 'backref'; index: number };

/** Something that has a string value. */
export type ExprWord =
  | { kind: 'digits'; value: string }
  | { kind: 'string'; parts: ExprStringPart[] }
  | { kind: 'variable'; name: string; argument?: ExprStringPart[] }
  | { kind: 'backref'; index: number }
  | { kind: 'call'; name: string; argument: ExprWord }
  | { kind: 'concat'; parts: ExprWord[] };

/** The right side of `-in`: `{a, b}` or a list-returning function. */
export type ExprList = { kind: 'words'; words: ExprWord[] } | { kind: 'call'; name: string; argument: ExprWord };

export type ExprCondition =
  | { kind: 'constant'; value: boolean }
  | { kind: 'not'; operand: ExprCondition }
  /** A chain of `&&` or of `||`, kept flat (left to right) so that its length adds no depth. */
  | { kind: 'and' | 'or'; operands: ExprCondition[] }
  /** `-f word`, `-R word`…: the operator without its dash. */
  | { kind: 'unary'; operator: string; operand: ExprWord }
  /** `-ipmatch`, `-strmatch`, `-fnmatch`… (without the dash, lower case). */
  | { kind: 'binary'; operator: string; left: ExprWord; right: ExprWord }
  /** String (==, <…) or integer (-eq, -lt…) comparison. */
  | { kind: 'compare'; operator: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge'; numeric: boolean; left: ExprWord; right: ExprWord }
  | { kind: 'match'; negated: boolean; subject: ExprWord; pattern: string; caseless: boolean }
  | { kind: 'in'; subject: ExprWord; list: ExprList };
