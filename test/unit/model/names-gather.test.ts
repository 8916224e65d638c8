// The names of one file and the places of one name are gathered without an index of the whole
// tree (model/names.ts). Here they must equal what one pass over every use of the tree finds,
// written out plainly below, on random trees whose lines define and use every kind of name
// (files read twice, quoted and trailing-slash Alias targets, ${VAR} inside targets).

import * as assert from 'assert';
import fc from 'fast-check';
import { nameAt, nameKey, namesInFile, occurrencesOfKey, type ConfigModel, type NameKind } from '../../../server/src/model';
import { model, ROOT } from '../../helpers/trees';

interface Place {
  key: string;
  file: string;
  start: number;
  end: number;
  role: string;
  fixed: boolean;
}

const trim = (p: string): string => {
  const t = p.replace(/\/+$/, '');
  return t === '' && p.startsWith('/') ? '/' : t;
};

/** Every name of the tree in one pass over its uses, in read order, each place once. */
function wholeTree(m: ConfigModel): Place[] {
  const out: Place[] = [];
  const seen = new Set<string>();
  const add = (file: string, kind: NameKind, name: string, start: number, end: number, role: string, fixed = false): void => {
    if (seen.has(`${file}\u0000${start}`)) return;
    seen.add(`${file}\u0000${start}`);
    out.push({ key: nameKey(kind, name), file, start, end, role, fixed });
  };
  const asWritten = (text: string, w: { start: number; end: number; value: string; quote: string | null; unterminated: boolean }) => {
    const start = w.quote ? w.start + 1 : w.start;
    const end = w.quote && !w.unterminated ? w.end - 1 : w.end;
    return text.slice(start, end) === w.value ? { start, end } : undefined;
  };
  const targets = new Set<string>();
  const directories: { file: string; text: string; args: string[]; word: Parameters<typeof asWritten>[1] }[] = [];
  for (const use of m.uses) {
    const text = m.parsed.get(use.file)?.text;
    if (text === undefined) continue;
    const words = use.words;
    for (const w of words) {
      if (!w.value.includes('${')) continue;
      const raw = text.slice(w.start, w.end);
      for (const x of raw.matchAll(/\$\{([^}:{$]+)\}/g)) add(use.file, 'variable', x[1], w.start + x.index + 2, w.start + x.index + 2 + x[1].length, 'use');
      for (const x of raw.matchAll(/\$\{([^}:{$\s]+):/g)) add(use.file, 'rewrite-map', x[1], w.start + x.index + 2, w.start + x.index + 2 + x[1].length, 'use');
    }
    const first = words[0];
    if (!first) continue;
    const span = asWritten(text, first);
    if ((use.key === 'define' || use.key === 'undefine') && span && !first.value.includes('${')) add(use.file, 'variable', first.value, span.start, span.end, use.key === 'define' ? 'definition' : 'use');
    if (use.key === 'ifdefine' && span && !first.value.includes('${')) {
      const negated = first.value.startsWith('!');
      const name = negated ? first.value.slice(1) : first.value;
      if (name) add(use.file, 'variable', name, span.start + (negated ? 1 : 0), span.end, 'use');
    }
    if (use.key === 'servername' || use.key === 'serveralias') {
      for (const w of use.key === 'servername' ? [first] : words) {
        const s = asWritten(text, w);
        if (!s || w.value.includes('${')) continue;
        const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(w.value)?.[0].length ?? 0;
        const rest = w.value.slice(scheme);
        const host = rest.startsWith('[') ? (rest.includes(']') ? rest.slice(0, rest.indexOf(']') + 1) : rest) : rest.split(':')[0];
        if (host) add(use.file, 'host', host, s.start + scheme, s.start + scheme + host.length, use.key === 'servername' ? 'definition' : 'use');
      }
    }
    if (use.key === 'rewritemap' && span && !first.value.includes('${')) add(use.file, 'rewrite-map', first.value, span.start, span.end, 'definition');
    if ((use.key === 'alias' || use.key === 'scriptalias') && words[1]) {
      const target = words[1];
      const s = asWritten(text, target);
      const name = trim(target.value.includes('${') ? (use.args[1] ?? target.value) : target.value);
      if (name) {
        targets.add(name);
        if (s) add(use.file, 'alias-target', name, s.start, s.start + name.length, 'definition', target.value.includes('${') || !target.value.startsWith(name));
        else add(use.file, 'alias-target', name, target.start, target.end, 'definition', true);
      }
    }
    if (use.key === 'directory' && use.isSection) directories.push({ file: use.file, text, args: use.args, word: first });
  }
  for (const d of directories) {
    const name = trim(d.word.value.includes('${') ? (d.args[0] ?? d.word.value) : d.word.value);
    if (!targets.has(name)) continue;
    const s = asWritten(d.text, d.word);
    const fixed = !s || d.word.value.includes('${') || !d.word.value.startsWith(name);
    const start = s?.start ?? d.word.start;
    add(d.file, 'alias-target', name, start, s && !fixed ? start + name.length : d.word.end, 'use', fixed);
  }
  return out;
}

const plain = (list: readonly Place[]): Place[] => list.map(({ key, file, start, end, role, fixed }) => ({ key, file, start, end, role, fixed }));

/** Lines that define and use names, some of them twice or with the trailing slash only one side has. */
const LINES = [
  'Define SITE example.org',
  'Define DOCS /srv/www',
  'UnDefine SITE',
  '<IfDefine !DOCS>\n</IfDefine>',
  '<IfDefine SITE>\n</IfDefine>',
  'ServerName www.${SITE}',
  'ServerName https://Example.org:443',
  'ServerAlias example.org *.example.org [::1]',
  'DocumentRoot "${DOCS}/main"',
  'RewriteMap lower int:tolower',
  'RewriteRule ^/(.*) /${lower:$1}/${DOCS} [PT]',
  'Alias /static "/srv/static/"',
  'Alias /s2 /srv/static',
  'ScriptAlias /cgi-bin/ ${DOCS}/cgi/',
  '<Directory /srv/static/>\n</Directory>',
  '<Directory "${DOCS}/cgi">\n</Directory>',
  '<Directory /srv/other>\n</Directory>',
  '<VirtualHost *:80>\nServerName example.org\nAlias /x /srv/x\n</VirtualHost>',
  '<Directory /srv/x>\n</Directory>',
];

const fileLines = fc.array(fc.constantFrom(...LINES), { maxLength: 12 }).map((l) => l.join('\n') + '\n');

function check(m: ConfigModel): void {
  const all = wholeTree(m);
  const keys = new Set(all.map((p) => p.key));
  for (const key of keys) assert.deepStrictEqual(plain(occurrencesOfKey(m, key)), all.filter((p) => p.key === key), key);
  assert.deepStrictEqual(occurrencesOfKey(m, nameKey('variable', 'NOT_THERE')), []);
  for (const file of m.files) {
    const own = all.filter((p) => p.file === file);
    assert.deepStrictEqual(plain(namesInFile(m, file)), own, file);
    for (const p of own) assert.strictEqual(nameAt(m, file, p.start)?.key, p.key, `${file}:${p.start}`);
  }
}

describe('names of a file and places of a name without a whole-tree index', () => {
  it('equal one pass over every use of random trees', () => {
    fc.assert(
      fc.property(fileLines, fileLines, fileLines, fc.boolean(), (main, a, b, twice) => {
        const files = {
          'httpd.conf': `${main}Include sites/*.conf\n${twice ? 'Include sites/a.conf\n' : ''}`,
          'sites/a.conf': a,
          'sites/b.conf': b,
        };
        check(model(files));
      }),
      { numRuns: 300 },
    );
  });

  it('finds the places of every kind in a fixed tree', () => {
    const m = model({ 'httpd.conf': `${LINES.join('\n')}\nInclude sites/a.conf\nInclude sites/a.conf\n`, 'sites/a.conf': 'ServerAlias www.example.org\nErrorLog ${DOCS}/e.log\n' });
    check(m);
    const site = `${ROOT}/sites/a.conf`;
    assert.strictEqual(occurrencesOfKey(m, nameKey('variable', 'DOCS')).filter((o) => o.file === site).length, 1, 'a file read twice holds its name once');
    assert.ok(occurrencesOfKey(m, nameKey('alias-target', '/srv/static')).some((o) => o.use.key === 'directory'), 'the <Directory> of an Alias target');
    assert.ok(!occurrencesOfKey(m, nameKey('alias-target', '/srv/other')).length, 'no Alias targets /srv/other');
  });
});
