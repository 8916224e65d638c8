// The analysed tree of a main configuration named on the command line (trace, test): read as
// the main configuration, with the CLI's --server-root, -D, --map.

import * as fs from 'fs';
import * as path from 'path';
import { nodeFileSystem, readMappings } from '../model';
import { describeError } from '../model/fs';
import type { Analysis } from '../service/analysis';
import { DEFAULT_SERVICE_SETTINGS, type ServiceSettings } from '../service/settings';
import { WorkspaceAnalyses } from '../service/workspace';

export interface TreeOptions {
  serverRoot?: string;
  defines?: string[];
  maps?: string[];
}

/** The analysis of MAIN, or the reason it cannot be read. */
export function mainAnalysis(main: string, options: TreeOptions): { analysis: Analysis } | { error: string } {
  const file = path.resolve(main);
  try {
    if (!fs.statSync(file).isFile()) return { error: `${main} is not a file` };
    fs.closeSync(fs.openSync(file, 'r'));
  } catch (e) {
    return { error: `cannot read ${main}: ${describeError(e)}` };
  }
  if (options.serverRoot && !fs.existsSync(options.serverRoot)) return { error: `server root ${options.serverRoot} does not exist` };
  const settings: ServiceSettings = {
    ...DEFAULT_SERVICE_SETTINGS,
    serverRoot: options.serverRoot ?? '',
    defines: options.defines ?? [],
    pathMappings: readMappings(options.maps ?? [], process.cwd()),
  };
  const analyses = new WorkspaceAnalyses(nodeFileSystem(), settings, process.env);
  return { analysis: analyses.forFile(file, { declaredMain: true }).analysis };
}
