// Evaluates the read-time conditional sections: IfModule, IfDefine, IfVersion, IfFile,
// IfDirective, IfSection. Each gets the state as it is at that point of the read.

import { getDirective } from '../data';
import { resolveAgainstRoot } from './include-paths';
import type { ConfigFileSystem } from './fs';
import { compilePattern, regexMatches } from './regex';
import type { LoadedModule } from './types';
import { SECTIONS } from '../data/vocabulary';
import { loadedModule } from './modules';

export const CONDITIONAL_SECTIONS = SECTIONS.conditional;

export interface ConditionState {
  modules: Map<string, LoadedModule>;
  isDefined(name: string): boolean;
  version: string;
  serverRoot: string;
  fs: ConfigFileSystem;
  /** Server paths to this machine's copy (path mappings). */
  mapPath?: (p: string) => string;
}

export interface ConditionResult {
  value: boolean;
  reason: string;
  /** True when the condition could not be evaluated (the block is then kept active). */
  unknown?: boolean;
}

export function evaluateCondition(section: string, args: string[], state: ConditionState): ConditionResult {
  const key = section.toLowerCase();
  if (key === 'ifversion') return evaluateVersion(args, state.version);
  const raw = args[0] ?? '';
  const negated = raw.startsWith('!');
  const subject = negated ? raw.slice(1) : raw;
  const base = evaluatePositive(key, subject, state);
  const value = negated ? !base.value : base.value;
  return { value, reason: negated ? `not (${base.reason})` : base.reason };
}

function evaluatePositive(key: string, subject: string, state: ConditionState): ConditionResult {
  switch (key) {
    case 'ifmodule': {
      for (const module of state.modules.values()) {
        if (module.identifier === subject || module.sourceFiles.includes(subject)) {
          return { value: true, reason: `${subject} is loaded` };
        }
      }
      return { value: false, reason: `${subject} is not loaded at this point of the configuration` };
    }
    case 'ifdefine':
      return state.isDefined(subject)
        ? { value: true, reason: `${subject} is defined` }
        : { value: false, reason: `${subject} is not defined (no Define and no -D ${subject})` };
    case 'iffile': {
      const onServer = resolveAgainstRoot(state.serverRoot, subject);
      const target = state.mapPath ? state.mapPath(onServer) : onServer;
      return state.fs.stat(target) !== undefined
        ? { value: true, reason: `${target} exists` }
        : { value: false, reason: `${target} does not exist here` };
    }
    case 'ifdirective':
    case 'ifsection': {
      const info = getDirective(subject);
      const available =
        !!info &&
        info.isSection === (key === 'ifsection') &&
        info.providedBy.some((p) => p.identifier === null || !!loadedModule(state.modules, p.identifier));
      return available
        ? { value: true, reason: `${subject} is available` }
        : { value: false, reason: `${subject} is not provided by any loaded module` };
    }
    default:
      return { value: true, reason: '' };
  }
}

function evaluateVersion(args: string[], version: string): ConditionResult {
  let [op, wanted] = args.length >= 2 ? [args[0], args[1]] : ['=', args[0] ?? ''];
  const negated = op.startsWith('!');
  if (negated) op = op.slice(1);
  let value: boolean;
  if (op === '~' || (wanted.startsWith('/') && wanted.endsWith('/') && wanted.length > 1)) {
    const source = op === '~' ? wanted : wanted.slice(1, -1);
    const matched = regexMatches(source, version);
    if (matched === undefined) {
      const verdict = compilePattern(source);
      const why = verdict.ok ? 'it could not be evaluated' : verdict.reason;
      return { value: true, unknown: true, reason: `the pattern of <IfVersion ${args.join(' ')}> is not evaluated: ${why}` };
    }
    value = matched;
  } else {
    const cmp = compareVersions(version, wanted);
    switch (op) {
      case '=':
      case '==':
        value = cmp === 0;
        break;
      case '>':
        value = cmp > 0;
        break;
      case '>=':
        value = cmp >= 0;
        break;
      case '<':
        value = cmp < 0;
        break;
      case '<=':
        value = cmp <= 0;
        break;
      default:
        value = false;
    }
  }
  if (negated) value = !value;
  return { value, reason: `httpd ${version} ${value ? 'matches' : 'does not match'} ${args.join(' ')}` };
}

/** Compares only as many components as the wanted version gives ("2.4" equals 2.4.62). */
function compareVersions(actual: string, wanted: string): number {
  const a = actual.split('.').map((n) => parseInt(n, 10) || 0);
  const w = wanted.split('.').map((n) => parseInt(n, 10) || 0);
  for (let i = 0; i < w.length; i++) {
    const diff = (a[i] ?? 0) - w[i];
    if (diff !== 0) return diff;
  }
  return 0;
}
