// Small queries the advisor rules share: where a use sits (which virtual host, which file kind)
// and the value a server-or-vhost directive has for one host.

import { activeUses, serverLevelUse, type ConfigModel, type DirectiveUse, type Location, type SectionUse } from '../../model';
import { lineSpan, wordSpan } from './util';

/** True for a whole server configuration (not a fragment or a lone .htaccess read without its server). */
export function isWholeServer(model: ConfigModel): boolean {
  return model.moduleStateKnown && model.fileScopes.get(model.mainFile) === 'server';
}

/** The <VirtualHost> a use sits in, if any. */
export function vhostOf(use: DirectiveUse): SectionUse | undefined {
  return use.parents.find((p) => p.key === 'virtualhost');
}

/**
 * The use that decides a server-or-vhost directive for one host: the last one directly in the
 * <VirtualHost>, else the server-level one.
 */
export function hostSetting(model: ConfigModel, name: string, vhost: SectionUse | undefined): DirectiveUse | undefined {
  if (vhost) {
    const own = lastOwnUses(model, name).get(vhost);
    if (own) return own;
  }
  return serverLevelUse(model, name);
}

/** Per model and directive key: the last active use directly inside each section (one pass, not one per host). */
const lastOwn = new WeakMap<ConfigModel, Map<string, Map<SectionUse, DirectiveUse>>>();

function lastOwnUses(model: ConfigModel, name: string): Map<SectionUse, DirectiveUse> {
  let byKey = lastOwn.get(model);
  if (!byKey) lastOwn.set(model, (byKey = new Map()));
  const key = name.toLowerCase();
  let bySection = byKey.get(key);
  if (!bySection) {
    bySection = new Map();
    for (const u of activeUses(model, name)) {
      const parent = u.parents[u.parents.length - 1];
      if (parent) bySection.set(parent, u);
    }
    byKey.set(key, bySection);
  }
  return bySection;
}

/** The span of a directive's first argument, or of its line when it has none. */
export function valueSpan(use: DirectiveUse): Location {
  return use.words[0] ? wordSpan(use, use.words[0]) : lineSpan(use);
}

/** Files analysed on their own although nothing includes them: not part of the running server. */
export function isDetached(model: ConfigModel, file: string): boolean {
  return model.detachedFiles.includes(file);
}

/** Where a finding about a server-wide default (a directive left unset) goes: the main file's first directive. */
export function defaultSettingAnchor(model: ConfigModel): Location {
  const first = model.uses.find((u) => u.file === model.mainFile && u.active);
  return first ? lineSpan(first) : { file: model.mainFile, line: 0, start: 0, end: 0 };
}

/**
 * True when a use only counts as active because the module state is unknown: in a fragment read
 * without its server, every <IfModule> (and its negation) is kept active, so both branches of an
 * `<IfModule X>`/`<IfModule !X>` pair look active at once.
 */
export function activeOnlyByAssumption(model: ConfigModel, use: DirectiveUse): boolean {
  return !model.moduleStateKnown && use.conditions.some((c) => c.key === 'ifmodule');
}
