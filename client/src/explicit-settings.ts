// Answers the server's workspace/configuration requests with only the settings the user set
// (user, workspace or folder level, for the folder asked about), never the defaults: the server
// puts them over `.httpd-lint.json`, so a default must not hide what the file says.

import * as vscode from 'vscode';
import type { ConfigurationParams, Middleware } from 'vscode-languageclient/node';

/** The "apache" section as set by the user for one scope, nested like the settings ("diagnostics.debounceMs" → {diagnostics: {debounceMs}}). */
export function explicitSettings(section: string, keys: string[], scope: vscode.Uri | undefined): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration(section, scope);
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const seen = config.inspect(key);
    const value = seen?.workspaceFolderValue ?? seen?.workspaceValue ?? seen?.globalValue;
    if (value === undefined) continue;
    const parts = key.split('.');
    let at = out;
    for (const p of parts.slice(0, -1)) at = (at[p] ??= {}) as Record<string, unknown>;
    at[parts[parts.length - 1]] = value;
  }
  return out;
}

/** The keys below `section.` that the extension contributes (e.g. "mainConfig", "diagnostics.debounceMs"). */
export function contributedKeys(extension: vscode.Extension<unknown> | undefined, section: string): string[] {
  const properties = (extension?.packageJSON?.contributes?.configuration?.properties ?? {}) as Record<string, unknown>;
  return Object.keys(properties)
    .filter((k) => k.startsWith(`${section}.`))
    .map((k) => k.slice(section.length + 1));
}

export function explicitSettingsMiddleware(section: string, keys: string[]): Middleware['workspace'] {
  return {
    configuration: (params: ConfigurationParams, token, next) => {
      if (!params.items.every((item) => item.section === section)) return next(params, token);
      return params.items.map((item) => explicitSettings(section, keys, item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined));
    },
  };
}
