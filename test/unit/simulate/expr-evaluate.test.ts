// The shared ap_expr evaluator of the request simulators: what the live-httpd oracle
// (test/oracle/expr-requests.test.ts) cannot show, i.e. the shape of the tree, three-valued logic
// around what the simulator cannot know, and groups whose origin an unknown part blurs.

import * as assert from 'assert';
import { parseExpression } from '../../../server/src/model';
import { conditionTree, evaluateCondition, matchPattern, type ExprEnvironment } from '../../../server/src/simulate/expr';

const ANY = { names: { ssl: true, open: true }, regexError: () => undefined };

function environment(variables: Record<string, string>): ExprEnvironment {
  return {
    variable: (name) => variables[name],
    header: () => '',
    stat: () => undefined,
    ipMatches: () => undefined,
    match: matchPattern,
  };
}

function evaluate(text: string, variables: Record<string, string> = {}) {
  const tree = conditionTree(text);
  assert.ok(tree, `"${text}" parses`);
  return evaluateCondition(tree, environment(variables));
}

describe('ap_expr evaluation in the simulators', () => {
  it('reads && tighter than || and ! tighter than both, as httpd\'s grammar does', () => {
    const tree = parseExpression('true || false && false', ANY).tree;
    assert.deepStrictEqual(tree, { kind: 'or', operands: [{ kind: 'constant', value: true }, { kind: 'and', operands: [{ kind: 'constant', value: false }, { kind: 'constant', value: false }] }] });
    assert.strictEqual(evaluate('true || false && false').value, true);
    assert.strictEqual(evaluate('!true && false || true').value, true);
    assert.strictEqual(evaluate('!(true && false)').value, true);
  });

  it('decides what an unknown part cannot change, and no more', () => {
    assert.strictEqual(evaluate("%{UNMODELLED} == 'x' && false").value, false);
    assert.strictEqual(evaluate("false && %{UNMODELLED} == 'x'").value, false);
    assert.strictEqual(evaluate("%{UNMODELLED} == 'x' || true").value, true);
    assert.strictEqual(evaluate("%{UNMODELLED} == 'x' && true").value, undefined);
    assert.strictEqual(evaluate("!(%{UNMODELLED} == 'x')").value, undefined);
  });

  it('keeps the groups of the last match, and drops them when an unknown part decided whether it ran', () => {
    const sure = evaluate('%{URI} =~ m#/(a)(b)?#', { URI: '/a' });
    assert.deepStrictEqual(sure, { value: true, captures: ['/a', 'a', undefined], capturesUncertain: false });
    assert.strictEqual(evaluate("%{URI} =~ /(a)/ && $1 == 'a'", { URI: 'xa' }).value, true);
    // $N before any match is empty.
    assert.strictEqual(evaluate("$1 == ''").value, true);
    // httpd may have stopped at the unknown left side: the groups are not certain.
    const blurred = evaluate("%{UNMODELLED} == 'x' || %{URI} =~ /(a)/", { URI: 'a' });
    assert.strictEqual(blurred.value, true);
    assert.strictEqual(blurred.capturesUncertain, true);
    assert.strictEqual(blurred.captures, undefined);
  });

  it('compares -eq and friends as integers (apr_atoi64), == and < as strings', () => {
    assert.strictEqual(evaluate("'05' -eq 5").value, true);
    assert.strictEqual(evaluate("' 7x' -eq 7").value, true);
    assert.strictEqual(evaluate("'abc' -eq 0").value, true);
    assert.strictEqual(evaluate("'10' -lt 9").value, false);
    assert.strictEqual(evaluate("'10' < '9'").value, true);
    assert.strictEqual(evaluate("'05' == '5'").value, false);
  });

  it('evaluates chains of 200,000 operators and runs of 100,000 negations without depth', () => {
    const chain = Array.from({ length: 200_000 }, (_, i) => (i === 199_999 ? "%{URI} == '/a'" : 'true')).join(' && ');
    assert.strictEqual(evaluate(chain, { URI: '/a' }).value, true);
    assert.strictEqual(evaluate(`${'!'.repeat(100_001)}false`).value, true);
    assert.strictEqual(evaluate(`${'!'.repeat(100_000)}false`).value, false);
    const mixed = Array.from({ length: 50_000 }, () => 'false && true').join(' || ');
    assert.strictEqual(evaluate(mixed).value, false);
  });
});
