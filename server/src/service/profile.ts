// The server profile: what this configuration makes httpd run, as a readable report.

import * as path from 'path';
import { getModuleByIdentifier } from '../data';
import { activeUses, mpmLabel, serverLevelValue, type ConfigModel, type DirectiveUse } from '../model';
import { describeLocation } from '../rules/util';
import type { Analysis } from './analysis';
import * as md from './markdown';
import { mpmLimits } from '../rules/mpm-limits';
import { estimateMemory } from '../rules/memory-budget';

export interface ServerProfile {
  mainConfig: string;
  serverRoot: string;
  mpm: string | null;
  modules: string[];
  languageModules: string[];
  markdown: string;
}

export function statusLabel(model: ConfigModel): string {
  const parts = ['Apache', model.mpm ?? (model.moduleStateKnown ? 'no MPM' : '?')];
  for (const lang of model.languageModules) parts.push(lang.label);
  if (model.phpFpm && !model.languageModules.some((l) => l.kind === 'php')) parts.push('PHP-FPM');
  return parts.join(' · ');
}

interface ProfileSection {
  title: string;
  rows: [string, string][];
}

function collect(analysis: Analysis): ProfileSection[] {
  const model = analysis.model;
  const at = (use?: DirectiveUse): string => (use ? describeLocation(model, { file: use.file, line: use.line.line }) : 'default');
  const value = (name: string, fallback: string): [string, string] => {
    const v = serverLevelValue(model, name, fallback);
    return [name, `${v.value}  (${at(v.use)})`];
  };
  const sections: ProfileSection[] = [];
  sections.push({
    title: 'Server',
    rows: [
      ['Main configuration', model.mainFile],
      ['ServerRoot', model.serverRoot],
      ['Files read', String(model.files.length)],
      ['MPM', model.mpm ? `${mpmLabel(model)} (${describeLocation(model, model.mpmModules[0]?.where)})` : model.mpmModules.length > 1 ? `several: ${model.mpmModules.map((m) => m.identifier).join(', ')}` : 'none loaded'],
      ['Language modules', model.languageModules.map((l) => `${l.label}${l.inProcess ? ' (in-process)' : ''} at ${describeLocation(model, l.where)}`).join('; ') || 'none'],
      ['PHP-FPM', model.phpFpm ? `wired in at ${describeLocation(model, model.phpFpm)}` : 'not used'],
    ],
  });
  const limits = mpmLimits(model);
  const mpmRows: [string, string][] =
    model.mpm === 'prefork'
      ? [value('StartServers', '5'), value('MinSpareServers', '5'), value('MaxSpareServers', '10'), value('MaxRequestWorkers', '256'), value('ServerLimit', '256'), value('MaxConnectionsPerChild', '0')]
      : model.mpm
        ? [value('StartServers', '3'), value('ThreadsPerChild', '25'), value('ThreadLimit', '64'), value('MinSpareThreads', '75'), value('MaxSpareThreads', '250'), value('MaxRequestWorkers', '400'), value('ServerLimit', '16'), value('MaxConnectionsPerChild', '0')]
        : [];
  if (limits) mpmRows.push(['Effective capacity', `${limits.effectiveWorkers} simultaneous requests in ${limits.processes} process${limits.processes === 1 ? '' : 'es'} (after httpd's own adjustments)`]);
  if (mpmRows.length) sections.push({ title: `MPM ${model.mpm} limits`, rows: mpmRows });
  const memory = estimateMemory(model, analysis.settings);
  if (memory) {
    const total = analysis.settings.memoryTotalMB;
    const rows: [string, string][] = [
      ['Per process', `~${memory.perProcessMB} MB (${memory.key}; set apache.memory.perProcessMB to your measured size)`],
      ['Peak', `~${memory.peakMB} MB for ${memory.processes} processes${total ? ` of ${total} MB (${Math.round((memory.peakMB / total) * 100)}%)` : ' (set apache.memory.totalMB to compare with the machine)'}`],
    ];
    for (const share of [0.25, 0.5, 0.75, 1]) {
      const mb = Math.round(memory.peakMB * share);
      const scale = total || memory.peakMB;
      const width = Math.min(30, Math.round((mb / scale) * 20));
      rows.push([`${share * 100}% load`, `${'█'.repeat(width)}${'░'.repeat(Math.max(0, 20 - width))} ${mb} MB`]);
    }
    sections.push({ title: 'Estimated peak memory', rows });
  }
  sections.push({ title: 'Keep-alive and timeouts', rows: [value('KeepAlive', 'On'), value('KeepAliveTimeout', '5'), value('MaxKeepAliveRequests', '100'), value('Timeout', '60')] });
  // Like `httpd -S`: address, name (aliases), where it is defined; the first per address is the default.
  const seenAddresses = new Set<string>();
  const vhosts = activeUses(model, 'VirtualHost').map((v): [string, string] => {
    const children = (v as DirectiveUse & { children?: DirectiveUse[] }).children ?? [];
    const name = children.find((c) => c.key === 'servername')?.args[0] ?? '(no ServerName)';
    const aliases = children.filter((c) => c.key === 'serveralias').flatMap((c) => c.args);
    const address = v.args.join(' ');
    const isDefault = !seenAddresses.has(address);
    seenAddresses.add(address);
    return [address, `${name}${aliases.length ? ` (alias ${aliases.join(', ')})` : ''}${isDefault ? ' — default for this address' : ''}  (${at(v)})`];
  });
  sections.push({ title: 'Virtual hosts', rows: vhosts.length ? vhosts : [['-', 'none']] });
  const byStatus = new Map<string, string[]>();
  for (const m of model.modules.values()) {
    const status = m.isStatic ? 'compiled in' : getModuleByIdentifier(m.identifier)?.status ?? 'other';
    const list = byStatus.get(status) ?? [];
    list.push(m.identifier);
    byStatus.set(status, list);
  }
  sections.push({ title: `Loaded modules (${model.modules.size})`, rows: [...byStatus].map(([k, v]): [string, string] => [k, v.sort().join(', ')]) });
  const counts = new Map<string, number>();
  for (const f of analysis.findings) counts.set(`${f.severity}`, (counts.get(f.severity) ?? 0) + 1);
  sections.push({
    title: 'Findings',
    rows: analysis.findings.length
      ? analysis.findings.slice(0, 50).map((f): [string, string] => [`${f.severity} ${f.code}`, `${describeLocation(model, f)}: ${f.message.slice(0, 160)}`])
      : [['-', 'none']],
  });
  return sections;
}

