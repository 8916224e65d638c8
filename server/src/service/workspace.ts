// The analyses of a workspace: which main configuration each open file belongs to, one
// analysis per configuration tree, recomputed on demand. Plain functions over an injected file
// system; the LSP layer decides when to call them.

import * as path from 'path';
import { ParseCache, type ConfigFileSystem } from '../model';
import { analyze, type Analysis } from './analysis';
import { chooseContext, MAIN_CONFIG_NAMES, type FileContext } from './context';
import type { ServiceSettings } from './settings';

export interface FileAnalysis {
  analysis: Analysis;
  context: FileContext;
}

export class WorkspaceAnalyses {
  private readonly cache = new ParseCache();
  private readonly trees = new Map<string, Analysis>();
  private candidates: string[] = [];

  constructor(
    private fs: ConfigFileSystem,
    private settings: ServiceSettings,
    private readonly env: Record<string, string | undefined> = process.env,
  ) {}

  configure(fs: ConfigFileSystem, settings: ServiceSettings, candidates: string[]): void {
    this.fs = fs;
    this.settings = settings;
    this.candidates = candidates;
    this.invalidate();
  }

  /** Forget every analysis (parsed files stay cached by text). */
  invalidate(): void {
    this.trees.clear();
  }

  forgetFile(file: string): void {
    this.cache.delete(file);
  }

  private tree(mainFile: string, context?: FileContext, detached?: string): Analysis {
    const key = `${mainFile}\u0000${detached ?? ''}\u0000${context?.mainScope ?? ''}`;
    let analysis = this.trees.get(key);
    if (!analysis) {
      const s = this.settings;
      analysis = analyze({
        mainFile,
        fs: this.fs,
        serverRoot: s.serverRoot || undefined,
        defines: s.defines,
        staticModules: s.staticModules,
        version: s.version,
        env: this.env,
        detachedFiles: detached ? [detached] : undefined,
        mainScope: context?.mainScope,
        moduleStateKnown: context?.moduleStateKnown,
        settings: s.analysis,
        cache: this.cache,
      });
      this.trees.set(key, analysis);
    }
    return analysis;
  }

  /** The analysis a file is shown with. */
  forFile(file: string): FileAnalysis {
    const resolved = path.resolve(file);
    const context = chooseContext({
      file: resolved,
      candidates: this.candidates,
      includes: (main, target) => this.tree(main).model.files.includes(target),
      fs: this.fs,
    });
    const analysis = this.tree(context.mainFile, context.standalone ? context : undefined, context.detached ? resolved : undefined);
    return { analysis, context };
  }
}

/** Finds main configurations under the workspace folders (bounded, skipping heavy folders). */
export function discoverMainConfigs(fs: ConfigFileSystem, roots: string[], limit = 20): string[] {
  const found: string[] = [];
  const skip = new Set(['node_modules', '.git', '.cache', 'dist', 'out']);
  const visit = (dir: string, depth: number): void => {
    if (found.length >= limit || depth > 5) return;
    const entries = fs.readDirectory(dir);
    if (!Array.isArray(entries)) return;
    for (const name of [...entries].sort()) {
      if (MAIN_CONFIG_NAMES.includes(name) && fs.stat(path.join(dir, name)) === 'file') found.push(path.join(dir, name));
    }
    for (const name of [...entries].sort()) {
      if (skip.has(name) || name.startsWith('.')) continue;
      const child = path.join(dir, name);
      if (fs.stat(child) === 'directory') visit(child, depth + 1);
    }
  };
  for (const root of roots) visit(root, 0);
  return found;
}
