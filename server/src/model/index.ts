export * from './types';
export { buildModel, ParseCache, DEFAULT_HTTPD_VERSION, type BuildOptions } from './build';
export { nodeFileSystem, overlayFileSystem, memoryFileSystem, type ConfigFileSystem } from './fs';
export { activeUses, serverLevelUse, serverLevelValue, isOn, secondsValue, httpdAtoi, mpmLabel } from './effective';
export { DEBIAN_STATIC_MODULES, sourceFilesOf, languageModuleOf, mpmOf, loadedModule, isMpmModule } from './modules';
export { resolveInclude, resolveAgainstRoot, fnmatchToRegExp } from './include-paths';
export { applyMapping, mappingFor, readMappings, inferMapping, type PathMapping } from './path-mapping';
