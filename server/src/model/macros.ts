// mod_macro as httpd 2.4 reads it (probed on Debian's apache2): `<Macro NAME $p…>` stores its
// body lines under the lower-cased name, `Use NAME v…` puts the body back where it stands with
// each parameter replaced, as text, by its value (the value as ap_getword_conf reads it: quotes
// removed), longest parameter name first at each place, and the result is read again as
// configuration (${VAR} is resolved then). These are the pieces that need no walk: parameter
// checks, text substitution, and the messages httpd prints.

import * as path from 'path';
import type { Section } from '../parser';
import type { DirectiveUse, Location } from './types';

/** What substituting may still do: comparisons made so far, characters one result may have, and whether a result would have had more. */
export interface SubstitutionBudget {
  steps: number;
  maxSteps: number;
  room: number;
  over: boolean;
}

/** One set of parameter values put into a body: a definition made inside an expansion carries the outer one. */
export interface MacroArguments {
  params: readonly string[];
  values: readonly string[];
}

export interface MacroDefinition {
  /** Lower-cased, as httpd keys it. */
  key: string;
  /** As written on the <Macro> line (after any outer substitution). */
  name: string;
  params: string[];
  section: Section;
  /** The <Macro> line. */
  where: Location;
  /** Substitutions the body's text went through before this macro's own (an enclosing expansion's). */
  outer: readonly Substitution[];
  /** The Use uses that expanded it, in read order, the first few (for related locations). */
  uses: DirectiveUse[];
  /** The text of the file the body lines are in. */
  text: string;
}

/** httpd's parameter prefixes; a name without one draws a warning. */
const PREFIXES = '$%@';

/** Names in messages stop here (a hostile name must not make a message of kilobytes). */
const MAX_NAME = 40;

export function shortName(name: string): string {
  return name.length > MAX_NAME ? `${name.slice(0, MAX_NAME)}…` : name;
}

/** httpd's definition warnings about parameter names (AH02796, AH02797), in its order. */
export function parameterWarnings(macro: string, params: readonly string[], where: string): string[] {
  const out: string[] = [];
  // Per parameter, as httpd checks them: its prefix, then a clash with each later one (pairwise:
  // a definition with thousands of parameters gets the first few clashes).
  let reported = 0;
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    if (p.length === 0 || !PREFIXES.includes(p[0])) {
      out.push(`macro '${shortName(macro)}' (${where}) argument name '${shortName(p)}' (#${i + 1}) without expected prefix, better prefix argument names with one of '${PREFIXES}'.`);
    }
    if (params.length > MAX_PAIRWISE) continue;
    for (let j = i + 1; j < params.length && reported < MAX_CONFLICTS; j++) {
      if (clash(params[i], params[j])) {
        out.push(conflict(macro, where, params, i, j));
        reported++;
      }
    }
  }
  if (params.length > MAX_PAIRWISE) out.push(...sortedConflicts(macro, where, params));
  return out;
}

const clash = (a: string, b: string): boolean => a.startsWith(b) || b.startsWith(a);

function conflict(macro: string, where: string, params: readonly string[], i: number, j: number): string {
  return `macro '${shortName(macro)}' (${where}): argument name prefix conflict (${shortName(params[i])} #${i + 1} and ${shortName(params[j])} #${j + 1}), be careful about your macro definition!`;
}

/**
 * The first clashes of a long parameter list without comparing every pair: in sorted order the
 * names a name is a prefix of follow it directly.
 */
function sortedConflicts(macro: string, where: string, params: readonly string[]): string[] {
  const order = params.map((_, i) => i).sort((a, b) => (params[a] < params[b] ? -1 : params[a] > params[b] ? 1 : a - b));
  const out: string[] = [];
  for (let k = 0; k < order.length && out.length < MAX_CONFLICTS; k++) {
    for (let m = k + 1; m < order.length && out.length < MAX_CONFLICTS && params[order[m]].startsWith(params[order[k]]); m++) {
      out.push(conflict(macro, where, params, Math.min(order[k], order[m]), Math.max(order[k], order[m])));
    }
  }
  return out;
}

const MAX_CONFLICTS = 20;
/** Parameter lists longer than this are checked for clashes in sorted order (no pairwise pass). */
const MAX_PAIRWISE = 64;

/**
 * The parameters in the order substitution tries them: longest first, so `$ab` wins over `$a`
 * at the same place. Grouped by first character so a place is compared with the few candidates
 * that can start there.
 */
