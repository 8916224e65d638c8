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

const COMPARISONS: ReadonlySet<ExprTokenKind> = new Set([
  'T_OP_EQ', 'T_OP_NE', 'T_OP_LT', 'T_OP_LE', 'T_OP_GT', 'T_OP_GE',
  'T_OP_STR_EQ', 'T_OP_STR_NE', 'T_OP_STR_LT', 'T_OP_STR_LE', 'T_OP_STR_GT', 'T_OP_STR_GE',
]);

/** Parentheses deeper than this leave the expression unjudged (httpd's own stack is far deeper). */
const MAX_DEPTH = 64;

/** A name as messages quote it: httpd prints it whole, ours stop at 40 characters. */
const shown = (name: string): string => (name.length > 40 ? `${name.slice(0, 39)}…` : name);

class Stop {
  constructor(readonly unjudged = false) {}
}

/** The first reason httpd refuses the expression, or undefined when it accepts it (or it is too deep to judge). */
export function checkExpression(text: string, options: ExprCheckOptions): ExprProblem | undefined {
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
  const variable = (): void => {
    enter();
    expect('T_VAR_BEGIN');
    const name = expect('T_ID');
    if (peek().kind === ':') {
      next();
      string();
      expect('T_VAR_END');
      checkFunction(name);
      depth--;
      return;
    }
    expect('T_VAR_END');
    depth--;
    const upper = name.value.toUpperCase();
    const known = options.names.open || EXPR_CORE_VARIABLES.has(upper) || (options.names.ssl && upper.startsWith(EXPR_SSL_VARIABLE_PREFIX));
    if (!known) lookupFailed(`Variable '${shown(name.value)}' does not exist`, name);
  };
  const checkFunction = (name: ExprToken): void => {
    const lower = name.value.toLowerCase();
    const known = options.names.open || EXPR_CORE_FUNCTIONS.has(lower) || (options.names.ssl && EXPR_SSL_FUNCTIONS.has(lower));
    if (!known) lookupFailed(`Function '${shown(name.value)}' does not exist`, name);
  };
  // string: (T_STRING | var | backref)+, or a scanner error first.
  const string = (): void => {
    abortOnError();
    let parts = 0;
    for (;;) {
      const kind = peek().kind;
      if (kind === 'T_STRING' || kind === 'T_REGEX_BACKREF') next();
      else if (kind === 'T_VAR_BEGIN') variable();
      else break;
      parts++;
    }
    if (parts === 0) unexpected(peek());
  };
  /** A word; returns the constant text it stands for, or undefined when it is not a constant. */
  const word = (): string | undefined => {
    const constant = wordPart();
    if (peek().kind !== 'T_OP_CONCAT') return constant;
    while (peek().kind === 'T_OP_CONCAT') {
      next();
      wordPart();
    }
    return undefined;
  };
  const wordPart = (): string | undefined => {
    let constant: string | undefined;
    const token = peek();
    switch (token.kind) {
      case 'T_DIGIT':
        next();
        constant = token.value;
        break;
      case 'T_STR_BEGIN': {
        next();
        if (peek().kind === 'T_STR_END') {
          next();
          constant = '';
          break;
        }
        const from = at;
        string();
        const parts = tokens.slice(from, at);
        constant = parts.length === 1 && parts[0].kind === 'T_STRING' ? parts[0].value : undefined;
        expect('T_STR_END');
        break;
      }
      case 'T_VAR_BEGIN':
        variable();
        break;
      case 'T_REGEX_BACKREF':
        next();
        break;
      case 'T_ID':
        next();
        expect('(');
        enter();
        word();
        depth--;
        expect(')');
        checkFunction(token);
        break;
      default:
        unexpected(token);
    }
    return constant;
  };
  const checkSubnet = (operator: string, constant: string | undefined, token: ExprToken): void => {
    if (options.names.open && !EXPR_SUBNET_OPERATORS.has(operator)) return;
    if (constant === undefined) lookupFailed(`-${operator} requires subnet/netmask as constant argument`, token);
    else if (!isSubnet(constant)) lookupFailed('parsing of subnet/netmask failed', token);
  };
  const regex = (): void => {
    const token = peek();
    if (token.kind !== 'T_REGEX' && token.kind !== 'T_REGEX_I') unexpected(token);
    next();
    if (options.regexError(token.value, token.kind === 'T_REGEX_I') !== undefined) {
      primary = { message: 'Failed to compile regular expression', start: token.start, end: token.end };
      throw new Stop();
    }
  };
  const list = (): void => {
    const token = peek();
    if (token.kind === '{') {
      next();
      word();
      while (peek().kind === ',') {
        next();
        word();
      }
      expect('}');
      return;
    }
    if (token.kind !== 'T_ID') unexpected(token);
    next();
    expect('(');
    word();
    expect(')');
    const lower = token.value.toLowerCase();
    if (!options.names.open && !(options.names.ssl && EXPR_SSL_LIST_FUNCTIONS.has(lower))) lookupFailed(`List-returning function '${shown(token.value)}' does not exist`, token);
  };
  // One operand of && and ||: negations, then a primary.
  const operand = (): void => {
    while (peek().kind === 'T_OP_NOT') next();
    const token = peek();
    switch (token.kind) {
      case 'T_TRUE':
      case 'T_FALSE':
        next();
        return;
      case 'T_ERROR':
        abortOnError();
        return;
      case '(':
        next();
        enter();
        condition();
        depth--;
        expect(')');
        return;
      case 'T_OP_UNARY': {
        next();
        const constant = word();
        if (!EXPR_UNARY_OPERATORS.has(token.value) && !options.names.open) lookupFailed(`Unary operator '-${token.value}' does not exist`, token);
        else if (EXPR_SUBNET_OPERATORS.has(token.value)) checkSubnet(token.value, constant, token);
        return;
      }
    }
    word();
    const operator = peek();
    if (COMPARISONS.has(operator.kind)) {
      next();
      word();
    } else if (operator.kind === 'T_OP_REG' || operator.kind === 'T_OP_NRE') {
      next();
      regex();
    } else if (operator.kind === 'T_OP_IN') {
      next();
      list();
    } else if (operator.kind === 'T_OP_BINARY') {
      next();
      const constant = word();
      const lower = operator.value.toLowerCase();
      if (!EXPR_BINARY_OPERATORS.has(lower) && !options.names.open) lookupFailed(`Binary operator '-${shown(operator.value)}' does not exist`, operator);
      else if (EXPR_SUBNET_OPERATORS.has(lower)) checkSubnet(lower, constant, operator);
    } else unexpected(operator);
  };
  const condition = (): void => {
    operand();
    while (peek().kind === 'T_OP_AND' || peek().kind === 'T_OP_OR') {
      next();
      operand();
    }
  };

  try {
    if (options.mode === 'string') string();
    else condition();
    if (peek().kind !== '$end') unexpected(peek());
  } catch (e) {
    if (!(e instanceof Stop)) return undefined;
    if (e.unjudged) return undefined;
  }
  // The scanner's stop ends the process: nothing else gets printed.
  if (secondary?.fatal) return secondary;
  if (primary && secondary) return { ...primary, message: `${primary.message}: ${secondary.message}`, fatal: secondary.fatal };
  return primary ?? secondary;
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
