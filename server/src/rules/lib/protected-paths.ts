// Whether the configuration denies some request path or file name anywhere: the sections that
// would match it, and whether one of them refuses everyone. Used by the exposure rules, which
// stay silent as soon as any denial exists (a denial in one virtual host counts).

import { fnmatch, regexMatches, type ConfigModel, type DirectiveUse, type SectionUse } from '../../model';
import { gatheredOnce, rewriteFlagWords, runSlot } from '../../model';

const CONDITIONAL = new Set(['ifmodule', 'ifdefine', 'ifversion', 'ifdirective', 'ifsection', 'iffile']);

/**
 * True when the section refuses everyone: `Require all denied`, or 2.2-style `Deny from all`,
 * also inside the active <IfModule>/<IfDefine> blocks distributions wrap them in.
 */
export function deniesAll(section: SectionUse): boolean {
  const stack: DirectiveUse[] = [...section.children];
  while (stack.length > 0) {
    const c = stack.pop()!;
    if (!c.active) continue;
    if (c.isSection && CONDITIONAL.has(c.key)) {
      stack.push(...(c as SectionUse).children);
      continue;
    }
    const args = c.args.map((a) => a.toLowerCase());
    if ((c.key === 'require' && args[0] === 'all' && args[1] === 'denied') || (c.key === 'deny' && args[0] === 'from' && args[1] === 'all')) return true;
  }
  return false;
}

/** Addresses of the machine itself, as `Require ip` writes them. */
const LOOPBACK = new Set(['127.0.0.1', '::1']);

/**
 * True when only the server's own machine gets in: every active Require line of the section (also
 * inside active <IfModule>/<IfDefine> blocks) is `Require local` or `Require ip` of loopback
 * addresses, there is at least one, and no `Satisfy Any` lets another check open it.
 */
export function grantsOnlyLocal(section: SectionUse): boolean {
  const stack: DirectiveUse[] = [...section.children];
  let requires = 0;
  while (stack.length > 0) {
    const c = stack.pop()!;
    if (!c.active) continue;
    if (c.isSection) {
      if (!CONDITIONAL.has(c.key)) return false; // <RequireAny> and the like: not read here
      stack.push(...(c as SectionUse).children);
      continue;
    }
    const args = c.args.map((a) => a.toLowerCase());
    if (c.key === 'satisfy' && args[0] === 'any') return false;
    if (c.key !== 'require') continue;
    requires++;
    const local = (args.length === 1 && args[0] === 'local') || (args[0] === 'ip' && args.length > 1 && args.slice(1).every((a) => LOOPBACK.has(a)));
    if (!local) return false;
  }
  return requires > 0;
}

function matches(pattern: string | undefined, subject: string, regex: boolean): boolean {
  if (pattern === undefined) return false;
  // A pattern that cannot be evaluated counts as no match (the rule regex-unsupported says so).
  return regex ? regexMatches(pattern, subject) ?? false : fnmatch(pattern, subject);
}

/** True when a <Files>/<FilesMatch> section denying everyone matches the file name. */
export function fileNameDenied(model: ConfigModel, name: string): boolean {
  return gatheredOnce(model, fileDenials).some((s) => {
    const regex = s.key === 'filesmatch' || s.args[0] === '~';
    const pattern = s.key === 'files' && s.args[0] === '~' ? s.args[1] : s.args[0];
    return matches(pattern, name, regex);
  });
}

/** The <Files>/<FilesMatch> sections of a run that deny everyone. */
const fileDenials = runSlot((run) => run.filter((u): u is SectionUse => u.active && u.isSection && (u.key === 'files' || u.key === 'filesmatch') && deniesAll(u as SectionUse)));

/**
 * Answers per use and subject, kept with the use: a use of a replayed file is the same object in
 * the next analysis, so an edit re-tests only the uses it made.
 */
const answers = new WeakMap<DirectiveUse, Map<string, boolean>>();

function remembered(use: DirectiveUse, subject: string, test: () => boolean): boolean {
  let known = answers.get(use);
  if (!known) answers.set(use, (known = new Map()));
  let answer = known.get(subject);
  if (answer === undefined) known.set(subject, (answer = test()));
  return answer;
}

const REFUSING_STATUS = /^(403|404|410|gone|forbidden)$/i;
/** [F], [G], [forbidden], [gone], [R=403] or [R=404] among the flags. */
function refuses(field: string): boolean {
  return (rewriteFlagWords(field) ?? []).some((w) => {
    const key = w.key.toLowerCase();
    return ['f', 'g', 'forbidden', 'gone'].includes(key) ? !w.val : key === 'r' && (w.val === '403' || w.val === '404');
  });
}

const DIRECTORY_SECTIONS = new Set(['directory', 'directorymatch']);
const URL_SECTIONS = new Set(['location', 'locationmatch']);

/** A regex <Directory…>/<Location…> section (the only ones pathDenied matches) denying everyone. */
function isRegexDenial(u: DirectiveUse): boolean {
  if (!u.isSection || !(DIRECTORY_SECTIONS.has(u.key) || URL_SECTIONS.has(u.key))) return false;
  return (u.key.endsWith('match') || u.args[0] === '~') && deniesAll(u as SectionUse);
}

/** The uses of a run that may refuse some path: denying regex sections, refusing RedirectMatch and RewriteRule lines. */
const pathDenials = runSlot((run) =>
  run.filter((u) => u.active && (isRegexDenial(u) || (u.key === 'redirectmatch' && REFUSING_STATUS.test(u.args[0] ?? '')) || (u.key === 'rewriterule' && refuses(u.args[2] ?? '')))),
);

/** True when a directory or URL section denying everyone matches, or a redirect/rewrite refuses the URL. */
export function pathDenied(model: ConfigModel, directory: string, url: string): boolean {
  // Per-directory RewriteRules see the URL without its leading slash.
  const refuses = (pattern: string | undefined): boolean => matches(pattern, url, true) || matches(pattern, url.slice(1), true);
  return gatheredOnce(model, pathDenials).some((u) => {
    if (u.key === 'redirectmatch') return remembered(u, url, () => refuses(u.args[1]));
    if (u.key === 'rewriterule') return remembered(u, url, () => refuses(u.args[0]));
    const subject = DIRECTORY_SECTIONS.has(u.key) ? directory : url;
    const pattern = u.key.endsWith('match') ? u.args[0] : u.args[1];
    return remembered(u, subject, () => matches(pattern, subject, true));
  });
}
