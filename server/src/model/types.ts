// The configuration as httpd reads it: every file of the tree, every directive in read order
// with its resolved arguments, whether it is active, where it sits, and the server facts that
// follow (loaded modules, MPM, language modules, defines).
//
// Contract: building a model never throws and never runs anything; unknown facts stay unknown
// (moduleStateKnown false) rather than guessed.

import type { MacroDefinition } from './macros';
import type { PathMapping } from './path-mapping';
import type { DirectiveLine, ParsedFile, Section, SectionOpenLine, Span, Word } from '../parser';

export type Scope = 'server' | 'vhost' | 'directory' | 'htaccess';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Location extends Span {
  file: string;
  /** 0-based line. */
  line: number;
}

/** One directive or section occurrence, in read order. */
export interface DirectiveUse {
  file: string;
  line: DirectiveLine | SectionOpenLine;
  /** Name as written (sections without '<'). */
  name: string;
  /** Lower-cased name, for lookups. */
  key: string;
  isSection: boolean;
  /** Argument values after ${VAR} substitution. */
  args: string[];
  /** The words as written, for positions. */
  words: Word[];
  /** False inside a conditional section that evaluated to false, or inside a <Macro> body. */
  active: boolean;
  inactiveReason?: string;
  /** Enclosing non-conditional sections, outermost first. */
  parents: SectionUse[];
  /** Enclosing conditional sections (IfModule, IfDefine…), outermost first. */
  conditions: SectionUse[];
  scope: Scope;
  /** Read-order index across the whole tree. */
  index: number;
}

export interface SectionUse extends DirectiveUse {
  isSection: true;
  line: SectionOpenLine;
  /** For conditional sections: the evaluated result. */
  condition?: { value: boolean; reason: string };
  children: DirectiveUse[];
  /** The syntax node, with the closing tag when there is one. */
  section: Section;
}

export interface IncludeEdge {
  from: string;
  use: DirectiveUse;
  optional: boolean;
  pattern: string;
  files: string[];
  error?: string;
}

export interface LoadedModule {
  identifier: string;
  /** Names <IfModule> accepts for it: the identifier and the source file name(s). */
  sourceFiles: string[];
  /** Undefined for statically compiled modules. */
  where?: Location;
  soPath?: string;
  isStatic: boolean;
  /** Loaded inside an <IfModule> kept active only because module state is unknown (a fragment alone). */
  assumed?: boolean;
}

export type MpmName = 'prefork' | 'worker' | 'event';

export type LanguageKind = 'php' | 'perl' | 'python' | 'wsgi' | 'lua' | 'passenger';

export interface LanguageModule {
  identifier: string;
  kind: LanguageKind;
  /** Human name, "mod_php". */
  label: string;
  /** Runs application code inside the httpd worker processes. */
  inProcess: boolean;
  where?: Location;
}

export interface ModelProblem extends Location {
  code: string;
  severity: Severity;
  message: string;
  /** Facts the quick fixes need. */
  data?: Record<string, unknown>;
}

export interface ConfigModel {
  /** The main configuration file (absolute path). */
  mainFile: string;
  serverRoot: string;
  /** Files in include order (the main file first). */
  files: string[];
  parsed: Map<string, ParsedFile>;
  uses: DirectiveUse[];
  includes: IncludeEdge[];
  /** Module identifier -> how it got loaded. */
  modules: Map<string, LoadedModule>;
  /**
   * False for a fragment analysed without its main configuration, and for a tree an Include of
   * which could not be read (a checkout without mods-enabled/): what it would load is unknown.
   */
  moduleStateKnown: boolean;
  /** The first Include that could not be read, when that made the modules unknown. */
  modulesUnknownAfter?: Location;
  /**
   * Set when no list of compiled-in modules was given and the tree reads as written for a source
   * build (ServerRoot /usr/local/apache2, or no ServerRoot and its own LoadModule log_config): the
   * default ./configure links one MPM in, so a tree without an MPM line may be right there.
   */
  mpmMayBeBuiltIn?: boolean;
  mpm: MpmName | null;
  mpmModules: LoadedModule[];
  /** Modules running on top of the MPM (mpm-itk on prefork: still one process per connection). */
  mpmAddOns: LoadedModule[];
  languageModules: LanguageModule[];
  /** Where PHP-FPM (proxy_fcgi handler) is wired in, if anywhere. */
  phpFpm?: Location;
  defines: Map<string, { value: string; where?: Location }>;
  problems: ModelProblem[];
  /** Per file: the scope its top-level directives are read in. */
  fileScopes: Map<string, Scope>;
  /** Files analysed although nothing includes them (e.g. sites-available). */
  detachedFiles: string[];
  /** ${NAME}s used in the tree that no Define sets: their value and where it came from. */
  variableSources?: Map<string, { value: string; from: string; file?: string; line?: number }>;
  /** Names set outside the tree, by -D on the command line or in the envvars file: renaming them in the tree alone would break it. */
  externalVariables?: Map<string, { from: 'command line' | 'envvars'; file?: string; line?: number }>;
  /** Server paths read from elsewhere (a repository checkout): from settings or inferred. */
  pathMappings: PathMapping[];
  /** The ServerRoot as the configuration names it, when a mapping moved it (serverRoot is where it is read). */
  serverRootOnServer?: string;
  /** Every <Macro> definition read, in read order (redefinitions too); absent when there is none. */
  macros?: MacroDefinition[];
}
