// The server profile as an HTML page for a webview (shell, escaping and links: webview-page.ts).
// Pure functions, no `vscode` import, so unit tests load it.

import type { ProfileFinding, ProfileLocation, ProfileRow, ServerProfile } from '../../shared/profile';
import { escapeHtml, openLocationHref, pageHtml } from './webview-page';

export interface ProfilePageOptions {
  /** A fresh random value per render; the only styles allowed are the ones carrying it. */
  nonce: string;
  /** The file's URI (file:///…) as VS Code spells it. */
  toUri(file: string): string;
  /** When the analysis behind the page was read, shown as "updated 12:03:04". */
  updated: Date;
  /** What the view follows, e.g. "apache2.conf", when it is not the main configuration. */
  analysedAs?: string;
}

const SEVERITY_TITLES = { error: 'Errors', warning: 'Warnings', information: 'Information', hint: 'Hints' } as const;

export function renderProfileHtml(profile: ServerProfile, options: ProfilePageOptions): string {
  const link = (where: ProfileLocation): string =>
    `<a class="loc" href="${escapeHtml(openLocationHref(options.toUri(where.file), where.line))}" title="${escapeHtml(`${where.file}:${where.line + 1}`)}">${escapeHtml(where.label)}</a>`;
  const rowHtml = (r: ProfileRow): string => {
    const at = r.where ? ` <span class="at">${link(r.where)}</span>` : r.note ? ` <span class="at note">${escapeHtml(r.note)}</span>` : '';
    return `<tr><th scope="row">${escapeHtml(r.label)}</th><td>${escapeHtml(r.value)}${at}</td></tr>`;
  };
  const findingHtml = (f: ProfileFinding): string =>
    `<li class="finding ${f.severity}"><span class="sev">${escapeHtml(f.severity)}</span> ${link(f.where)} <code>${escapeHtml(f.code)}</code><p>${escapeHtml(f.message)}</p></li>`;
  const body: string[] = [];
  body.push(`<header><h1>Apache server profile</h1><p><span class="label">${escapeHtml(profile.label)}</span> <span class="note">updated ${escapeHtml(options.updated.toLocaleTimeString())}</span></p>`);
  if (options.analysedAs) body.push(`<p class="note">${escapeHtml(options.analysedAs)}</p>`);
  body.push('</header>');
  const [server, ...rest] = profile.sections;
  const section = (title: string, rows: ProfileRow[]): string => `<section><h2>${escapeHtml(title)}</h2><table>${rows.map(rowHtml).join('')}</table></section>`;
  if (server) body.push(section(server.title, server.rows));
  body.push(findingsHtml(profile, findingHtml));
  for (const s of rest) body.push(section(s.title, s.rows));
  return pageHtml('Apache server profile', options.nonce, STYLE, body);
}

function findingsHtml(profile: ServerProfile, item: (f: ProfileFinding) => string): string {
  const counts = profile.findingCounts;
  const total = counts.error + counts.warning + counts.information + counts.hint;
  const out = [`<section id="findings"><h2>Findings</h2>`];
  if (!total) out.push('<p>No findings.</p>');
  for (const severity of ['error', 'warning', 'information', 'hint'] as const) {
    const list = profile.findings.filter((f) => f.severity === severity);
    if (!counts[severity]) continue;
    const shown = list.length < counts[severity] ? ` (first ${list.length})` : '';
    const items = `<ul>${list.map(item).join('')}</ul>`;
    // Hints (inactive blocks and the like) are many and quiet: folded until asked for.
    if (severity === 'hint') out.push(`<details><summary><h3>${SEVERITY_TITLES[severity]}: ${counts[severity]}${shown}</h3></summary>${items}</details>`);
    else out.push(`<h3 class="${severity}">${SEVERITY_TITLES[severity]}: ${counts[severity]}${shown}</h3>${items}`);
  }
  if (profile.findingsOmitted) out.push(`<p class="note">${profile.findingsOmitted} more findings are not listed here; the Problems panel and httpd-lint show them all.</p>`);
  out.push('</section>');
  return out.join('');
}

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 20px 20px; line-height: 1.45; }
h1 { font-size: 1.5em; font-weight: 600; margin: 16px 0 4px; }
h2 { font-size: 1.15em; font-weight: 600; margin: 20px 0 6px; padding-bottom: 3px; border-bottom: 1px solid var(--vscode-panel-border, rgba(128,128,128,.35)); }
h3 { font-size: 1em; font-weight: 600; margin: 10px 0 4px; display: inline-block; }
header p { margin: 2px 0; }
.label { font-family: var(--vscode-editor-font-family); background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); padding: 1px 6px; border-radius: 3px; }
.note { color: var(--vscode-descriptionForeground); }
table { border-collapse: collapse; width: 100%; }
th { width: 1%; text-align: left; font-weight: normal; color: var(--vscode-descriptionForeground); padding: 2px 16px 2px 0; vertical-align: top; white-space: nowrap; }
td { padding: 2px 0; vertical-align: top; overflow-wrap: anywhere; }
.at { white-space: nowrap; margin-left: 6px; }
a { color: var(--vscode-textLink-foreground); text-decoration: none; }
a:hover { text-decoration: underline; color: var(--vscode-textLink-activeForeground); }
a:focus { outline: 1px solid var(--vscode-focusBorder); }
code, .loc { font-family: var(--vscode-editor-font-family); font-size: 0.95em; }
ul { list-style: none; padding: 0; margin: 0 0 6px; }
li.finding { margin: 4px 0 8px; padding-left: 8px; border-left: 3px solid var(--vscode-descriptionForeground); }
li.finding p { margin: 2px 0 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.sev { font-weight: 600; text-transform: uppercase; font-size: 0.8em; letter-spacing: 0.03em; }
li.error { border-left-color: var(--vscode-editorError-foreground); } li.error .sev, h3.error { color: var(--vscode-editorError-foreground); }
li.warning { border-left-color: var(--vscode-editorWarning-foreground); } li.warning .sev, h3.warning { color: var(--vscode-editorWarning-foreground); }
li.information { border-left-color: var(--vscode-editorInfo-foreground); } li.information .sev, h3.information { color: var(--vscode-editorInfo-foreground); }
summary { cursor: pointer; }
`;
