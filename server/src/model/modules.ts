// Module names: the LoadModule identifier, the source-file names <IfModule> also accepts, the
// statically compiled set, and which modules run application code inside httpd.

import { getModuleByIdentifier } from '../data';
import type { LanguageKind, LoadedModule, MpmName } from './types';
import { trimTrailingSlashes } from '../parser';

/** Debian's `apache2 -l`: compiled in, never loaded with LoadModule. */
export const DEBIAN_STATIC_MODULES = [
  'core_module',
  'so_module',
  'watchdog_module',
  'http_module',
  'log_config_module',
  'logio_module',
  'version_module',
  'unixd_module',
];

/**
 * `httpd -l` of the builds that compile in only the core and load everything else, log_config
 * and unixd included: upstream's default build (Docker's httpd image), RHEL/Fedora, FreeBSD,
 * Alpine, Homebrew. Their configurations LoadModule what Debian compiles in.
 */
export const CORE_ONLY_STATIC_MODULES = ['core_module', 'so_module', 'http_module'];

/**
 * The ServerRoot each such build is installed with (Debian's and SUSE's is /etc/apache2); /usr is
 * macOS's own httpd (modules in libexec/apache2) and Slackware's.
 */
const CORE_ONLY_BUILD_ROOTS = new Set(['/etc/httpd', '/usr/local/apache2', '/usr/local/apache', '/usr/local', '/var/www', '/opt/homebrew', '/usr/local/opt/httpd', '/usr']);

/** The roots of a build from source (make install's default prefixes), whose MPM may be linked in. */
const SOURCE_BUILD_ROOTS = new Set(['/usr/local/apache2', '/usr/local/apache']);

export function isSourceBuildRoot(serverRootOnServer: string): boolean {
  return SOURCE_BUILD_ROOTS.has(rootWithoutSlash(serverRootOnServer));
}

/** A ServerRoot as the sets above list it: no trailing slash, except the file system's root. */
function rootWithoutSlash(serverRootOnServer: string): string {
  return serverRootOnServer.length > 1 ? trimTrailingSlashes(serverRootOnServer) : serverRootOnServer;
}

/** Where Debian's apache2 keeps its modules; its LoadModule lines name them there. */
export const DEBIAN_MODULE_FOLDER = '/usr/lib/apache2/modules/';

/**
 * `httpd -l` of the Windows builds (Apache Lounge, XAMPP, WampServer): the MPM (mpm_winnt) and
 * mod_win32 are compiled in, everything else is a DLL named .so.
 */
const WINDOWS_STATIC_MODULES = ['core_module', 'win32_module', 'mpm_winnt_module', 'http_module', 'so_module'];

/** A Windows ServerRoot: a drive letter (C:/xampp/apache, c:/Apache24) or XAMPP's drive-relative /xampp/apache. */
function isWindowsRoot(written: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(written) || /^[\\/]xampp[^\\/]*[\\/]apache[\\/]*$/i.test(written);
}

/**
 * The compiled-in modules of the build a ServerRoot (as written, on the server) belongs to, when
 * no list is set: those of Debian's build unless the root is another build's own.
 */
export function staticModulesOfRoot(serverRootOnServer: string, written = serverRootOnServer): readonly string[] {
  if (isWindowsRoot(written)) return WINDOWS_STATIC_MODULES;
  return CORE_ONLY_BUILD_ROOTS.has(rootWithoutSlash(serverRootOnServer)) ? CORE_ONLY_STATIC_MODULES : DEBIAN_STATIC_MODULES;
}

/**
 * Whether the modules are a Windows build's: there a module's DLL names the DLL it needs and the
 * loader brings it in, so LoadModule order does not matter (mod_dav_lock before mod_dav loads).
 */
export function isWindowsBuild(modules: ReadonlyMap<string, LoadedModule>): boolean {
  return modules.get('mpm_winnt_module')?.isStatic === true;
}

const KNOWN_SOURCE_FILES: Record<string, string[]> = {
  core_module: ['core.c'],
  so_module: ['mod_so.c'],
  http_module: ['http_core.c'],
  watchdog_module: ['mod_watchdog.c'],
  log_config_module: ['mod_log_config.c'],
  logio_module: ['mod_logio.c'],
  version_module: ['mod_version.c'],
  unixd_module: ['mod_unixd.c'],
  mpm_prefork_module: ['prefork.c'],
  mpm_worker_module: ['worker.c'],
  mpm_event_module: ['event.c'],
  mpm_itk_module: ['mpm_itk.c'],
  php_module: ['mod_php.c'],
  php7_module: ['mod_php7.c'],
  php5_module: ['mod_php5.c'],
};

