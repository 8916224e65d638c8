// Hover on a RewriteRule's pattern: what it matches in words, where it applies (server or
// directory context, and the prefix httpd removes first), how the pattern is simulated.

import * as path from 'path';
import { hasRewriteFlag, type DirectiveUse } from '../model';
import { compileRewritePattern } from '../simulate/rewrite/regex';
import * as md from './markdown';

/** A literal run at the start of a pattern body (escapes resolved), or ''. */
function literalPrefix(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\' && i + 1 < body.length && /[^A-Za-z0-9]/.test(body[i + 1])) {
      out += body[++i];
      continue;
    }
    if (/[.*+?()[\]{}|^$\\]/.test(c)) break;
    out += c;
  }
  // A quantifier right after the run applies to its last character only.
  return /^[*+?{]/.test(body.slice(literalLength(body))) ? out.slice(0, -1) : out;
}

function literalLength(body: string): number {
  let i = 0;
  while (i < body.length) {
    if (body[i] === '\\' && i + 1 < body.length && /[^A-Za-z0-9]/.test(body[i + 1])) i += 2;
    else if (/[.*+?()[\]{}|^$\\]/.test(body[i])) break;
    else i++;
  }
  return i;
}

/** The pattern in words. */
export function describePattern(raw: string, nocase: boolean): string {
  const negate = raw.startsWith('!');
  const p = negate ? raw.slice(1) : raw;
  const parts: string[] = [];
  if (['^', '.*', '^.*', '^.*$', '^(.*)$', '(.*)', '^(.*)'].includes(p)) parts.push('any subject, the empty one included');
  else if (p === '.' || p === '^.' || p === '.+' || p === '^(.+)$') parts.push('any non-empty subject');
  else {
    const anchored = p.startsWith('^');
    const body = anchored ? p.slice(1) : p;
    const prefix = literalPrefix(body);
    const endLiteral = literalBeforeEnd(p)?.replace(/\\(.)/g, '$1');
    if (anchored && prefix && literalLength(body) === body.length - (body.endsWith('$') ? 1 : 0) && body.endsWith('$')) parts.push(`exactly ${md.code(prefix)}`);
    else {
      if (anchored && prefix) parts.push(`subjects starting with ${md.code(prefix)}`);
      else if (anchored) parts.push('subjects matched from their start');
      else if (prefix) parts.push(`subjects containing ${md.code(prefix)}`);
      else parts.push('subjects containing a match anywhere');
      if (endLiteral && endLiteral !== prefix) parts.push(`ending with ${md.code(endLiteral)}`);
      else if (p.endsWith('$') && !p.endsWith('\\$')) parts.push('up to their end');
    }
  }
  const groups = (withoutBracketSets(p.replace(/\\./g, '')).match(/\((?!\?)/g) ?? []).length;
  let text = `Matches ${parts.join(', ')}${nocase ? ' (any case, [NC])' : ''}.`;
  if (negate) text = `Applies when the pattern does **not** match: ${text.charAt(0).toLowerCase()}${text.slice(1)} No $N captures then.`;
  else if (groups) text += ` Captures ${groups === 1 ? '$1' : `$1…$${Math.min(groups, 9)}`} for the substitution and conditions.`;
  const compiled = compileRewritePattern(p, nocase);
  if (!compiled.ok) text += ` The simulator cannot run it faithfully: ${md.text(compiled.reason)}.`;
  else if (compiled.note) text += ` Simulator: ${md.text(compiled.note)}.`;
  return text;
}

/** Where the rule applies and what subject it sees. */
export function describeContext(use: DirectiveUse): string {
  if (use.scope === 'server' || use.scope === 'vhost') {
    return `**Server context** (${use.scope === 'vhost' ? 'this virtual host' : 'the main server'}): matched against the URL-path with its leading slash (\`/blog/post\`), before Alias and DocumentRoot map it.`;
  }
  const owner = [...use.parents].reverse().find((p) => /^(directory|directorymatch|location|locationmatch|files|filesmatch)$/.test(p.key));
  if (owner && /^location/.test(owner.key)) return `**Directory context** inside <${md.text(owner.name)}>: mod_rewrite strips the location's path only if the file path starts with it, which it rarely does; rules here are hard to predict.`;
  const dir = use.scope === 'htaccess' ? path.dirname(use.file) : (owner?.args[0] ?? '').replace(/\/?$/, '');
  return `**Directory context** (${use.scope === 'htaccess' ? '.htaccess' : `<${md.text(owner?.name ?? 'Directory')}>`}): the prefix ${md.code(dir + '/')} is removed from the file path before matching, so the subject has no leading slash (\`/blog/post\` is matched as \`blog/post\`). A relative substitution gets RewriteBase (or this directory's URL) added back and the request goes through the rules again.`;
}

export function rewriteRuleHover(use: DirectiveUse, flagsDoc: string | undefined): string {
  const nocase = hasRewriteFlag(use.args[2] ?? '', 'nc', 'nocase');
  const parts = [describePattern(use.args[0] ?? '', nocase), describeContext(use)];
  if (flagsDoc) parts.push(flagsDoc);
  return parts.join('\n\n');
}

const REGEX_SPECIAL = new Set([...'.*+?()[]{}|^$\\']);

/** The run of literal characters and escapes just before a final unescaped `$` (tokens read once from the start). */
function literalBeforeEnd(p: string): string | undefined {
  let runStart = 0;
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '\\' && i + 1 < p.length) {
      i++;
      continue;
    }
    if (i === p.length - 1 && p[i] === '$') return i > runStart ? p.slice(runStart, i) : undefined;
    if (REGEX_SPECIAL.has(p[i])) runStart = i + 1;
  }
  return undefined;
}

/** The text without its `[…]` sets; an unclosed `[` and what follows stay. */
function withoutBracketSets(text: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const open = text.indexOf('[', from);
    const close = open === -1 ? -1 : text.indexOf(']', open + 1);
    if (close === -1) return out + text.slice(from);
    out += text.slice(from, open);
    from = close + 1;
  }
}
