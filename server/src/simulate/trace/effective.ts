// The effective configuration of one request: every directive that applies, folded in merge
// order (server, virtual host, then each applied section), later settings shadowing earlier
// ones; Options with httpd's +/- arithmetic; keyed directives (AddType per extension, Header per
// name, php_value per setting, ErrorDocument per status) shadow only their own key.

import type { DirectiveUse } from '../../model';
import { lineOf } from './servers';
import type { EffectiveDirective } from './types';

/** Directives that only steer the reading of the configuration or the process, not a request. */
const NOT_PER_REQUEST = new Set([
  'loadmodule', 'include', 'includeoptional', 'define', 'undefine', 'serverroot', 'listen', 'pidfile', 'mutex',
  'user', 'group', 'defaultruntimedir', 'errorlog', 'loglevel', 'typesconfig', 'servername', 'serveralias',
]);

/** Directives whose first argument(s) name what they set: they shadow only the same key. */
const KEYED: Record<string, (args: string[]) => string> = {
  addtype: (a) => a.slice(1).join(' '),
  addhandler: (a) => a.slice(1).join(' '),
  addcharset: (a) => a.slice(1).join(' '),
  addencoding: (a) => a.slice(1).join(' '),
  addlanguage: (a) => a.slice(1).join(' '),
  removehandler: (a) => a.join(' '),
  removetype: (a) => a.join(' '),
  requestheader: (a) => a.slice(0, 2).join(' ').toLowerCase(),
  php_value: (a) => a[0] ?? '',
  php_flag: (a) => a[0] ?? '',
  php_admin_value: (a) => a[0] ?? '',
  php_admin_flag: (a) => a[0] ?? '',
  errordocument: (a) => a[0] ?? '',
  expiresbytype: (a) => a[0] ?? '',
  setenv: (a) => a[0] ?? '',
  unsetenv: (a) => a[0] ?? '',
  setenvif: (a) => a.join(' '),
  setenvifnocase: (a) => a.join(' '),
  redirect: (a) => a.join(' '),
  redirectmatch: (a) => a.join(' '),
  rewriterule: (a) => a.join(' '),
  alias: (a) => a[0] ?? '',
  aliasmatch: (a) => a[0] ?? '',
  scriptalias: (a) => a[0] ?? '',
  proxypass: (a) => a[0] ?? '',
  proxypassmatch: (a) => a[0] ?? '',
  proxypassreverse: (a) => a.join(' '),
  require: (a) => a.join(' '),
  allow: (a) => a.join(' '),
  deny: (a) => a.join(' '),
};

const ACCUMULATE = new Set(['header', 'rewritecond', 'rewriterule', 'requestheader']);

const OPTION_NAMES = ['Indexes', 'Includes', 'IncludesNOEXEC', 'FollowSymLinks', 'SymLinksIfOwnerMatch', 'ExecCGI', 'MultiViews'];
const OPTIONS_ALL = ['Indexes', 'Includes', 'FollowSymLinks', 'SymLinksIfOwnerMatch', 'ExecCGI'];

/** Options after a section's line: absolute lists replace, +/- lists adjust the inherited set. */
export function applyOptions(current: Set<string>, args: string[]): Set<string> {
  const relative = args.length > 0 && args.every((a) => a.startsWith('+') || a.startsWith('-'));
  const out = relative ? new Set(current) : new Set<string>();
  for (const raw of args) {
    const sign = raw[0] === '+' || raw[0] === '-' ? raw[0] : '';
    const name = sign ? raw.slice(1) : raw;
    const lower = name.toLowerCase();
    const names = lower === 'all' ? OPTIONS_ALL : lower === 'none' ? [] : OPTION_NAMES.filter((o) => o.toLowerCase() === lower);
    if (lower === 'none') {
      if (!sign) out.clear();
      continue;
    }
    for (const n of names) {
      if (sign === '-') out.delete(n);
      else out.add(n);
    }
  }
  return out;
}

export const DEFAULT_OPTIONS = ['FollowSymLinks'];

export interface Fold {
  effective: EffectiveDirective[];
  /** The final Options set. */
  options: Set<string>;
}

/** Folds the uses in order into the effective list. */
export function fold(uses: DirectiveUse[]): Fold {
  const byKey = new Map<string, EffectiveDirective>();
  let options = new Set(DEFAULT_OPTIONS);
  let optionsEntry: EffectiveDirective | undefined;
  for (const use of uses) {
    if (use.isSection || NOT_PER_REQUEST.has(use.key)) continue;
    const where = { file: use.file, line: lineOf(use) };
    if (use.key === 'options') {
      options = applyOptions(options, use.args);
      const value = [...options].join(' ') || 'None';
      const shadows = optionsEntry ? [...(optionsEntry.shadows ?? []), { value: optionsEntry.value, file: optionsEntry.file, line: optionsEntry.line }] : [];
      optionsEntry = { directive: 'Options', value, ...where, shadows };
      byKey.set('options', optionsEntry);
      continue;
    }
    const keyOf = KEYED[use.key];
    // Header and RewriteCond lines all add up: each is its own entry.
    const key = ACCUMULATE.has(use.key) ? `${use.key} #${use.index}` : keyOf ? `${use.key} ${keyOf(use.args)}` : use.key;
    const previous = byKey.get(key);
    const entry: EffectiveDirective = { directive: use.name, value: use.args.join(' '), ...where };
    if (previous) entry.shadows = [...(previous.shadows ?? []), { value: previous.value, file: previous.file, line: previous.line }];
    byKey.delete(key);
    byKey.set(key, entry);
  }
  return { effective: [...byKey.values()], options };
}

/** The last use of a directive among the uses (the merged value for single-valued directives). */
export function lastUse(uses: DirectiveUse[], key: string): DirectiveUse | undefined {
  for (let i = uses.length - 1; i >= 0; i--) if (uses[i].key === key && !uses[i].isSection) return uses[i];
  return undefined;
}
