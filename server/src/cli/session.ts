// The service a CLI run analyses with: the disk plus texts not on it (standard input, fixes not
// yet written), `.httpd-lint.json` as the options say, and the command line's settings over it.

import * as fs from 'fs';
import * as path from 'path';
import { createApacheService, type ApacheService, type ConfigFileSystem, type RawSettings } from '../service';
import type { CliArgs } from './args';

export function cliSession(args: CliArgs, overlay: Map<string, string>, env: Record<string, string | undefined>, fs?: ConfigFileSystem): ApacheService {
  // Keyed by path or by real path, so a file reached through a symlink gets the same text.
  const openText = overlay.size ? (file: string): string | undefined => overlay.get(file) ?? overlay.get(realPath(file)) : undefined;
  const service = createApacheService({ fs, configFile: args.noConfig ? null : args.config, env, openText });
  service.configureExplicit({ fallback: commandLineSettings(args), extraDefines: args.defines });
  service.refresh();
  return service;
}

/** The command-line settings, in the shape of the configuration file (they win over it). */
function commandLineSettings(args: CliArgs): RawSettings {
  const s: RawSettings = {};
  if (args.serverRoot !== undefined) s.serverRoot = path.resolve(args.serverRoot);
  if (args.staticModules) s.staticModules = args.staticModules;
  if (args.version) s.version = args.version;
  if (Object.keys(args.rules).length) s.rules = args.rules;
  if (args.keepAliveThreshold !== undefined) s.keepAlive = { timeoutThreshold: args.keepAliveThreshold };
  if (args.memoryMB !== undefined) s.memory = { totalMB: args.memoryMB };
  if (args.maps.length) s.pathMappings = Object.fromEntries(args.maps.map((m) => [m.slice(0, m.indexOf('=')), path.resolve(m.slice(m.indexOf('=') + 1))]));
  return s;
}

export function realPath(file: string): string {
  try {
    return fs.realpathSync.native(file);
  } catch {
    return file;
  }
}
