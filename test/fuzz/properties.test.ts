// Property-based fuzzing of the parser, the model and every service entry point. Invariants: no
// exception escapes, the parse prints back byte for byte, formatting is idempotent and changes
// only indentation, every quick fix's edits apply cleanly and do not overlap.
// Budget: FUZZ_RUNS inputs or FUZZ_SECONDS per property (test/fuzz/budget.ts).

import * as assert from 'assert';
import fc from 'fast-check';
import { memoryFileSystem } from '../../server/src/model';
import { parse, printLines } from '../../server/src/parser';
import { fixesFor, preferredFixesTogether } from '../../server/src/rules';
import { analyze, type Analysis } from '../../server/src/service/analysis';
import { completionList, signatureAt } from '../../server/src/service/completion';
import { formatFile } from '../../server/src/service/formatting';
import { hoverAt } from '../../server/src/service/hover';
import { definitionAt, documentLinks, foldingRanges, outline } from '../../server/src/service/navigation';
import { renderProfileText, serverProfile } from '../../server/src/service/profile';
import { DEFAULT_SERVICE_SETTINGS } from '../../server/src/service/settings';
import { applyFixEdits } from '../helpers/edits';
import { configText, fuzzTree, nestedText, type FuzzTree } from './arbitraries';
import { budget, count, ran } from './budget';

function analyseTree(tree: FuzzTree): Analysis {
  const s = DEFAULT_SERVICE_SETTINGS;
  return analyze({ mainFile: tree.main, fs: memoryFileSystem(tree.files), serverRoot: '/fuzz', defines: tree.defines, staticModules: s.staticModules, version: s.version, env: {}, settings: s.analysis });
}

/** The text with every line's leading and trailing blanks removed: what formatting may not change. */
function withoutIndentation(text: string): string {
  return text
    .split('\n')
    .map((l) => l.replace(/\r$/, '').replace(/^[ \t]+|[ \t]+$/g, ''))
    .join('\n');
}

function formatted(text: string, tabSize: number, insertSpaces: boolean): string {
  const edits = formatFile(parse(text), { tabSize, insertSpaces }).map((e) => ({ ...e, file: 'f' }));
  return applyFixEdits(edits, () => text).get('f') ?? text;
}

describe('fuzz: properties over generated input', function () {
  this.timeout(0);

  after(() => {
    const total = [...ran.values()].reduce((a, b) => a + b, 0);
    for (const [p, n] of ran) console.log(`      ${p}: ${n} inputs`);
    console.log(`      fuzz properties: ${total} inputs in total`);
  });

  it('the parser never throws and prints every input back byte for byte', () => {
    fc.assert(
      fc.property(fc.oneof(configText, fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 })), (text) => {
        count('parser');
        const parsed = parse(text);
        assert.strictEqual(printLines(parsed), text);
      }),
      budget('parser'),
    );
  });

  it('formatting is idempotent and changes only indentation and trailing blanks', () => {
    fc.assert(
      fc.property(fc.oneof(nestedText, configText), fc.integer({ min: 1, max: 8 }), fc.boolean(), (text, tabSize, insertSpaces) => {
        count('formatting');
        const once = formatted(text, tabSize, insertSpaces);
        assert.strictEqual(withoutIndentation(once), withoutIndentation(text), 'only blanks at line starts and ends change');
        assert.deepStrictEqual(formatFile(parse(once), { tabSize, insertSpaces }), [], 'formatting a formatted text changes nothing');
      }),
      budget('formatting'),
    );
  });

  it('the model and rules never throw on generated multi-file trees (includes, globs, defines, conditionals)', () => {
    fc.assert(
      fc.property(fuzzTree, (tree) => {
        count('model');
        const analysis = analyseTree(tree);
        assert.ok(analysis.model.files.includes(tree.main) || analysis.findings.length > 0);
        for (const f of analysis.findings) {
          assert.ok(f.start >= 0 && f.start <= f.end, `${f.code}: span ${f.start}-${f.end}`);
          const text = analysis.model.parsed.get(f.file)?.text;
          if (text !== undefined) assert.ok(f.end <= text.length, `${f.code}: end ${f.end} past ${text.length}`);
        }
        assert.ok(!analysis.findings.some((f) => f.code === 'internal-error'), analysis.findings.find((f) => f.code === 'internal-error')?.message);
      }),
      budget('model'),
    );
  });

  it('every service entry point answers without throwing, and every quick fix applies cleanly', () => {
    fc.assert(
      fc.property(fuzzTree, fc.array(fc.nat(), { minLength: 4, maxLength: 4 }), (tree, picks) => {
        count('service');
        const analysis = analyseTree(tree);
        const model = analysis.model;
        const fs = memoryFileSystem(tree.files);
        const ctx = { model, settings: analysis.settings, text: (f: string) => model.parsed.get(f)?.text };
        for (const file of model.files) {
          const parsed = model.parsed.get(file);
          if (!parsed) continue;
          const text = parsed.text;
          for (const pick of picks) {
            const offset = text.length ? pick % (text.length + 1) : 0;
            hoverAt(model, file, offset);
            definitionAt(model, file, offset);
            completionList({ text, offset, fileScope: model.fileScopes.get(file) ?? 'server', model, fs });
            signatureAt(text, offset, 'server');
          }
          documentLinks(model, file);
          outline(parsed);
          foldingRanges(parsed);
          formatFile(parsed, { tabSize: 4, insertSpaces: true });
        }
        renderProfileText(serverProfile(analysis));
        for (const finding of analysis.findings) {
          for (const fix of fixesFor(finding, ctx)) applyFixEdits(fix.edits, ctx.text);
        }
        // "Fix all" of one kind: the preferred fixes together must not overlap either.
        const byCode = new Map<string, typeof analysis.findings>();
        for (const f of analysis.findings) byCode.set(`${f.code}\u0000${f.file}`, [...(byCode.get(`${f.code}\u0000${f.file}`) ?? []), f]);
        for (const list of byCode.values()) {
          if (list.length < 2) continue;
          const all = preferredFixesTogether(list, ctx);
          if (all.length > 1) applyFixEdits(all.flatMap((x) => x.edits), ctx.text);
        }
      }),
      budget('service'),
    );
  });
});
