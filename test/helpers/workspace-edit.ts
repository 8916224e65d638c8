// Applies an LSP WorkspaceEdit to files on disk as an editor does: `changes` or `documentChanges`
// (create never overwrites; text edits by range, in array order for one place).

import * as fs from 'fs';
import { fileURLToPath } from 'url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';

export interface Applied {
  /** Texts before the edit, by path (absent: the file was created). */
  before: Map<string, string | undefined>;
  after: Map<string, string>;
}

export function applyWorkspaceEdit(edit: WorkspaceEdit): Applied {
  const applied: Applied = { before: new Map(), after: new Map() };
  const editFile = (uri: string, edits: TextEdit[]): void => {
    const file = fileURLToPath(uri);
    const text = applied.after.get(file) ?? fs.readFileSync(file, 'utf8');
    if (!applied.before.has(file)) applied.before.set(file, text);
    const next = TextDocument.applyEdits(TextDocument.create(uri, 'apacheconf', 1, text), edits);
    fs.writeFileSync(file, next);
    applied.after.set(file, next);
  };
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) editFile(uri, edits);
  for (const change of edit.documentChanges ?? []) {
    if ('kind' in change) {
      if (change.kind !== 'create') throw new Error(`unexpected resource operation ${change.kind}`);
      const file = fileURLToPath(change.uri);
      if (fs.existsSync(file)) {
        if (!change.options?.ignoreIfExists) throw new Error(`create of an existing file ${file}`);
        continue;
      }
      fs.writeFileSync(file, '');
      applied.before.set(file, undefined);
      applied.after.set(file, '');
      continue;
    }
    editFile(change.textDocument.uri, change.edits as TextEdit[]);
  }
  return applied;
}
