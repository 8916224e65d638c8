// What every webview page of the extension shares: the page shell with its Content-Security-Policy
// (no script, styles only under a per-render nonce), HTML escaping, and the command-URI links that
// open a file at a line (the only command a page may run). Pure functions: unit tests load it.

export const OPEN_LOCATION_COMMAND = 'apache.openLocation';

export interface OpenLocationArgs {
  /** A file: URI. */
  uri: string;
  /** 0-based line. */
  line: number;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** The command URI that opens `file` at `line` (0-based). */
export function openLocationHref(uri: string, line: number): string {
  const args: OpenLocationArgs = { uri, line };
  return `command:${OPEN_LOCATION_COMMAND}?${encodeURIComponent(JSON.stringify([args]))}`;
}

/** Reads back what openLocationHref wrote; undefined for anything else. */
export function parseOpenLocationArgs(value: unknown): OpenLocationArgs | undefined {
  const v = value as Partial<OpenLocationArgs> | undefined;
  if (!v || typeof v.uri !== 'string' || typeof v.line !== 'number' || !Number.isInteger(v.line) || v.line < 0) return undefined;
  return { uri: v.uri, line: v.line };
}

export function contentSecurityPolicy(nonce: string): string {
  return `default-src 'none'; style-src 'nonce-${nonce}'; img-src 'none'; script-src 'none'; form-action 'none'; frame-src 'none'`;
}

/** A whole page: `body` is HTML already escaped by the caller, `style` the page's own CSS. */
export function pageHtml(title: string, nonce: string, style: string, body: string[]): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(title)}</title>
<style nonce="${escapeHtml(nonce)}">${style}</style>
</head>
<body>
${body.join('\n')}
</body>
</html>`;
}
