// ap_expr boolean expressions (<If>, Require expr, SetEnvIfExpr, expr=…) checked as httpd checks
// them when it reads the configuration: the grammar of httpd 2.4's util_expr_parse.y, then the
// names it resolves at that moment (variables, functions, operators), the regexes it compiles
// and the subnets of -R and -ipmatch. A recursive-descent reading of the same grammar: it stops
// at the same token httpd's parser stops at, so "unexpected X" names the same token. Nesting is
// capped (an expression deeper than the cap is left unjudged); work is linear; never throws.

import {
  EXPR_BINARY_OPERATORS, EXPR_CORE_FUNCTIONS, EXPR_CORE_VARIABLES, EXPR_OPEN_MODULES, EXPR_SSL_FUNCTIONS, EXPR_SSL_LIST_FUNCTIONS,
  EXPR_SSL_VARIABLE_PREFIX, EXPR_SUBNET_OPERATORS, EXPR_UNARY_OPERATORS,
} from '../data/expr-names';
import { getModuleByIdentifier } from '../data';
import { lexExpression, type ExprMode, type ExprToken, type ExprTokenKind } from './expr-lexer';
import type { ExprCondition, ExprList, ExprStringPart, ExprWord } from './expr-tree';
import { DEBIAN_STATIC_MODULES } from './modules';
import { isSubnet } from './subnet';
import type { ConfigModel } from './types';

/** Which names httpd resolves: those of the core, mod_ssl's, or any (a module we do not model is loaded, or modules are unknown). */
export interface ExprNames {
  ssl: boolean;
  open: boolean;
}

export interface ExprProblem {
  /** httpd's reason, as it follows "Cannot parse condition clause: ". */
  message: string;
  /** Offsets in the expression of the token or name at fault. */
  start: number;
  end: number;
  /** The scanner stopped the server without a location ("flex scanner jammed"). */
  fatal?: boolean;
}

export interface ExprCheckOptions {
  names: ExprNames;
  /** Default 'boolean'. */
  mode?: ExprMode;
  /** Why PCRE refuses a pattern, or undefined when it compiles. */
  regexError: (pattern: string, caseless: boolean) => string | undefined;
}

/** Parentheses deeper than this leave the expression unjudged (httpd's own stack is far deeper). */
const MAX_DEPTH = 64;

/** A name as messages quote it: httpd prints it whole, ours stop at 40 characters. */
const shown = (name: string): string => (name.length > 40 ? `${name.slice(0, 39)}…` : name);

class Stop {
  constructor(readonly unjudged = false) {}
}

/** The first reason httpd refuses the expression, or undefined when it accepts it (or it is too deep to judge). */
export function checkExpression(text: string, options: ExprCheckOptions): ExprProblem | undefined {
  return parseExpression(text, options).problem;
}

export interface ParsedExpression {
  /** The tree, when the expression parses (even if httpd refuses a name or regex in it). */
  tree?: ExprCondition;
  /** The string expression's parts (mode 'string'). */
  parts?: ExprStringPart[];
  problem?: ExprProblem;
}

const COMPARISON_OPERATORS: Partial<Record<ExprTokenKind, { operator: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge'; numeric: boolean }>> = {
  T_OP_EQ: { operator: 'eq', numeric: true }, T_OP_NE: { operator: 'ne', numeric: true }, T_OP_LT: { operator: 'lt', numeric: true },
  T_OP_LE: { operator: 'le', numeric: true }, T_OP_GT: { operator: 'gt', numeric: true }, T_OP_GE: { operator: 'ge', numeric: true },
  T_OP_STR_EQ: { operator: 'eq', numeric: false }, T_OP_STR_NE: { operator: 'ne', numeric: false }, T_OP_STR_LT: { operator: 'lt', numeric: false },
  T_OP_STR_LE: { operator: 'le', numeric: false }, T_OP_STR_GT: { operator: 'gt', numeric: false }, T_OP_STR_GE: { operator: 'ge', numeric: false },
};

