// `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other viewers. Every rule is
// described (help URI to its docs page, default level); each result has its location, the
// related lines (MPM, LoadModule…) and its quick fixes as SARIF `fixes`.

import * as path from 'path';
import { pathToFileURL } from 'url';
import type { ConfigFileSystem, PlainDiagnostic, PlainLocation } from '../../service';
import { ruleDocs, ruleDocsFolder, ruleInfos } from '../../service';
import type { CheckRun } from '../check';
import { PACKAGE, repositoryWebUrl } from '../package-info';
import { shown, type ShowOptions } from './shared';

const LEVEL = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;
const SRCROOT = 'SRCROOT';

/** Where the rule docs pages are and how a page is read. */
export interface RuleDocsReader {
  folder: string | undefined;
  page(id: string): string | undefined;
}

/** The docs pages read through `fs` (so that the result cache records them), or directly. */
export function ruleDocsReader(fs?: ConfigFileSystem): RuleDocsReader {
  const folder = ruleDocsFolder();
  if (!fs || !folder) return { folder, page: ruleDocs };
  fs.stat(path.join(folder, 'README.md'));
  return {
    folder,
    page(id) {
      const read = fs.readFile(path.join(folder, `${id}.md`));
      return 'text' in read ? read.text : undefined;
    },
  };
}

export function formatSarif(run: CheckRun, options: ShowOptions, cwd = process.cwd(), docsReader: RuleDocsReader = ruleDocsReader()): string {
  const rules = ruleInfos();
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = shown(run.diagnostics, options).filter((d) => index.has(d.code));
  const used = new Set(results.map((d) => d.code));
  const repo = repositoryWebUrl();
  const docs = docsReader.folder;
  const helpUri = (id: string): string => (repo ? `${repo}/blob/HEAD/docs/rules/${id}.md` : pathToFileURL(path.join(docs ?? path.join(cwd, 'docs', 'rules'), `${id}.md`)).href);
  const artifact = (file: string): { uri: string; uriBaseId?: string } => {
    const rel = path.relative(cwd, file);
    if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
    return { uri: pathToFileURL(file).href };
  };
  const region = (loc: PlainLocation) => ({
    startLine: loc.range.start.line + 1,
    startColumn: loc.range.start.character + 1,
    endLine: loc.range.end.line + 1,
    endColumn: loc.range.end.character + 1,
    charOffset: loc.start,
    charLength: loc.end - loc.start,
  });
  const result = (d: PlainDiagnostic) => ({
    ruleId: d.code,
    ruleIndex: index.get(d.code),
    level: LEVEL[d.severity],
    message: { text: d.message },
    locations: [{ physicalLocation: { artifactLocation: artifact(d.file), region: region(d) } }],
    ...(d.related.length
      ? { relatedLocations: d.related.map((r, i) => ({ id: i + 1, message: { text: r.message }, physicalLocation: { artifactLocation: artifact(r.file), region: region(r) } })) }
      : {}),
    ...(d.fixes.length
      ? {
          fixes: d.fixes.map((f) => ({
            description: { text: f.title },
            artifactChanges: groupByFile(f.edits).map(([file, edits]) => ({
              artifactLocation: artifact(file),
              replacements: edits.map((e) => ({ deletedRegion: region(e), ...(e.newText ? { insertedContent: { text: e.newText } } : {}) })),
            })),
          })),
        }
      : {}),
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'httpd-lint',
            semanticVersion: PACKAGE.version,
            version: PACKAGE.version,
            ...(repo ? { informationUri: repo } : {}),
            rules: rules.map((r) => {
              const markdown = used.has(r.id) ? docsReader.page(r.id) : undefined;
              return {
                id: r.id,
                name: r.id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase()),
                shortDescription: { text: r.summary },
                helpUri: helpUri(r.id),
                ...(markdown ? { help: { text: markdown, markdown } } : {}),
                defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
                properties: { category: r.category, tags: [r.category] },
              };
            }),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(cwd + path.sep).href } },
        columnKind: 'utf16CodeUnits',
        results: results.map(result),
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}

function groupByFile<T extends { file: string }>(items: T[]): [string, T[]][] {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(item.file, [...(map.get(item.file) ?? []), item]);
  return [...map];
}
