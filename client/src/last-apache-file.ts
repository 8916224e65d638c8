// The Apache file last active in an editor. The trace command, the server profile and the virtual
// hosts view all work on "the tree of the file the user is in", and each must keep answering when
// focus moves to one of their own panels or to another language's file.

import * as vscode from 'vscode';
import { LANGUAGE_ID } from './language';

export class LastApacheFile implements vscode.Disposable {
  private uri = apacheUriOf(vscode.window.activeTextEditor);
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** Fires when another Apache file becomes active; not when focus leaves for a non-Apache editor. */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.subscription = vscode.window.onDidChangeActiveTextEditor((editor) => {
      const uri = apacheUriOf(editor);
      if (!uri || uri.toString() === this.uri?.toString()) return;
      this.uri = uri;
      this.changed.fire(uri);
    });
  }

  /** The active editor's Apache file, else the one last active. */
  get current(): vscode.Uri | undefined {
    return apacheUriOf(vscode.window.activeTextEditor) ?? this.uri;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function apacheUriOf(editor: vscode.TextEditor | undefined): vscode.Uri | undefined {
  return editor?.document.languageId === LANGUAGE_ID ? editor.document.uri : undefined;
}
