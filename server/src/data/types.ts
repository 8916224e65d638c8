// Shapes of the generated directive knowledge base (see scripts/generate-data.mjs).

/** A context word as the manual uses it. */
export type DirectiveContext = 'server config' | 'virtual host' | 'directory' | '.htaccess' | 'proxy section';

/** httpd's own "Allowed in" classification, as `apache2 -L` prints it (req_override bits). */
export type AllowedIn =
  | 'outside-dir'        // *.conf only outside <Directory>, <Files>, <Location>, or <If>  (RSRC_CONF)
  | 'anywhere-htaccess'  // *.conf anywhere and in .htaccess                              (OR_*)
  | 'inside-dir-htaccess'// *.conf only inside <Directory>, <Files>, <Location>, or <If> and in .htaccess
  | 'anywhere'           // *.conf anywhere (RSRC_CONF|ACCESS_CONF)
  | 'inside-dir'         // *.conf only inside <Directory>, <Files>, <Location>, or <If> (ACCESS_CONF)
  | 'anywhere-no-perdir-htaccess'; // *.conf anywhere [no per-dir config] and in .htaccess

/** How httpd splits the arguments (the cmd_how of the directive's command_rec). */
export type ArgHow =
  | 'TAKE1' | 'TAKE2' | 'TAKE3' | 'TAKE12' | 'TAKE13' | 'TAKE23' | 'TAKE123'
  | 'FLAG' | 'NO_ARGS' | 'ITERATE' | 'ITERATE2' | 'RAW_ARGS';

/** Type of one argument value, where httpd checks it while parsing. */
export type ArgType =
  | { kind: 'any' }
  | { kind: 'flag' }                                   // On|Off, case-insensitive
  // Read as C reads it (strtol, or atoi where bits is 32): digits after blanks and a sign, the rest
  // ignored, no digits = 0; then the handler's range, or 0 where orZero; a string max is past 2^53.
  // Where whole, text after the digits (or no digits) is refused too (apr_strtoff and its end pointer).
  | { kind: 'cint'; bits: 32 | 64; min?: number; max?: number | string; orZero?: boolean; overflowRefused?: boolean; whole?: boolean }
  | { kind: 'digits' }                                 // decimal digits only, any number of them (mod_dbd)
  // Read as strtod reads it, which must take the whole word, then above 0 where positive.
  | { kind: 'cfloat'; positive?: boolean }
  // RequestReadTimeout's key=value words, each refused with a message that quotes it.
  | { kind: 'reqtimeout' }
  | { kind: 'duration'; allowMs: boolean }             // seconds, or N ms where allowMs
  | { kind: 'enum'; values: string[]; caseSensitive?: boolean };

/**
 * Why a value is refused, where a handler has more than one message: strtol's overflow (ERANGE,
 * LimitRequestBody's "argument is not parsable"), text strtod does not read (AsyncRequestWorkerFactor).
 */
export type RefusalReason = 'overflow' | 'syntax';

export interface ArgSchema {
  how: ArgHow;
  /** Minimum and maximum number of words (max null = unbounded). */
  min: number;
  max: number | null;
  /** Types by position; the last one repeats for ITERATE. Omitted = no check. */
  types?: ArgType[];
  /** httpd's own error text for a wrong count, e.g. "ServerName takes one argument, The hostname and port of the server". */
  countMessage?: string;
  /** httpd's own error text for a wrong value, e.g. "KeepAlive must be On or Off". */
  valueMessage?: string;
  /** httpd's text where one kind of wrong value gets another message, by the checker's reason for it. */
  valueMessages?: Partial<Record<RefusalReason, string>>;
  /** True when the schema was checked against the real httpd (differential tests). */
  verified?: boolean;
}

export interface ProvidedBy {
  /** Module name as the manual spells it: "mod_rewrite", "core", "prefork". */
  module: string;
  /** LoadModule identifier ("rewrite_module"); null for core (always present). */
  identifier: string | null;
  /** Source file name ("mod_rewrite.c") that <IfModule> also accepts. */
  sourceFile: string | null;
}

export interface DirectiveInfo {
  /** Canonical spelling ("KeepAliveTimeout"; sections without brackets: "IfModule"). */
  name: string;
  isSection: boolean;
  /** Primary module, as the manual names it ("core", "mod_rewrite", "mpm_common"). */
  module: string;
  /** Any one of these modules being loaded makes the directive available. */
  providedBy: ProvidedBy[];
  /** Syntax line, e.g. "KeepAliveTimeout num[ms]". */
  syntax: string;
  /** Default as the manual states it, or null. */
  default: string | null;
  contexts: DirectiveContext[];
  /** AllowOverride classes that allow the directive in .htaccess (empty: never). */
  override: string[];
  /** The spelling httpd registers and prints in its messages ("order"), where it differs from `name`. */
  httpdName?: string;
  /** httpd's own classification from the binary, when the Debian binary knows the name. */
  allowedIn: AllowedIn | null;
  /** MPM-specific directives: the MPMs that accept it. */
  mpms?: string[];
  /** Version the directive appeared in ("2.4.11"). */
  since?: string;
  /** Link to the manual; null for third-party directives without a stable page. */
  url: string | null;
  /** Where the facts come from. */
  source: 'manual' | 'binary' | 'third-party';
  /** Legacy names still accepted, or names kept only to print an error. */
  deprecated?: { successor?: string; note: string };
  /** httpd knows the name only to refuse it with this message (Port, SSLLog…). */
  rejected?: string;
  args: ArgSchema;
  /** One to three sentences in our own words. */
  description: string;
  /** Longer own-words guide for directives people often get wrong (Markdown). */
  guide?: string;
}

export interface ModuleInfo {
  /** "mod_rewrite" */
  name: string;
  /** "rewrite_module" (null for core) */
  identifier: string | null;
  /** "mod_rewrite.c" */
  sourceFile: string | null;
  /** Debian's .so file name, "mod_rewrite.so". */
  soFile: string | null;
  /** Debian a2enmod name ("rewrite"), when Debian ships it. */
  debianName: string | null;
  status: 'Core' | 'MPM' | 'Base' | 'Extension' | 'Experimental' | 'External';
  url: string | null;
  /** Short own-words summary. */
  description?: string;
  /** Other identifiers the same module has had (php7_module for mod_php). */
  identifierAliases?: string[];
  /** Every source-file name <IfModule> may use for it. */
  sourceFileAliases?: string[];
  /** Debian 12 package that ships it, for modules outside httpd. */
  debianPackage?: string;
  /** Modules whose library must be loaded first (Debian's build): httpd names `symbol` as undefined otherwise. */
  loadsAfter?: { module: string; symbol: string }[];
  /** `Require` providers it registers, lower-case, where its binary was probed (empty: none). */
  authzProviders?: string[];
}
