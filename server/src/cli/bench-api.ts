// Entry points for test/bench/run.mjs, bundled to dist/bench.js so the benchmark measures the
// same code the CLI and the server run.

import { nodeFileSystem, overlayFileSystem, ParseCache } from '../model';
import { analyze } from '../service/analysis';
import { DEFAULT_SETTINGS } from '../rules';

export const benchApi = {
  stats(main: string) {
    const a = analyze({ mainFile: main, fs: nodeFileSystem(), env: {}, settings: DEFAULT_SETTINGS });
    const lines = [...a.model.parsed.values()].reduce((n, p) => n + p.lineStarts.length, 0);
    return { files: a.model.files.length, lines, findings: a.findings.length };
  },
  analyzeCold(main: string) {
    return analyze({ mainFile: main, fs: nodeFileSystem(), env: {}, settings: DEFAULT_SETTINGS }).findings.length;
  },
  /** An editor session: one open buffer edited before each analysis, the rest read from disk. */
  warmSession(main: string, edited: string) {
    const disk = nodeFileSystem();
    const original = (disk.readFile(edited) as { text: string }).text;
    const cache = new ParseCache();
    let counter = 0;
    const fs = overlayFileSystem(disk, (p) => (p === edited ? `${original}\n# edit ${counter}\n` : undefined));
    analyze({ mainFile: main, fs, env: {}, settings: DEFAULT_SETTINGS, cache });
    return {
      editAndAnalyze() {
        counter++;
        return analyze({ mainFile: main, fs, env: {}, settings: DEFAULT_SETTINGS, cache }).findings.length;
      },
    };
  },
};
