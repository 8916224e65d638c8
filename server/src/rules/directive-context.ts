// A directive or section where httpd does not allow it: the generic override check of
// invoke_cmd ("not allowed here" / "not allowed in <X> context") and the handlers' own
// checks ("cannot occur within <X> section").

import type { DirectiveInfo } from '../data/types';
import type { DirectiveUse } from '../model';
import type { Rule } from './lib/types';
import { checkedInfos, nameSpan, processedUses } from './lib/util';
import { SECTIONS } from '../data/vocabulary';

const DIRECTORY_LIKE = SECTIONS.directoryLike;
const LOCATION_LIKE = SECTIONS.location;
const FILES_LIKE = SECTIONS.files;
/** Sections that are transparent for context purposes (they only restrict methods or group Require). */
const TRANSPARENT = new Set(['limit', 'limitexcept', 'requireall', 'requireany', 'requirenone', 'authnprovideralias', 'authzprovideralias']);

/** The section whose context httpd checks against: the nearest one that is not transparent. */
function contextSection(use: DirectiveUse): DirectiveUse | undefined {
  for (let i = use.parents.length - 1; i >= 0; i--) {
    if (!TRANSPARENT.has(use.parents[i].key)) return use.parents[i];
  }
  return undefined;
}

/** Processed while the file is read (EXEC_ON_READ): httpd never checks their context. */
export const EXEC_ON_READ = new Set([
  'include', 'includeoptional', 'loadmodule', 'loadfile', 'define', 'undefine', 'serverroot',
  'ifmodule', 'ifdefine', 'ifversion', 'iffile', 'ifdirective', 'ifsection', 'macro', 'use', 'undefmacro',
  'defaultruntimedir',
]);

export function contextError(use: DirectiveUse, info: DirectiveInfo): string | undefined {
  if (EXEC_ON_READ.has(use.key)) return undefined;
  const allowedIn = info.allowedIn;
  if (use.scope === 'htaccess') {
    return info.override.length === 0 && allowedIn !== null ? `${shownName(use)} not allowed here` : undefined;
  }
  if (!allowedIn) return undefined;
  const parent = contextSection(use);
  // A file read as a fragment of a <Directory> or <VirtualHost> (httpd-lint --context) has no parent section.
  const outerName = parent?.name ?? (use.scope === 'directory' ? 'Directory' : use.scope === 'vhost' ? 'VirtualHost' : undefined);
  const insideDir = parent ? DIRECTORY_LIKE.has(parent.key) : use.scope === 'directory';
  const dirOnly = allowedIn === 'inside-dir' || allowedIn === 'inside-dir-htaccess';
  if (!insideDir && dirOnly) {
    return outerName ? `${shownName(use)} not allowed in <${outerName}> context` : `${shownName(use)} not allowed here`;
  }
  if (insideDir && allowedIn === 'outside-dir') {
    return `${shownName(use)} not allowed in <${outerName}> context`;
  }
  if (use.isSection && FILES_LIKE.has(use.key) && parent && LOCATION_LIKE.has(parent.key)) {
    return `<${info.name}> cannot occur within <${canonicalSection(parent)}> section`;
  }
  // The two-argument forms of Alias and ScriptAlias map URLs; only the one-argument form fits a section.
  if (parent && (use.key === 'alias' || use.key === 'scriptalias') && use.args.length >= 2 && DIRECTORY_LIKE.has(parent.key)) {
    return `${shownName(use)} cannot occur within directory context`;
  }
  if (parent && NOT_IN_DIRECTORY.has(use.key) && DIRECTORY_OR_FILES.has(parent.key)) {
    return `${shownName(use)} cannot occur within <${parent.key.startsWith('files') ? 'Files' : 'Directory'}> section`;
  }
  if ((parent?.key === 'virtualhost' || (!parent && use.scope === 'vhost')) && isGlobalOnly(info)) {
    return `${shownName(use)} cannot occur within <VirtualHost> section`;
  }
  return undefined;
}

/** The name as httpd prints it; built only for a message (this check runs for nearly every line). */
function shownName(use: DirectiveUse): string {
  return use.isSection ? `<${use.name}` : use.name;
}

function canonicalSection(use: DirectiveUse): string {
  return use.key === 'locationmatch' ? 'LocationMatch' : 'Location';
}

/** Server-config-only directives whose handlers refuse a virtual host (GLOBAL_ONLY). */
export function isGlobalOnly(info: DirectiveInfo): boolean {
  return info.allowedIn === 'outside-dir' && info.contexts.length === 1 && info.contexts[0] === 'server config' && !NOT_GLOBAL_CHECKED.has(info.name.toLowerCase());
}

/**
 * Server-config-only in the manual, but httpd's handler does not check it and silently takes it
 * inside <VirtualHost> (found with the real httpd in the differential tests).
 */
const NOT_GLOBAL_CHECKED = new Set<string>(['typesconfig']);

/** Directives whose handlers refuse <Directory>-like sections although the override check would pass. */
const NOT_IN_DIRECTORY = new Set(['proxypass', 'proxypassmatch']);
const DIRECTORY_OR_FILES = new Set(['directory', 'directorymatch', 'files', 'filesmatch']);

export const directiveContext: Rule = {
  id: 'directive-context',
  category: 'context',
  defaultSeverity: 'error',
  summary: 'A directive or section placed where httpd does not allow it.',
  scope: 'file',
  check(ctx) {
    const uses = processedUses(ctx.model);
    // Unknown or (where the module state is known) unavailable directives have no info here: they are
    // reported as unknown or not loaded, and httpd never reaches the context check.
    const infos = checkedInfos(ctx.model);
    // Indexed: for-of makes an iterator result per line until the loop is optimized, which a CLI run rarely reaches.
    for (let ui = 0; ui < uses.length; ui++) {
      const use = uses[ui];
      const info = infos[ui];
      if (!info) continue;
      const message = contextError(use, info);
      if (message) ctx.report({ ...nameSpan(use), message });
    }
  },
};
