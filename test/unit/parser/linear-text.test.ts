// The linear scans that replace quadratic regular expressions give the answers those expressions
// gave (random texts over the characters that matter). Their speed on the runs that were slow is
// checked by the hostile suite (test/hostile), their absence by lint (redos/no-vulnerable).
import * as assert from 'assert';
import fc from 'fast-check';
import { holdsUnsetVariable } from '../../../server/src/model';
import { envvarsAssignmentLines, substitute } from '../../../server/src/model/variables';
import { bracedNames, replaceBraced, trimTrailingSlashes } from '../../../server/src/parser';

const text = fc.array(fc.constantFrom('$', '{', '}', '%', ':', '/', 'a', 'B', ' ', '\n'), { maxLength: 24 }).map((c) => c.join(''));
const RUNS = { numRuns: 5000, seed: 20261203 };

describe('linear text scans', () => {
  it('bracedNames and replaceBraced find what /\\$\\{([^}]*)\\}/g and /%\\{([^}]*)\\}/g find', () => {
    fc.assert(
      fc.property(text, (t) => {
        for (const [opener, pattern] of [['${', /\$\{([^}]*)\}/g], ['%{', /%\{([^}]*)\}/g]] as const) {
          const expected = [...t.matchAll(pattern)].map((m) => ({ start: m.index!, end: m.index! + m[0].length, name: m[1] }));
          assert.deepStrictEqual(bracedNames(t, opener), expected);
          assert.strictEqual(replaceBraced(t, opener, (n) => `<${n}>`), t.replace(pattern, (_w, n: string) => `<${n}>`));
        }
      }),
      RUNS,
    );
  });

  it('trimTrailingSlashes is /\\/+$/ removed', () => {
    fc.assert(fc.property(text, (t) => assert.strictEqual(trimTrailingSlashes(t), t.replace(/\/+$/, ''))), RUNS);
  });

  it('holdsUnsetVariable is /\\$\\{[^}:]+\\}/', () => {
    fc.assert(fc.property(text, (t) => assert.strictEqual(holdsUnsetVariable(t), /\$\{[^}:]+\}/.test(t))), RUNS);
  });

  it('substitute replaces as the single-pass replace did', () => {
    const values: Record<string, string> = { a: 'x}y', B: '${a}', '': 'empty' };
    fc.assert(
      fc.property(text, (t) => {
        const result = substitute(t, (n) => values[n]);
        assert.strictEqual(result.value, t.replace(/\$\{([^}]*)\}/g, (w, n: string) => values[n] ?? w));
      }),
      RUNS,
    );
  });

  it("envvarsAssignmentLines names each variable's first assignment line, blank lines before it not counted as its line", () => {
    const lines = envvarsAssignmentLines('\n\n  export APACHE_RUN_USER=www-data\n# APACHE_LOG_DIR=/x\nAPACHE_LOG_DIR=/var/log/apache2$SUFFIX\nAPACHE_RUN_USER=other\n');
    assert.deepStrictEqual([...lines], [['APACHE_RUN_USER', 2], ['APACHE_LOG_DIR', 4]]);
  });
});
