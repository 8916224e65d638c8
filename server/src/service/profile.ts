// The server profile: what this configuration makes httpd run, as a readable report.

import { getModuleByIdentifier } from '../data';
import { activeUses, mpmLabel, mpmName, serverLevelValue, type ConfigModel, type DirectiveUse, type Severity } from '../model';
import { describeLocation } from '../rules/lib/util';
import type { Analysis } from './analysis';
import { mpmLimits } from '../rules/lib/mpm-limits';
import { estimateMemory } from '../rules/memory-budget';
import { capacityReport, workerBar } from './capacity';
import type { ProfileFinding, ProfileLocation, ProfileRow, ProfileSection, ServerProfile } from '../../../shared/profile';

export type { ProfileFinding, ProfileLocation, ProfileRow, ProfileSection, ServerProfile };

export const MAX_PROFILE_FINDINGS = 500;

export function statusLabel(model: ConfigModel): string {
  const parts = ['Apache', mpmName(model) ?? (model.moduleStateKnown ? 'no MPM' : '?')];
  for (const lang of model.languageModules) parts.push(lang.label);
  if (model.phpFpm && !model.languageModules.some((l) => l.kind === 'php')) parts.push('PHP-FPM');
  return parts.join(' · ');
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

function locate(model: ConfigModel, where: { file: string; line: number }): ProfileLocation {
  return { file: where.file, line: where.line, label: describeLocation(model, where) };
}

function collect(analysis: Analysis): ProfileSection[] {
  const model = analysis.model;
  const row = (label: string, value: string, where?: { file: string; line: number }, note?: string): ProfileRow => ({
    label,
    value,
    ...(where ? { where: locate(model, where) } : {}),
    ...(note ? { note } : {}),
  });
  const value = (name: string, fallback: string): ProfileRow => {
    const v = serverLevelValue(model, name, fallback);
    return v.use ? row(name, v.value, { file: v.use.file, line: v.use.line.line }) : row(name, v.value, undefined, 'default');
  };
  const sections: ProfileSection[] = [];
  const mpmRow =
    mpmName(model)
      ? row('MPM', mpmLabel(model), model.mpmModules[0]?.where, model.mpmModules[0]?.where ? undefined : 'compiled in')
      : row('MPM', model.mpmModules.length > 1 ? `several: ${model.mpmModules.map((m) => m.identifier).join(', ')}` : 'none loaded');
  const languageRows = model.languageModules.length
    ? model.languageModules.map((l) => row('Language module', `${l.label}${l.inProcess ? ' (in-process)' : ''}`, l.where, l.where ? undefined : 'compiled in'))
    : [row('Language modules', 'none')];
  sections.push({
    title: 'Server',
    rows: [
      row('Main configuration', model.mainFile),
      row('ServerRoot', model.serverRoot),
      ...model.pathMappings.map((m) => row('Path mapping', `${m.from} → ${m.to} (${m.origin === 'inferred' ? 'inferred' : 'apache.pathMappings'})`, m.where)),
      row('Files read', String(model.files.length)),
      ...(model.modulesUnknownAfter
        ? [row('Loaded modules', 'unknown past this Include, which could not be read: what it loads is not counted', model.modulesUnknownAfter)]
        : []),
      mpmRow,
      ...languageRows,
      model.phpFpm ? row('PHP-FPM', 'wired in', model.phpFpm) : row('PHP-FPM', 'not used'),
    ],
  });
  const limits = mpmLimits(model);
  const mpmRows: ProfileRow[] =
    model.mpm === 'prefork'
      ? [value('StartServers', '5'), value('MinSpareServers', '5'), value('MaxSpareServers', '10'), value('MaxRequestWorkers', '256'), value('ServerLimit', '256'), value('MaxConnectionsPerChild', '0')]
      : model.mpm
        ? [value('StartServers', '3'), value('ThreadsPerChild', '25'), value('ThreadLimit', '64'), value('MinSpareThreads', '75'), value('MaxSpareThreads', '250'), value('MaxRequestWorkers', '400'), value('ServerLimit', '16'), value('MaxConnectionsPerChild', '0')]
        : [];
  if (limits) mpmRows.push(row('Effective capacity', `${limits.effectiveWorkers} simultaneous requests in ${limits.processes} process${limits.processes === 1 ? '' : 'es'} (after httpd's own adjustments)`));
  if (mpmRows.length) sections.push({ title: `MPM ${model.mpm} limits`, rows: mpmRows });
  const memory = estimateMemory(model, analysis.settings);
  if (memory) {
    const total = analysis.settings.memoryTotalMB;
    const rows: ProfileRow[] = [
      row('Per process', `~${memory.perProcessMB} MB (${memory.key}; set apache.memory.perProcessMB to your measured size)`),
      row('Peak', `~${memory.peakMB} MB for ${memory.processes} processes${total ? ` of ${total} MB (${Math.round((memory.peakMB / total) * 100)}%)` : ' (set apache.memory.totalMB to compare with the machine)'}`),
    ];
    for (const share of [0.25, 0.5, 0.75, 1]) {
      const mb = Math.round(memory.peakMB * share);
      const scale = total || memory.peakMB;
      const width = Math.min(30, Math.round((mb / scale) * 20));
      rows.push(row(`${share * 100}% load`, `${'█'.repeat(width)}${'░'.repeat(Math.max(0, 20 - width))} ${mb} MB`));
    }
    sections.push({ title: 'Estimated peak memory', rows });
  }
  sections.push(...capacitySection(analysis));
  sections.push({ title: 'Keep-alive and timeouts', rows: [value('KeepAlive', 'On'), value('KeepAliveTimeout', '5'), value('MaxKeepAliveRequests', '100'), value('Timeout', '60')] });
  // Like `httpd -S`: address, name (aliases), where it is defined; the first per address is the default.
  const seenAddresses = new Set<string>();
  const vhosts = activeUses(model, 'VirtualHost').map((v): ProfileRow => {
    const children = (v as DirectiveUse & { children?: DirectiveUse[] }).children ?? [];
    const name = children.find((c) => c.key === 'servername')?.args[0] ?? '(no ServerName)';
    const aliases = children.filter((c) => c.key === 'serveralias').flatMap((c) => c.args);
    const address = v.args.join(' ');
    const isDefault = !seenAddresses.has(address);
    seenAddresses.add(address);
    return row(address, `${name}${aliases.length ? ` (alias ${aliases.join(', ')})` : ''}${isDefault ? ' — default for this address' : ''}`, { file: v.file, line: v.line.line });
  });
  sections.push({ title: 'Virtual hosts', rows: vhosts.length ? vhosts : [row('-', 'none')] });
  const byStatus = new Map<string, string[]>();
  for (const m of model.modules.values()) {
    const status = m.isStatic ? 'compiled in' : getModuleByIdentifier(m.identifier)?.status ?? 'other';
    const list = byStatus.get(status) ?? [];
    list.push(m.identifier);
    byStatus.set(status, list);
  }
  sections.push({ title: `Loaded modules (${model.modules.size})`, rows: [...byStatus].map(([k, v]) => row(k, v.sort().join(', '))) });
  return sections;
}

/** Visitors per second the server holds now and with each alternative, and a chart of its workers. */
function capacitySection(analysis: Analysis): ProfileSection[] {
  const report = capacityReport(analysis);
  if (report.unavailable) return [];
  const rate = (n: number): string => (Number.isFinite(n) ? (n >= 10 ? n.toFixed(0) : n.toFixed(1)) : 'unlimited');
  const rows: ProfileRow[] = report.scenarios.map((s) => ({ label: s.name, value: `saturates at ${rate(s.saturationVisitorsPerSecond)} visitors/s (limited by ${s.limitedBy})`, note: s.description }));
  const current = report.scenarios[0];
  const curve = report.curves.find((c) => c.name === 'current')?.points ?? [];
  for (const p of curve.slice(1)) {
    rows.push({ label: `${rate(p.rate)} visitors/s`, value: `${workerBar(p.busy, p.idle, current.usableWorkers, 24)} ${Math.round(p.busy)} busy + ${Math.round(p.idle)} idle of ${current.usableWorkers}` });
  }
  rows.push({ label: 'Workload', value: 'default visitor (10 requests per page, 1 connection, 0.15 s per page); httpd-lint capacity --help to give yours', note: 'docs/capacity.md' });
  return [{ title: 'Capacity (workers: █ busy, ▒ idle keep-alive)', rows }];
}

/** Every finding of the tree, most severe first, then in file and line order. */
function sortedFindings(analysis: Analysis): ProfileFinding[] {
  const model = analysis.model;
  const fileOrder = new Map(model.files.map((f, i) => [f, i]));
  return [...analysis.findings]
    .sort((a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      (fileOrder.get(a.file) ?? 1e9) - (fileOrder.get(b.file) ?? 1e9) ||
      a.file.localeCompare(b.file) || a.start - b.start || a.code.localeCompare(b.code))
    .map((f) => ({ severity: f.severity, code: f.code, message: f.message, where: locate(model, f) }));
}

export function serverProfile(analysis: Analysis): ServerProfile {
  const model = analysis.model;
  const findings = sortedFindings(analysis);
  const findingCounts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const f of findings) findingCounts[f.severity]++;
  return {
    label: statusLabel(model),
    mainConfig: model.mainFile,
    serverRoot: model.serverRoot,
    mpm: model.mpm,
    modules: [...model.modules.keys()],
    ...(model.modulesUnknownAfter ? { modulesUnknownAfter: locate(model, model.modulesUnknownAfter) } : {}),
    languageModules: model.languageModules.map((l) => l.label),
    sections: collect(analysis),
    findings: findings.slice(0, MAX_PROFILE_FINDINGS),
    findingCounts,
    findingsOmitted: Math.max(0, findings.length - MAX_PROFILE_FINDINGS),
  };
}

/** "1 warning, 3 hints", or "none". */
export function countsLine(counts: Record<Severity, number>): string {
  const parts = (['error', 'warning', 'information', 'hint'] as const)
    .filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${s === 'information' ? 'information' : counts[s] === 1 ? s : `${s}s`}`);
  return parts.join(', ') || 'none';
}

/** The profile as plain text, for `httpd-lint --profile`. */
export function renderProfileText(profile: ServerProfile): string {
  const out = [`Apache server profile: ${profile.label}`];
  for (const section of profile.sections) {
    out.push('', section.title);
    const width = Math.min(28, Math.max(...section.rows.map((r) => r.label.length)));
    for (const r of section.rows) {
      const at = r.where ? `  (${r.where.label})` : r.note ? `  (${r.note})` : '';
      out.push(`  ${r.label.padEnd(width)}  ${r.value}${at}`);
    }
  }
  out.push('', `Findings: ${countsLine(profile.findingCounts)}`);
  for (const f of profile.findings) out.push(`  ${f.where.label}: ${f.severity} ${f.code}: ${f.message}`);
  if (profile.findingsOmitted) out.push(`  … and ${profile.findingsOmitted} more (httpd-lint --format json lists them all)`);
  return out.join('\n');
}
