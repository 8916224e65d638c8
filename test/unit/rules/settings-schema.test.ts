// The `apache.rules` setting in package.json enumerates the rule catalogue.
import * as assert from 'assert';
import Ajv from 'ajv';
import * as fs from 'fs';
import * as path from 'path';
import { RULES } from '../../../server/src/rules';
import { rulesSettingSchema } from '../../../server/src/rules/settings-schema';
import { repoRoot } from '../../helpers/files';

const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const nls = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.nls.json'), 'utf8')) as Record<string, string>;
const written = pkg.contributes.configuration.properties['apache.rules'];
// Its own description is a package.nls.json key; the rest is as generated.
const schema = { ...written, markdownDescription: nls[/^%(.+)%$/.exec(written.markdownDescription)?.[1] ?? ''] ?? written.markdownDescription };

describe('apache.rules setting schema', () => {
  it('lists exactly the rule ids of the catalogue (run `npm run generate:rules-schema` after changing rules)', () => {
    assert.deepStrictEqual(Object.keys(schema.properties).sort(), RULES.map((r) => r.id).sort());
    assert.deepStrictEqual(schema, rulesSettingSchema());
  });

  it('accepts known ids with a level and flags unknown ids and levels', () => {
    const validate = new Ajv({ strict: false }).compile(schema);
    assert.ok(validate({ 'trailing-comment': 'error', 'inactive-block': 'off' }));
    assert.ok(!validate({ 'no-such-rule': 'error' }), 'unknown id');
    assert.ok(!validate({ 'trailing-comment': 'loud' }), 'unknown level');
    for (const rule of RULES) {
      assert.match(schema.properties[rule.id].markdownDescription, new RegExp(`^Default: \`${rule.defaultSeverity}\` \\(${rule.category}\\)\\.`), rule.id);
    }
  });
});
