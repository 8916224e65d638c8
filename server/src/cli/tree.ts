// The service for a main configuration named on the command line (trace, test): the file is
// checked for readability, then read as the main configuration with --server-root, -D, --map.

import * as fs from 'fs';
import * as path from 'path';
import { createApacheService, DEFAULT_SERVICE_SETTINGS, describeError, readMappings, type ApacheService } from '../service';

export interface TreeOptions {
  serverRoot?: string;
  defines?: string[];
  maps?: string[];
}

/** A service ready to answer for MAIN (its absolute path), or the reason MAIN cannot be read. */
export function serviceFor(main: string, options: TreeOptions): { service: ApacheService; main: string } | { error: string } {
  const file = path.resolve(main);
  try {
    if (!fs.statSync(file).isFile()) return { error: `${main} is not a file` };
    fs.closeSync(fs.openSync(file, 'r'));
  } catch (e) {
    return { error: `cannot read ${main}: ${describeError(e)}` };
  }
  if (options.serverRoot && !fs.existsSync(options.serverRoot)) return { error: `server root ${options.serverRoot} does not exist` };
  const settings = {
    ...DEFAULT_SERVICE_SETTINGS,
    serverRoot: options.serverRoot ?? '',
    defines: options.defines ?? [],
    pathMappings: readMappings(options.maps ?? [], process.cwd()),
  };
  return { service: createApacheService({ settings }), main: file };
}