export function renderProfileMarkdown(analysis: Analysis): string {
  const out = [`# Apache server profile`, '', md.code(statusLabel(analysis.model)), ''];
  for (const section of collect(analysis)) {
    out.push(`## ${md.text(section.title)}`, '', '| | |', '|---|---|');
    // Every cell is configuration text: literal, never a link, image or HTML.
    for (const [k, v] of section.rows) out.push(`| ${md.cell(k)} | ${md.cell(v)} |`);
    out.push('');
  }
  return out.join('\n');
}

export function renderProfileText(analysis: Analysis): string {
  const out = [`Apache server profile: ${statusLabel(analysis.model)}`];
  for (const section of collect(analysis)) {
    out.push('', section.title);
    const width = Math.min(28, Math.max(...section.rows.map(([k]) => k.length)));
    for (const [k, v] of section.rows) out.push(`  ${k.padEnd(width)}  ${v}`);
  }
  return out.join('\n');
}

export function serverProfile(analysis: Analysis): ServerProfile {
  const model = analysis.model;
  return {
    mainConfig: model.mainFile,
    serverRoot: model.serverRoot,
    mpm: model.mpm,
    modules: [...model.modules.keys()],
    languageModules: model.languageModules.map((l) => l.label),
    markdown: renderProfileMarkdown(analysis),
  };
}

/** The profile as data, for `httpd-lint --profile --format json`. */
export function profileData(analysis: Analysis): { label: string; sections: { title: string; rows: { name: string; value: string }[] }[] } {
  return {
    label: statusLabel(analysis.model),
    sections: collect(analysis).map((s) => ({ title: s.title, rows: s.rows.map(([name, value]) => ({ name, value })) })),
  };
}

export function relativeToRoot(model: ConfigModel, file: string): string {
  const rel = path.relative(model.serverRoot, file);
  return rel && !rel.startsWith('..') ? rel : file;
}