/** Source-file names under which <IfModule> knows a module. */
/** `mod_x` of a path ending in `mod_x.so` (x letters, digits and _). */
function modNameOfSo(soPath: string): string | undefined {
  if (!soPath.endsWith('.so')) return undefined;
  const end = soPath.length - 3;
  let start = end;
  while (start > 0 && /\w/.test(soPath[start - 1])) start--;
  const at = soPath.indexOf('mod_', start);
  return at !== -1 && at + 4 < end ? soPath.slice(at, end) : undefined;
}

export function sourceFilesOf(identifier: string, soPath?: string): string[] {
  const known = KNOWN_SOURCE_FILES[identifier];
  if (known) return known;
  const info = getModuleByIdentifier(identifier);
  if (info?.sourceFileAliases?.length) return info.sourceFileAliases;
  if (info?.sourceFile) return [info.sourceFile];
  const fromSo = soPath ? modNameOfSo(soPath) : undefined;
  if (fromSo) return [`${fromSo}.c`];
  return identifier.endsWith('_module') ? [`mod_${identifier.slice(0, -'_module'.length)}.c`] : [];
}

export function mpmOf(identifier: string): MpmName | undefined {
  switch (identifier) {
    case 'mpm_prefork_module':
      return 'prefork';
    case 'mpm_worker_module':
      return 'worker';
    case 'mpm_event_module':
      return 'event';
    default:
      return undefined;
  }
}

/**
 * Modules named like an MPM that httpd runs on top of the real one: Debian's mpm-itk loads next to
 * prefork (httpd -t accepts both, -V still says prefork) and gives each virtual host its own user.
 * Alone it is no MPM at all (AH00534).
 */
export const MPM_ADD_ONS: Readonly<Record<string, string>> = { mpm_itk_module: 'mpm-itk' };

/** True for the module that is the server's MPM (exactly one must be loaded). */
export function isMpmModule(identifier: string): boolean {
  return /^mpm_[a-z0-9_]+_module$/.test(identifier) && !(identifier in MPM_ADD_ONS);
}

export interface LanguageModuleFacts {
  kind: LanguageKind;
  label: string;
  inProcess: boolean;
}

export function languageModuleOf(identifier: string): LanguageModuleFacts | undefined {
  if (/^php\d*_module$/.test(identifier)) return { kind: 'php', label: 'mod_php', inProcess: true };
  switch (identifier) {
    case 'perl_module':
      return { kind: 'perl', label: 'mod_perl', inProcess: true };
    case 'python_module':
      return { kind: 'python', label: 'mod_python', inProcess: true };
    case 'wsgi_module':
      return { kind: 'wsgi', label: 'mod_wsgi', inProcess: true };
    case 'lua_module':
      return { kind: 'lua', label: 'mod_lua', inProcess: true };
    case 'passenger_module':
      return { kind: 'passenger', label: 'Passenger', inProcess: false };
    default:
      return undefined;
  }
}

/**
 * The module loaded under an identifier, or under another identifier the same module has in other
 * builds (php7_module and php5_module are mod_php's php_module): directives belong to the module,
 * whatever the distribution's build calls it.
 */
export function loadedModule(modules: ReadonlyMap<string, LoadedModule>, identifier: string): LoadedModule | undefined {
  const direct = modules.get(identifier);
  if (direct) return direct;
  const info = getModuleByIdentifier(identifier);
  for (const other of [info?.identifier, ...(info?.identifierAliases ?? [])]) {
    const found = other ? modules.get(other) : undefined;
    if (found) return found;
  }
  return undefined;
}

/**
 * The first module a library needs loaded before it that is not loaded yet, with the symbol httpd
 * then names as undefined ("Cannot load … undefined symbol: …"); undefined when it can load.
 */
export function missingProvider(modules: ReadonlyMap<string, LoadedModule>, identifier: string): { module: string; symbol: string } | undefined {
  if (isWindowsBuild(modules)) return undefined;
  return getModuleByIdentifier(identifier)?.loadsAfter?.find((need) => !loadedModule(modules, need.module));
}
