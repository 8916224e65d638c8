// httpd has no trailing comments: `Directive arg # note` passes "#", "note" as arguments.
// An error where that breaks the directive, a warning where httpd silently takes the words.

import type { Rule } from './lib/types';
import { checkArguments } from './lib/argument-check';
import { checkDirectiveValues } from './lib/directive-values';
import { directiveInfo, isAvailable, processedUses } from './lib/util';
import { commentStart } from './lib/comment-words';

/**
 * Directives whose own parsers refuse the extra words of a comment, whatever precedes them
 * (seen with the real httpd in the differential tests).
 */
const REFUSES_COMMENT_WORDS = new Set(['options', 'allowoverride', 'listen', 'loglevel', 'header', 'requestheader', 'requestreadtimeout', 'indexoptions', 'forcelanguagepriority', 'proxypass', 'proxypassmatch', 'remoteiptrustedproxy', 'remoteipinternalproxy', 'authbasicprovider', 'authdigestprovider', 'authformprovider', 'sslprotocol', 'sslproxyprotocol']);

export const trailingComment: Rule = {
  id: 'trailing-comment',
  category: 'syntax',
  defaultSeverity: 'warning',
  summary: 'A `#` after a directive\'s arguments is not a comment for httpd.',
  scope: 'file',
  check(ctx) {
    const uses = processedUses(ctx.model);
    // Indexed: for-of makes an iterator result per line until the loop is optimized, which a CLI run rarely reaches.
    for (let ui = 0; ui < uses.length; ui++) {
      const use = uses[ui];
      if (use.isSection) continue;
      const index = commentStart(use);
      if (index === undefined) continue;
      const info = directiveInfo(use);
      const first = use.words[index];
      const last = use.words[use.words.length - 1];
      const span = { file: use.file, line: use.line.line, start: first.start, end: last.end };
      const checked = !!info && (!ctx.model.moduleStateKnown || isAvailable(ctx.model, info));
      const valid = (args: string[]): boolean => checkArguments(info!, args) === undefined && checkDirectiveValues(use.key, args, ctx.model, use) === undefined;
      // Some directives refuse "#" itself ("Illegal option #"); elsewhere the extra words break the count.
      const breaks = checked && (REFUSES_COMMENT_WORDS.has(use.key) || (!valid(use.args) && valid(use.args.slice(0, index))));
      const message = breaks
        ? `httpd has no trailing comments: "${use.args.slice(index).join(' ')}" is read as arguments and ${use.name} rejects them. Move the comment to its own line.`
        : `httpd has no trailing comments: "${use.args.slice(index).join(' ')}" is passed to ${use.name} as arguments. Move the comment to its own line.`;
      ctx.report({ ...span, message, severity: breaks ? 'error' : undefined });
    }
  },
  fixes(finding, ctx) {
    const text = ctx.text(finding.file);
    if (text === undefined) return [];
    const use = ctx.model.uses.find((u) => u.file === finding.file && u.line.line === finding.line && !u.isSection);
    if (!use) return [];
    const comment = text.slice(finding.start, finding.end);
    const indent = text.slice(use.line.start, use.line.contentStart);
    const newline = text.includes('\r\n') ? '\r\n' : '\n';
    let cut = finding.start;
    while (cut > use.line.contentStart && (text[cut - 1] === ' ' || text[cut - 1] === '\t')) cut--;
    return [
      {
        title: 'Move the comment to its own line above',
        preferred: true,
        edits: [
          { file: finding.file, start: use.line.start, end: use.line.start, newText: `${indent}${comment}${newline}` },
          { file: finding.file, start: cut, end: finding.end, newText: '' },
        ],
      },
    ];
  },
};
