// References, highlights and rename of the names a tree defines and uses (model/names.ts):
// Define names, host names, RewriteMap names and Alias targets. Rename edits every file of the
// tree, and refuses names set outside it (-D, envvars, the environment) or written where a
// plain-text edit cannot reach them.

import * as path from 'path';
import { nameAt, nameKey, namesInFile, occurrencesOfKey, type ConfigModel, type NameKind, type NameOccurrence } from '../model';
import { trimTrailingSlashes } from '../parser';

export interface NamePlace {
  file: string;
  start: number;
  end: number;
  line: number;
  role: 'definition' | 'use';
}

export interface NameEdit {
  file: string;
  start: number;
  end: number;
  newText: string;
}

export type RenameCheck = { start: number; end: number; placeholder: string } | { error: string };
export type RenameResult = { edits: NameEdit[] } | { error: string };

const KIND_LABEL: Record<NameKind, string> = {
  variable: 'Define name',
  host: 'host name',
  'rewrite-map': 'RewriteMap name',
  'alias-target': 'Alias target',
};

function occurrencesOf(model: ConfigModel, at: NameOccurrence): readonly NameOccurrence[] {
  const all = occurrencesOfKey(model, at.key);
  return all.length ? all : [at];
}

const place = (o: NameOccurrence): NamePlace => ({ file: o.file, start: o.start, end: o.end, line: o.line, role: o.role });

/** Every place of the name under the cursor in the tree; without `includeDeclaration`, its uses only. */
export function referencesAt(model: ConfigModel, file: string, offset: number, includeDeclaration: boolean): NamePlace[] {
  const at = nameAt(model, file, offset);
  if (!at) return [];
  return occurrencesOf(model, at).filter((o) => includeDeclaration || o.role === 'use').map(place);
}

/** The places of the name under the cursor in the same file. */
export function highlightsAt(model: ConfigModel, file: string, offset: number): NamePlace[] {
  const at = nameAt(model, file, offset);
  if (!at) return [];
  // The file's own names: no pass over the tree (an editor asks at every move of the cursor).
  return namesInFile(model, file).filter((o) => o.key === at.key).map(place);
}

/** Why the name under the cursor cannot be renamed, or its range and current text. */
export function prepareRenameAt(model: ConfigModel, file: string, offset: number): RenameCheck | undefined {
  const at = nameAt(model, file, offset);
  if (!at) return undefined;
  const refusal = refusalFor(model, at);
  if (refusal) return { error: refusal };
  return { start: at.start, end: at.end, placeholder: model.parsed.get(file)?.text.slice(at.start, at.end) ?? at.name };
}

/** The edits that rename the name under the cursor in every file of the tree. */
export function renameAt(model: ConfigModel, file: string, offset: number, newName: string): RenameResult | undefined {
  const at = nameAt(model, file, offset);
  if (!at) return undefined;
  const refusal = refusalFor(model, at);
  if (refusal) return { error: refusal };
  const wanted = at.kind === 'alias-target' ? (trimTrailingSlashes(newName.trim()) || newName.trim().slice(0, 1)) : newName.trim();
  const invalid = invalidName(model, at, wanted);
  if (invalid) return { error: invalid };
  const edits: NameEdit[] = [];
  for (const o of occurrencesOf(model, at)) {
    if (model.parsed.get(o.file)?.text.slice(o.start, o.end) === wanted) continue;
    edits.push({ file: o.file, start: o.start, end: o.end, newText: wanted });
  }
  return { edits };
}

function where(file: string, line: number): string {
  return `${path.basename(file)}:${line + 1}`;
}

function refusalFor(model: ConfigModel, at: NameOccurrence): string | undefined {
  const all = occurrencesOf(model, at);
  if (at.kind === 'variable') {
    const external = model.externalVariables?.get(at.name);
    if (external?.from === 'command line') return `${at.name} is set by -D on httpd's command line; renaming it in the files would leave the command line using the old name.`;
    if (external) return `${at.name} is set in ${external.file ? where(external.file, external.line ?? 0) : 'envvars'}, which apache2ctl reads before httpd starts; rename it there by hand, then here.`;
    const source = model.variableSources?.get(at.name);
    if (source && !all.some((o) => o.role === 'definition')) return `${at.name} comes ${source.from}, not from a Define of this tree; renaming it here would break the lookup.`;
  }
  const fixed = all.find((o) => o.fixed);
  if (fixed) return `The ${KIND_LABEL[at.kind]} at ${where(fixed.file, fixed.line)} is written with a \${VAR}, quotes or escapes that a rename cannot edit safely; change it there first.`;
  return undefined;
}

const VALID: Record<NameKind, { pattern: RegExp; says: string }> = {
  variable: { pattern: /^[A-Za-z_][A-Za-z0-9_]*$/, says: 'letters, digits and _ (not starting with a digit)' },
  host: { pattern: /^[A-Za-z0-9_*?-][A-Za-z0-9_.*?-]*$/, says: 'a host name (letters, digits, dots and hyphens)' },
  'rewrite-map': { pattern: /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, says: 'letters, digits, _, . and -' },
  'alias-target': { pattern: /^\/[^\s"'\\$<>]*$/, says: 'an absolute path without blanks, quotes, $ or < >' },
};

function invalidName(model: ConfigModel, at: NameOccurrence, wanted: string): string | undefined {
  const valid = VALID[at.kind];
  if (!valid.pattern.test(wanted)) return `"${wanted}" is not a valid ${KIND_LABEL[at.kind]}: use ${valid.says}.`;
  const all = occurrencesOf(model, at);
  if (at.kind === 'host' && /[*?]/.test(wanted) && all.some((o) => o.use.key === 'servername')) {
    return `ServerName takes no wildcards; "${wanted}" fits ServerAlias only.`;
  }
  if (at.kind === 'variable' || at.kind === 'rewrite-map') {
    if (wanted !== at.name && occurrencesOfKey(model, nameKey(at.kind, wanted)).length > 0) return `${wanted} already names another ${KIND_LABEL[at.kind]} in this tree; the rename would merge the two.`;
    if (at.kind === 'variable' && model.externalVariables?.has(wanted)) return `${wanted} is set outside the tree (command line or envvars); the rename would take that value.`;
  }
  return undefined;
}