/** Reads the expression as httpd's parser does: its tree, and the first reason httpd refuses it. Never throws. */
export function parseExpression(text: string, options: ExprCheckOptions): ParsedExpression {
  const tokens = lexExpression(text, options.mode);
  let at = 0;
  let depth = 0;
  // httpd keeps two reasons: the parser's (syntax, regex) and the last name lookup's or the scanner's; it prints both.
  let primary: ExprProblem | undefined;
  let secondary: ExprProblem | undefined;

  const peek = (): ExprToken => tokens[Math.min(at, tokens.length - 1)];
  const next = (): ExprToken => {
    const token = peek();
    if (token.kind === 'T_ERROR') secondary = { message: token.error ?? 'error', start: token.start, end: token.end, fatal: token.fatal };
    at++;
    return token;
  };
  const unexpected = (token: ExprToken): never => {
    if (token.kind === 'T_ERROR') next();
    primary = { message: `syntax error, unexpected ${token.kind.length === 1 ? `'${token.kind}'` : token.kind}`, start: token.start, end: Math.max(token.end, token.start) };
    throw new Stop();
  };
  const expect = (kind: ExprTokenKind): ExprToken => (peek().kind === kind ? next() : unexpected(peek()));
  const lookupFailed = (message: string, token: ExprToken): void => {
    secondary = { message, start: token.start, end: token.end };
  };
  // A scanner error where the grammar takes one aborts without a syntax error of its own.
  const abortOnError = (): void => {
    if (peek().kind === 'T_ERROR') {
      next();
      throw new Stop();
    }
  };

  // Nesting of parentheses, function calls and %{…} arguments: past the cap, the expression is left unjudged.
  const enter = (): void => {
    if (++depth > MAX_DEPTH) throw new Stop(true);
  };
  const variable = (): ExprStringPart & { kind: 'variable' } => {
    enter();
    expect('T_VAR_BEGIN');
    const name = expect('T_ID');
    if (peek().kind === ':') {
      next();
      const argument = string();
      expect('T_VAR_END');
      checkFunction(name);
      depth--;
      return { kind: 'variable', name: name.value, argument };
    }
    expect('T_VAR_END');
    depth--;
    const upper = name.value.toUpperCase();
    const known = options.names.open || EXPR_CORE_VARIABLES.has(upper) || (options.names.ssl && upper.startsWith(EXPR_SSL_VARIABLE_PREFIX));
    if (!known) lookupFailed(`Variable '${shown(name.value)}' does not exist`, name);
    return { kind: 'variable', name: name.value };
  };
  const checkFunction = (name: ExprToken): void => {
    const lower = name.value.toLowerCase();
    const known = options.names.open || EXPR_CORE_FUNCTIONS.has(lower) || (options.names.ssl && EXPR_SSL_FUNCTIONS.has(lower));
    if (!known) lookupFailed(`Function '${shown(name.value)}' does not exist`, name);
  };
  const backref = (token: ExprToken): ExprStringPart & { kind: 'backref' } => ({ kind: 'backref', index: Number(token.value) });
  // string: (T_STRING | var | backref)+, or a scanner error first.
  const string = (): ExprStringPart[] => {
    abortOnError();
    const parts: ExprStringPart[] = [];
    for (;;) {
      const token = peek();
      if (token.kind === 'T_STRING') parts.push({ kind: 'text', value: next().value });
      else if (token.kind === 'T_REGEX_BACKREF') parts.push(backref(next()));
      else if (token.kind === 'T_VAR_BEGIN') parts.push(variable());
      else break;
    }
    if (parts.length === 0) unexpected(peek());
    return parts;
  };
  const word = (): ExprWord => {
    const first = wordPart();
    if (peek().kind !== 'T_OP_CONCAT') return first;
    const parts = [first];
    while (peek().kind === 'T_OP_CONCAT') {
      next();
      parts.push(wordPart());
    }
    return { kind: 'concat', parts };
  };
  const wordPart = (): ExprWord => {
    const token = peek();
    switch (token.kind) {
      case 'T_DIGIT':
        next();
        return { kind: 'digits', value: token.value };
      case 'T_STR_BEGIN': {
        next();
        if (peek().kind === 'T_STR_END') {
          next();
          return { kind: 'string', parts: [] };
        }
        const parts = string();
        expect('T_STR_END');
        return { kind: 'string', parts };
      }
      case 'T_VAR_BEGIN':
        return variable();
      case 'T_REGEX_BACKREF':
        return backref(next());
      case 'T_ID': {
        next();
        expect('(');
        enter();
        const argument = word();
        depth--;
        expect(')');
        checkFunction(token);
        return { kind: 'call', name: token.value, argument };
      }
      default:
        return unexpected(token);
    }
  };
  /** The text a word stands for when it is a constant. */
  const constantOf = (w: ExprWord): string | undefined => {
    if (w.kind === 'digits') return w.value;
    if (w.kind === 'string') return w.parts.length === 0 ? '' : w.parts.length === 1 && w.parts[0].kind === 'text' ? w.parts[0].value : undefined;
    return undefined;
  };
  const checkSubnet = (operator: string, w: ExprWord, token: ExprToken): void => {
    if (options.names.open && !EXPR_SUBNET_OPERATORS.has(operator)) return;
    const constant = constantOf(w);
    if (constant === undefined) lookupFailed(`-${operator} requires subnet/netmask as constant argument`, token);
    else if (!isSubnet(constant)) lookupFailed('parsing of subnet/netmask failed', token);
  };
  const regex = (): ExprToken => {
    const token = peek();
    if (token.kind !== 'T_REGEX' && token.kind !== 'T_REGEX_I') unexpected(token);
    next();
    if (options.regexError(token.value, token.kind === 'T_REGEX_I') !== undefined) {
      primary = { message: 'Failed to compile regular expression', start: token.start, end: token.end };
      throw new Stop();
    }
    return token;
  };
  const list = (): ExprList => {
    const token = peek();
    if (token.kind === '{') {
      next();
      const words = [word()];
      while (peek().kind === ',') {
        next();
        words.push(word());
      }
      expect('}');
      return { kind: 'words', words };
    }
    if (token.kind !== 'T_ID') unexpected(token);
    next();
    expect('(');
    const argument = word();
    expect(')');
    const lower = token.value.toLowerCase();
    if (!options.names.open && !(options.names.ssl && EXPR_SSL_LIST_FUNCTIONS.has(lower))) lookupFailed(`List-returning function '${shown(token.value)}' does not exist`, token);
    return { kind: 'call', name: token.value, argument };
  };
  // One operand of && and ||: negations, then a primary.
  const operand = (): ExprCondition => {
    let negations = 0;
    while (peek().kind === 'T_OP_NOT') {
      next();
      negations++;
    }
    // !!x is x: a run of negations is one or none, so it adds no depth.
    const result = term();
    return negations % 2 ? { kind: 'not', operand: result } : result;
  };
  const term = (): ExprCondition => {
    const token = peek();
    switch (token.kind) {
      case 'T_TRUE':
      case 'T_FALSE':
        next();
        return { kind: 'constant', value: token.kind === 'T_TRUE' };
      case 'T_ERROR':
        abortOnError();
        break;
      case '(': {
        next();
        enter();
        const inner = condition();
        depth--;
        expect(')');
        return inner;
      }
      case 'T_OP_UNARY': {
        next();
        const operand = word();
        if (!EXPR_UNARY_OPERATORS.has(token.value) && !options.names.open) lookupFailed(`Unary operator '-${token.value}' does not exist`, token);
        else if (EXPR_SUBNET_OPERATORS.has(token.value)) checkSubnet(token.value, operand, token);
        return { kind: 'unary', operator: token.value, operand };
      }
    }
    const left = word();
    const operator = peek();
    const comparison = COMPARISON_OPERATORS[operator.kind];
    if (comparison) {
      next();
      return { kind: 'compare', ...comparison, left, right: word() };
    }
    if (operator.kind === 'T_OP_REG' || operator.kind === 'T_OP_NRE') {
      next();
      const pattern = regex();
      return { kind: 'match', negated: operator.kind === 'T_OP_NRE', subject: left, pattern: pattern.value, caseless: pattern.kind === 'T_REGEX_I' };
    }
    if (operator.kind === 'T_OP_IN') {
      next();
      return { kind: 'in', subject: left, list: list() };
    }
    if (operator.kind === 'T_OP_BINARY') {
      next();
      const right = word();
      const lower = operator.value.toLowerCase();
      if (!EXPR_BINARY_OPERATORS.has(lower) && !options.names.open) lookupFailed(`Binary operator '-${shown(operator.value)}' does not exist`, operator);
      else if (EXPR_SUBNET_OPERATORS.has(lower)) checkSubnet(lower, right, operator);
      return { kind: 'binary', operator: lower, left, right };
    }
    return unexpected(operator);
  };
  // && binds tighter than ||; each chain is one node.
  const conjunction = (): ExprCondition => {
    const operands = [operand()];
    while (peek().kind === 'T_OP_AND') {
      next();
      operands.push(operand());
    }
    return operands.length === 1 ? operands[0] : { kind: 'and', operands };
  };
  const condition = (): ExprCondition => {
    const operands = [conjunction()];
    while (peek().kind === 'T_OP_OR') {
      next();
      operands.push(conjunction());
    }
    return operands.length === 1 ? operands[0] : { kind: 'or', operands };
  };

  const result: ParsedExpression = {};
  try {
    if (options.mode === 'string') result.parts = string();
    else result.tree = condition();
    if (peek().kind !== '$end') unexpected(peek());
  } catch (e) {
    result.tree = undefined;
    result.parts = undefined;
    if (!(e instanceof Stop) || e.unjudged) return result;
  }
  // The scanner's stop ends the process: nothing else gets printed.
  if (secondary?.fatal) result.problem = secondary;
  else if (primary && secondary) result.problem = { ...primary, message: `${primary.message}: ${secondary.message}`, fatal: secondary.fatal };
  else result.problem = primary ?? secondary;
  return result;
}

/**
 * The names httpd resolves in this tree: the core's always, mod_ssl's when it loads, and any name
 * at all when the modules are unknown or a module loads whose additions we do not model (a
 * third-party module, mod_proxy_hcheck): then no name is refused.
 */
export function exprNamesOf(model: Pick<ConfigModel, 'modules' | 'moduleStateKnown'>): ExprNames {
  let open = !model.moduleStateKnown;
  for (const [identifier] of model.modules) {
    if (open) break;
    if (DEBIAN_STATIC_MODULES.includes(identifier)) continue;
    const info = getModuleByIdentifier(identifier);
    if (!info || info.status === 'External' || info.debianPackage || EXPR_OPEN_MODULES.has(identifier)) open = true;
  }
  return { ssl: model.modules.has('ssl_module'), open };
}
