// Value checks that httpd's directive handlers make while reading, for directives whose
// arguments are parsed by the handler itself (RAW_ARGS), with httpd's own messages.
// (Options has its own rule, options-syntax.)

import { getModuleByIdentifier } from '../../data';
import type { ConfigModel, DirectiveUse } from '../../model';
import type { ArgumentError } from './argument-check';
import { hasUnknownLoadedModule, isUnknownModule } from './unknown-modules';
import { LOG_LEVELS, OPTIONS_KEYWORDS, OVERRIDE_CLASSES, REQUIRE_PROVIDERS, SOCACHE_PROVIDERS, readSslProtocol, rewriteFlag, rewriteFlagWords } from '../../data/vocabulary';

const OVERRIDES = new Set(Object.keys(OVERRIDE_CLASSES).map((k) => k.toLowerCase()));
const LEVELS = new Set(Object.keys(LOG_LEVELS));
const OPTIONS = new Set(Object.keys(OPTIONS_KEYWORDS).map((k) => k.toLowerCase()));
/** Status codes httpd has a status line for (ap_index_of_response); others are "unsupported". */
const KNOWN_STATUS = new Set([
  100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 306, 307, 308,
  400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424,
  425, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
]);

/** `use` gives the sections around the line, for handlers that read them (ProxyPass in a <Location>). */
export function checkDirectiveValues(key: string, args: string[], model: ConfigModel, use?: DirectiveUse): ArgumentError | undefined {
  switch (key) {
    case 'proxypass':
    case 'proxypassmatch':
      return proxyPassError(key, args, inLocation(use));
    case 'proxypassreverse':
      // add_pass_reverse: inside a <Location> the path is the section's; a second word may only be 'interpolate'.
      if (!inLocation(use)) return args.length === 1 ? { message: 'ProxyPassReverse needs a path when not defined in a location' } : undefined;
      return args.length > 1 && args[1].toLowerCase() !== 'interpolate' ? { message: 'ProxyPassReverse can not have a path when defined in a location', wordIndex: 1 } : undefined;
    case 'allowoverride': {
      // httpd's set_override: the class before "=", then Nonfatal's required "=…" and Options' keyword list.
      for (let i = 0; i < args.length; i++) {
        const eq = args[i].indexOf('=');
        const name = eq === -1 ? args[i] : args[i].slice(0, eq);
        const lower = name.toLowerCase();
        if (!OVERRIDES.has(lower)) return { message: `Illegal override option ${name}`, wordIndex: i };
        if (lower === 'nonfatal' && eq === -1) return { message: '=Override, =Unknown or =All expected after Nonfatal', wordIndex: i };
        if (lower === 'options' && eq !== -1) {
          const bad = args[i].slice(eq + 1).split(',').find((o) => o !== '' && !OPTIONS.has(o.toLowerCase()));
          if (bad !== undefined) return { message: `Illegal option ${bad}`, wordIndex: i };
        }
      }
      return undefined;
    }
    case 'loglevel': {
      const index = args.findIndex((a) => !LEVELS.has((a.includes(':') ? a.slice(a.lastIndexOf(':') + 1) : a).toLowerCase()));
      return index === -1 ? undefined : { message: 'Log level keyword must be one of emerg/alert/crit/error/warn/notice/info/debug/trace1/.../trace8', wordIndex: index };
    }
    case 'listen': {
      if (args.length < 1 || args.length > 2) return { message: 'Listen requires 1 or 2 arguments.' };
      const port = LISTEN_PORT.exec(args[0]);
      return port && Number(port[1]) > 0 && Number(port[1]) < 65536 ? undefined : { message: 'Port must be specified', wordIndex: 0 };
    }
    case 'errordocument': {
      if (!DIGITS.test(args[0] ?? '')) return undefined;
      const code = Number(args[0]);
      return KNOWN_STATUS.has(code) ? undefined : { message: `Unsupported HTTP response code ${code}`, wordIndex: 0 };
    }
    case 'mutex': {
      const mechanism = args[0] ?? '';
      if (MUTEX_PLAIN.test(mechanism) || MUTEX_FILE.test(mechanism)) return undefined;
      return { message: `Invalid Mutex argument ${mechanism} (Mutex mechanisms are: 'none', 'default', 'flock:/path/to/file', 'fcntl:/path/to/file', 'file:/path/to/file', 'pthread', 'sysvsem', 'posixsem', 'sem')`, wordIndex: 0 };
    }
    case 'sslsessioncache':
    case 'sslstaplingcache':
    case 'cachesocache':
    case 'authncachesocache':
      return socacheError(key, args[0], model);
    case 'sslprotocol':
    case 'sslproxyprotocol': {
      const error = readSslProtocol(key === 'sslprotocol' ? 'SSLProtocol' : 'SSLProxyProtocol', args).error;
      return error && { message: error.message, wordIndex: error.index };
    }
    case 'rewritebase':
      // mod_rewrite takes only a URL-path; a file path or a template's unfilled {PREFIX} is refused.
      return args[0] && !args[0].startsWith('/') ? { message: 'RewriteBase: argument is not a valid URL', wordIndex: 0 } : undefined;
    case 'rewriterule':
    case 'rewritecond': {
      // mod_rewrite reads a third word as flags and ignores any after it.
      const flags = args[2];
      if (flags === undefined) return undefined;
      if (!flags.startsWith('[') || !flags.endsWith(']')) return { message: `${key === 'rewriterule' ? 'RewriteRule' : 'RewriteCond'}: bad flag delimiters`, wordIndex: 2 };
      return key === 'rewriterule' ? rewriteFlagsError(flags) : undefined;
    }
    case 'require': {
      const offset = args.length > 0 && args[0].length === 3 && args[0].toLowerCase() === 'not' ? 1 : 0;
      const provider = args[offset]?.toLowerCase();
      if (!provider) return undefined;
      const module = REQUIRE_PROVIDERS[provider]?.module;
      if (!module) {
        // Providers also come from third-party modules; only judge a fully known server whose
        // third-party modules' providers were all probed.
        return model.moduleStateKnown && !mayBeThirdPartyProvider(model, provider) ? { message: `Unknown Authz provider: ${args[offset]}`, wordIndex: offset } : undefined;
      }
      if (model.moduleStateKnown && !model.modules.has(module)) return { message: `Unknown Authz provider: ${args[offset]}`, wordIndex: offset };
      if (provider === 'ip') {
        const bad = firstNotMatching(args, offset + 1, IP_ARG);
        if (bad !== undefined) return { message: `ip address '${bad}' appears to be invalid`, wordIndex: args.indexOf(bad) };
      }
      if (provider === 'method') {
        const bad = firstNotMatching(args, offset + 1, METHOD_ARG);
        if (bad !== undefined) return { message: `Invalid Method '${bad}'`, wordIndex: args.indexOf(bad) };
      }
      if (provider === 'all') {
        // One word after "all" (more would join with a space and match neither).
        const rest = args.length === offset + 2 ? args[offset + 1].toLowerCase() : args.length > offset + 2 ? ' ' : '';
        if (rest !== 'granted' && rest !== 'denied') return { message: "Argument for 'Require all' must be 'granted' or 'denied'", wordIndex: offset + 1 };
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

const LISTEN_PORT = /^(?:\[[0-9A-Fa-f:.]+\]:|[^:\]]+:)?(\d+)$/;
const DIGITS = /^\d+$/;
const MUTEX_PLAIN = /^(none|default|pthread|sysvsem|posixsem|sem)$/i;
const MUTEX_FILE = /^(flock|fcntl|file)(:.*)?$/i;
const IP_ARG = /^[0-9a-fA-F:.]+(\/[0-9.]+)?$/;
const METHOD_ARG = /^[A-Za-z-]+$/;

/** The first of args[from…] the pattern does not match. */
function firstNotMatching(args: string[], from: number, pattern: RegExp): string | undefined {
  for (let i = from; i < args.length; i++) if (!pattern.test(args[i])) return args[i];
  return undefined;
}

/** Verdicts by flag field: a tree repeats a few fields ("[R=301,L]") thousands of times. */
const flagVerdicts = new Map<string, ArgumentError | undefined>();
const FLAG_VERDICTS_LIMIT = 2000;

function rewriteFlagsError(flags: string): ArgumentError | undefined {
  const known = flagVerdicts.get(flags);
  if (known !== undefined || flagVerdicts.has(flags)) return known && { ...known };
  let verdict: ArgumentError | undefined;
  for (const { name, value } of rewriteFlagWords(flags)) {
    const flag = rewriteFlag(name);
    if (!flag) verdict = { message: `RewriteRule: unknown flag '${name}'`, wordIndex: 2 };
    else if (flag.needsValue && !value) verdict = { message: `RewriteRule: flag '${name}' wants a list of characters (i.e. [${name}=...])`, wordIndex: 2 };
    if (verdict) break;
  }
  if (flagVerdicts.size >= FLAG_VERDICTS_LIMIT) flagVerdicts.clear();
  if (flags.length <= 256) flagVerdicts.set(flags, verdict);
  return verdict && { ...verdict };
}

const NO_WARNINGS: readonly ArgumentError[] = [];

/** Directives valueWarnings has anything to say about (callers skip the call for the rest). */
export const WARNED_VALUES: ReadonlySet<string> = new Set(['sslprotocol', 'sslproxyprotocol']);

/** Warnings httpd logs while reading a value it accepts (AH02532 for SSLProtocol). */
export function valueWarnings(key: string, args: string[]): readonly ArgumentError[] {
  if (!WARNED_VALUES.has(key)) return NO_WARNINGS;
  const reading = readSslProtocol(key === 'sslprotocol' ? 'SSLProtocol' : 'SSLProxyProtocol', args);
  return reading.error ? [] : reading.warnings.map((w) => ({ message: `AH02532: ${w.message}`, wordIndex: w.index }));
}

/**
 * A cache provider no loaded module registers, with the handler's message (probed on Debian's
 * apache2). Only where the loaded modules are known, and none of them is one we have no facts for.
 */
function socacheError(key: string, arg: string | undefined, model: ConfigModel): ArgumentError | undefined {
  if (arg === undefined || !model.moduleStateKnown) return undefined;
  if (key === 'sslsessioncache' && (arg.toLowerCase() === 'none' || arg.toLowerCase() === 'nonenotnull')) return undefined;
  const colon = arg.indexOf(':');
  const name = colon === -1 ? arg : arg.slice(0, colon);
  const module = Object.hasOwn(SOCACHE_PROVIDERS, name) ? SOCACHE_PROVIDERS[name] : undefined;
  if (module ? model.modules.has(module) : hasUnknownLoadedModule(model)) return undefined;
  const known = Object.keys(SOCACHE_PROVIDERS).filter((n) => model.modules.has(SOCACHE_PROVIDERS[n])).join(',');
  const hint = `Maybe you need to load the appropriate socache module (mod_socache_${name}?)`;
  switch (key) {
    case 'sslsessioncache':
      return { message: `SSLSessionCache: '${name}' session cache not supported (known names: ${known}). ${hint}.`, wordIndex: 0 };
    case 'sslstaplingcache':
      return { message: `SSLStaplingCache: '${name}' stapling cache not supported (known names: ${known}) ${hint}`, wordIndex: 0 };
    case 'cachesocache':
      return { message: `Unknown socache provider '${name}'. ${hint}`, wordIndex: 0 };
    default:
      return { message: `AuthnCacheSOCache: Unknown socache provider '${name}'. ${hint}`, wordIndex: 0 };
  }
}

function inLocation(use: DirectiveUse | undefined): boolean {
  return !!use?.parents.some((p) => p.key === 'location' || p.key === 'locationmatch');
}

const PROXY_PASS_FLAGS = new Set(['nocanon', 'interpolate', 'noquery']);
const URL_SCHEME = /^[a-z][a-z0-9+.-]*$/i;

/**
 * mod_proxy's add_pass (probed on Debian's apache2): an optional `~` (ProxyPass only), the path
 * (taken from the <Location> inside one), the URL or `!`, then flags and key=value parameters.
 * Unknown parameter names are left alone: the set grows with httpd's versions and modules.
 */
function proxyPassError(key: string, args: string[], inLocation: boolean): ArgumentError | undefined {
  let i = 0;
  if (args[0] === '~') {
    if (key === 'proxypassmatch') return { message: "ProxyPassMatch invalid syntax ('~' usage).", wordIndex: 0 };
    i = 1;
  }
  if (!inLocation) i++;
  const target = args[i];
  if (target === undefined) return { message: 'ProxyPass|ProxyPassMatch needs a path when not defined in a location' };
  for (let k = i + 1; k < args.length; k++) {
    const word = args[k];
    if (PROXY_PASS_FLAGS.has(word.toLowerCase())) continue;
    const eq = word.indexOf('=');
    if (eq === 0) return { message: 'ProxyPass unknown Worker parameter', wordIndex: k };
    if (eq !== -1) continue;
    const message = inLocation && target.startsWith('/') ? 'ProxyPass|ProxyPassMatch can not have a path when defined in a location.' : "Invalid ProxyPass|ProxyPassMatch parameter. Parameter must be in the form 'key=value'.";
    return { message, wordIndex: k };
  }
  if (target === '!') return undefined;
  const colon = target.indexOf(':');
  if (colon === -1) return { message: `ProxyPass URL must be absolute!: ${target}`, wordIndex: i };
  if (!URL_SCHEME.test(target.slice(0, colon))) return { message: `ProxyPass Unable to parse URL: ${target}`, wordIndex: i };
  return undefined;
}

/** A loaded third-party module registers `provider`, or might (one we have no facts or no probe for). */
function mayBeThirdPartyProvider(model: ConfigModel, provider: string): boolean {
  for (const m of model.modules.values()) {
    if (isUnknownModule(m)) return true;
    const info = m.isStatic ? undefined : getModuleByIdentifier(m.identifier);
    if (info?.status === 'External' && (!info.authzProviders || info.authzProviders.includes(provider))) return true;
  }
  return false;
}
