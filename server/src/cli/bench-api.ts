// Entry points for test/bench/run.mjs, bundled to dist/bench.js so the benchmark measures the
// same code the CLI and the server run.

import { allDirectives, createApacheService, getDirective, wholeDirectiveTableRead, type Finding } from '../service';

/** What a list of findings says, order aside: equal lists give equal strings. */
function fingerprint(findings: readonly Finding[]): string {
  return findings
    .map((f) => `${f.file}:${f.start}-${f.end} ${f.code} ${f.severity} ${f.message}`)
    .sort()
    .join('\n');
}

export const benchApi = {
  stats(main: string) {
    const a = createApacheService({ env: {} }).mainTree(main);
    const lines = [...a.model.parsed.values()].reduce((n, p) => n + p.lineStarts.length, 0);
    return { files: a.model.files.length, lines, findings: a.findings.length };
  },
  analyzeCold(main: string) {
    return createApacheService({ env: {} }).mainTree(main).findings.length;
  },
  /** A cold analysis, kept (for heap profiles of what an analysis retains). */
  keepCold(main: string) {
    return createApacheService({ env: {} }).mainTree(main);
  },
  /** Milliseconds of the first directive lookup in a fresh process (the table's load). */
  loadDirectiveTable(): number {
    const t = performance.now();
    getDirective('ServerName');
    return performance.now() - t;
  },
  /**
   * Directive lookups as this bundle answers them (its table is read entry by entry), and whether
   * the whole table (asked for after them, or before) holds the very objects the lookups gave.
   */
  lookUpDirectives(names: string[], wholeFirst = false) {
    const first = wholeFirst ? allDirectives() : undefined;
    const found = names.map((n) => getDirective(n));
    const all = new Set(first ?? allDirectives());
    return { found, sameObjects: found.every((info) => info === undefined || all.has(info)), count: all.size };
  },
  /** The unknown-directive suggestions of a tree's findings, and whether making them read the whole directive table. */
  unknownNameSuggestions(main: string) {
    const findings = createApacheService({ env: {} }).mainTree(main).findings.filter((f) => f.code === 'unknown-directive');
    return { suggestions: findings.map((f) => (f.data?.suggestions as string[] | undefined) ?? []), wholeTableRead: wholeDirectiveTableRead() };
  },
  /** An editor session: one open buffer edited before each analysis, the rest read from disk. */
  warmSession(main: string, edited: string) {
    const original = (createApacheService().fs.readFile(edited) as { text: string }).text;
    let counter = 0;
    const openText = (p: string) => (p === edited ? `${original}\n# edit ${counter}\nKeepAliveTimeout ${counter}\n` : undefined);
    const session = createApacheService({ env: {}, openText });
    session.refresh();
    let last: readonly Finding[] = session.mainTree(main).findings;
    return {
      editAndAnalyze() {
        counter++;
        session.refresh();
        last = session.mainTree(main).findings;
        return last.length;
      },
      /** The last re-analysis and a cold one of the same texts, as comparable strings. */
      compareWithCold(): { incremental: string; cold: string } {
        return { incremental: fingerprint(last), cold: fingerprint(createApacheService({ env: {}, openText }).mainTree(main).findings) };
      },
    };
  },
};
