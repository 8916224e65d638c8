// How mod_rewrite merges its configuration: a virtual host over the main server
// (config_server_merge) and each directory section or .htaccess over the ones above it
// (config_perdir_merge), with the Inherit* options deciding which rules survive.

import { emptyScope, type RewriteScope } from './types';

/** A virtual host's rewrite configuration given the main server's. */
export function mergeServer(base: RewriteScope, over: RewriteScope): RewriteScope {
  const a = emptyScope(null);
  a.engine = over.engine !== undefined ? over.engine : base.engine;
  a.engineAt = over.engine !== undefined ? over.engineAt : base.engineAt;
  a.options = over.optionsSet ? over.options : base.options;
  a.optionsSet = over.optionsSet || base.optionsSet;
  a.errors = over.errors;
  a.danglingConds = over.danglingConds;
  const ignore = a.options.ignoreInherit;
  if (a.options.inherit || (base.options.inheritDown && !ignore)) {
    a.maps = new Map([...base.maps, ...over.maps]);
    a.rules = [...over.rules, ...base.rules];
  } else if (a.options.inheritBefore || (base.options.inheritDownBefore && !ignore)) {
    a.maps = new Map([...over.maps, ...base.maps]);
    a.rules = [...base.rules, ...over.rules];
  } else {
    a.maps = over.maps;
    a.rules = over.rules;
  }
  return a;
}

/** The per-directory configuration after adding `over` (a deeper section) to `base`. */
export function mergePerDir(base: RewriteScope, over: RewriteScope): RewriteScope {
  const a = emptyScope(over.directory);
  a.engine = over.engine !== undefined ? over.engine : base.engine;
  a.engineAt = over.engine !== undefined ? over.engineAt : base.engineAt;
  a.options = over.optionsSet ? over.options : base.options;
  a.optionsSet = over.optionsSet || base.optionsSet;
  if (a.options.mergeBase) {
    a.base = over.baseSet ? over.base : base.base;
    a.baseSet = over.baseSet || base.baseSet;
  } else {
    a.base = over.base;
    a.baseSet = over.baseSet;
  }
  const ignore = a.options.ignoreInherit;
  if (a.options.inherit || (base.options.inheritDown && !ignore)) a.rules = [...over.rules, ...base.rules];
  else if (a.options.inheritBefore || (base.options.inheritDownBefore && !ignore)) a.rules = [...base.rules, ...over.rules];
  else a.rules = over.rules;
  return a;
}

/** Whether a scope holds any mod_rewrite directive (httpd merges only those that do). */
export function hasRewriteConfig(s: RewriteScope): boolean {
  return s.engine !== undefined || s.optionsSet || s.baseSet || s.rules.length > 0 || s.maps.size > 0 || s.danglingConds.length > 0 || s.errors.length > 0;
}

/**
 * The per-directory default a server hands to its sections: RewriteEngine and RewriteOptions
 * at server level also set it (cmd_rewriteengine/cmd_rewriteoptions), so directory rules run
 * without their own RewriteEngine On when the server has it.
 */
export function serverDirDefaults(server: RewriteScope): RewriteScope {
  const d = emptyScope(null);
  d.engine = server.engine;
  d.options = server.options;
  d.optionsSet = server.optionsSet;
  return d;
}
