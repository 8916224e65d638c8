// Lint: the layer boundaries of docs/ARCHITECTURE.md and one format. `npm run lint`; part of `npm test`.
import stylistic from '@stylistic/eslint-plugin';
import redos from 'eslint-plugin-redos';
import tseslint from 'typescript-eslint';

/** An import of a sibling layer of server/src, from any depth below it ("../model", "../../rules"). */
const layers = (names, why) => ({ regex: `^(\\.\\./)+(${names.join('|')})(/|$)`, message: why });

const PARSER = layers(['model', 'rules', 'service', 'lsp', 'cli'], 'The parser reads text only; it knows no layer above it.');
const DATA = layers(['parser', 'model', 'rules', 'service', 'lsp', 'cli'], 'The knowledge base depends on nothing.');
const MODEL = layers(['rules', 'service', 'lsp', 'cli'], 'The model builds facts; rules and faces build on it, not the reverse.');
const RULES = layers(['service', 'lsp', 'cli'], 'Rules check the model; they know nothing of the service or the faces.');
const SIMULATE = layers(['service', 'lsp', 'cli'], 'The request simulator reads the model; it knows nothing of the service or the faces.');
const SERVICE = layers(['lsp', 'cli'], 'The service serves both faces and knows neither.');
const BELOW_SERVICE = ['data', 'parser', 'model', 'rules', 'simulate'];
const FACE_WHY = 'The LSP server and the CLI use the service only (createApacheService); move what they need behind it.';
const LSP = layers([...BELOW_SERVICE, 'cli'], FACE_WHY);
const CLI = layers([...BELOW_SERVICE, 'lsp'], FACE_WHY);
const RULE_TO_RULE = { regex: '^\\./(?!lib/)', message: 'A rule does not import another rule\'s file: move the shared helper to rules/lib/ or to the model.' };
const LIB_TO_RULE = { regex: '^\\.\\./[^.]', message: 'rules/lib/ holds helpers for rules and imports no rule file.' };
const CLIENT = { regex: '(^|/)server/', message: 'The client talks to the server over the protocol; types both sides share live in shared/.' };
const SHARED = { regex: '^\\.\\./', message: 'shared/ holds the types both processes use (and pure functions over them) and imports nothing of either.' };

/** The rules registry: the files that may import rule files. */
const RULES_REGISTRY = ['server/src/rules/index.ts', 'server/src/rules/catalogue.ts', 'server/src/rules/run.ts', 'server/src/rules/settings-schema.ts'];

const restrict = (files, patterns, ignores = []) => ({
  files,
  ignores,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', '.cache/**', 'node_modules/**', 'test/fixtures/**', 'test-results/**'] },
  {
    files: ['**/*.ts', '**/*.mjs', '**/*.cjs', '**/*.js'],
    extends: [
      tseslint.configs.recommended,
      stylistic.configs.customize({ indent: 2, quotes: 'single', semi: true, commaDangle: 'always-multiline', braceStyle: '1tbs', arrowParens: true, quoteProps: 'as-needed' }),
    ],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // The style this code was written in: aligned end-of-line comments, '"' beside "'" where it
      // reads better, one-line lists, compact classes and one-line cases, "=", "+", "&&", "||", "??" ending a line ("?", ":", "|" start one).
      '@stylistic/no-multi-spaces': ['error', { ignoreEOLComments: true }],
      '@stylistic/quotes': ['error', 'single', { avoidEscape: true, allowTemplateLiterals: 'always' }],
      '@stylistic/list-style': 'off',
      '@stylistic/indent': ['error', 2, {
        ArrayExpression: 1, CallExpression: { arguments: 1 }, flatTernaryExpressions: true, FunctionDeclaration: { body: 1, parameters: 1, returnType: 1 },
        FunctionExpression: { body: 1, parameters: 1, returnType: 1 }, ignoreComments: false, ignoredNodes: ['TSUnionType', 'TSIntersectionType'],
        ImportDeclaration: 1, MemberExpression: 1, ObjectExpression: 1, offsetTernaryExpressions: true, outerIIFEBody: 1, SwitchCase: 1, tabLength: 2, VariableDeclarator: 1,
      }],
      '@stylistic/lines-between-class-members': 'off',
      '@stylistic/max-statements-per-line': 'off',
      '@stylistic/multiline-ternary': 'off',
      '@stylistic/operator-linebreak': ['error', 'before', { overrides: { '=': 'after', '+': 'after', '||': 'after', '&&': 'after', '??': 'after' } }],
      '@stylistic/max-len': ['error', { code: 200, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreComments: true, ignoreRegExpLiterals: true, ignoreUrls: true }],
      'prefer-const': ['error', { destructuring: 'all', ignoreReadBeforeAssign: true }],
      // TypeScript reports unused names (noUnusedLocals, noUnusedParameters); '_' marks a deliberate one.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['**/*.cjs', 'test/e2e/**/*.js', 'action/**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The code that reads configurations: no regular expression whose matching time can grow
    // faster than its input (recheck's analysis). A quadratic one on a 200,000-character line
    // held the checker for minutes; configurations come from anyone.
    files: ['server/src/**/*.ts', 'client/src/**/*.ts', 'shared/**/*.ts'],
    plugins: { redos },
    rules: { 'redos/no-vulnerable': ['error', { timeout: 10000 }] },
  },
  {
    // Tests poke at JSON and protocol shapes they do not type.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },

  // Layers (docs/ARCHITECTURE.md): each may import only from the layers below it.
  restrict(['server/src/parser/**'], [PARSER]),
  restrict(['server/src/data/**'], [DATA]),
  restrict(['server/src/model/**'], [MODEL]),
  restrict(['server/src/rules/*.ts'], [RULES, RULE_TO_RULE], RULES_REGISTRY),
  restrict(RULES_REGISTRY, [RULES]),
  restrict(['server/src/rules/lib/**'], [RULES, LIB_TO_RULE]),
  restrict(['server/src/simulate/**'], [SIMULATE]),
  restrict(['server/src/service/**'], [SERVICE]),
  restrict(['server/src/lsp/**'], [LSP]),
  restrict(['server/src/cli/**'], [CLI]),
  restrict(['client/**'], [CLIENT]),
  restrict(['shared/**'], [SHARED]),
);