export class Substitution {
  private readonly byFirst = new Map<string, { name: string; value: string }[]>();
  /**
   * No value is empty or holds a blank, quote, backslash, '<', '>' or '#', and no name a quote
   * or backslash: substituting a line's words one by one then gives the words that reading the
   * substituted line again would.
   */
  readonly plain: boolean;
  constructor(readonly args: MacroArguments) {
    this.plain = args.values.every((v) => v !== '' && !/[\s"'\\<>#]/.test(v)) && args.params.every((p) => !/["'\\]/.test(p));
    for (let i = 0; i < args.params.length; i++) {
      const name = args.params[i];
      if (name.length === 0) continue;
      const list = this.byFirst.get(name[0]) ?? [];
      list.push({ name, value: args.values[i] ?? '' });
      this.byFirst.set(name[0], list);
    }
    for (const list of this.byFirst.values()) list.sort((a, b) => b.name.length - a.name.length);
  }

  /**
   * `text` with every parameter replaced, scanning left to right; a replacement is not scanned
   * again. `budget.steps` counts the comparisons made (the caller stops past its cap), and
   * `used` collects the parameters that matched.
   */
  apply(text: string, budget: SubstitutionBudget, used?: Set<string>): string {
    // Most words hold no parameter: one search per first character ('$' alone, usually) says so.
    let any = false;
    for (const first of this.byFirst.keys()) {
      if (text.includes(first)) {
        any = true;
        break;
      }
    }
    budget.steps += text.length;
    if (!any) return text;
    let out = '';
    let last = 0;
    for (let i = 0; i < text.length; i++) {
      const candidates = this.byFirst.get(text[i]);
      if (!candidates) continue;
      for (let k = 0; k < candidates.length; k++) {
        const c = candidates[k];
        budget.steps += c.name.length;
        if (budget.steps > budget.maxSteps) {
          budget.over = true;
          return text;
        }
        if (text.startsWith(c.name, i)) {
          if (out.length + (i - last) + c.value.length > budget.room) {
            // Long values repeated: the text would pass what the tree may still make.
            budget.over = true;
            return text;
          }
          out += text.slice(last, i) + c.value;
          used?.add(c.name);
          i += c.name.length - 1;
          last = i + 1;
          break;
        }
      }
    }
    return last === 0 ? text : out + text.slice(last);
  }
}

/** httpd's "line N of FILE" for a location, 1-based; the file relative to the main file's folder when inside it (messages stay short). */
export function lineOf(where: Location, mainFile: string): string {
  const relative = path.relative(path.dirname(mainFile), where.file);
  const file = relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : where.file;
  return `line ${where.line + 1} of "${file}"`;
}

/** Per model: its used macros' body spans by file (made on first ask). */
const bodiesByModel = new WeakMap<object, Map<string, MacroDefinition[]>>();

/**
 * The macro whose body holds a line of a file, when some Use expanded it: what is reported on
 * that line came from an expansion (the Use lines are its related places).
 */
export function expandedMacroAt(model: { macros?: MacroDefinition[] }, file: string, line: number): MacroDefinition | undefined {
  const macros = model.macros;
  if (!macros?.length) return undefined;
  let byFile = bodiesByModel.get(model);
  if (!byFile) {
    byFile = new Map();
    for (const macro of macros) {
      if (macro.uses.length === 0) continue;
      const list = byFile.get(macro.where.file) ?? [];
      list.push(macro);
      byFile.set(macro.where.file, list);
    }
    bodiesByModel.set(model, byFile);
  }
  const list = byFile.get(file);
  if (!list) return undefined;
  let found: MacroDefinition | undefined;
  for (const macro of list) {
    const open = macro.section.open.line;
    const close = macro.section.close ? macro.section.close.line : Number.MAX_SAFE_INTEGER;
    // The innermost: a macro defined inside another's body holds the line too.
    if (line > open && line < close && (!found || open > found.section.open.line)) found = macro;
  }
  return found;
}

/**
 * The definition a `Use` line names: the one it expanded, else the last one of that name read
 * (a Use before its macro, or refused), else none.
 */
export function macroOfUse(model: { macros?: MacroDefinition[] }, use: DirectiveUse): MacroDefinition | undefined {
  const key = use.args[0]?.toLowerCase();
  if (key === undefined || !model.macros) return undefined;
  let last: MacroDefinition | undefined;
  for (const macro of model.macros) {
    if (macro.key !== key) continue;
    if (macro.uses.includes(use)) return macro;
    last = macro;
  }
  return last;
}
