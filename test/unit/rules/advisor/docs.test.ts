import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { RULES } from '../../../../server/src/rules';
import { repoRoot } from '../../../helpers/files';
import { ADVISOR } from './harness';

const DOCS = path.join(repoRoot, 'docs', 'rules');

const SECTIONS = ['## What it finds', '## Why it matters', '## When to ignore it', '## Fix', '## Example'];

function page(id: string): string {
  return fs.readFileSync(path.join(DOCS, `${id}.md`), 'utf8');
}

describe('rule docs', () => {
  it('rule ids are unique, kebab-case, and every rule has a page docs/rules/<id>.md', () => {
    const ids = RULES.map((r) => r.id);
    assert.strictEqual(new Set(ids).size, ids.length);
    assert.deepStrictEqual(ids.filter((id) => !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)), []);
    assert.deepStrictEqual(ids.filter((id) => !fs.existsSync(path.join(DOCS, `${id}.md`))), []);
  });

  it('the index links every rule', () => {
    const index = fs.readFileSync(path.join(DOCS, 'README.md'), 'utf8');
    assert.deepStrictEqual(RULES.map((r) => r.id).filter((id) => !index.includes(`(${id}.md)`)), []);
  });

  it('every advisor rule is in the catalogue, and its page has the title, severity and all sections', () => {
    const byId = new Map(RULES.map((r) => [r.id, r]));
    assert.deepStrictEqual(ADVISOR.filter((id) => !byId.has(id)), []);
    for (const id of ADVISOR) {
      const text = page(id);
      assert.ok(text.startsWith(`# ${id}\n`), `${id}: title`);
      assert.ok(text.includes(`Default severity: **${byId.get(id)!.defaultSeverity}**`), `${id}: severity`);
      for (const s of SECTIONS) assert.ok(text.includes(`\n${s}\n`), `${id}: ${s}`);
      assert.ok(/```apacheconf\n[\s\S]+?\n```/.test(text), `${id}: example block`);
    }
  });
});
