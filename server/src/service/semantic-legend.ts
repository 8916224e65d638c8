// The legend of semantic tokens: the types and modifiers the server sends, in the order the
// client is told at start. Documented in docs/semantic-tokens.md (a test keeps the two in step).

/** Standard LSP token types only, so every client that colours semantic tokens colours ours. */
export const TOKEN_TYPES = ['keyword', 'namespace', 'type', 'variable', 'function', 'parameter', 'enumMember', 'regexp', 'string', 'number', 'operator', 'comment'] as const;

/** Standard modifiers first, then ours: a directive's state and the part of a regex a token is. */
export const TOKEN_MODIFIERS = [
  'declaration',
  'readonly',
  'deprecated',
  'defaultLibrary',
  'notLoaded',
  'unknown',
  'path',
  'anchor',
  'group',
  'alternation',
  'quantifier',
  'characterClass',
  'escape',
  'backreference',
] as const;

export type TokenType = (typeof TOKEN_TYPES)[number];
export type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

/** Type index by name. */
export const T = Object.fromEntries(TOKEN_TYPES.map((t, i) => [t, i])) as Record<TokenType, number>;

/** Modifier bit by name. */
export const M = Object.fromEntries(TOKEN_MODIFIERS.map((m, i) => [m, 1 << i])) as Record<TokenModifier, number>;

/** One token: a span of one physical line, with its type index and modifier bits. */
export interface SemanticToken {
  /** 0-based line. */
  line: number;
  /** UTF-16 offset in the line. */
  character: number;
  length: number;
  type: number;
  modifiers: number;
}
