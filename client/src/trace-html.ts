// A request trace as an HTML page for a webview: no script, styles under a nonce, every piece of
// configuration text escaped, and each file:line a link through the one command the view may
// run (apache.openLocation, as in the profile view). Pure functions: unit tests load it.

import * as path from 'path';
import type { TraceResult } from '../../shared/trace';
import { describeStep } from '../../shared/rewrite-step-text';
import { escapeHtml, openLocationHref, pageHtml } from './webview-page';

export interface TracePageOptions {
  nonce: string;
  /** The file's URI (file:///…) as VS Code spells it. */
  toUri(file: string): string;
  /** Folder that file labels are shown relative to (the main configuration's). */
  base: string;
}

export function renderTraceHtml(t: TraceResult, options: TracePageOptions): string {
  const link = (file: string | null, line: number | null): string => {
    if (!file) return '';
    const rel = path.relative(options.base, file);
    const label = `${rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file}${line ? `:${line}` : ''}`;
    return ` <a class="loc" href="${escapeHtml(openLocationHref(options.toUri(file), Math.max(0, (line ?? 1) - 1)))}" title="${escapeHtml(`${file}${line ? `:${line}` : ''}`)}">${escapeHtml(label)}</a>`;
  };
  const o = t.outcome;
  const body: string[] = [];
  body.push(`<header><h1>${escapeHtml(`${t.request.method} ${t.request.url}`)}</h1><p class="note">from ${escapeHtml(t.request.clientAddress)}</p></header>`);
  body.push(
    `<section class="outcome"><h2>Outcome</h2><p><span class="status s${Math.floor(o.status / 100)}">${o.status}</span> <span class="label">${escapeHtml(o.handler)}</span>${o.cost === 'heavy' ? ' <span class="note">heavy: an in-process interpreter holds the worker</span>' : ''}</p><table>` +
    row('Location', o.location) +
    row('File', o.file ? `${o.file}${o.contentType ? ` (${o.contentType})` : ''}` : null) +
    row('Backend', o.backend) +
    (o.errorDocument ? `<tr><th scope="row">ErrorDocument</th><td>${escapeHtml(o.errorDocument.value)}${link(o.errorDocument.file, o.errorDocument.line)}</td></tr>` : '') +
    '</table></section>',
  );
  const v = t.vhost;
  body.push(`<section><h2>Virtual host</h2><p>${v ? `${escapeHtml(v.serverName ?? '(no ServerName)')} on <code>${escapeHtml(v.address)}</code>${v.default ? ' <span class="note">(the default for its address)</span>' : ''}${link(v.file, v.line)}` : 'none: the main server answers'}</p></section>`);
  body.push(`<section><h2>Steps</h2><ol class="steps">${t.steps.map((s) => `<li><span class="phase">${escapeHtml(s.phase)}</span> ${escapeHtml(s.message)}${link(s.file, s.line)}</li>`).join('')}</ol></section>`);
  if (t.rewrite.length) body.push(`<section><h2>Rewrite</h2><ol class="steps">${t.rewrite.map((s) => `<li><span class="phase">${escapeHtml(s.context)}</span> ${escapeHtml(describeStep(s))}${link(s.file, s.line)}</li>`).join('')}</ol></section>`);
  body.push(
    `<section><h2>Sections, in merge order</h2>${t.sections.length ? `<table>${t.sections.map((s) => `<tr><th scope="row">${escapeHtml(s.kind)}</th><td><code>${escapeHtml(s.argument)}</code>${link(s.file, s.line)}</td></tr>`).join('')}</table>` : '<p class="note">none</p>'}</section>`,
  );
  if (t.unknown.length) body.push(`<section><h2>Not decided from the files</h2><ul class="unknown">${t.unknown.map((u) => `<li>${escapeHtml(u)}</li>`).join('')}</ul></section>`);
  if (t.effective.length) {
    body.push(
      `<section><details><summary><h2>Effective configuration (${t.effective.length})</h2></summary><table>${t.effective.map((e) => `<tr><th scope="row">${escapeHtml(e.directive)}</th><td><code>${escapeHtml(e.value)}</code>${link(e.file, e.line)}</td></tr>`).join('')}</table></details></section>`,
    );
  }
  return pageHtml('Apache request trace', options.nonce, STYLE, body);
}

function row(label: string, value: string | null): string {
  return value ? `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>` : '';
}

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 20px 20px; line-height: 1.45; }
h1 { font-size: 1.3em; font-weight: 600; margin: 16px 0 2px; font-family: var(--vscode-editor-font-family); overflow-wrap: anywhere; }
h2 { font-size: 1.1em; font-weight: 600; margin: 18px 0 6px; padding-bottom: 3px; border-bottom: 1px solid var(--vscode-panel-border, rgba(128,128,128,.35)); display: block; }
summary h2 { display: inline-block; border: none; }
header p { margin: 2px 0; }
.note { color: var(--vscode-descriptionForeground); }
.label, .phase { font-family: var(--vscode-editor-font-family); background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); padding: 0 6px; border-radius: 3px; font-size: 0.9em; }
.phase { display: inline-block; min-width: 6.5em; text-align: center; margin-right: 4px; }
.status { font-size: 1.4em; font-weight: 700; margin-right: 6px; }
.s2 { color: var(--vscode-testing-iconPassed, #3fb950); } .s3 { color: var(--vscode-editorInfo-foreground); } .s4, .s5 { color: var(--vscode-editorError-foreground); }
table { border-collapse: collapse; width: 100%; }
th { width: 1%; text-align: left; font-weight: normal; color: var(--vscode-descriptionForeground); padding: 2px 16px 2px 0; vertical-align: top; white-space: nowrap; }
td { padding: 2px 0; vertical-align: top; overflow-wrap: anywhere; }
ol.steps { padding-left: 1.6em; margin: 0; } ol.steps li { margin: 3px 0; }
ul.unknown { margin: 0; }
a { color: var(--vscode-textLink-foreground); text-decoration: none; margin-left: 4px; }
a:hover { text-decoration: underline; color: var(--vscode-textLink-activeForeground); }
a:focus { outline: 1px solid var(--vscode-focusBorder); }
code, .loc { font-family: var(--vscode-editor-font-family); font-size: 0.95em; }
summary { cursor: pointer; }
`;
